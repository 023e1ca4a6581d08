# SPDX-License-Identifier: GPL-2.0-only
"""lclib.shapes: the shapes report mode names, over the fixtures
tests/cocci/in/lc_helper_errptr.c, lc_wrapper.c and variants."""

import unittest

from lclib import shapes
from lclib.tests.fixtures import src


class TestFunctions(unittest.TestCase):
    def test_bounds_after_comments(self):
        # the file comment spans lines: line numbers must not shift
        fns = [f[:3] for f in shapes.functions(src("lc_helper_errptr.c"))]
        self.assertEqual(fns, [("lhe_alloc", 22, 34), ("lhe_probe", 37, 54), ("lhe_remove", 57, 64)])

    def test_calls_outside_definition(self):
        self.assertEqual(shapes.callers_of(src("lc_wrapper.c"), "lcw_init_vdev"), [("lcw_probe", 32)])


class TestHelper(unittest.TestCase):
    def test_errptr_free_setup(self):
        line, why = shapes.helper_alloc(src("lc_helper_errptr.c"), "lhe_alloc")
        self.assertEqual(line, 25)
        self.assertEqual(why, ["it returns ERR_PTR()", "it frees st on its own failure path",
                               "it also sets up st->buf"])

    def test_not_a_helper(self):
        # a function of the file that allocates nothing, or none at all
        self.assertIsNone(shapes.helper_alloc(src("lc_helper_errptr.c"), "lhe_remove"))
        self.assertIsNone(shapes.helper_line(src("lc_helper_errptr.c"), "dev_get_drvdata", 1))

    def test_one_statement(self):
        line, why = shapes.helper_alloc(src("lc_alloc_helper.c"), "lch_new_state")
        self.assertEqual(line, 23)
        self.assertEqual(len(why), 1)
        self.assertTrue(why[0].startswith("it is not the one-statement"))

    def test_line_names_helper_and_init(self):
        w = shapes.helper_line(src("lc_helper_errptr.c"), "lhe_alloc", 44)
        self.assertTrue(w.startswith("allocation in helper lhe_alloc() (line 25): "))
        self.assertIn("init call (line 44)", w)


class TestWrapper(unittest.TestCase):
    def test_only_wraps(self):
        s = src("lc_wrapper.c")
        self.assertTrue(shapes.is_wrapper(s, "lcw_init_vdev"))
        self.assertFalse(shapes.is_wrapper(s, "lcw_probe"))
        self.assertIsNone(shapes.wrapper_line(s, "x.c", "lcw_probe", 35))
        self.assertEqual(shapes.wrapper_line(s, "x.c", "lcw_init_vdev", 21),
                         "old call in wrapper lcw_init_vdev() (x.c:21); its callers: lcw_probe() "
                         "(line 32); the allocation and the init call must meet in one function "
                         "(inline the wrapper)")

    def test_returned_call_no_callers(self):
        s = ("static inline int w(struct vfio_device *v, struct device *d)\n{\n"
             "\t/* the old call */\n\treturn vfio_init_group_dev(v, d, &o);\n}\n")
        self.assertTrue(shapes.is_wrapper(s, "w"))
        self.assertIn("its callers: none in this file", shapes.wrapper_line(s, "x.h", "w", 4))


class TestTexts(unittest.TestCase):
    def test_devm(self):
        self.assertTrue(shapes.devm_line(26, True).startswith("devm-managed state (line 26): "))
        self.assertIn("6.2+ core frees", shapes.devm_line(26, True))
        self.assertNotIn("6.2+", shapes.devm_line(26, False))

    def test_bare(self):
        self.assertTrue(shapes.bare_line(20, "v").startswith(
            "bare struct vfio_device allocated by the driver (line 20): "))


if __name__ == "__main__":
    unittest.main()
