# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.check.build: sparse states and the new findings of a patch."""
import unittest

from lifecycle.check import build as cb

LOG = """\
  CHECK   /k/src/d/a.c
/k/src/d/a.c:12:5: warning: symbol 'x' was not declared. Should it be static?
/k/src/include/h.h:3:1: error: bad thing
/usr/include/other.h:1:1: warning: not ours
  CHECK   ../src/d/b.c
"""


class TestSparse(unittest.TestCase):
    P = ("/k/src", "../src")

    def test_state(self):
        self.assertEqual(cb.sparse_state(LOG, self.P), [
            "d/a.o\t",
            "d/a.o\td/a.c: warning: symbol 'x' was not declared. Should it be static?",
            "d/a.o\tinclude/h.h: error: bad thing",
            "d/b.o\t"])

    def test_added_and_merge(self):
        old = ["d/a.o\t", "d/a.o\td/a.c: warning: w1", "d/c.o\t", "d/c.o\td/c.c: warning: w3"]
        new = ["d/a.o\t", "d/a.o\td/a.c: warning: w1", "d/a.o\td/a.c: warning: w1",
               "d/a.o\td/a.c: warning: w2"]
        before = cb.state_before(old, new)
        self.assertEqual(before, ["d/a.o\t", "d/a.o\td/a.c: warning: w1"])
        # the same message twice is one more than before: counted
        self.assertEqual(cb.added_findings(before, new),
                         ["d/a.o\td/a.c: warning: w1", "d/a.o\td/a.c: warning: w2"])
        self.assertEqual(cb.merge_state(old, new), sorted(new + old[2:]))

    def test_nothing_new(self):
        s = cb.sparse_state(LOG, self.P)
        self.assertEqual(cb.added_findings(s, s), [])


if __name__ == "__main__":
    unittest.main()
