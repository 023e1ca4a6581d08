# SPDX-License-Identifier: GPL-2.0-only
"""lclib.preuninit: when the pre-uninit stage runs, and the check of its
rewrite (cocci/vfio_pre_uninit.cocci), on tests/cocci/in/lc_pre_uninit.c
and variants of it made here (the rewrite is written by hand: no spatch)."""

import unittest

from lclib import preuninit
from lclib.tests.fixtures import src

UNINIT = "vfio_uninit_group_dev(&st->vdev);"


def rewrite(text, rename=True):
    """What the SmPL makes of a lc_pre_uninit.c variant: an uninit right
    before each kfree(st), the ops' callbacks renamed."""
    out = []
    for line in text.split("\n"):
        if line.strip() == "kfree(st);":
            out.append(line.replace("kfree(st);", UNINIT))
        out.append(line)
    text = "\n".join(out)
    if rename:
        text = text.replace(".open = ", ".open_device = ").replace(".release = ", ".close_device = ")
    return text


class TestApplies(unittest.TestCase):
    def test_no_uninit(self):
        self.assertTrue(preuninit.applies(src("lc_pre_uninit.c")))

    def test_uninit_present(self):
        """A file of the 5.15+ form (it uninitialises) is not the shape."""
        self.assertFalse(preuninit.applies(src("lc_direct.c")))

    def test_no_init(self):
        self.assertFalse(preuninit.applies("static int x;\n/* vfio_init_group_dev() */\n"))

    def test_copy_of_another_stage(self):
        """A copy another pre-stage gave an uninit, of a user file with
        none: the stage still runs (the remove's free needs its uninit)."""
        orig = src("lc_pre_uninit.c")
        copy = orig.replace("\t\tkfree(st);\n\t\treturn ret;", "\t\t%s\n\t\tkfree(st);\n\t\treturn ret;" % UNINIT)
        self.assertTrue(preuninit.applies(copy, orig))
        self.assertFalse(preuninit.applies(copy, copy))


class TestCheck(unittest.TestCase):
    def test_rewrite_passes(self):
        orig = src("lc_pre_uninit.c")
        why, notes = preuninit.check_copy(orig, rewrite(orig))
        self.assertEqual(why, [])
        self.assertEqual(notes, [
            "no vfio_uninit_group_dev() in the input: the frees after the unregister and on the "
            "failure paths become the put",
            "lcp_ops: .open/.release (5.13/5.14 open/close) renamed .open_device/.close_device"])

    def test_missing_uninit_named(self):
        """A free the rewrite left without its uninit: refused, with the
        input's lines (53 on the failure path, 65 in remove)."""
        orig = src("lc_pre_uninit.c")
        why, _ = preuninit.check_copy(orig, orig)
        self.assertIn("lcp_probe() frees st (line 53) neither on a failure path after the init nor "
                      "after vfio_unregister_group_dev(): no place for the uninit", why)
        self.assertIn("lcp_remove() frees st (line 65) neither on a failure path after the init nor "
                      "after vfio_unregister_group_dev(): no place for the uninit", why)
        self.assertIn("the ops lcp_ops (line 36) still have .open or .release after the rewrite", why)

    def test_alias(self):
        orig = src("lc_pre_uninit.c").replace(
            "\tvfio_unregister_group_dev(&st->vdev);\n\tkfree(st);",
            "\tvoid *priv = st;\n\n\tvfio_unregister_group_dev(&st->vdev);\n\tkfree(priv);")
        why, _ = preuninit.check_copy(orig, rewrite(orig))
        self.assertEqual(why, ["lcp_remove() frees the state through an alias: priv = st (line 64), freed line 67"])

    def test_container_of(self):
        orig = src("lc_pre_uninit.c").replace(
            "\tkfree(st);\n}", "\tkfree(container_of(&st->vdev, struct lcp_state, vdev));\n}")
        why, _ = preuninit.check_copy(orig, rewrite(orig))
        self.assertEqual(why, ["lcp_remove() frees the state through container_of() (line 65): the rewrite "
                               "only places the uninit before a free of a variable"])

    def test_free_reached_from_before_the_init(self):
        orig = src("lc_pre_uninit.c").replace(
            "\t\treturn -ENOMEM;\n\tvfio_init", "\t\treturn -ENOMEM;\n\tif (!mdev->type)\n\t\tgoto err;\n\tvfio_init").replace(
            "\tif (ret) {\n\t\tkfree(st);\n\t\treturn ret;\n\t}",
            "\tif (ret)\n\t\tgoto err;")
        orig = orig.replace("\treturn 0;\n}\n\nstatic void lcp_remove",
                            "\treturn 0;\nerr:\n\tkfree(st);\n\treturn -ENODEV;\n}\n\nstatic void lcp_remove")
        why, _ = preuninit.check_copy(orig, rewrite(orig))
        self.assertEqual(why, ["the free of st (line 59) in lcp_probe() is also reached from before the init "
                               "(goto err, line 51): no uninit can go before it"])

    def test_both_names(self):
        orig = src("lc_pre_uninit.c").replace("\t.open = lcp_open,\n", "\t.close_device = lcp_close,\n")
        why, _ = preuninit.check_copy(orig, rewrite(orig, rename=False).replace(".release = ", ".close_device = ", 1))
        self.assertIn("the ops lcp_ops (line 36) have both .release and .close_device: which one is the "
                      "close of the device file is not known", why)

    def test_ops_elsewhere(self):
        orig = src("lc_pre_uninit.c").replace("static const struct vfio_device_ops lcp_ops = {",
                                              "static const struct vfio_device_ops lcp_other = {")
        why, _ = preuninit.check_copy(orig, rewrite(orig))
        self.assertEqual(why, ["the ops lcp_ops of the init call (line 50) are not defined in this file: "
                               "their .open/.release cannot be checked or renamed"])

    def test_init_of_no_member(self):
        orig = src("lc_pre_uninit.c").replace("vfio_init_group_dev(&st->vdev,", "vfio_init_group_dev(lcp_vdev(st),")
        why, _ = preuninit.check_copy(orig, rewrite(orig))
        self.assertEqual(why, ["the init call (line 50) is not vfio_init_group_dev(&st->member, dev, &ops): "
                               "the rewrite does not know the state"])


if __name__ == "__main__":
    unittest.main()
