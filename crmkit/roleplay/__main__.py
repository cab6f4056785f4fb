"""``python -m crmkit.roleplay check [FILES]`` — the same as ``crmkit scenario check``."""

from crmkit.roleplay.cli import main

raise SystemExit(main())
