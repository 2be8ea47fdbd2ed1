"""Allow `python -m rete`."""

from rete.cli.main import main

raise SystemExit(main())
