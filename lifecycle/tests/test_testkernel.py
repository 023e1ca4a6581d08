# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.qemu.testkernel, testkernel_kbuild and kernel: flavours,
paths, the stamp, Kbuild's command line, the series' identity."""
import contextlib
import io
import os
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from lifecycle import cli
from lifecycle import common
from lifecycle.qemu import kernel as qemu_kernel
from lifecycle.qemu import testkernel
from lifecycle.qemu import testkernel_kbuild


class TestTestKernel(unittest.TestCase):
    def test_flavours(self):
        self.assertEqual([f.name for f in testkernel.fragments("base")],
                         ["test-kernel.config"])
        self.assertEqual([f.name for f in testkernel.fragments("kobj")],
                         ["test-kernel.config", "kobject-release.config"])
        for f in testkernel.fragments("kobj"):
            self.assertTrue(f.is_file(), f)
        with self.assertRaisesRegex(common.Refused, "unknown flavour 'x'"):
            testkernel.out_dir("x")
        self.assertEqual(testkernel.out_dir("kobj"), common.CACHE / "build/x86_64-kobj")

    def test_stray_argument_refused(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as e:
            cli.main(["test-kernel", "--print-dir", "x"])
        self.assertEqual(e.exception.code, common.Exit.INPUT)
        self.assertIn("unknown argument 'x'", err.getvalue())

    def test_stamp(self):
        with tempfile.TemporaryDirectory() as d:
            fr = Path(d) / "frag"
            fr.write_text("CONFIG_A=y\n")
            s1 = testkernel.stamp("6.1.1 123", [fr])
            self.assertRegex(s1, "^[0-9a-f]{64}$")
            self.assertEqual(testkernel.stamp("6.1.1 123", [fr]), s1)
            self.assertNotEqual(testkernel.stamp("6.1.2 123", [fr]), s1)
            fr.write_text("CONFIG_A=n\n")
            self.assertNotEqual(testkernel.stamp("6.1.1 123", [fr]), s1)

    def test_make_cmd(self):
        with mock.patch.dict(os.environ, {"J": "3"}):
            self.assertEqual(testkernel_kbuild.make_cmd("/s", "/o", "-s", "bzImage",
                                                        cc="ccache gcc"),
                             ["make", "-C", "/s", "O=/o", "ARCH=x86", "CC=ccache gcc",
                              "-j3", "cmd_check_local_export=", "-s", "bzImage"])

    def test_series_id(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = Path(d) / "a", Path(d) / "b"
            a.write_text("one\n")
            b.write_text("two\n")
            self.assertNotEqual(qemu_kernel.series_id([a, b]), qemu_kernel.series_id([b, a]))
            # the same as sha256sum over the patches' text, in order
            r = subprocess.run("cat a b | sha256sum", shell=True, cwd=d,
                               stdout=subprocess.PIPE, text=True)
            self.assertEqual(qemu_kernel.series_id([a, b]), r.stdout.split()[0])


if __name__ == "__main__":
    unittest.main()
