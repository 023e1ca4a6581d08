# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.check.bisect: which objects each arch builds."""
import os
import tempfile
import unittest

from lifecycle.check import arches
from lifecycle.check.bisect import SeriesObjects, subject_of


class TestPlan(unittest.TestCase):
    def test_plan_and_on(self):
        t = arches.ArchTable(arches={}, paths=[("include/*", ["x86_64", "arm64"])],
                             drivers=[(["d/fsl/*"], ["arm64"])])
        plan = SeriesObjects.plan(t, [["include/a.h", "d/fsl/b.c"],
                                      ["s/m.c", "d/fsl/b.c", "Makefile"]])
        self.assertEqual(plan.arches, ["arm64", "x86_64"])
        # a header is built through its includers: no object of its own
        self.assertEqual(plan.objs, [("arm64", "d/fsl/b.o"), ("x86_64", "s/m.o")])
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "s"))
            open(os.path.join(d, "s", "m.c"), "w").close()
            # an object whose source does not exist yet is not built
            self.assertEqual(plan.on("x86_64", d), ["s/m.o"])
            self.assertEqual(plan.on("arm64", d), [])

    def test_subject(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "0001-x.patch")
            with open(p, "w") as f:
                f.write("From 0 Mon Sep 17 00:00:00 2001\nFrom: T <t@e>\n"
                        "Subject: [PATCH 1/2] vfio: Do a\n thing\n\nbody\n")
            self.assertEqual(subject_of(p), "vfio: Do a thing")


if __name__ == "__main__":
    unittest.main()
