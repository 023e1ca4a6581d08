# SPDX-License-Identifier: GPL-2.0-only
"""lclib.allochelper: the helper rewrite's checks (cocci/vfio_alloc_helper.cocci)
and its reasons, on tests/cocci/in/lc_helper_*.c, their goldens and the
group tests/cocci/groups/lchelper_other."""

import os
import tempfile
import unittest

from lclib import allochelper
from lclib.text import forget
from lclib.tests.fixtures import IN, src

TOP = os.path.dirname(os.path.dirname(IN))
EXP = os.path.join(TOP, "cocci", "expected")
OTHER = os.path.join(TOP, "cocci", "groups", "lchelper_other", "in")


def expected(name):
    with open(os.path.join(EXP, name)) as fh:
        return fh.read()


class TestCheckRewrite(unittest.TestCase):
    def test_rewritten_helper_passes(self):
        """The helper of the goldens sets up a state it is given."""
        for name, h in (("lc_helper_null.6.1.c", "lhn_create"), ("lc_helper_errptr.6.2.c", "lhe_alloc")):
            self.assertEqual(allochelper.check_rewrite(expected(name), h, "st"), [], name)

    def test_unrewritten_helper_fails(self):
        """The input's helper still allocates, frees and returns the state."""
        why = allochelper.check_rewrite(src("lc_helper_null.c"), "lhn_create", "st")
        self.assertIn("it frees st other than right before a return (line 39)", why)
        self.assertIn("it assigns st again (line 29)", why)
        self.assertIn("it returns 'st' (line 36), not the state, NULL or ERR_PTR()", why)

    def test_lines_of_the_input(self):
        """With the input, a line the rewrite moved is named as the input's."""
        orig = src("lc_helper_keep.c")
        lines = orig.split("\n")
        # what the rewrite does to the helper: its declaration and allocation go
        new = "\n".join(lines[:25] + lines[30:])
        why = allochelper.check_rewrite(new, "lhk_new", "st", orig)
        self.assertIn("it frees st other than right before a return (line 33)", why)
        self.assertNotIn("it frees st other than right before a return (line 28)", why)

    def test_an_int_returned(self):
        text = "static int h(struct s *st)\n{\n\tint ret;\n\n\tret = f(st);\n\treturn ret;\n}\n"
        self.assertEqual(allochelper.check_rewrite(text, "h", "st"), [])
        text = text.replace("return ret;", "return other;")
        self.assertEqual(allochelper.check_rewrite(text, "h", "st"),
                         ["it returns 'other' (line 6), not the state, NULL or ERR_PTR()"])


class TestAfterReturn(unittest.TestCase):
    def tmp(self, text):
        fd, p = tempfile.mkstemp(suffix=".c")
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        self.addCleanup(os.unlink, p)
        forget()
        return p

    def test_label_after_return(self):
        self.assertTrue(allochelper.after_return(os.path.join(IN, "lc_helper_null.c"), 38))

    def test_label_fallen_into(self):
        p = self.tmp("int f(void)\n{\n\tg();\nout:\n\treturn -ENOMEM;\n}\n")
        self.assertFalse(allochelper.after_return(p, 4))
        p = self.tmp("int f(void)\n{\n\tif (x)\n\t\tgoto out;\n\treturn 0; /* done */\nout:\n\treturn -ENOMEM;\n}\n")
        self.assertTrue(allochelper.after_return(p, 6))


class TestWhy(unittest.TestCase):
    def test_caller_check_named(self):
        w = allochelper.why_line(os.path.join(IN, "lc_helper_msg.c"), "lhm_alloc", 48)
        self.assertTrue(w.startswith("allocation in helper lhm_alloc() (line 27): "), w)
        self.assertIn("not rewritten: its caller checks the result (line 44) with more than a bare return", w)

    def test_nothing_blocks_the_rewritable(self):
        """The fixtures the rewrite converts have no reason against it."""
        self.assertEqual(allochelper._blockers(src("lc_helper_null.c"), "lhn_create", 57), [])
        self.assertEqual(allochelper._blockers(src("lc_helper_errptr.c"), "lhe_alloc", 44), [])

    def test_not_static_and_two_calls(self):
        text = src("lc_helper_null.c").replace("static struct lhn_state *lhn_create", "struct lhn_state *lhn_create")
        text = text.replace("\tlhn_destroy(st);\n}", "\tlhn_destroy(st);\n\tlhn_create(1);\n}")
        why = allochelper._blockers(text, "lhn_create", 57)
        self.assertIn("it is not static (another file may call it)", why)
        self.assertIn("it has 2 calls (line 54, line 75); the rewrite changes its signature for one", why)

    def test_allocation_size(self):
        text = src("lc_helper_null.c").replace("kzalloc(sizeof(*st), GFP_KERNEL)", "kzalloc(LHN_SIZE, GFP_KERNEL)")
        self.assertIn("its allocation (line 29) is not of sizeof(*st)",
                      allochelper._blockers(text, "lhn_create", 57))

    def test_declarations(self):
        """A declaration initialised by the helper, or by its allocation,
        is not the form the rewrite takes: named with its line."""
        text = src("lc_helper_null.c").replace("\tstruct lhn_state *st;\n\tint ret;\n\n\tst = lhn_create(7);",
                                               "\tstruct lhn_state *st = lhn_create(7);\n\tint ret;\n")
        self.assertIn("its result initialises a declaration (line 51); the rewrite takes an assignment "
                      "(st = lhn_create(...);)", allochelper._blockers(text, "lhn_create", 56))
        self.assertEqual(len(allochelper._blockers(text, "lhn_create", 56)), 1)
        text = src("lc_helper_null.c").replace("\tstruct lhn_state *st;\n\n\tst = kzalloc(",
                                               "\tstruct lhn_state *st = kzalloc(")
        self.assertIn("its allocation (line 27) initialises the declaration of st; the rewrite takes an "
                      "assignment after the declaration", allochelper._blockers(text, "lhn_create", 55))

    def test_other_file_two_deep(self):
        main = os.path.join(OTHER, "lho_main.c")
        self.assertEqual(allochelper.other_file(main, "lho_create_state"),
                         ("lho_state.c", [("lho_create_state", 27), ("__lho_create", 11)], 15))
        w = allochelper.why_line(main, "lho_create_state", 25)
        self.assertIn("(alloc-helper-other-file): lho_create_state() (lho_state.c line 27) calls "
                      "__lho_create() (lho_state.c line 11), which allocates the state (lho_state.c line 15)", w)
        # a helper nobody in the directory defines: no such reason
        self.assertIsNone(allochelper.why_line(main, "lho_no_such", 25))

    def test_not_a_helper(self):
        self.assertIsNone(allochelper.why_line(os.path.join(IN, "lc_helper_null.c"), "lhn_destroy", 57))


if __name__ == "__main__":
    unittest.main()
