# SPDX-License-Identifier: GPL-2.0-only
"""lclib.parent: the level of a parent-owned conversion, over the
fixtures tests/cocci/in/lc_parent_*.c (golden verdicts: idiomatic and
parent-owned, minimal)."""

import os
import unittest

from lclib import parent

HERE = os.path.dirname(os.path.abspath(__file__))
IN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "tests", "cocci", "in")


def src(name):
    with open(os.path.join(IN, name)) as fh:
        return fh.read()


class TestLevel(unittest.TestCase):
    def test_owned_idiomatic(self):
        why = parent.level_reasons(src("lc_parent_owned.c"), "lco_probe", "err_uninit", "vdev")
        self.assertEqual(why, [])
        self.assertEqual(parent.level_line(why), "PARENT-LEVEL: idiomatic")

    def test_teardown_minimal(self):
        why = parent.level_reasons(src("lc_parent_teardown.c"), "lcpt_probe", "err_uninit", "vdev")
        self.assertEqual(parent.level_line(why),
                         "PARENT-LEVEL: minimal: remove tears down state between "
                         "vfio_unregister_group_dev() and the uninit")

    def test_regfail_undoes_more(self):
        s = src("lc_parent_owned.c").replace("err_uninit:\n", "err_uninit:\n\tkfree(ch->buf);\n", 1)
        self.assertEqual(parent.level_reasons(s, "lco_probe", "err_uninit", "vdev"),
                         ["lco_probe(): the registration failure undoes more than the device"])
        s = src("lc_parent_owned.c").replace("vfio_unregister_group_dev(&ch->vdev);", "", 1)
        self.assertEqual(parent.level_reasons(s, "lco_probe", "err_uninit", "vdev"),
                         ["no vfio_unregister_group_dev() of the vdev member"])


if __name__ == "__main__":
    unittest.main()
