# SPDX-License-Identifier: GPL-2.0-only
"""lclib.midlayer: the mid-layer split over tests/cocci/groups/lcmid, and
its refusals on variants of that library written here."""

import contextlib
import io
import os
import re
import tempfile
import unittest

from lclib import midlayer, text
from lclib.refusal import REASONS

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
LIB = os.path.join(TOP, "tests", "cocci", "groups", "lcmid", "in", "lcmid_core.c")

# what lifecycle/convert/midlayer.py reads (the manifest), byte for byte
MANIFEST = """MIDLAYER: lcmid_probe_common lcmid_remove_common lcmid_init_common lcmid_release_common lcmid_state vdev lcmid_ops
MID-OPS: .name		= "vfio-lcmid"
MID-OPS: .open_device	= lcmid_open_device
MID-OPS: .close_device	= lcmid_close_device
MID-OPS: .read		= lcmid_read
MID-CB: lcmid_open_device
MID-CB: lcmid_close_device
MID-CB: lcmid_read
MID-PROTO: int lcmid_init_common(struct lcmid_state *st);
MID-PROTO: void lcmid_release_common(struct lcmid_state *st);
MID-PROTO: int lcmid_open_device(struct vfio_device *core_vdev);
MID-PROTO: void lcmid_close_device(struct vfio_device *core_vdev);
MID-PROTO: ssize_t lcmid_read(struct vfio_device *core_vdev, char __user *buf,
MID-PROTO: \t\t   size_t count, loff_t *ppos);
"""


def where(ls, regex):
    """(line, col) of the first match of regex."""
    for i, l in enumerate(ls):
        m = re.search(regex, l)
        if m:
            return i + 1, m.start()
    raise AssertionError("no " + regex)


def last(ls, regex):
    """(line, col) of the last match of regex (the uninit in remove)."""
    hits = [(i + 1, m.start(1)) for i, l in enumerate(ls) for m in [re.search(regex, l)] if m]
    return hits[-1]


def plan_of(src):
    """midlayer.split() over the C text src, anchors found as the rule's
    mp/mr would; returns (plan, printed lines)."""
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as fh:
        fh.write(src)
    try:
        ls = text.lines_of(fh.name)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            p = midlayer.split("lcmid_probe_common", "lcmid_remove_common", "st", "st", "dev",
                              "vdev", "lcmid_ops", "struct lcmid_state", fh.name,
                              where(ls, r"\bvfio_init_group_dev\("),
                              where(ls, r"\bvfio_register_group_dev\("),
                              where(ls, r"\bvfio_unregister_group_dev\("),
                              last(ls, r"^\t(vfio_uninit_group_dev)\(&st->vdev\);$"))
    finally:
        text.forget(fh.name)
        os.unlink(fh.name)
    return p, out.getvalue()


def original():
    with open(LIB) as fh:
        return fh.read()


class TestSplit(unittest.TestCase):
    def test_manifest(self):
        p, out = plan_of(original())
        self.assertEqual(out, MANIFEST)
        self.assertEqual(p["initc"], "lcmid_init_common")
        self.assertEqual(p["exp"], "EXPORT_SYMBOL_GPL")
        # the set-up moves, its unwind with it; the registration stays
        self.assertIn("ret = lcmid_get_table(st);", p["body_i"])
        self.assertNotIn("vfio_register_group_dev", p["body_i"])
        self.assertIn("\tret = vfio_register_group_dev(&st->vdev);", p["body_m"])
        # what the registration failure undid moves to the release helper
        self.assertEqual(p["body_rel"], "\tlcmid_put_table(st);")
        self.assertIn("pm_runtime_disable(st->parent);", p["body_r"])

    def refusal(self, old, new, code):
        src = original()
        self.assertIn(old, src)
        p, out = plan_of(src.replace(old, new, 1))
        self.assertIsNone(p)
        self.assertTrue(out.startswith("MIDLAYER-REFUSED: "), out)
        # the printed text is the registered one for that code
        pat = re.escape(REASONS[code]).replace(r"%\(M\)s", "lcmid_probe_common") \
            .replace(r"%\(MR\)s", "lcmid_remove_common").replace(r"%\(OPS\)s", "lcmid_ops")
        pat = re.sub(r"%\\\(\w+\\\)s", ".*", pat)
        self.assertRegex(out.strip()[len("MIDLAYER-REFUSED: "):], "^" + pat + r" \(line [0-9]+\)$")

    def test_refusals(self):
        self.refusal("int lcmid_probe_common(", "static int lcmid_probe_common(", "mid-static")
        self.refusal("\tst->parent = dev;\n", "\tst->parent = dev;\n\tif (!dev)\n\t\treturn -EINVAL;\n",
                     "mid-setup-returns")
        self.refusal("\tint ret;\n\n\tvfio_init", "\tint ret;\n\n\tst->x = 1;\n\tvfio_init",
                     "mid-init-not-first")
        self.refusal("\tlcmid_put_table(st);\n\tvfio_uninit", "\tvfio_uninit",
                     "mid-remove-misses-undo")
        self.refusal("\tpm_runtime_disable(st->parent);\n\tlcmid_put_table(st);\n",
                     "\tlcmid_put_table(st);\n\tpm_runtime_disable(st->parent);\n",
                     "mid-teardown-order")
        self.refusal("\tif (ret)\n\t\tgoto out_table;", "\tif (ret)\n\t\tst->x = 1;",
                     "mid-regfail-shape")

    def tail_src(self, tail="\tlcmid_domain_put(lcmid_domain_of(st->parent), st->parent);\n"):
        """lcmid with a domain taken last before the registration and put
        by remove after the uninit (the 5.15 platform library's shape)."""
        src = original()
        src = src.replace("{\n\tint ret;\n\n\tvfio_init",
                          "{\n\tstruct lcmid_domain *dom;\n\tint ret;\n\n\tvfio_init", 1)
        src = src.replace("\tret = vfio_register_group_dev(&st->vdev);\n\tif (ret)\n\t\tgoto out_table;",
                          "\tdom = lcmid_domain_get(dev);\n\tif (!dom) {\n\t\tret = -ENODEV;\n"
                          "\t\tgoto out_table;\n\t}\n\n"
                          "\tret = vfio_register_group_dev(&st->vdev);\n\tif (ret)\n\t\tgoto out_domain;", 1)
        src = src.replace("out_table:\n", "out_domain:\n\tlcmid_domain_put(dom, dev);\nout_table:\n", 1)
        return src.replace("\tvfio_uninit_group_dev(&st->vdev);\n}\n",
                           "\tvfio_uninit_group_dev(&st->vdev);\n" + tail + "}\n", 1)

    def test_remove_tail_kept(self):
        """what remove undoes after the uninit stays with probe and remove,
        and so does its set-up; the rest moves as before"""
        p, out = plan_of(self.tail_src())
        self.assertIsNotNone(p, out)
        self.assertIn("dom = lcmid_domain_get(dev);", p["body_m"])
        self.assertIn("\t\treturn ret;", p["body_m"])
        self.assertIn("out_domain:\n\tlcmid_domain_put(dom, dev);\n\treturn ret;", p["body_m"])
        self.assertNotIn("out_table", p["body_m"])
        self.assertIn("struct lcmid_domain *dom;", p["body_m"])
        self.assertNotIn("lcmid_domain", p["body_i"])
        self.assertIn("ret = lcmid_get_table(st);", p["body_i"])
        self.assertEqual(p["body_rel"], "\tlcmid_put_table(st);")
        self.assertTrue(p["body_r"].rstrip().endswith("lcmid_domain_put(lcmid_domain_of(st->parent), st->parent);"))

    def test_remove_tail_refused(self):
        p, out = plan_of(self.tail_src("\tlcmid_domain_forget(st->parent);\n"))
        self.assertIsNone(p)
        self.assertIn("what it undoes after vfio_uninit_group_dev() is not what the registration failure", out)
        # a tail but no set-up of the library's own before the registration
        src = self.tail_src().replace("\tdom = lcmid_domain_get(dev);\n\tif (!dom) {\n\t\tret = -ENODEV;\n"
                                      "\t\tgoto out_table;\n\t}\n\n", "", 1)
        p, out = plan_of(src)
        self.assertIsNone(p)
        self.assertTrue(out.startswith("MIDLAYER-REFUSED: "), out)

    def test_callee_and_decls(self):
        self.assertEqual(midlayer.stmt_callee("x = f(a);"), "f")
        self.assertEqual(midlayer.stmt_callee("g(a, b);"), "g")
        self.assertIsNone(midlayer.stmt_callee("x++;"))
        self.assertEqual(midlayer.decls_for(["\tstruct a *dom;", "\tint ret;"], "ret = 1;"),
                         ["\tint ret;"])

    def test_teardown_order(self):
        """remove's own tear-down first, then what the registration
        failure undid (it moves to the release helper, called after)."""
        self.assertFalse(midlayer.teardown_order.holds(MR="r", moved=[False, True, True]))
        self.assertFalse(midlayer.teardown_order.holds(MR="r", moved=[]))
        self.assertTrue(midlayer.teardown_order.holds(MR="r", moved=[True, False]))

    def test_wrap_proto(self):
        self.assertEqual(midlayer.wrap_proto("int f(int a)"), "int f(int a)")
        long = "ssize_t lcmid_read(struct vfio_device *core_vdev, char __user *buf, size_t count, loff_t *ppos)"
        self.assertEqual(midlayer.wrap_proto(long),
                         "ssize_t lcmid_read(struct vfio_device *core_vdev, char __user *buf,\n"
                         "\t\t   size_t count, loff_t *ppos)")

    def test_simple_stmts(self):
        self.assertEqual(midlayer.simple_stmts(["out:", "\tf(a,", "\t  b);", "", "\treturn ret;"]),
                         ["f(a, b);", "return ret;"])


if __name__ == "__main__":
    unittest.main()
