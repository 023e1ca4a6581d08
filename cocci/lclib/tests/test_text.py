# SPDX-License-Identifier: GPL-2.0-only
"""lclib.text: the text and position helpers."""

import os
import tempfile
import unittest

from lclib import text


class TestComments(unittest.TestCase):
    def test_strip_comments(self):
        self.assertEqual(text.strip_comments("a; /* x\n y */ b; // c\nd;"), "a;   b;  \nd;")

    def test_norm(self):
        self.assertEqual(text.norm("kfree( st->buf ); /* gone */"), "kfree(st->buf);")
        self.assertEqual(text.norm("mutex_init(&st->lock);"),
                         text.norm("mutex_init(\n\t&st->lock) ;"))

    def test_after_comments(self):
        self.assertEqual(text.after_comments("\n\t/* a */\n\t// b\n\tx();"), "x();")
        self.assertEqual(text.after_comments("  y;"), "y;")


class TestNames(unittest.TestCase):
    def test_idents(self):
        # members, keywords, strings and comments are not names
        self.assertEqual(text.idents('if (st->n) ret = f(x, "a b"); /* c */ return 0;'),
                         ["st", "ret", "f", "x"])

    def test_used_in(self):
        self.assertTrue(text.used_in("id", "x = id + 1;"))
        self.assertFalse(text.used_in("id", "x = st->id; y = idx; /* id */"))

    def test_writes(self):
        for code in ("n = 1;", "n++;", "--n;", "n |= 2;", "f(&n);"):
            self.assertTrue(text.writes("n", code), code)
        for code in ("x = n;", "if (n == 1) f();", "st->n = 1;"):
            self.assertFalse(text.writes("n", code), code)

    def test_writes_first(self):
        self.assertTrue(text.writes_first("n", "n = 1; f(n);"))
        self.assertFalse(text.writes_first("n", "f(n); n = 1;"))
        self.assertFalse(text.writes_first("n", "if (n == 1) n = 2;"))
        self.assertTrue(text.writes_first("n", "f();"))

    def test_types(self):
        self.assertEqual(text.base_type(" struct a * "), "struct a")
        self.assertEqual(text.struct_tag("struct lcd_state"), "lcd_state")
        self.assertEqual(text.struct_tag("struct lcd_state *", r"\s*\*"), "lcd_state")
        self.assertIsNone(text.struct_tag("int"))
        self.assertEqual(text.ops_base("lcd_dev_ops"), "lcd")
        self.assertEqual(text.ops_base("lcc_ops"), "lcc")


class TestPositions(unittest.TestCase):
    LS = ["int f(void)", "{", "\tint a;", "\treturn a;", "}", "", "int g(void)", "{", "}"]

    def test_text_between(self):
        self.assertEqual(text.text_between(self.LS, (3, 1), (3, 7)), "int a;")
        self.assertEqual(text.text_between(self.LS, (3, 5), (4, 7)), "a;\n\treturn")

    def test_fn_bounds(self):
        self.assertEqual(text.fn_bounds(self.LS, 3), (2, 5))
        self.assertEqual(text.fn_end(self.LS, 8), 9)
        self.assertEqual(text.fn_end(self.LS[:4], 3), 4)

    def test_trim(self):
        self.assertEqual(text.trim(["", "a", "", "b", " "]), ["a", "", "b"])

    def test_lines_of_and_ext(self):
        with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as fh:
            fh.write("a\nb\n")
        try:
            self.assertEqual(text.lines_of(fh.name), ["a", "b", ""])
            self.assertEqual(text.text_of(fh.name, (1, 0), (2, 1)), "a\nb")
        finally:
            text.forget(fh.name)
            os.unlink(fh.name)

        class P:
            line, column, line_end, column_end = "3", "1", "4", "9"
        self.assertEqual(text.ext(P), (3, 1, 4, 9))
        self.assertEqual(text.at(P), (3, 1))


if __name__ == "__main__":
    unittest.main()
