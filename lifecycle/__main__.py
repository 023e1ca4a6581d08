# SPDX-License-Identifier: GPL-2.0-only
"""python3 -m lifecycle COMMAND ...: see cli.py.  Also runs as a script
(python3 lifecycle/__main__.py): then the repository, not this
directory, goes on sys.path, so that the package imports as itself."""
import os
import sys

if not __package__:
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from lifecycle.cli import main  # noqa: E402 (after the path is set)

sys.exit(main())
