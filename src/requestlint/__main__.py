from requestlint.cli import main

raise SystemExit(main())
