from surveydash.cli import main

raise SystemExit(main())
