# SPDX-License-Identifier: GPL-2.0-only
"""The guest's side of a run: the kernel and initramfs it boots, the
accelerator, QEMU's command line, and QEMU run with its progress shown.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from lifecycle import common
from lifecycle.qemu import judge as qemu_judge
from lifecycle.qemu import testkernel

# What the initramfs is made of (besides the kernel): it is rebuilt when
# one of them is newer than it.
INITRAMFS_INPUTS = ("qemu/guest", "qemu/negative", "qemu/mkinitramfs.sh",
                    "qemu/kernel/known-core-warnings")


class HarnessError(Exception):
    """The harness itself could not run (exit 2); the message, if any, is
    an error line."""


@dataclass
class Kernel:
    """The kernel a guest boots: its build directory, the file whose
    change means a new kernel, and the initramfs's name."""
    out: Path
    stamp: Path
    name: str


def external_kernel(kout):
    """A kernel built elsewhere (--kernel-out): bzImage and installed
    modules needed; its initramfs named by its path."""
    k = Path(kout)
    if not (k / "arch/x86/boot/bzImage").is_file() or not (k / "mods/lib/modules").is_dir():
        raise HarnessError(
            "--kernel-out %s: needs arch/x86/boot/bzImage and modules installed in "
            "%s/mods (make INSTALL_MOD_PATH=%s/mods modules_install)" % (kout, kout, kout))
    k = Path(os.path.abspath(k))
    name = "ext-" + hashlib.sha256((str(k) + "\n").encode()).hexdigest()[:12]
    return Kernel(k, k / "arch/x86/boot/bzImage", name)


def test_kernel(flavour):
    """The cached test kernel of FLAVOUR, built when it is not."""
    try:
        rc = testkernel.ensure(flavour)
    except (common.Refused, common.ToolFailed) as e:
        common.error(str(e))
        rc = 1
    if rc != 0:
        raise HarnessError("")
    out = testkernel.out_dir(flavour)
    return Kernel(out, out / ".lc-stamp", flavour)


def newer_than(path, inputs):
    """Whether a file under INPUTS (files or directories) is newer than
    PATH."""
    t = path.stat().st_mtime
    for i in inputs:
        i = Path(i)
        if i.is_file():
            if i.stat().st_mtime > t:
                return True
            continue
        for root, _dirs, files in os.walk(i):
            for f in files:
                if os.stat(os.path.join(root, f)).st_mtime > t:
                    return True
    return False


def initramfs(kernel):
    """The kernel's initramfs (qemu/mkinitramfs.sh), rebuilt only when one
    of its inputs changed."""
    cpio = common.CACHE / ("initramfs-%s.cpio" % kernel.name)
    inputs = [common.TOP / i for i in INITRAMFS_INPUTS] + [kernel.stamp]
    if not cpio.is_file() or newer_than(cpio, inputs):
        sys.stdout.flush()
        if subprocess.run(["sh", str(common.TOP / "qemu/mkinitramfs.sh"), str(kernel.out),
                           str(cpio)]).returncode != 0:
            raise HarnessError("")
    return cpio


def cpio_of(root):
    """ROOT's files as a newc cpio archive (bytes), sorted as the
    initramfs is."""
    names = ["."]
    for dirpath, dirs, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        for n in dirs + files:
            names.append("./" + n if rel == "." else "./%s/%s" % (rel, n))
    names.sort(key=lambda s: s.encode())
    r = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root,
                       input=("\n".join(names) + "\n").encode(), stdout=subprocess.PIPE)
    if r.returncode != 0:
        raise HarnessError("cpio failed (exit %d)" % r.returncode)
    return r.stdout


def with_extra(cpio, kernel, extra):
    """CPIO with the EXTRA modules in a second archive appended: the kernel
    unpacks both into the same root (its extra/ directory).  A file of
    this run, removed by the caller; CPIO itself when there is none."""
    if not extra:
        return cpio, None
    krel = (kernel.out / "include/config/kernel.release").read_text().strip()
    with tempfile.TemporaryDirectory() as xroot:
        d = Path(xroot) / "lib/modules" / krel / "extra"
        d.mkdir(parents=True)
        for ko in extra:
            (d / os.path.basename(ko)).write_bytes(Path(ko).read_bytes())
        x = cpio_of(xroot)
    initrd = common.CACHE / ("initramfs-%s-run%d.cpio" % (kernel.name, os.getpid()))
    with open(initrd, "wb") as f:
        f.write(Path(cpio).read_bytes())
        f.write(x)
    return initrd, initrd


def kvm_usable(cpuinfo=None):
    """KVM when this machine really offers it: a /dev/kvm without vmx/svm
    in the CPU flags is a sandbox's stub that starts guests which never
    run."""
    if not (os.access("/dev/kvm", os.R_OK) and os.access("/dev/kvm", os.W_OK)):
        return False
    if cpuinfo is None:
        with open("/proc/cpuinfo") as f:
            cpuinfo = f.read()
    return any(w in ("vmx", "svm") for w in cpuinfo.split())


def accel_options(accel, vclock, timeout):
    """QEMU's accelerator options and the timeout for ACCEL (kvm or tcg):
    software emulation is slower, so its default timeout is longer.
    VCLOCK: under TCG, guest time on the instruction counter, jumping over
    idle periods."""
    if accel == "kvm":
        return ["-accel", "kvm", "-cpu", "host"], timeout or 300
    if accel == "tcg":
        opts = ["-accel", "tcg", "-cpu", "max"]
        if vclock:
            opts += ["-icount", "shift=auto,sleep=off"]
        return opts, timeout or 900
    common.die("LC_ACCEL must be kvm or tcg")


def qemu_cmd(accel_opts, mem, log, kernel, initrd, append):
    """QEMU's command line: q35, 2 CPUs, the serial console to LOG,
    isa-debug-exit for the verdict, edu behind a PCIe root port."""
    return (["qemu-system-x86_64"] + accel_opts +
            ["-machine", "q35", "-smp", "2", "-m", str(mem),
             "-nodefaults", "-display", "none", "-monitor", "none", "-no-reboot",
             "-serial", "file:%s" % log,
             "-kernel", str(kernel.out / "arch/x86/boot/bzImage"), "-initrd", str(initrd),
             "-append", append,
             "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
             "-device", "pcie-root-port,id=rp0,chassis=1",
             "-device", "edu,bus=rp0"])


def run_with_progress(cmd, timeout, log):
    """CMD under timeout(1) (killed 10 s after), the log's progress lines
    shown as "  GUEST    ..." while it runs; its exit status."""
    p = subprocess.Popen(["timeout", "-k", "10", str(timeout)] + cmd,
                         stdin=subprocess.DEVNULL)
    out = sys.stdout.buffer
    pos = 0
    rest = b""
    while True:
        done = p.poll() is not None
        with open(log, "rb") as f:
            f.seek(pos)
            chunk = f.read()
        pos += len(chunk)
        buf = rest + chunk
        *full, rest = buf.split(b"\n")
        for ln in full:
            if qemu_judge.PROGRESS_RE.match(ln):
                out.write(b"  GUEST    " + ln + b"\n")
                out.flush()
        if done:
            if rest and qemu_judge.PROGRESS_RE.match(rest):
                out.write(b"  GUEST    " + rest + b"\n")
                out.flush()
            return p.returncode
        time.sleep(0.25)
