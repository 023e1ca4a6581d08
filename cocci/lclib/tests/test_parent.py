# SPDX-License-Identifier: GPL-2.0-only
"""lclib.parent: the level of a parent-owned conversion, over the
fixtures tests/cocci/in/lc_parent_*.c (golden verdicts: idiomatic and
parent-owned, minimal)."""

import os
import unittest

from lclib import parent
from lclib.tests.fixtures import IN, src


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


class TestRuleT4(unittest.TestCase):
    """What rule t4 binds and prints, in one call each."""

    def test_names(self):
        self.assertEqual(parent.names("lco_dev_ops", "err_uninit", "ch", "vdev"),
                         {"lbl": "err_uninit_init", "relfn": "lco_release_dev",
                          "cname": "vdev_released", "var": "ch"})
        # an expression, not a name: @release calls the structure st
        self.assertEqual(parent.names("x_ops", "L", "ctx->chan[i]", "vdev")["var"], "st")

    def test_lines(self):
        out = parent.lines("lco_channel", "vdev", "lco_probe", "err_uninit",
                           os.path.join(IN, "lc_parent_owned.c"))
        self.assertEqual(out, "PARENT-FIELD: lco_channel vdev vdev_released\n"
                              "PARENT-LEVEL: idiomatic")
        out = parent.lines("t", "vdev", "lcpt_probe", "err_uninit",
                           os.path.join(IN, "lc_parent_teardown.c"))
        self.assertEqual(out.split("\n")[1], parent.level_line(parent.level_reasons(
            src("lc_parent_teardown.c"), "lcpt_probe", "err_uninit", "vdev")))
        self.assertTrue(out.split("\n")[1].startswith("PARENT-LEVEL: minimal: "))


if __name__ == "__main__":
    unittest.main()
