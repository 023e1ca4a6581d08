# SPDX-License-Identifier: GPL-2.0-only
"""What a guest run means: QEMU's exit status and the serial log turned
into one verdict.

The guest reports through isa-debug-exit; a guest that hangs is killed at
the timeout, and one that dies without a verdict (panic, reboot) fails too.
Even a passing guest fails if the serial log shows a kernel error, so a
broken guest-side check cannot hide one.  The log's judge is
qemu/guest/judge-log.awk, the same program the guest runs on its dmesg
(busybox has awk, not Python): known kernel-core warnings are counted, not
failed.

The log is bytes (a serial console); lines keep their carriage returns,
as the shell harness printed them.
"""
import re
import subprocess
from dataclasses import dataclass, field

from lifecycle import common

# Progress while the guest runs: each test as it starts, each test's
# summary and every failing round.
PROGRESS_RE = re.compile(rb"^(LC-TEST: |# [a-z0-9_-]+: [0-9]+ of [0-9]+ rounds|not ok )")
# The lines shown when a run fails, before the log's last lines.
FAILURE_RE = re.compile(rb"^(LC-FAIL|not ok|# FAIL)")


@dataclass
class Verdict:
    """One run's outcome: PASS, or FAIL with a class (guest, timeout,
    crash, log) and a detail; harness when QEMU itself failed."""
    kind: str                 # "PASS", "FAIL" or "harness"
    text: str = ""            # "guest: ...", "timeout: ...", ...
    known: list = field(default_factory=list)   # "  KNOWN    Nx why" lines

    def line(self):
        """The harness's verdict line."""
        if self.kind == "PASS":
            return "RESULT: PASS"
        return "RESULT: FAIL: " + self.text

    def exit_code(self):
        """0 on pass, 1 on fail, 2 when the harness could not run."""
        return {"PASS": 0, "FAIL": 1}.get(self.kind, 2)


def lines(log_bytes):
    """The log's lines (bytes, without their newline)."""
    return log_bytes.split(b"\n")[:-1] if log_bytes.endswith(b"\n") else log_bytes.split(b"\n")


def text(b):
    """Bytes of the log as text for a verdict line (undecodable bytes
    escaped)."""
    return b.decode("utf-8", "surrogateescape")


def count(log_bytes, prefix):
    """How many lines of the log start with PREFIX (bytes)."""
    return sum(1 for ln in lines(log_bytes) if ln.startswith(prefix))


def first_fail(log_bytes):
    """The first LC-FAIL line's text, after "LC-FAIL: "."""
    for ln in lines(log_bytes):
        if ln.startswith(b"LC-FAIL: "):
            return text(ln[9:])
    return ""


def verdict_of_exit(rc, log_bytes, timeout):
    """The verdict QEMU's exit status RC says (before the log is judged).
    isa-debug-exit makes QEMU exit with (code << 1) | 1; timeout(1) exits
    124 (or 137 when it had to kill)."""
    if rc == 1:
        return Verdict("PASS")
    if rc == 3:
        return Verdict("FAIL", "guest: " + first_fail(log_bytes))
    if rc in (124, 137):
        return Verdict("FAIL", "timeout: no verdict after %ss (guest hung)" % timeout)
    if rc == 0:
        return Verdict("FAIL", "crash: guest stopped without a verdict (panic or reboot)")
    return Verdict("harness", "harness: qemu exited %d" % rc)


def judge_log(log_path):
    """judge-log.awk's findings on the serial log, less the guest's own
    LC- lines (those are verdicts, judged above): a list of "BAD: ..." and
    "KNOWN: ..." strings."""
    r = subprocess.run(
        ["awk", "-v", "known=%s" % (common.TOP / "qemu/kernel/known-core-warnings"),
         "-f", str(common.TOP / "qemu/guest/judge-log.awk"), str(log_path)],
        stdout=subprocess.PIPE)
    return [text(ln) for ln in lines(r.stdout) if not ln.startswith(b"BAD: LC-")]


def apply_judged(v, judged):
    """V with the log's findings: a PASS with a BAD line becomes
    "FAIL: log: <line>"; the KNOWN reasons counted, one line each, sorted."""
    bad = [j[len("BAD: "):] for j in judged if j.startswith("BAD: ")]
    if v.kind == "PASS" and bad:
        v = Verdict("FAIL", "log: " + bad[0])
    counts = {}
    for j in judged:
        if j.startswith("KNOWN: "):
            why = j[len("KNOWN: "):]
            counts[why] = counts.get(why, 0) + 1
    v.known = ["  KNOWN    %dx %s" % (counts[w], w) for w in sorted(counts)]
    return v


def failure_report(log_bytes, log_path):
    """What a failed run shows before its verdict: the failing lines (40
    at most) and the log's last 25 lines."""
    out = [ln for ln in lines(log_bytes) if FAILURE_RE.match(ln)][:40]
    out.append(("--- last lines of %s" % log_path).encode())
    out.extend(lines(log_bytes)[-25:])
    return out
