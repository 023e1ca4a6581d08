# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.qemu.main and its parts: the options, QEMU's exit status and the
serial log judged, the command line, the newc archive of extra modules."""
import argparse
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

from lifecycle import common
from lifecycle.qemu import main as qemu
from lifecycle.qemu import guest as qemu_guest
from lifecycle.qemu import judge as qemu_judge

KNOWN_LOG = b"""[    5.94] ------------[ cut here ]------------\r
[    5.94] WARNING: CPU: 0 PID: 31 at drivers/vfio/vfio_main.c:179 vfio_group_release+0x71/0x90\r
[    5.94] Call Trace:\r
[    5.94]  device_release+0x93/0x200\r
[    5.94]  vfio_create_group+0x338/0x4f0\r
[    5.95] ---[ end trace 0000000000000000 ]---\r
"""


def parse(*argv):
    p = argparse.ArgumentParser()
    qemu.parser_args(p)
    return qemu.options(p.parse_args(list(argv)))


class TestOptions(unittest.TestCase):
    def test_defaults(self):
        o = parse()
        self.assertEqual((o["tests"], o["cycles"], o["unload"], o["parallel"],
                          o["vclock"], o["prepare"]), ("mtty,pci", "3", 1, 0, 0, False))

    def test_unload_follows_the_flavour(self):
        self.assertEqual(parse("--flavour", "kobj")["unload"], 0)
        self.assertEqual(parse("--flavour", "kobj", "--unload")["unload"], 1)
        self.assertEqual(parse("--keep-loaded")["unload"], 0)

    def test_refusals(self):
        with self.assertRaisesRegex(common.Refused, "--cycles takes a number"):
            parse("--cycles", "5x")
        with self.assertRaisesRegex(common.Refused, "no such file"):
            parse("--extra-ko", "/nonexistent/m.ko")

    def test_extra_ko_absolute(self):
        with tempfile.NamedTemporaryFile(suffix=".ko", dir=".") as f:
            o = parse("--extra-ko", os.path.basename(f.name))
            self.assertEqual(o["extra"], [os.path.abspath(f.name)])

    def test_append_and_log(self):
        o = parse("--tests", "mdpy,mbochs", "--cycles", "7", "--parallel")
        self.assertEqual(qemu.kernel_append(o),
                         "console=ttyS0 panic=-1 kasan_multi_shot lctests=mdpy,mbochs "
                         "lccycles=7 lcunload=1 lcparallel=1")
        self.assertEqual(qemu.default_log("kobj", "mtty,pci").name, "kobj-mtty-pci.log")


class TestJudge(unittest.TestCase):
    def test_exit_status(self):
        log = b"ok 1 - mtty round 1\r\nLC-FAIL: kmemleak: 2 unreferenced\r\nLC-FAIL: x\r\n"
        self.assertEqual(qemu_judge.verdict_of_exit(1, log, 900).line(), "RESULT: PASS")
        self.assertEqual(qemu_judge.verdict_of_exit(3, log, 900).line(),
                         "RESULT: FAIL: guest: kmemleak: 2 unreferenced\r")
        v = qemu_judge.verdict_of_exit(124, log, 60)
        self.assertEqual((v.line(), v.exit_code()),
                         ("RESULT: FAIL: timeout: no verdict after 60s (guest hung)", 1))
        self.assertRegex(qemu_judge.verdict_of_exit(0, log, 9).line(), "^RESULT: FAIL: crash: ")
        h = qemu_judge.verdict_of_exit(255, log, 9)
        self.assertEqual((h.line(), h.exit_code()),
                         ("RESULT: FAIL: harness: qemu exited 255", 2))

    def test_counts_and_progress(self):
        log = b"ok 1 - a\nnot ok 2 - b\nok 3 - c\n# ok\nLC-TEST: mtty\n"
        self.assertEqual((qemu_judge.count(log, b"ok "), qemu_judge.count(log, b"not ok ")),
                         (2, 1))
        shown = [ln for ln in qemu_judge.lines(log) + [b"# mtty: 5 of 5 rounds ok"]
                 if qemu_judge.PROGRESS_RE.match(ln)]
        self.assertEqual(shown, [b"not ok 2 - b", b"LC-TEST: mtty", b"# mtty: 5 of 5 rounds ok"])

    def test_apply_judged(self):
        judged = ["KNOWN: vfio core: b", "KNOWN: vfio core: a", "KNOWN: vfio core: b"]
        v = qemu_judge.apply_judged(qemu_judge.Verdict("PASS"), judged)
        self.assertEqual(v.line(), "RESULT: PASS")
        self.assertEqual(v.known, ["  KNOWN    1x vfio core: a", "  KNOWN    2x vfio core: b"])
        v = qemu_judge.apply_judged(qemu_judge.Verdict("PASS"),
                                    judged + ["BAD: [1] BUG: KASAN: x", "BAD: [2] y"])
        self.assertEqual((v.line(), v.exit_code()), ("RESULT: FAIL: log: [1] BUG: KASAN: x", 1))
        # a guest's own failure is not replaced by the log's
        v = qemu_judge.apply_judged(qemu_judge.Verdict("FAIL", "guest: z"), ["BAD: w"])
        self.assertEqual(v.line(), "RESULT: FAIL: guest: z")

    def test_judge_log_runs_the_awk_judge(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "serial.log"
            p.write_bytes(KNOWN_LOG + b"LC-FAIL: BUG: planted\r\n")
            judged = qemu_judge.judge_log(p)
            self.assertEqual(len(judged), 1)
            self.assertTrue(judged[0].startswith("KNOWN: vfio core:"), judged)
            p.write_bytes(KNOWN_LOG.replace(b"vfio_create_group+0x338", b"lcx_probe+0x12"))
            self.assertEqual(sum(j.startswith("BAD: ") for j in qemu_judge.judge_log(p)), 2)

    def test_failure_report(self):
        log = b"".join(b"line %d\n" % i for i in range(30)) + b"not ok 1 - x\n"
        rep = qemu_judge.failure_report(log, "/l")
        self.assertEqual(rep[0], b"not ok 1 - x")
        self.assertEqual(rep[1], b"--- last lines of /l")
        self.assertEqual(len(rep), 2 + 25)
        self.assertEqual(rep[-1], b"not ok 1 - x")


class TestGuest(unittest.TestCase):
    def test_accel(self):
        self.assertEqual(qemu_guest.accel_options("kvm", 1, ""),
                         (["-accel", "kvm", "-cpu", "host"], 300))
        self.assertEqual(qemu_guest.accel_options("tcg", 1, "60"),
                         (["-accel", "tcg", "-cpu", "max", "-icount",
                           "shift=auto,sleep=off"], "60"))
        self.assertEqual(qemu_guest.accel_options("tcg", 0, "")[1], 900)
        with self.assertRaisesRegex(common.Refused, "LC_ACCEL"):
            qemu_guest.accel_options("xen", 0, "")

    def test_external_kernel(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(qemu_guest.HarnessError,
                                        "needs arch/x86/boot/bzImage and modules"):
                qemu_guest.external_kernel(d)
            os.makedirs(os.path.join(d, "arch/x86/boot"))
            os.makedirs(os.path.join(d, "mods/lib/modules"))
            open(os.path.join(d, "arch/x86/boot/bzImage"), "w").close()
            k = qemu_guest.external_kernel(d)
            self.assertRegex(k.name, "^ext-[0-9a-f]{12}$")
            self.assertEqual(k.stamp, Path(d) / "arch/x86/boot/bzImage")

    def test_cpio_of(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "root/lib/modules/6.1/extra"))
            Path(d, "root/lib/modules/6.1/extra/m.ko").write_bytes(b"ko")
            data = qemu_guest.cpio_of(os.path.join(d, "root"))
            r = subprocess.run(["cpio", "-t", "--quiet"], input=data, stdout=subprocess.PIPE)
            self.assertEqual(r.stdout.decode().split(),
                             [".", "lib", "lib/modules", "lib/modules/6.1",
                              "lib/modules/6.1/extra", "lib/modules/6.1/extra/m.ko"])

    def test_qemu_cmd(self):
        k = qemu_guest.Kernel(Path("/k"), Path("/k/s"), "base")
        cmd = qemu_guest.qemu_cmd(["-accel", "tcg"], "512", "/l", k, "/i", "console=ttyS0")
        self.assertEqual(cmd[:3], ["qemu-system-x86_64", "-accel", "tcg"])
        self.assertIn("file:/l", cmd)
        self.assertEqual(cmd[cmd.index("-kernel") + 1], "/k/arch/x86/boot/bzImage")
        self.assertIn("isa-debug-exit,iobase=0xf4,iosize=0x04", cmd)


if __name__ == "__main__":
    unittest.main()
