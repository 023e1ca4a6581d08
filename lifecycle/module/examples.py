# SPDX-License-Identifier: GPL-2.0-only
"""make series without KERNEL=: the embedded examples.  Convert every
driver under examples/ (make convert, against the Debian 6.1 test
kernel), run all that built in one QEMU guest, and write
drivers-out/examples/report.txt.

examples/<name>/guest-test names the guest test kind (xmdev: mdev parent
M, type M-1; xpci: vfio-pci variant driver M).
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

from lifecycle import jsonl as lcjsonl  # noqa: E402

from lifecycle import common
from lifecycle.module import tools as module_tools
from lifecycle.common import TOP, Exit, step

PROG = "lifecycle examples"
ROW = "%-12s %-14s %-10s %s\n"


def register(sub):
    p = sub.add_parser(
        "examples", help="the embedded examples/, converted and booted "
        "(make series)", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cycles", type=int,
                   default=int(os.environ.get("CYCLES") or 5),
                   help="guest rounds per example (default: $CYCLES, else 5)")
    return p


@dataclass
class Example:
    """One example's outcome, a row of the report."""
    name: str
    kind: str           # the guest test kind (guest-test)
    conversion: str     # the level reached, or needs-human
    build: str          # ok | FAILED
    ko: str             # the built module, or "" when none

    @property
    def test(self):
        return "%s-%s" % (self.kind, self.name)


def level_of(records):
    """The level the converter reached, from the first converted file's
    record: idiomatic, idiomatic-in-part, minimal; a parent-owned
    structure converted minimally reads parent-owned (as its verdict
    starts); "converted" when no record says."""
    for r in records:
        if r.get("status") == "converted":
            if r.get("parent") and r.get("level") == "minimal":
                return "parent-owned"
            return r.get("level") or "converted"
    return "converted"


def example_row(name, kind, rc, records, ko_exists):
    """An Example from make convert's exit code RC, its records, and
    whether its .ko is there."""
    conv = "needs-human" if rc == Exit.HUMAN else level_of(records)
    build = "FAILED" if rc == Exit.BUILD else "ok"
    ko = ""
    if build == "ok" and ko_exists:
        ko = str(TOP / "drivers-out/modules" / name / "tree" / (name + ".ko"))
    return Example(name, kind, conv, build, ko)


def convert_one(d):
    """make convert M=D (a command of its own: its lock, its RESULT
    line, its output passed through); its exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    env = common.tool_env()
    env["PYTHONPATH"] = str(TOP) + ":" + env["PYTHONPATH"]
    r = subprocess.run([sys.executable, "-m", "lifecycle", "convert", "M=" + d],
                       env=env)
    return r.returncode


def examples_dirs():
    """examples/*/, sorted."""
    base = TOP / "examples"
    return sorted(str(base / n) + "/" for n in os.listdir(base)
                  if not n.startswith(".") and (base / n).is_dir())


def last_line(path):
    """The file's last line (tail -n 1), "" when empty."""
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines[-1] if lines else ""


def run(args):
    common.set_prog(PROG)
    t0 = time.time()
    out = TOP / "drivers-out/examples"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    report = out / "report.txt"
    with open(report, "w") as f:
        f.write("vfio-lifecycle: examples series\n\n")
        f.write(ROW % ("driver", "conversion", "build", "guest-test"))
    fail = 0
    done = []
    for d in examples_dirs():
        name = os.path.basename(d.rstrip("/"))
        gt = os.path.join(d, "guest-test")
        if not os.path.isfile(gt):
            common.error("%s has no guest-test file" % d)
            return Exit.INPUT
        with open(gt) as f:
            kind = f.read().rstrip("\n")
        rc = convert_one(d)
        mdir = TOP / "drivers-out/modules" / name
        recs = lcjsonl.load(mdir / "cocci-logs/conversion.json", missing_ok=True)
        ex = example_row(name, kind, rc, recs,
                         (mdir / "tree" / (name + ".ko")).is_file())
        if rc != 0:
            fail = 1
        done.append(ex)
        with open(report, "a") as f:
            f.write(ROW % (ex.name, ex.conversion, ex.build, ex.test))

    guest = "skipped"
    booted = [e for e in done if e.ko]
    if booted:
        qargs = []
        for e in booted:
            qargs += ["--extra-ko", e.ko]
        qargs += ["--tests", ",".join(e.test for e in booted),
                  "--cycles", str(args.cycles), "--log", str(out / "guest.log")]
        rc = module_tools.qemu_run(qargs, out / "guest.txt")
        with open(out / "guest.txt", "rb") as f:
            sys.stdout.buffer.write(f.read())
        sys.stdout.flush()
        guest = last_line(out / "guest.txt")
        if rc != 0:
            fail = 1
    with open(report, "a") as f:
        f.write("\nguest (%d rounds each, kmemleak + KASAN): %s\n"
                % (args.cycles, guest))
        f.write("patches: drivers-out/modules/<driver>/<driver>.patch\n")
        f.write("time: %ds\n" % int(time.time() - t0))
    step("REPORT", "drivers-out/examples/report.txt")
    with open(report, "rb") as f:
        sys.stdout.buffer.write(f.read())
    sys.stdout.flush()
    return fail
