# SPDX-License-Identifier: GPL-2.0-only
"""lclib.linemap: checker report lines on a conversion, given as the
lines of the input the user has."""

import unittest

from lclib.linemap import LineMap

OLD = "a\nb\nc\nd\ne\n"
# two lines written before c, b rewritten
NEW = "a\nB\nx1\nx2\nc\nd\ne\n"


class TestLineMap(unittest.TestCase):
    def test_unchanged_line_gives_the_input_line(self):
        lm = LineMap(OLD, NEW)
        self.assertEqual(lm.get(6), (4, True))
        self.assertEqual(lm.rewrite("f.c:6:2-7: life-cycle kfree: m"),
                         "f.c:4:2-7: life-cycle kfree: m")

    def test_line_references_in_the_message_are_mapped(self):
        lm = LineMap(OLD, NEW)
        self.assertEqual(
            lm.rewrite("f.c:7:1-3: life-cycle no-unregister: x (line 6), line 5, is"),
            "f.c:5:1-3: life-cycle no-unregister: x (line 4), line 3, is")

    def test_written_line_says_it_is_the_conversion(self):
        lm = LineMap(OLD, NEW)
        self.assertEqual(lm.get(4), (2, False))
        self.assertEqual(
            lm.rewrite("f.c:4:1-3: life-cycle kfree: m"),
            "f.c:2:1-3: life-cycle kfree: in the conversion (its line 4), "
            "near input line 2: m")

    def test_rewritten_line_is_near_the_line_it_replaced(self):
        self.assertEqual(LineMap(OLD, NEW).get(2), (2, False))

    def test_crlf_input(self):
        lm = LineMap(OLD.replace("\n", "\r\n"), NEW)
        self.assertEqual(lm.get(7), (5, True))

    def test_other_lines_pass_through(self):
        self.assertEqual(LineMap(OLD, NEW).rewrite("EXN something"), "EXN something")


if __name__ == "__main__":
    unittest.main()
