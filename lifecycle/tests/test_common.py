# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.common and the CLI: names, outcome lines, config checks."""
import contextlib
import io
import os
import subprocess
import tempfile
import unittest

from lifecycle import cli
from lifecycle import common


class TestCommon(unittest.TestCase):
    def test_out_name(self):
        self.assertEqual(common.out_name("/t/linux 6.0(x)"), "linux-6.0-x-")
        self.assertEqual(common.out_name("/t/.hidden/"), "-hidden")
        self.assertEqual(common.out_name("/t/modules"), "modules-series")

    def test_outcome_line(self):
        self.assertEqual(common.outcome_line(0), "  RESULT   done (exit 0)")
        self.assertEqual(common.outcome_line(3, "2 left"),
                         "  RESULT   needs a human (exit 3): 2 left")
        self.assertEqual(common.outcome_line(9), "  RESULT   exit 9 (exit 9)")

    def test_config_refused(self):
        with tempfile.TemporaryDirectory() as d:
            cfg, frag = os.path.join(d, ".config"), os.path.join(d, "frag")
            with open(cfg, "w") as f:
                f.write("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n")
            with open(frag, "w") as f:
                f.write("CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=n\nCONFIG_A=n\n"
                        "# comment\n")
            self.assertEqual(common.config_refused(cfg, frag),
                             ["CONFIG_B=y", "CONFIG_A=n"])
            self.assertEqual(common.config_refused_known(["CONFIG_B"], cfg, frag),
                             ["CONFIG_A=n"])

    def test_kconfig_unknown(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "drivers"))
            with open(os.path.join(d, "drivers", "Kconfig"), "w") as f:
                f.write("config FOO\n\tbool\nmenuconfig BAR\n")
            frag = os.path.join(d, "frag")
            with open(frag, "w") as f:
                f.write("CONFIG_FOO=y\nCONFIG_BAR=y\nCONFIG_NEW=m\n")
            self.assertEqual(common.kconfig_unknown(d, frag), ["CONFIG_NEW"])


class TestSelfCmd(unittest.TestCase):
    def test_runs_from_any_directory(self):
        """A command started through self_cmd finds its package from a
        directory outside the repository, without PYTHONPATH."""
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run(common.self_cmd("convert", "--help"), cwd=d,
                               env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("usage: python3 -m lifecycle convert", r.stdout)


class TestCli(unittest.TestCase):
    def test_a_command_imports_its_own_modules(self):
        """A command runs although another command's module cannot be
        imported (a copy of the toolkit without that command's room)."""
        saved = dict(cli.COMMANDS)
        cli.COMMANDS["broken"] = "lifecycle.no_such_module"
        try:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                with self.assertRaises(SystemExit) as e:
                    cli.main(["convert", "--help"])
            self.assertEqual(e.exception.code, 0)
            with self.assertRaises(ImportError):
                cli.main(["--help"])
        finally:
            cli.COMMANDS.clear()
            cli.COMMANDS.update(saved)

    def test_bad_usage_is_bad_input(self):
        """An unknown option or command, for every command: exit 1 (bad
        input, the README's table), never argparse's 2."""
        for argv in [[name, "--no-such-option"] for name in cli.COMMANDS] + [["no-such-command"]]:
            err = io.StringIO()
            with self.subTest(argv=argv), contextlib.redirect_stderr(err), \
                    contextlib.redirect_stdout(io.StringIO()):
                try:
                    rc = cli.main(argv)
                except SystemExit as e:
                    rc = e.code
                self.assertEqual(rc, 1)
                self.assertIn("error", err.getvalue())

    def test_every_command_has_help(self):
        """Every command of cli.COMMANDS answers --help with exit 0."""
        for name in cli.COMMANDS:
            out = io.StringIO()
            with self.subTest(command=name), contextlib.redirect_stdout(out):
                with self.assertRaises(SystemExit) as e:
                    cli.main([name, "--help"])
                self.assertEqual(e.exception.code, 0)
                self.assertIn("usage:", out.getvalue())


if __name__ == "__main__":
    unittest.main()
