# SPDX-License-Identifier: GPL-2.0-only
"""lclib.report: the "why:" lines of vfio_alloc_device.cocci's report
mode, over the fixtures of tests/cocci/in (positions as the SmPL finds
them there)."""

import os
import unittest

from lclib import allochelper, shapes
from lclib.report import Why
from lclib.tests.fixtures import IN, src
from lclib.tests.stand_ins import Pos


def fixture(name):
    return os.path.join(IN, name)


class Recorder:
    def __init__(self):
        self.lines = []

    def __call__(self, p, msg):
        self.lines.append((p.file, p.line, msg))


class TestWhy(unittest.TestCase):
    def setUp(self):
        self.out = Recorder()
        self.why = Why(self.out)

    def test_helper_claims(self):
        f = fixture("lc_helper_msg.c")
        p = [Pos(f, 48)]
        self.why.helper(p, "lhm_alloc")
        want = allochelper.why_line(f, "lhm_alloc", 48)
        self.assertIn("not rewritten: its caller checks the result (line 44)", want)
        self.assertEqual(self.out.lines, [(f, "48", "why: " + want)])
        # a claimed call: the generic reasons say nothing more
        self.why.no_uninit(p)
        self.why.param(p, "st")
        self.why.owned(p)
        self.why.helper(p, "lhm_alloc")
        self.assertEqual(len(self.out.lines), 1)

    def test_not_a_helper(self):
        f = fixture("lc_helper_errptr.c")
        self.why.helper([Pos(f, 44)], "lhe_remove")
        self.assertEqual(self.out.lines, [])
        # unclaimed: a generic reason is printed
        self.why.no_uninit([Pos(f, 44)])
        self.assertEqual(len(self.out.lines), 1)
        self.assertTrue(self.out.lines[0][2].startswith("why: no vfio_uninit_group_dev() after this init"))

    def test_wrapper(self):
        f = fixture("lc_wrapper.c")
        self.why.wrapper([Pos(f, 21)], "lcw_init_vdev")
        self.why.wrapper([Pos(f, 32)], "lcw_probe")
        self.assertEqual(len(self.out.lines), 1)
        self.assertIn("old call in wrapper lcw_init_vdev() (%s:21)" % f, self.out.lines[0][2])

    def test_devm_bare(self):
        self.why.devm([Pos("a.c", 30)], [Pos("a.c", 26)], True)
        self.why.devm([Pos("a.c", 30)], [Pos("a.c", 26)], False)
        self.why.bare([Pos("b.c", 12)], [Pos("b.c", 10)], "v")
        self.assertEqual(self.out.lines, [("a.c", "30", "why: " + shapes.devm_line(26, True)),
                                          ("b.c", "12", "why: " + shapes.bare_line(10, "v"))])

    def test_ops_chosen_once(self):
        """Two ops in one function: one line, at the first call."""
        self.why.ops_chosen([Pos("c.c", 40)], "b_ops")
        self.why.ops_chosen([Pos("c.c", 44)], "a_ops")
        self.why.ops_chosen([Pos("c.c", 48)], "c_ops")
        self.why.ops_chosen([Pos("c.c", 60, element="other")], "a_ops")
        self.assertEqual(self.out.lines, [("c.c", "40", "why: ops chosen at run time: init calls with "
                                           "a_ops, b_ops; the allocation itself must pick the ops")])

    def test_pci_owned_even_when_claimed(self):
        p = [Pos("d.c", 7)]
        self.why.devm(p, [Pos("d.c", 5)], False)
        self.why.pci_owned(p)
        self.assertEqual(self.out.lines[-1], ("d.c", "7", "why: parent-owned vfio-pci-core device "
                                              "(line 7): vfio-pci-core's release frees the "
                                              "object, which the parent owns"))

    def test_param_text(self):
        self.why.param([Pos("e.c", 3)], "mdev_state")
        self.assertEqual(self.out.lines[0][2], "why: mid-layer: 'mdev_state' comes in as a parameter, "
                         "its callers allocate it; each caller's ops need their own @init/@release")


if __name__ == "__main__":
    unittest.main()
