# SPDX-License-Identifier: GPL-2.0-only
"""The pure parts of make series: folding, the cover table, To:/Cc:,
naming what the user typed, the conflict's hunk, the groups, the drivers
table, core patches' names, the vfio API of a tree, the output swap."""
import contextlib
import io
import os
import shutil
import subprocess
import tempfile
import unittest

from lifecycle import cli
from lifecycle import common
from lifecycle.series import output as series_output
from lifecycle.series import survey
from lifecycle.series.core import CorePatches
from lifecycle.series.drivers import group_of, matches, read_rows, subdir
from lifecycle.series.repo import hunk_of, uniq
from lifecycle.series.text import (as_typed, cc_header, cover_rows, fold,
                                   folded, drop_trailing_blank_lines)


class TestText(unittest.TestCase):
    def test_fold_like_gnu_fold(self):
        text = ("word " * 30).rstrip() + "\n" + "x" * 80 + "\n\tand a tab " * 3
        if shutil.which("fold"):
            r = subprocess.run(["fold", "-s", "-w", "72"], input=text,
                               stdout=subprocess.PIPE, text=True)
            self.assertEqual(fold(text), r.stdout)
        lines = fold(text).split("\n")
        self.assertEqual(lines[0], ("word " * 14))
        self.assertEqual(lines[3], "x" * 72)

    def test_folded_strips_trailing_spaces(self):
        self.assertEqual(folded("a " * 40), ("a " * 36).rstrip() + "\n" + "a " * 3 + "a")

    def test_trailing_blank_lines(self):
        self.assertEqual(drop_trailing_blank_lines(["a", "", "b", "", ""]), ["a", "", "b"])

    def test_as_typed(self):
        env = {"KERNEL": "/k"}
        self.assertEqual(as_typed("", "KERNEL", "/k", env), "KERNEL=/k")
        self.assertEqual(as_typed("", "KERNEL", "/j", env), "/j")
        self.assertEqual(as_typed("--hand", "HAND", "/h", env), "--hand /h")

    def test_cover_rows(self):
        rows = cover_rows([("mtty", "x86_64", "samples/vfio-mdev/mtty.c"),
                           ("gvt", "x86_64", " ".join("drivers/gpu/drm/i915/gvt/f%d.c" % i
                                                      for i in range(4)) + " (by hand)")])
        self.assertEqual(rows[0], "  mtty       x86_64   samples/vfio-mdev/mtty.c")
        self.assertTrue(all(len(r) <= 75 for r in rows))
        self.assertTrue(rows[2].startswith(" " * 22 + "drivers/"))
        self.assertTrue(rows[-1].endswith("(by hand)"))

    def test_cc_header(self):
        patch = "From x\nSubject: s\n\nbody\n"
        roles = ["A B <a@x> (maintainer:VFIO)", "l@x (open list:VFIO)",
                 "A B <a@x> (reviewer:VFIO)", "C <c@x> (reviewer:VFIO)"]
        self.assertEqual(cc_header(patch, roles),
                         "From x\nSubject: s\nTo: A B <a@x>\nCc: l@x,\n C <c@x>\n\nbody\n")
        self.assertEqual(cc_header(patch, []), patch)


class TestRepoParts(unittest.TestCase):
    def test_hunk_of(self):
        p = ("diff --git a/x.h b/x.h\n@@ -1,3 +1,4 @@\n a\n"
             "diff --git a/y.h b/y.h\n@@ -5,2 +5,3 @@ f\n")
        self.assertEqual(hunk_of(p, "y.h", "5"), "@@ -5,2 +5,3 @@ f")
        self.assertEqual(hunk_of(p, "x.h", "5"), "")

    def test_uniq(self):
        self.assertEqual(uniq(["a", "a", "b", "a"]), ["a", "b", "a"])


class TestDriversParts(unittest.TestCase):
    def test_group_of_is_a_word_match(self):
        groups = ["d/lcmid_core.c d/lcmid.h d/lcmid_a.c", "d/x.c d/x.h"]
        self.assertEqual(group_of(groups, "d/lcmid.h"), groups[0].split())
        # grep -w: "." ends a word, so d/lcmid is in d/lcmid.h; d/lcmi is not
        self.assertEqual(group_of(groups, "d/lcmid"), groups[0].split())
        self.assertEqual(group_of(groups, "d/lcmi"), [])
        self.assertEqual(group_of(groups, "x.c"), ["d/x.c", "d/x.h"])

    def test_matches_and_subdir(self):
        self.assertTrue(matches("drivers/vfio/pci/mlx5/main.c", ["drivers/vfio/pci/mlx5/*"]))
        self.assertFalse(matches("drivers/vfio/pci/vfio_pci.c", ["drivers/vfio/pci/mlx5/*"]))
        self.assertEqual(subdir("drivers/vfio/pci/x.c"), "vfio/pci")
        self.assertEqual(subdir("samples/vfio-mdev/x.c"), "samples/vfio-mdev")

    def test_read_rows(self):
        rows = read_rows(str(common.TOP / "scripts" / "series-drivers.tsv"))
        self.assertEqual(rows[0], ("pci", ["drivers/vfio/pci/vfio_pci.c"], "vfio/pci", "x86_64"))
        self.assertIn("mtty", [r[0] for r in rows])


class TestCoreNames(unittest.TestCase):
    def test_shown_and_named(self):
        with tempfile.TemporaryDirectory() as d:
            fam = os.path.join(d, "6.0")
            os.makedirs(fam)
            for n in ("0001-vfio-Add-helpers.patch", "0016-vfio-Add-dev.patch"):
                open(os.path.join(fam, n), "w").close()
            c = CorePatches("6.0", fam, d)
            self.assertIsNone(c.derived)
            self.assertEqual([os.path.basename(p) for p in c.post()], ["0016-vfio-Add-dev.patch"])
            self.assertEqual(c.named(os.path.join(fam, "0001-vfio-Add-helpers.patch")),
                             "0001-vfio-Add-helpers.patch")
            c.origin = [["0001-a.patch", "6.0", "a.patch", "helpers"],
                        ["0016-b.patch", "5.19", "b.patch", "last"]]
            self.assertEqual(c.shown(os.path.join(c.mat, "0001-a.patch")),
                             "core-patch/6.0/a.patch (helpers)")
            self.assertEqual(c.shown(os.path.join(c.mat, "0016-b.patch")),
                             "core-patch/5.19/b.patch (last) (paths as in 6.0)")
            self.assertEqual(c.named(os.path.join(c.mat, "0016-b.patch")), "b.patch")
            self.assertEqual(c.shown(c.mat), "core-patch/6.0")


class TestTargetApi(unittest.TestCase):
    def tree(self, d, header):
        os.makedirs(os.path.join(d, "include", "linux"), exist_ok=True)
        open(os.path.join(d, "Makefile"), "w").write("VERSION = 6\nPATCHLEVEL = 0\n")
        with open(os.path.join(d, "include", "linux", "vfio.h"), "w") as f:
            f.write(header)

    def test_apis(self):
        with tempfile.TemporaryDirectory() as d:
            self.tree(d, "void vfio_init_group_dev(void);\n")
            self.assertEqual(survey.target_api(d), "old")
            self.assertEqual(survey.makefile_var(d, "PATCHLEVEL"), "0")
            self.tree(d, "#define vfio_alloc_device(a) _vfio_alloc_device(a)\n"
                      "void vfio_free_device(void);\n")
            self.assertEqual(survey.target_api(d), "6.1")
            self.tree(d, "struct x *_vfio_alloc_device(void);\n")
            self.assertEqual(survey.target_api(d), "6.2")
            self.tree(d, "/* my_vfio_init_group_dev_x */\n")
            with self.assertRaises(common.Refused) as e:
                survey.target_api(d)
            self.assertIn("unknown vfio API", str(e.exception))


class TestOptions(unittest.TestCase):
    def test_unknown_option_is_bad_input(self):
        """An option make series does not know: exit 1 with the last
        line, like every refusal (not argparse's usage exit 2)."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            with self.assertRaises(SystemExit) as e:
                cli.main(["series", "--bogus", "/x"])
        self.assertEqual(e.exception.code, 1)
        self.assertIn("unknown option --bogus", err.getvalue())
        self.assertEqual(out.getvalue(), common.outcome_line(1, "refused; nothing written") + "\n")


class TestOutput(unittest.TestCase):
    def test_swap_keeps_check_and_cleanup_restores(self):
        with tempfile.TemporaryDirectory() as d:
            top = common.TOP
            try:
                common.TOP = type(top)(d)
                os.makedirs(os.path.join(d, "drivers-out", "n", "check"))
                open(os.path.join(d, "drivers-out", "n", "old"), "w").close()
                o = series_output.Output()
                tmpd = o.claim("n")
                open(os.path.join(tmpd, "new"), "w").close()
                o.swap_in()
                o.cleanup()
                self.assertEqual(sorted(os.listdir(os.path.join(d, "drivers-out", "n"))),
                                 ["check", "new"])
                # a run that fails: the output as it was, no temporary dir
                o = series_output.Output()
                o.claim("m")
                o.cleanup()
                self.assertEqual(sorted(x for x in os.listdir(os.path.join(d, "drivers-out"))
                                        if not x.endswith(".lock")), ["n"])
            finally:
                common.TOP = top
                while common._locks:
                    common._locks.pop().close()


if __name__ == "__main__":
    unittest.main()
