# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.check.arches: the arch table and where a file is built."""
import os
import tempfile
import unittest

from lifecycle.check import arches
from lifecycle import common


class TestArches(unittest.TestCase):
    def test_table_of_the_repo(self):
        """Every arch a path or driver row names has a row, a fragment
        that exists, and a cross compiler unless native."""
        t = arches.ArchTable()
        self.assertEqual(sorted(t.arches), ["arm64", "s390", "x86_64"])
        named = {a for _, aa in t.paths for a in aa}
        named |= {a for _, aa in t.drivers for a in aa}
        self.assertLessEqual(named, set(t.arches))
        for a in t.arches.values():
            self.assertTrue(a.fragment.is_file(), a.fragment)
            self.assertTrue(a.gcc.startswith(a.cross_compile) and a.gcc.endswith("gcc"))
        self.assertEqual(t.get("x86_64").make_vars(), ["ARCH=x86", "CC=ccache gcc"])
        self.assertEqual(t.get("arm64").make_vars(),
                         ["ARCH=arm64", "CROSS_COMPILE=aarch64-linux-gnu-",
                          "CC=ccache aarch64-linux-gnu-gcc"])

    def test_unknown_arch_refused(self):
        with self.assertRaises(common.Refused):
            arches.ArchTable().get("riscv")

    def test_parse(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "a.tsv")
            with open(p, "w") as f:
                f.write("# comment\n\nx\tx86\t-\tgcc\tc/x.config\n"
                        "y\tyy\ty-\ty-gcc\tc/y.config\n")
            a = arches.parse_arches(p, top=d)
            self.assertEqual(a["x"].cross_compile, "")
            self.assertEqual(a["y"].cross_compile, "y-")
            self.assertEqual(str(a["y"].fragment), os.path.join(d, "c/y.config"))
            with open(p, "w") as f:
                f.write("x\tx86\t-\tgcc\n")
            with self.assertRaises(ValueError):
                arches.parse_arches(p, top=d)

    def test_arches_of(self):
        """A driver row first, then the globs (* crosses /), else x86_64;
        nothing for a file that is not C."""
        t = arches.ArchTable(
            arches={},
            paths=[("drivers/vfio/*", ["x86_64", "arm64"]), ("include/linux/*", ["s390"])],
            drivers=[(["drivers/vfio/fsl-mc/*", "x.c"], ["arm64"])])
        self.assertEqual(t.arches_of("drivers/vfio/fsl-mc/a/b.c"), ["arm64"])
        self.assertEqual(t.arches_of("drivers/vfio/pci/x.h"), ["x86_64", "arm64"])
        self.assertEqual(t.arches_of("include/linux/vfio.h"), ["s390"])
        self.assertEqual(t.arches_of("samples/y.c"), ["x86_64"])
        self.assertEqual(t.arches_of("drivers/vfio/Kconfig"), [])
        self.assertEqual(t.arches_of("x.c"), ["arm64"])


if __name__ == "__main__":
    unittest.main()
