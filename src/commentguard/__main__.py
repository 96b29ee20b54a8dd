"""``python -m commentguard``: the same command as ``commentguard``."""

import sys

from commentguard.cli import main

sys.exit(main())
