# SPDX-License-Identifier: GPL-2.0-only
"""lclib.bind: what the rules' script blocks hand back to spatch."""

import unittest

from lclib import bind
from lclib.tests.stand_ins import Bound, Cocci


class TestBind(unittest.TestCase):
    def test_set_idents(self):
        b, c = Bound(), Cocci()
        bind.set_idents(b, c, {"lbl": "err_init", "var": "st"})
        self.assertEqual((b.lbl, b.var), (("ident", "err_init"), ("ident", "st")))

    def test_tag_or_drop(self):
        b, c = Bound(), Cocci()
        bind.tag_or_drop(b, c, "struct lcd_state")
        self.assertEqual(b.tag, ("ident", "lcd_state"))
        self.assertEqual(c.included, [])
        # a declaration's type: the pointer star is the suffix
        bind.tag_or_drop(b, c, "struct lch_state *", r"\s*\*")
        self.assertEqual(b.tag, ("ident", "lch_state"))

    def test_other_type_drops(self):
        b, c = Bound(), Cocci()
        bind.tag_or_drop(b, c, "lcd_state_t")
        self.assertEqual(c.included, [False])
        self.assertFalse(hasattr(b, "tag"))
        bind.tag_or_drop(b, c, "struct lch_state *")
        self.assertEqual(c.included, [False, False])

    def test_anchor(self):
        self.assertEqual(bind.anchor(True, "lcd_probe"), "lcd_probe")
        self.assertEqual(bind.anchor(None, "lcd_probe"), bind.NOTHING)
        self.assertEqual(bind.anchor("", "x"), "__lc_nothing_here__")


if __name__ == "__main__":
    unittest.main()
