# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.check.qemu: the QEMU stage's result lines."""
import os
import tempfile
import unittest

from lifecycle.check import qemu as cq

KNOWN = ("# comment\n"
         "warn_site\\+\tcaller\\+\ta warning, not fatal\n"
         "BUG: KASAN: null-ptr-deref in ida_free\\+\tiommu_group_alloc\\+\tthe iommu bug\n")


class TestQemu(unittest.TestCase):
    def test_known_fatal(self):
        log = "x\nBUG: KASAN: null-ptr-deref in ida_free+0x1\n iommu_group_alloc+0x2\n"
        self.assertEqual(cq.known_fatal(log, KNOWN), "the iommu bug")
        # the site alone is not enough, and a warning is not fatal
        self.assertIsNone(cq.known_fatal("BUG: KASAN: null-ptr-deref in ida_free+0\n", KNOWN))
        self.assertIsNone(cq.known_fatal("warn_site+1\ncaller+2\n", KNOWN))

    def test_records(self):
        q = cq.QemuOutcome(results=[("life cycle", "RESULT: PASS"),
                                    ("faults mtty", "a\nb (0 kinds)")])
        self.assertEqual(q.records(), [
            {"label": "life cycle", "text": "RESULT: PASS"},
            {"label": "faults mtty", "text": "a"},
            {"label": "b (0 kinds)", "text": None}])

    def test_negative_and_life_cycle(self):
        with tempfile.TemporaryDirectory() as d:
            nl = os.path.join(d, "neg.log")
            with open(nl + ".txt", "w") as f:
                f.write("x\nRESULT: FAIL (2)\n")
            with open(nl, "w") as f:
                f.write("LC-FAIL: kmemleak: 3 unreferenced objects\n")
            res, failed = cq.negative_results(nl)
            self.assertTrue(failed)
            self.assertEqual(res, [("negative control leak", "caught by kmemleak"),
                                   ("negative control uaf", "MISSED: no KASAN report")])
            txt, log = os.path.join(d, "q.txt"), os.path.join(d, "q.log")
            with open(txt, "w") as f:
                f.write("  KNOWN  a core warning\nRESULT: PASS\n")
            with open(log, "w") as f:
                f.write("# mtty: 5 of 5 rounds\r\n# vfio-dev node: mtty: ok\n")
            res = cq.life_cycle_results(txt, log)
            self.assertEqual(res[0], ("life cycle", "RESULT: PASS"))
            self.assertEqual(res[1], ("  mtty", "5 of 5 rounds; vfio-dev node ok"))
            self.assertEqual(res[2], ("  mdpy", "no result; vfio-dev node not checked"))
            self.assertEqual(res[-1], ("  known core warning", "a core warning"))


if __name__ == "__main__":
    unittest.main()
