# SPDX-License-Identifier: GPL-2.0-only
"""make series without KERNEL= (lifecycle/module/examples.py): the report's
row of an example from make convert's exit code and records."""
import os
import tempfile
import unittest

from lifecycle.module import examples


def rec(status, level=None, parent=False):
    return {"path": "x.c", "status": status, "level": level, "parent": parent}


class TestRow(unittest.TestCase):
    def test_level(self):
        self.assertEqual(examples.level_of([rec("nothing"), rec("converted", "minimal")]),
                         "minimal")
        self.assertEqual(examples.level_of([rec("converted", "idiomatic", True)]),
                         "idiomatic")
        self.assertEqual(examples.level_of([rec("converted", "minimal", True)]),
                         "parent-owned")
        self.assertEqual(examples.level_of([rec("converted", "idiomatic-in-part")]),
                         "idiomatic-in-part")
        self.assertEqual(examples.level_of([]), "converted")
        self.assertEqual(examples.level_of([rec("not-converted")]), "converted")

    def test_row(self):
        r = examples.example_row("lcx", "xmdev", 0, [rec("converted", "idiomatic")], True)
        self.assertEqual((r.conversion, r.build, r.test), ("idiomatic", "ok", "xmdev-lcx"))
        self.assertTrue(r.ko.endswith("drivers-out/modules/lcx/tree/lcx.ko"))
        r = examples.example_row("lcx", "xpci", 3, [rec("converted", "idiomatic")], True)
        self.assertEqual((r.conversion, r.build), ("needs-human", "ok"))
        r = examples.example_row("lcx", "xpci", 4, [rec("converted", "minimal")], True)
        self.assertEqual((r.conversion, r.build, r.ko), ("minimal", "FAILED", ""))
        r = examples.example_row("lcx", "xpci", 0, [], False)
        self.assertEqual(r.ko, "")
        self.assertEqual(examples.ROW % ("lcx", r.conversion, r.build, r.test),
                         "lcx          converted      ok         xpci-lcx\n")

    def test_last_line(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "g")
            for text, want in (("a\nRESULT: PASS\n", "RESULT: PASS"),
                               ("a\nno newline", "no newline"), ("", "")):
                with open(p, "w") as f:
                    f.write(text)
                self.assertEqual(examples.last_line(p), want)


if __name__ == "__main__":
    unittest.main()
