# SPDX-License-Identifier: GPL-2.0-only
"""lclib.rtops: ops chosen at run time, over the fixtures of tests/cocci/in
and variants of them written here (no spatch: the init calls' lines are
given as the SmPL finds them)."""

import os
import re
import tempfile
import unittest

from lclib import rtops
from lclib.refusal import Refused
from lclib.tests.fixtures import IN


def text(name):
    with open(os.path.join(IN, name)) as fh:
        return fh.read()


def first_init(t):
    return next(i + 1 for i, l in enumerate(t.split("\n"))
                if re.search(r"^\t+(vfio_init_group_dev|vfio_pci_core_init_device)\(", l))


class TestConvert(unittest.TestCase):
    def convert(self, t, core_frees=False):
        with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as fh:
            fh.write(t)
        try:
            return rtops.convert(t, first_init(t), core_frees, fh.name)
        finally:
            os.unlink(fh.name)

    def refused(self, t, want):
        with self.assertRaises(Refused) as cm:
            self.convert(t)
        self.assertEqual(cm.exception.code, "run-time-ops")
        self.assertIn(want, cm.exception.text)

    def test_fallback(self):
        new, what = self.convert(text("lc_rtops_fallback.c"))
        self.assertEqual(what, "fallback lcq_fast_init_dev lcq_fast_setup lcq_fast_ops lcq_ops")
        # the set-up's local is computed again from the device in @init
        self.assertIn("lcq_fast_setup(lcq, pdev, lcq_get_parent(pdev));", new)
        # the preferred allocation falls back to the other ops, warning
        self.assertRegex(new, r"&lcq_fast_ops\);\n\t\tif \(IS_ERR\(lcq\)\) \{\n\t\t\tpci_warn\(")
        self.assertNotRegex(new, r"\b(kzalloc|kfree|vfio_pci_core_uninit_device)\(")
        self.assertEqual(new.count(".release = vfio_pci_core_release_dev,"), 2)

    def test_choice_plain(self):
        new, what = self.convert(text("lc_rtops_choice.c"))
        self.assertEqual(what, "choice-minimal lcs_ro_ops lcs_rw_ops 38")
        self.assertIn("\tconst struct vfio_device_ops *ops;\n", new)
        self.assertEqual(new.count(".release = vfio_free_device,"), 2)
        new62, _ = self.convert(text("lc_rtops_choice.c"), core_frees=True)
        self.assertNotIn(".release", new62)

    def test_comment_names_old_call(self):
        # an old name in a comment is no call left behind
        t = text("lc_rtops_choice.c")
        self.assertIn("vfio_init_group_dev()", t.split("*/")[0])
        self.convert(t)

    def test_choice_reads_state(self):
        self.refused(text("lc_runtime_ops.c"), "neither a choice")

    def test_local_with_side_effect(self):
        self.refused(text("lc_rtops_refuse.c"), "the local parent, whose value (lcv_claim_parent(pdev))")

    def test_warning_uses_state(self):
        t = text("lc_rtops_fallback.c").replace(
            'pci_warn(pdev, "no fast path, using the plain ops\\n");',
            'pci_warn(pdev, "no fast path for slot %d\\n", lcq->slot);')
        self.refused(t, "the fall-back path uses the state")

    def test_result_read_later(self):
        t = text("lc_rtops_fallback.c").replace("\tdev_set_drvdata(&pdev->dev, &lcq->core_device);\n",
                                                "\tif (ret)\n\t\tpci_info(pdev, \"plain\\n\");\n"
                                                "\tdev_set_drvdata(&pdev->dev, &lcq->core_device);\n")
        self.refused(t, "the set-up result, is read after the choice")

    def test_two_plain_ops(self):
        t = text("lc_rtops_fallback.c").replace(
            "\t\tvfio_pci_core_init_device(&lcq->core_device, pdev, &lcq_ops);",
            "\t\tvfio_pci_core_init_device(&lcq->core_device, pdev, &lcq_fast_ops);")
        self.refused(t, "the two plain paths use different ops")


    def test_no_outer_condition_reversed(self):
        # "if (ret) {warn; INIT(b)} else INIT(a)" with no condition around:
        # the local only the set-up read goes with it
        t = text("lc_rtops_fallback.c")
        i, j = t.index("\tparent = lcq_get_parent(pdev);"), t.index("\tdev_set_drvdata")
        t = t[:i] + ("\tparent = lcq_get_parent(pdev);\n"
                     "\tret = lcq_fast_setup(lcq, pdev, parent);\n"
                     "\tif (ret) {\n"
                     "\t\tpci_warn(pdev, \"plain\\n\");\n"
                     "\t\tvfio_pci_core_init_device(&lcq->core_device, pdev, &lcq_ops);\n"
                     "\t} else {\n"
                     "\t\tvfio_pci_core_init_device(&lcq->core_device, pdev, &lcq_fast_ops);\n"
                     "\t}\n\n") + t[j:]
        new, what = self.convert(t)
        self.assertEqual(what, "fallback lcq_fast_init_dev lcq_fast_setup lcq_fast_ops lcq_ops")
        probe = new[new.index("static int lcq_probe"):]
        self.assertNotIn("parent", probe[:probe.index("\n}\n")])
        self.assertRegex(probe, r"^static int lcq_probe\(.*\n\{\n\tstruct lcq_device \*lcq;\n\tint ret;\n")

    def test_size_not_its_own(self):
        t = text("lc_rtops_fallback.c").replace("kzalloc(sizeof(*lcq), GFP_KERNEL)",
                                                "kzalloc(sizeof(*lcq) + 64, GFP_KERNEL)")
        self.refused(t, "not allocated with its own size")


class TestReadsOnly(unittest.TestCase):
    def test_kinds(self):
        ls = ["static int lcx_get(struct pci_dev *pdev)", "{", "\treturn pdev->devfn;", "}",
              "static int lcx_bump(struct pci_dev *pdev)", "{", "\tpdev->devfn = 1;", "\treturn 0;", "}",
              "static int lcx_count(struct pci_dev *pdev)", "{", "\tint n = 0;", "\tn++;", "\treturn n;", "}"]
        self.assertTrue(rtops.reads_only(ls, "lcx_get"))
        self.assertFalse(rtops.reads_only(ls, "lcx_bump"))
        self.assertFalse(rtops.reads_only(ls, "lcx_count"))
        self.assertTrue(rtops.reads_only(ls, "pci_get_drvdata"))
        self.assertFalse(rtops.reads_only(ls, "pci_dev_get"))


class TestRun(unittest.TestCase):
    def test_ops_in_a_variable(self):
        out = rtops.run({("x.c", "probe"): [(12, "ops")]}, env={})
        self.assertEqual(len(out), 1)
        self.assertRegex(out[0], r"^RTOPS-REFUSED: run-time-ops 12: .*the value ops")

    def test_one_ops_is_not_this_shape(self):
        self.assertEqual(rtops.run({("x.c", "probe"): [(12, "&a"), (20, "&a")]}, env={}), [])


if __name__ == "__main__":
    unittest.main()
