"""``python -m crmkit.selfcheck build [--check] [--execute]``: the exercise notebooks from
their banks (crmkit.selfcheck.bank)."""

from crmkit.selfcheck.bank import main

raise SystemExit(main())
