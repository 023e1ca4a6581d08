# SPDX-License-Identifier: GPL-2.0-only
"""lclib.allochelper_far: the cross-file helper stage's plan, the check
of the rewritten file and the restored check, on the groups
tests/cocci/groups/lchelper_other, lchelper_far_msg, lchelper_far_refused."""

import json
import os
import shutil
import tempfile
import unittest

from lclib import allochelper_far
from lclib.tests.fixtures import IN

GROUPS = os.path.join(os.path.dirname(IN), "groups")


def grp(name, *parts):
    return os.path.join(GROUPS, name, *parts)


def read(path):
    with open(path) as fh:
        return fh.read()


class TestPlan(unittest.TestCase):
    def test_two_deep_with_message(self):
        """The chain, its roles, the headers and the check to restore."""
        p = allochelper_far.far_plan(grp("lchelper_far_msg", "in", "lhf_main.c"), 32)
        self.assertEqual(p["why"], [])
        self.assertEqual(p["chain"], ["lhf_create", "__lhf_create"])
        self.assertEqual(p["alloc_fn"], "__lhf_create")
        self.assertEqual(p["destroy"], "lhf_destroy")
        self.assertEqual(p["tag"], "lhf_state")
        self.assertEqual([os.path.basename(h) for h in p["headers"]], ["lhf.h"])
        self.assertEqual(os.path.basename(p["member_header"]), "lhf.h")
        self.assertIn("dev_err(", p["check"])
        self.assertTrue(p["check"].rstrip().endswith("}"))

    def test_bare_check_has_nothing_to_restore(self):
        p = allochelper_far.far_plan(grp("lchelper_other", "in", "lho_main.c"), 27)
        self.assertEqual(p["why"], [])
        self.assertIsNone(p["check"])
        self.assertEqual(p["st"], "st")

    def test_second_caller_refused(self):
        """A second call of the chain's head: its signature cannot change."""
        p = allochelper_far.far_plan(grp("lchelper_far_refused", "in", "lhf_main.c"), 31)
        self.assertEqual(len(p["why"]), 1)
        self.assertIn("lhf_create() is called 2 times", p["why"][0])
        self.assertIn("lhf_core.c line 54", p["why"][0])

    def test_no_plan_without_init(self):
        self.assertIsNone(allochelper_far.far_plan(grp("lchelper_far_msg", "in", "lhf_main.c"), 1))


class TestCheckAndRestore(unittest.TestCase):
    def setUp(self):
        self.plan = allochelper_far.far_plan(grp("lchelper_far_msg", "in", "lhf_main.c"), 32)

    def test_golden_passes(self):
        """The golden rewrite of lhf_core.c is what the plan asked."""
        got = allochelper_far.check_far(read(grp("lchelper_far_msg", "expected.6.1", "lhf_core.c")),
                                        self.plan, read(grp("lchelper_far_msg", "in", "lhf_core.c")))
        self.assertEqual(got, [])

    def test_unrewritten_fails(self):
        """The input itself: nothing of the chain was rewritten."""
        got = allochelper_far.check_far(read(grp("lchelper_far_msg", "in", "lhf_core.c")),
                                        self.plan, read(grp("lchelper_far_msg", "in", "lhf_core.c")))
        self.assertTrue(got)
        self.assertIn("was not rewritten", got[0])

    def test_destroy_still_freeing_fails(self):
        src = read(grp("lchelper_far_msg", "expected.6.1", "lhf_core.c")).replace(
            "\tkfree(st->buf);\n}", "\tkfree(st->buf);\n\tvfree(st);\n}")
        got = allochelper_far.check_far(src, self.plan, read(grp("lchelper_far_msg", "in", "lhf_core.c")))
        self.assertIn("lhf_destroy() still frees the state", got)

    def test_document(self):
        """The kernel-doc of a rewritten function: its new parameter, and the
        return paragraph that spoke of a pointer."""
        golden = read(grp("lchelper_far_msg", "expected.6.1", "lhf_core.c"))
        stale = golden.replace(" * @st: the zeroed state to set up (the vfio core allocates it)\n", "").replace(
            " * zero on success, negative error code if failed.", " * pointer to the new state, error pointer if failed.")
        self.assertNotEqual(stale, golden)
        d = tempfile.mkdtemp()
        try:
            f = os.path.join(d, "lhf_core.c")
            with open(f, "w") as fh:
                fh.write(stale)
            allochelper_far.document(f, self.plan)
            self.assertEqual(read(f), golden)
            # a second time: nothing more
            allochelper_far.document(f, self.plan)
            self.assertEqual(read(f), golden)
        finally:
            shutil.rmtree(d)

    def test_restore(self):
        """The message goes back on the allocation's check and on the
        helper's failure path (as a long, the type PTR_ERR() had)."""
        d = tempfile.mkdtemp()
        try:
            f = os.path.join(d, "lhf_main.c")
            golden = read(grp("lchelper_far_msg", "expected.6.1", "lhf_main.c"))
            # the converted text before the restore: the bare check, no message
            bare = golden.replace(
                '\tif (IS_ERR(st)) {\n\t\tdev_err(&mdev->dev, "cannot create the state: %ld\\n", PTR_ERR(st));\n'
                '\t\treturn PTR_ERR(st);\n\t}\n', "\tif (IS_ERR(st))\n\t\treturn PTR_ERR(st);\n").replace(
                '\t\tdev_err(&mdev->dev, "cannot create the state: %ld\\n", (long)ret);\n', "")
            self.assertNotEqual(bare, golden)
            with open(f, "w") as fh:
                fh.write(bare)
            self.assertTrue(allochelper_far.restore(f, self.plan))
            self.assertEqual(read(f), golden)
            # no allocation to put it back on: False
            with open(f, "w") as fh:
                fh.write(read(grp("lchelper_far_msg", "in", "lhf_main.c")))
            self.assertFalse(allochelper_far.restore(f, self.plan))
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main()
