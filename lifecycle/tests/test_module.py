# SPDX-License-Identifier: GPL-2.0-only
"""make convert's pure parts (lifecycle/module/args.py, module_run.py):
the M=/KERNEL= words, the directories they name, the sources and the
output's name, the kernel's readiness, the outcome chosen."""
import os
import tempfile
import unittest

from lifecycle import common
from lifecycle.module import args as module_args
from lifecycle.module import run as module_run
from lifecycle.common import Refused


class TestWords(unittest.TestCase):
    def test_forms(self):
        self.assertEqual(module_args.parse_words(["M=a"]), ("a", None))
        self.assertEqual(module_args.parse_words(["KERNEL=/k", "M=a b"]),
                         ("a b", "/k"))
        # an empty KERNEL= means the default (the test kernel)
        self.assertEqual(module_args.parse_words(["M=a", "KERNEL="]), ("a", None))
        # the later word wins, as on make's command line
        self.assertEqual(module_args.parse_words(["M=a", "M=b"]), ("b", None))
        # a value may hold '=' and start with '-'
        self.assertEqual(module_args.parse_words(["M=-x=y"]), ("-x=y", None))

    def test_refused(self):
        for words in ([], ["M="], ["KERNEL=/k"]):
            with self.subTest(words=words), self.assertRaises(Refused) as e:
                module_args.parse_words(words)
            self.assertIn("M=<module dir> is required", str(e.exception))
        for words in (["m=a"], ["M=a", "extra"], ["-x"]):
            with self.subTest(words=words), self.assertRaises(Refused) as e:
                module_args.parse_words(words)
            self.assertTrue(str(e.exception).startswith("usage: "))


class TestNames(unittest.TestCase):
    def test_safe_name(self):
        self.assertEqual(module_args.safe_name("lcserial"), "lcserial")
        self.assertEqual(module_args.safe_name("t64-a+b"), "t64-a_b")
        self.assertEqual(module_args.safe_name("r e(a)l+1"), "r_e_a_l_1")
        self.assertEqual(module_args.safe_name(".hidden"), "_.hidden")
        self.assertEqual(module_args.safe_name("-dash"), "_-dash")
        # bytewise, as tr: a two-byte character gives two '_'
        self.assertEqual(module_args.safe_name("caf\u00e9"), "caf__")

    def test_given_name(self):
        with tempfile.TemporaryDirectory() as d:
            real = os.path.join(d, "real")
            os.makedirs(os.path.join(real, "sub"))
            os.symlink(real, os.path.join(d, "link"))
            # a symbolic link's own name, not its target's
            self.assertEqual(module_args.given_name(os.path.join(d, "link")), "link")
            self.assertEqual(module_args.given_name(os.path.join(d, "link") + "/"), "link")
            # '..' taken textually, as cd does
            self.assertEqual(module_args.given_name(
                os.path.join(d, "link", "sub", "..")), "link")
        self.assertEqual(module_args.given_name("/"), "root")

    def test_dir_of(self):
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "file")
            open(f, "w").close()
            os.symlink(os.path.join(d, "gone"), os.path.join(d, "dangling"))
            self.assertEqual(module_args.dir_of("M", d, "module"),
                             os.path.realpath(d))
            cases = ((f, "M=%s is a file, not a directory: name the module directory" % f),
                     (os.path.join(d, "dangling"), "is a dangling symbolic link"),
                     (os.path.join(d, "none"), "no such directory"))
            for path, want in cases:
                with self.subTest(path=path), self.assertRaises(Refused) as e:
                    module_args.dir_of("M", path, "module")
                self.assertIn(want, str(e.exception))

    def test_apart(self):
        module_args.check_apart("m", "/w/mod", "/top/drivers-out")
        module_args.check_apart("m", "/top/drivers-outside", "/top/drivers-out")
        with self.assertRaisesRegex(Refused, "is inside drivers-out/"):
            module_args.check_apart("m", "/top/drivers-out/modules/x", "/top/drivers-out")
        with self.assertRaisesRegex(Refused, "contains drivers-out/"):
            module_args.check_apart("m", "/top", "/top/drivers-out")
        with self.assertRaisesRegex(Refused, "contains drivers-out/"):
            module_args.check_apart("m", "/", "/top/drivers-out")


class TestSources(unittest.TestCase):
    def tree(self, d, names):
        for n in names:
            p = os.path.join(d, n)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "w").close()

    def test_list(self):
        with tempfile.TemporaryDirectory() as d:
            self.tree(d, ["b.c", "a.h", "Kbuild", "README", "sub/Makefile",
                          "sub/x.c", ".pc/y.c", ".hidden.c", "B.c", "x.o"])
            os.symlink(os.path.join(d, "sub"), os.path.join(d, "lnk"))
            # a link back up: walked once, no loop
            os.symlink(d, os.path.join(d, "sub", "up"))
            self.assertEqual(module_args.list_sources(d),
                             ["B.c", "Kbuild", "a.h", "b.c", "lnk/Makefile",
                              "lnk/x.c", "sub/Makefile", "sub/x.c"])

    def test_check(self):
        self.assertEqual(module_args.check_sources("m", ["Kbuild", "a.c", "a.h", "s/b.c"]),
                         ["a.c", "s/b.c"])
        with self.assertRaisesRegex(Refused, "^m has no .c files$"):
            module_args.check_sources("m", ["Kbuild", "a.h"])
        with self.assertRaisesRegex(Refused, "^m has no Kbuild or Makefile"):
            module_args.check_sources("m", ["a.c", "Makefile.x"])
        with self.assertRaisesRegex(Refused, "shell characters: a b.c c\\$.c d'.c$"):
            module_args.check_sources("m", ["Kbuild", "a b.c", "c$.c", "d'.c", "e(.c", "ok+1.c"])


class TestKernel(unittest.TestCase):
    def test_not_built(self):
        with tempfile.TemporaryDirectory() as k:
            want = [".config", "include/generated/autoconf.h",
                    "scripts/mod/modpost", "Module.symvers"]
            for i, miss in enumerate(want):
                with self.subTest(missing=miss):
                    self.assertEqual(module_args.not_built(k)[0], miss)
                p = os.path.join(k, miss)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                open(p, "w").close()
                if miss == "scripts/mod/modpost":
                    # there but not executable: not built
                    self.assertEqual(module_args.not_built(k)[0], miss)
                    os.chmod(p, 0o755)
            self.assertIsNone(module_args.not_built(k))
            os.unlink(os.path.join(k, "Module.symvers"))
            self.assertIn("modules_prepare does not write", module_args.not_built(k)[1])

    def test_api(self):
        self.assertIsNone(module_args.api_refusal("6.1", "/k"))
        self.assertIsNone(module_args.api_refusal("6.2", "/k"))
        self.assertIn("still has the old vfio core API", module_args.api_refusal("old", "/k"))
        self.assertIn("cannot tell", module_args.api_refusal("", "/k"))

    def test_plain_path(self):
        self.assertTrue(module_args.plain_path("/a/b-c_d.e+f/1"))
        for p in ("/a b", "/a(b", "/it's", "/a$b"):
            self.assertFalse(module_args.plain_path(p), p)


class TestOutcome(unittest.TestCase):
    def test_choice(self):
        rel = "drivers-out/modules/m"
        self.assertEqual(module_run.outcome_of(0, True, rel),
                         module_run.Result(0, rel + ": built; the verdicts are in "
                                           + rel + "/conversion.log"))
        self.assertEqual(module_run.outcome_of(0, False, rel),
                         module_run.Result(4, "see " + rel + "/build.log"))
        r = module_run.outcome_of(3, True, rel)
        self.assertEqual((r.code, r.why.endswith("and why)")), (3, True))
        # a file left as it was cannot build: the human comes first
        r = module_run.outcome_of(3, False, rel)
        self.assertEqual(r.code, 3)
        self.assertTrue(r.why.endswith("(the build failed too: %s/build.log)" % rel))
        self.assertEqual(common.outcome_line(r.code, r.why)[:35],
                         "  RESULT   needs a human (exit 3): ")

    def test_patch_lines(self):
        p = b"--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-old\n+new\n+\n context\n--x\n"
        self.assertEqual(module_run.changed_lines(p), 2)

    def test_fix_line(self):
        self.assertEqual(
            module_run.fix_line("a.c", "rm probe reg st vdev destroy 12 x"),
            "a.c: fixed first: rm() never unregistered the vfio_device probe() "
            "registers (reg()): vfio_unregister_group_dev(&st->vdev) added "
            "before destroy() (fixes.patch; cocci/vfio_missing_unregister.cocci)")


if __name__ == "__main__":
    unittest.main()
