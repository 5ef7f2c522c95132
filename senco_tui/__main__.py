from senco_tui.cli import main

raise SystemExit(main())
