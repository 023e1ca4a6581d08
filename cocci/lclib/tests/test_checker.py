# SPDX-License-Identifier: GPL-2.0-only
"""lclib.checker: the position tuple the rule's script blocks pass."""

import unittest

from lclib import checker
from lclib.tests.stand_ins import Pos


class TestPos(unittest.TestCase):
    def test_pos(self):
        self.assertEqual(checker.pos([Pos("a.c", 12, 3, 20), Pos("a.c", 1)]), ("a.c", 12, 3, 20))


if __name__ == "__main__":
    unittest.main()
