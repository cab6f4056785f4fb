from crmkit.classroom.cli import main

raise SystemExit(main())
