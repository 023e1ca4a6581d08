# SPDX-License-Identifier: GPL-2.0-only
"""The fixtures the unit tests read: the old-style drivers of
tests/cocci/in/ (written for this project)."""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
IN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "tests", "cocci", "in")


def src(name):
    """The text of fixture name."""
    with open(os.path.join(IN, name)) as fh:
        return fh.read()
