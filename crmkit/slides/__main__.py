"""``python -m crmkit.slides --out _build/slides`` — build every lecture deck."""

from crmkit.slides.build import main

raise SystemExit(main())
