"""``python -m crmkit.handouts --out _build/handouts`` — build every printable handout."""

from crmkit.handouts.build import main

raise SystemExit(main())
