# SPDX-License-Identifier: GPL-2.0-only
"""python3 -m lifecycle COMMAND ...: see cli.py."""
import sys

from lifecycle.cli import main

sys.exit(main())
