from crmkit.lite.build import main

raise SystemExit(main())
