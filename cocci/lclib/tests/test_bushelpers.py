# SPDX-License-Identifier: GPL-2.0-only
"""lclib.bushelpers: the table, the helpers a driver defines, and what a
callback writes to find probe's bus device again."""

import os
import tempfile
import unittest

from lclib import bushelpers


class TestTable(unittest.TestCase):
    def test_shipped_table(self):
        """cocci/bus-helpers.tsv parses; the buses of the in-tree drivers
        are in it."""
        t = bushelpers.read_table()
        for typ, helper in (("struct pci_dev", "to_pci_dev"),
                            ("struct mdev_device", "to_mdev_device"),
                            ("struct platform_device", "to_platform_device"),
                            ("struct fsl_mc_device", "to_fsl_mc_device"),
                            ("struct amba_device", "to_amba_device")):
            self.assertIn((helper, "dev"), t[typ])
        self.assertIn("to_pci_dev", bushelpers.helper_names())

    def test_user_line_and_bad_line(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "b.tsv")
            with open(p, "w") as fh:
                fh.write("# mine\n\nstruct  foo_device\tto_foo_device\tdev\n")
            self.assertEqual(bushelpers.read_table(p), {"struct foo_device": [("to_foo_device", "dev")]})
            with open(p, "w") as fh:
                fh.write("struct foo_device to_foo_device dev\n")
            with self.assertRaisesRegex(ValueError, r"b\.tsv:1: want type"):
                bushelpers.read_table(p)


class TestDefined(unittest.TestCase):
    def test_macro_and_function(self):
        text = """
#define to_lcbus_dev(d) container_of(d, struct lcbus_device, lcdev)
#define to_other(d) (container_of((d), struct other_device, odev))
static inline struct third *dev_to_third(struct device *dev)
{
	return container_of(dev, struct third, d.inner);
}
/* #define to_gone(d) container_of(d, struct gone, dev) */
#define to_two(a, b) container_of(a, struct two, dev)
"""
        self.assertEqual(bushelpers.defined_in(text), {
            "struct lcbus_device": [("to_lcbus_dev", "lcdev")],
            "struct other_device": [("to_other", "odev")],
            "struct third": [("dev_to_third", "d.inner")],
        })

    def test_local_header(self):
        """A helper in a header the driver includes with quotes counts;
        one in a header it does not include does not."""
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "lcbus.h"), "w") as fh:
                fh.write("#define to_lcbus_dev(x) container_of(x, struct lcbus_device, lcdev)\n")
            with open(os.path.join(d, "other.h"), "w") as fh:
                fh.write("#define to_xbus_dev(x) container_of(x, struct xbus_device, dev)\n")
            drv = os.path.join(d, "drv.c")
            with open(drv, "w") as fh:
                fh.write('#include <linux/vfio.h>\n#include "lcbus.h"\n/* "other.h" */\n')
            found = bushelpers.file_helpers(drv)
            self.assertEqual(found, {"struct lcbus_device": [("to_lcbus_dev", "lcdev")]})
            self.assertEqual(bushelpers.find_again("struct lcbus_device", "lcdev", "cv", found),
                             "to_lcbus_dev(cv->dev)")


class TestFindAgain(unittest.TestCase):
    def test_order(self):
        # the table first
        self.assertEqual(bushelpers.find_again("struct pci_dev", "dev", "cv"), "to_pci_dev(cv->dev)")
        # a helper over another member does not apply: container_of()
        found = {"struct lcbus_device": [("to_lcbus_dev", "lcdev")]}
        self.assertEqual(bushelpers.find_again("struct lcbus_device", "dev", "cv", found),
                         "container_of(cv->dev, struct lcbus_device, dev)")
        self.assertEqual(bushelpers.find_again("struct xbus_device", "x.dev", "cv"),
                         "container_of(cv->dev, struct xbus_device, x.dev)")


if __name__ == "__main__":
    unittest.main()
