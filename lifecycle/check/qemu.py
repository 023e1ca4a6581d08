# SPDX-License-Identifier: GPL-2.0-only
"""make check's last stage: the final tree as the x86_64 test kernel in
QEMU.  The kernel builds from its own checkout beside the bisect, at the
lowest priority (the bisect keeps the CPUs it uses, the kernel build takes
the time they are idle), in a process group of its own so that stopping
early stops its compilers too.  Then five boots side by side: the life
cycle of each parent, fail-nth over each parent's create path, and the
negative controls.  Their outcome is a list of (what, result) lines, the
QEMU record's results.

The harness is the package's qemu-kernel and qemu commands (qemu/ holds
their data); each is called through one function here.
"""
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from lifecycle import common

KNOWN = common.TOP / "qemu" / "kernel" / "known-core-warnings"
# the negative controls: what must catch each, and the line it writes
NEGATIVES = (("leak", "kmemleak", r"LC-FAIL: kmemleak: [0-9]+ unreferenced"),
             ("uaf", "KASAN", r"BUG: KASAN: .*use-after-free"))


def qemu_kernel_cmd(kernel, base, qsrc, odir, status, patches):
    """The test kernel's build of the final tree (lifecycle qemu-kernel)."""
    return common.self_cmd("qemu-kernel", kernel, base, qsrc, odir, status, *patches)


def qemu_run_cmd(args):
    """A boot of the test kernel (lifecycle qemu ARGS)."""
    return common.self_cmd("qemu", *args)


@dataclass
class QemuOutcome:
    """The QEMU stage: its results, whether it failed, its seconds."""
    results: list = field(default_factory=list)   # [(label, text)]

    def records(self):
        """The results as the record has them: [{"label", "text"}], a line
        each (a text of several lines gives lines without a label)."""
        text = "\n".join("%s\t%s" % r for r in self.results)
        out = []
        for line in text.splitlines():
            label, tab, t = line.partition("\t")
            out.append({"label": label, "text": t if tab else None})
        return out
    failed: bool = False
    t_qk: int = 0     # the kernel's build
    t_qkw: int = 0    # waited for it after the bisect
    t_qr: int = 0     # the boots


class KernelBuild:
    """The test kernel's build, started beside the bisect."""

    def __init__(self, kernel, base, cdir, patches, log, status):
        self.status = Path(status)
        if self.status.exists():
            self.status.unlink()
        with open(log, "w") as f:
            self.proc = subprocess.Popen(
                ["nice", "-n", "19"] + qemu_kernel_cmd(
                    kernel, base, Path(cdir) / "qsrc", Path(cdir) / "o-qemu",
                    status, patches),
                stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT,
                start_new_session=True)

    def stop(self):
        """Stop the build and everything it started (its process group)."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except OSError:
                pass
        self.proc = None

    def wait(self):
        """Wait for the build: (word, seconds) of its status file."""
        if self.proc is not None:
            self.proc.wait()
            self.proc = None
        try:
            qks = self.status.read_text().strip()
        except OSError:
            qks = ""
        if not qks:
            qks = "build 0"
        word, _, secs = qks.partition(" ")
        return word, secs


def _read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def last_line(path):
    """tail -n 1."""
    lines = _read(path).splitlines()
    return lines[-1] if lines else ""


def first_after(text, prefix_re):
    """The rest of the first line matching ^PREFIX_RE, \\r dropped."""
    for line in text.splitlines():
        m = re.match(prefix_re, line)
        if m:
            return line[m.end():].replace("\r", "")
    return None


def known_fatal(log_text, known_text):
    """The reason of the first fatal (BUG) known core warning whose site
    and caller both appear in LOG_TEXT, or None."""
    rows = []
    for line in known_text.splitlines():
        f = line.split("\t")
        if line.startswith("#") or len(f) < 3:
            continue
        rows.append(f)
    lines = log_text.splitlines()
    for s, c, w in (r[:3] for r in rows):
        if (s.startswith("BUG") and any(re.search(s, l) for l in lines)
                and any(re.search(c, l) for l in lines)):
            return w
    return None


def life_cycle_results(qemu_txt, qemu_log):
    """The life-cycle boot's lines: its result, each parent's rounds and
    vfio-dev node, the known core warnings it met."""
    res = [("life cycle", last_line(qemu_txt))]
    log = _read(qemu_log)
    for t in ("mtty", "mdpy", "mbochs", "vfio-pci"):
        r = first_after(log, r"# %s: (?=[0-9]* of [0-9]* rounds)" % re.escape(t))
        n = first_after(log, r"# vfio-dev node: %s: " % re.escape(t))
        res.append(("  " + t, "%s; vfio-dev node %s" % (r or "no result",
                                                      n or "not checked")))
    for line in _read(qemu_txt).splitlines():
        if line.startswith("  KNOWN "):
            res.append(("  known core warning", re.sub(r"^  KNOWN  *", "", line)))
    return res


def faults_result(m, fl):
    """One fail-nth boot's line, and whether it failed."""
    r = last_line(fl + ".txt")
    log = _read(fl)
    if r == "RESULT: PASS":
        fs = [l.replace("\r", "")[len("# faults: "):] for l in log.splitlines()
              if l.startswith("# faults: ")]
        kn = sum(1 for l in _read(fl + ".txt").splitlines() if l.startswith("  KNOWN "))
        # (several "# faults:" lines: the results file's lines, as before)
        return ("faults " + m, "%s (%d kinds of known core warning)"
                % ("\n".join(fs), kn)), False
    # stopped by a bug the known list names?
    why = known_fatal(log, _read(KNOWN))
    if why:
        upto = sum(1 for l in log.splitlines() if re.match(r"# fault [0-9]*: ", l))
        return ("faults " + m, "%d allocation failures handled, then stopped by a "
                "known kernel-core bug, not the series: %s" % (upto, why)), False
    return ("faults " + m, "FAIL: " + r), True


def negative_results(nl):
    """The negative controls' lines: each must be caught, and the run fail."""
    r = last_line(nl + ".txt")
    log = _read(nl)
    res, failed = [], False
    for t, what, rx in NEGATIVES:
        if r.startswith("RESULT: FAIL"):
            if re.search(rx, log):
                res.append(("negative control " + t, "caught by " + what))
            else:
                res.append(("negative control " + t, "MISSED: no %s report" % what))
                failed = True
        else:
            res.append(("negative control " + t, "MISSED: " + r))
            failed = True
    return res, failed


def run_boots(build, cdir, logs, cycles):
    """Wait for the test kernel, then the five boots: a QemuOutcome."""
    out = QemuOutcome()
    oq = Path(cdir) / "o-qemu"
    t0 = time.time()
    common.step("WAIT", "qemu: the test kernel's build")
    word, secs = build.wait()
    out.t_qkw = int(time.time()) - int(t0)
    last = secs.split()[-1] if secs.split() else ""
    out.t_qk = int(last) if last.isdigit() else 0
    if word != "ok":
        out.failed = True
        out.results.append(("qemu kernel", "BUILD FAILED: %s (see %s/qemu-build.log)"
                            % (word, logs)))
        return out
    common.step("QEMU", "test kernel built in %ss beside the bisect, %ds of it after"
                % (secs, out.t_qkw))
    t0 = time.time()

    def qr(args, log):
        with open(log, "w") as f:
            return subprocess.Popen(
                qemu_run_cmd(["--kernel-out", str(oq), "--virtual-clock"] + args),
                stdout=f, stderr=subprocess.STDOUT)

    # The guests sleep more than they compute (a PCI bus reset sleeps 1 s
    # in the guest), so guest time runs on QEMU's virtual clock, and the
    # five boots run side by side; the initramfs is built once, first, so
    # that they do not race to build it.
    if qr(["--prepare"], "%s/qemu-prepare.txt" % logs).wait() != 0:
        common.die("could not build the guest's initramfs (see %s/qemu-prepare.txt)"
                   % logs)
    common.step("QEMU", "5 boots side by side: life cycle (mtty, mdpy, mbochs, "
                "vfio-pci x%s), fail-nth on mtty, mdpy, mbochs, negative controls"
                % cycles)
    lc = qr(["--tests", "mtty,mdpy,mbochs,pci", "--cycles", str(cycles),
             "--keep-loaded", "--parallel", "--log", "%s/qemu.log" % logs],
            "%s/qemu.txt" % logs)
    # fail-nth over each parent's create path, a boot each: a kernel oops
    # stops a run, and must not take the others with it
    others = []
    for m in ("mtty", "mdpy", "mbochs"):
        fl = "%s/qemu-faults-%s.log" % (logs, m)
        others.append(qr(["--tests", "faults-" + m, "--cycles", "1", "--timeout",
                          "600", "--log", fl], fl + ".txt"))
    # the negative controls, one boot: the watchers must catch what is
    # planted, and the run must fail
    nl = "%s/qemu-negative.log" % logs
    others.append(qr(["--tests", "leak,uaf", "--cycles", "1", "--log", nl],
                     nl + ".txt"))
    rc = lc.wait()
    for p in others:
        p.wait()
    common.step("QEMU", "done in %ds" % (int(time.time()) - int(t0)))
    out.failed = rc != 0
    out.results += life_cycle_results("%s/qemu.txt" % logs, "%s/qemu.log" % logs)
    for m in ("mtty", "mdpy", "mbochs"):
        line, failed = faults_result(m, "%s/qemu-faults-%s.log" % (logs, m))
        out.results.append(line)
        out.failed |= failed
    neg, failed = negative_results(nl)
    out.results += neg
    out.failed |= failed
    out.t_qr = int(time.time()) - int(t0)
    return out
