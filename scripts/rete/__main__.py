"""Allow `python -m rete`."""

from rete.cli import main

raise SystemExit(main())
