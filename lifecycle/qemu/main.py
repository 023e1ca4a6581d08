# SPDX-License-Identifier: GPL-2.0-only
"""make check (without KERNEL=): boot the test kernel in QEMU, run the
guest tests, and turn what happened into one verdict.

The guest (qemu/guest/init, busybox) runs the tests of --tests and reports
through isa-debug-exit; lifecycle.qemu.judge turns QEMU's exit status and
the serial log into the last line, "RESULT: PASS" or "RESULT: FAIL:
<class>: <detail>" (class: guest, timeout, crash, log).  Exit 0 on pass, 1
on fail, 2 when the harness itself could not run.
"""
import argparse
import os
import sys
import time
from pathlib import Path

from lifecycle import common
from lifecycle.qemu import guest as qemu_guest
from lifecycle.qemu import judge as qemu_judge

PROG = "lifecycle qemu"

EPILOG = """\
tests: comma-separated, from mtty mdpy mbochs pci faults-M leak uaf
double_free badtype hang, xmdev-M and xpci-M (an --extra-ko M.ko: an mdev
parent M, type M-1, UART scratch register in BAR0; a vfio-pci variant M).

environment: LC_ACCEL=kvm|tcg overrides the guess (KVM only when the CPU
flags show vmx/svm); LC_GUEST_MEM=<MiB> the guest's memory (512).
"""


def parser_args(p):
    """The options (those of the shell harness it replaces)."""
    p.add_argument("--tests", default="mtty,pci", metavar="LIST",
                   help="the guest tests to run, comma-separated (default mtty,pci)")
    p.add_argument("--cycles", default="3", metavar="N",
                   help="rounds of each test (default 3)")
    p.add_argument("--timeout", default="", metavar="SECONDS",
                   help="kill a guest without a verdict after this (default 300 s "
                   "with KVM, 900 s without)")
    p.add_argument("--log", default="", metavar="FILE",
                   help="the serial log (default in the cache's logs/)")
    p.add_argument("--flavour", default="base", choices=("base", "kobj"),
                   help="test kernel flavour (make test-kernel); on kobj the mdev "
                   "parent modules stay loaded unless --unload (see "
                   "qemu/kernel/kobject-release.config for why)")
    p.add_argument("--unload", dest="unload", action="store_const", const=1,
                   help="unload the mdev parent modules every round (base's default)")
    p.add_argument("--keep-loaded", dest="unload", action="store_const", const=0,
                   help="load the mdev parent modules once, and keep them")
    p.add_argument("--parallel", action="store_const", const=1, default=0,
                   help="the tests run at the same time in the guest (an exerciser "
                   "process each; the guest has 2 CPUs)")
    p.add_argument("--virtual-clock", dest="vclock", action="store_const", const=1,
                   default=0,
                   help="under TCG, guest time runs on QEMU's instruction counter and "
                   "jumps over idle periods (-icount shift=auto,sleep=off): a "
                   "sleeping guest costs no wall time (a PCI bus reset sleeps 1 s); "
                   "ignored under KVM")
    p.add_argument("--prepare", action="store_true",
                   help="build the kernel (if ours) and the initramfs, then stop: "
                   "several boots of the same kernel can then start at once")
    p.add_argument("--kernel-out", default="", metavar="DIR",
                   help="boot a kernel built elsewhere (an O= build directory with "
                   "arch/x86/boot/bzImage and its modules installed under DIR/mods), "
                   "built with qemu/kernel/test-kernel.config")
    p.add_argument("--extra-ko", action="append", default=[], metavar="FILE.ko",
                   help="a module for the guest's /lib/modules/<rel>/extra/ "
                   "(repeatable)")


def options(args):
    """The options checked, with their defaults filled in: a dict (the
    plan of the run).  Refused on a bad value."""
    for ko in args.extra_ko:
        if not os.path.isfile(ko):
            common.die("--extra-ko %s: no such file" % ko)
    if not args.cycles.isdigit():
        common.die("--cycles takes a number")
    unload = args.unload
    if unload is None:
        unload = 1 if args.flavour == "base" else 0
    return {"tests": args.tests, "cycles": args.cycles, "flavour": args.flavour,
            "unload": unload, "parallel": args.parallel, "vclock": args.vclock,
            "timeout": args.timeout, "log": args.log, "kernel_out": args.kernel_out,
            "extra": [os.path.abspath(k) for k in args.extra_ko],
            "prepare": args.prepare}


def kernel_append(o):
    """The guest kernel's command line: the console, and the tests for
    the guest's /init."""
    return ("console=ttyS0 panic=-1 kasan_multi_shot lctests=%s lccycles=%s "
            "lcunload=%s lcparallel=%s" % (o["tests"], o["cycles"], o["unload"],
                                            o["parallel"]))


def default_log(name, tests):
    """The serial log's default place."""
    return common.CACHE / "logs" / ("%s-%s.log" % (name, tests.replace(",", "-")))


def guess_accel():
    """LC_ACCEL, or kvm when this machine really offers it, tcg otherwise."""
    return os.environ.get("LC_ACCEL") or ("kvm" if qemu_guest.kvm_usable() else "tcg")


def boot(o):
    """The run: kernel, initramfs, QEMU, verdict.  Its exit code."""
    common.need_cmd("qemu-system-x86_64", "timeout")
    if o["kernel_out"]:
        kernel = qemu_guest.external_kernel(o["kernel_out"])
    else:
        kernel = qemu_guest.test_kernel(o["flavour"])
    cpio = qemu_guest.initramfs(kernel)
    if o["prepare"]:
        return 0
    initrd, scratch = qemu_guest.with_extra(cpio, kernel, o["extra"])
    try:
        return run_guest(o, kernel, initrd)
    finally:
        if scratch:
            os.unlink(scratch)


def run_guest(o, kernel, initrd):
    """QEMU on KERNEL and INITRD, its progress shown, the verdict printed
    last; the exit code."""
    accel = guess_accel()
    accel_opts, timeout = qemu_guest.accel_options(accel, o["vclock"], o["timeout"])
    # Guest memory: 512 MiB holds every test (100 rounds of the four
    # devices side by side included).  More costs time, not space:
    # kmemleak's scans (one before the tests, two after) walk all of it,
    # and under TCG a boot and its tests (the negative controls) took
    # 29.5 s with 1536 MiB, 15.7 s with 512.
    mem = os.environ.get("LC_GUEST_MEM") or "512"
    log = Path(o["log"] or default_log(kernel.name, o["tests"]))
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")

    common.step("QEMU", "%s x%s (%s, unload=%s, %s, %s MiB, timeout %ss)" % (
        o["tests"], o["cycles"], kernel.name, o["unload"], " ".join(accel_opts[1:]),
        mem, timeout))
    common.step("LOG", str(log))
    start = time.time()
    cmd = qemu_guest.qemu_cmd(accel_opts, mem, log, kernel, initrd, kernel_append(o))
    rc = qemu_guest.run_with_progress(cmd, timeout, log)
    secs = int(time.time() - start)

    data = log.read_bytes()
    common.step("GUEST", "%d rounds ok, %d not ok, %ds" % (
        qemu_judge.count(data, b"ok "), qemu_judge.count(data, b"not ok "), secs))
    v = qemu_judge.verdict_of_exit(rc, data, timeout)
    out = sys.stdout.buffer
    if v.kind == "harness":
        print(v.line(), flush=True)
        out.write(b"".join(ln + b"\n" for ln in qemu_judge.lines(data)[-20:]))
        out.flush()
        return v.exit_code()
    # Belt and braces: the log itself must be clean for a pass (the same
    # judge as the guest's: known kernel-core warnings are counted, not
    # failed).
    v = qemu_judge.apply_judged(v, qemu_judge.judge_log(log))
    for k in v.known:
        print(k)
    if v.kind != "PASS":
        sys.stdout.flush()
        out.write(b"".join(ln + b"\n" for ln in qemu_judge.failure_report(data, log)))
        out.flush()
    print(v.line(), flush=True)
    return v.exit_code()


def register(sub):
    p = sub.add_parser("qemu", help="boot the test kernel in QEMU and run the guest "
                       "tests (make check without KERNEL=)",
                       description=__doc__.split("\n\n")[0], epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    parser_args(p)
    return p


def run(args):
    common.set_prog(PROG)
    try:
        return boot(options(args))
    except common.Refused as e:
        common.error(str(e))
        return common.Exit.INPUT
    except qemu_guest.HarnessError as e:
        if str(e):
            common.error(str(e))
        return 2
