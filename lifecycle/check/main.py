# SPDX-License-Identifier: GPL-2.0-only
"""make check KERNEL=<tree>: prove drivers-out/<name>/series the way the
kernel's test robots would, before anyone posts it.

  bisect      each patch in order, on a checkout of the series' base,
              builds what it touches with W=1 on the arches its files
              need (lifecycle/check/arches.py): defconfig + check/configs/<arch>
  sparse      C=2 on those objects after each patch, in the same make run
              as the build, compared with their last check: a new warning
              fails it
  checkpatch  the tree's own, on each patch: errors fail, warnings listed
  lines       every added line of C was seen by the compiler
  qemu        the final tree as the x86_64 test kernel, booted
              (lifecycle/check/qemu.py)

Writes drivers-out/<name>/check/records.json, one record per patch, arch
and check (lifecycle/check/records.py), and from it report.txt and report.html
(lifecycle/check/report.py).  Build directories (drivers-out/<name>/check/) and
ccache are kept: a second run is warm.
Exit: 0 all checks pass, 1 bad input, 3 some check failed (see the report).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from lifecycle import common
from lifecycle.check import records as lcrecords  # noqa: E402
from lifecycle.check import report  # noqa: E402
from lifecycle.check.arches import ArchTable
from lifecycle.check.bisect import Bisect, SeriesObjects, files_of
from lifecycle.check.build import Kbuild, ccache_env, jobs, sparse_state
from lifecycle.check.qemu import KernelBuild, QemuOutcome, run_boots

PROG = "make check"


def register(sub):
    p = sub.add_parser(
        "check", help="check a series patch by patch, then boot it",
        description="make check KERNEL=<tree>: each patch of drivers-out/"
        "<name>/series built on the arches it needs (W=1, sparse), "
        "checkpatch'd, its added lines checked as compiled; then the final "
        "tree booted in QEMU.  Writes drivers-out/<name>/check/records.json, "
        "report.txt and report.html.  Exit 0 all pass, 1 bad input, 3 a "
        "check failed.")
    p.add_argument("--name", help="the output's name (default: as make "
                   "series named it, from KERNEL)")
    p.add_argument("--cycles", type=int,
                   default=int(os.environ.get("CYCLES") or 100),
                   help="life-cycle rounds per driver in QEMU (default "
                   "$CYCLES or 100)")
    p.add_argument("--no-qemu", dest="qemu", action="store_false",
                   help="leave the QEMU stage out")
    p.add_argument("--naive", action="store_true",
                   help="also time one full x86_64 kernel build, no ccache "
                   "(the naive way: a full build per patch)")
    p.add_argument("kernel", nargs="*", metavar="KERNEL",
                   help="the kernel git tree the series was made for")
    return p


def _series(args):
    """(kernel, name, out, base, patches) of the series to check, or
    refused."""
    if len(args.kernel) != 1:
        common.die("usage: make check KERNEL=<kernel git tree> [CYCLES=N]")
    common.need_cmd("git", "make", "perl", "sparse", "ccache", "gcc")
    arg = args.kernel[0]
    if not os.path.isdir(arg):
        common.die("%s: no such directory" % arg)
    kernel = Path(os.path.abspath(arg))
    # the name make series gave the output (made safe, modules reserved)
    name = args.name or common.out_name(str(kernel))
    out = common.TOP / "drivers-out" / name
    series = out / "series"
    cover = series / "0000-cover-letter.patch"
    if not cover.is_file():
        common.die("%s: no series (run make series KERNEL=%s first)" % (series, arg))
    base = ""
    with open(cover, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("base-commit: "):
                base = line[len("base-commit: "):].rstrip("\n")
                break
    if not base:
        common.die("%s has no base-commit: trailer" % cover)
    r = subprocess.run(["git", "-C", str(kernel), "cat-file", "-e", base + "^{commit}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        common.die("%s does not have the series' base commit %s" % (kernel, base))
    patches = sorted(str(p) for p in series.iterdir()
                     if re.match(r"^[0-9]{4}-.*\.patch$", p.name)
                     and not p.name.startswith("0000-"))
    if not patches:
        common.die("%s: no patches" % series)
    return kernel, name, out, base, patches


def _configs(kb, table, arches, base, logs):
    """Each arch's config in o-ARCH (made side by side when missing or
    stale); a symbol this tree's Kconfig lacks is left out, said; any other
    line of the fragment must take."""
    for a in arches:
        if not table.get(a).fragment.is_file():
            common.die("no config fragment check/configs/%s.config" % a)
    threads = []
    for a in arches:
        if kb.needs_config(a, base):
            common.step("CONFIG", "%s: defconfig + %s" % (a, common.rel(table.get(a).fragment)))
            t = threading.Thread(target=kb.configure,
                                 args=(a, base, str(logs / ("config-%s.log" % a))))
            t.start()
            threads.append(t)
    for t in threads:
        t.join()
    for a in arches:
        o = kb.odir(a)
        frag = table.get(a).fragment
        if not (o / ".lc-base").is_file():
            common.die("could not configure %s (see %s/config-%s.log)" % (a, logs, a))
        unk = common.kconfig_unknown(str(kb.src), str(frag))
        if unk:
            print("  CONFIG   %s: not in this tree's Kconfig, left out: %s"
                  % (a, " ".join(unk)), flush=True)
        bad = common.config_refused_known(unk, str(o / ".config"), str(frag))
        if bad:
            common.die("Kconfig did not take on %s: %s (see %s)"
                       % (a, " ".join(bad), o / ".config"))


def _naive(kb, cdir, logs):
    """One full x86_64 build (the config of o-x86_64), no ccache: what a
    full build per patch would cost; its seconds and date in naive.txt."""
    on = cdir / "o-naive"
    shutil.rmtree(on, ignore_errors=True)
    on.mkdir(parents=True)
    common.step("NAIVE", "one full x86_64 build (defconfig + check/configs/"
                "x86_64.config), no ccache")
    shutil.copy(str(kb.odir("x86_64") / ".config"), str(on / ".config"))
    t0 = int(time.time())
    if kb.make("x86_64", ["olddefconfig", "all"], str(logs / "naive.log"), odir=on,
               env={"CCACHE_DISABLE": "1"}) != 0:
        common.die("the naive build failed (see %s/naive.log)" % logs)
    (cdir / "naive.txt").write_text("%d %s\n" % (int(time.time()) - t0,
                                                 time.strftime("%Y-%m-%d", time.gmtime())))
    shutil.rmtree(on, ignore_errors=True)


def check(args):
    kernel, name, out, base, patches = _series(args)
    # make series on the same output waits for this check, and the other way
    common.lock_out(out)
    table = ArchTable()
    cdir = out / "check"
    logs = cdir / "logs"
    for d in (logs, cdir / "state", cdir / "checks"):
        shutil.rmtree(d, ignore_errors=True)
    logs.mkdir(parents=True)
    # the typed records of this run: the report is rendered from them alone
    records = str(cdir / "records.json")
    lcrecords.new(records)
    # every build of this run, the test kernel's too, shares ccache's
    # settings
    os.environ.update(ccache_env(cdir))
    kb = Kbuild(cdir, table, jobs())
    t_all = int(time.time())

    common.step("SOURCE", "%s at %s" % (kb.src, common.git(
        kernel, "log", "-1", "--format=%h %s", base)))
    t0 = int(time.time())
    common.checkout_at(kernel, kb.src, base)
    t_src = int(time.time()) - t0

    qk = None
    try:
        if args.qemu:
            common.step("BUILD", "qemu: the final tree as the x86_64 test kernel, "
                        "beside the bisect (nice 19)")
            qk = KernelBuild(kernel, base, cdir, patches, logs / "qemu-build.log",
                             logs / "qemu-kernel.status")
        rc = _check(args, kernel, name, out, base, patches, table, cdir, logs,
                    records, kb, qk, t_all, t_src)
    finally:
        if qk is not None:
            qk.stop()
    return rc


def _check(args, kernel, name, out, base, patches, table, cdir, logs, records,
           kb, qk, t_all, t_src):
    files_by_patch = [files_of(kb.src, p) for p in patches]
    plan = SeriesObjects.plan(table, files_by_patch)
    arches = plan.arches

    t0 = int(time.time())
    _configs(kb, table, arches, base, logs)
    t_cfg = int(time.time()) - t0

    # the base: the arches side by side
    t0 = int(time.time())
    jobs = []
    for a in arches:
        objs = plan.on(a, kb.src)
        common.step("BUILD", "base, %s: %d objects (W=1, sparse C=2)" % (a, len(objs)))
        jobs.append((a, str(logs / ("base-" + a)), [], objs))
    built = kb.build_checks(jobs)
    broken, sparse = [], {}
    for a in arches:
        if built[a].rc != 0:
            broken.append(a)
        with open(logs / ("base-%s.sparse.log" % a), encoding="utf-8",
                  errors="replace") as f:
            sparse[a] = sparse_state(f.read(), kb.prefixes)
    t_base = int(time.time()) - t0

    t0 = int(time.time())
    bis = Bisect(kb, table, plan, logs, records, sparse)
    for p in patches:
        bis.patch(p)
    t_patches = int(time.time()) - t0
    failed = bis.failed

    q = QemuOutcome()
    if args.qemu and bis.applied:
        q = run_boots(qk, cdir, logs, args.cycles)
    elif qk is not None:
        qk.stop()
    failed |= q.failed

    if args.naive:
        _naive(kb, cdir, logs)

    t_total = int(time.time()) - t_all
    qs = "skip"
    if q.results:
        qs = "fail" if q.failed else "ok"
    lcrecords.add(records, lcrecords.Record(
        check="qemu", status=qs, figures={"cycles": args.cycles},
        log="logs/qemu.log", extra={"results": q.records()}))
    timings = {"src": t_src, "cfg": t_cfg, "base": t_base, "patches": t_patches,
               "qk": q.t_qk, "qkw": q.t_qkw, "qr": q.t_qr, "total": t_total,
               "cpus": common.ncpus()}
    extra = {}
    # one full build's time of an earlier --naive run, kept
    try:
        secs, date = (cdir / "naive.txt").read_text().split()[:2]
        extra["naive"] = {"seconds": int(secs), "date": date}
    except (OSError, ValueError):
        pass
    lcrecords.add(records, lcrecords.Record(check="timings", figures=timings,
                                            extra=extra))
    lcrecords.add(records, lcrecords.Record(check="run", figures={"cycles": args.cycles},
                  extra={"name": name, "base": base,
                         "base_subject": common.git(kb.src, "log", "-1",
                                                    "--format=%h %s", base),
                         "arches": " ".join(arches), "broken": " ".join(broken)}))
    _report(out)
    return 3 if failed else 0


def _report(out):
    """report.txt and report.html from the records, and the matrix shown."""
    txt, page = report.render(str(out))
    for fn, text in (("report.txt", txt), ("report.html", page)):
        with open(out / fn, "w", encoding="utf-8") as f:
            f.write(text)
    common.step("REPORT", "%s (and report.html)" % common.rel(out / "report.txt"))
    lines = txt.splitlines()
    show, rest = [], False
    for i, l in enumerate(lines):
        if l.startswith("#    verdict"):
            show = lines[i:]
            for j, m in enumerate(show):
                if m == "":
                    show = show[:j + 1]
                    break
            break
    for i, l in enumerate(lines):
        if l.startswith("Final tree"):
            rest = lines[i:]
            break
    sys.stdout.write("".join(l + "\n" for l in show + (rest or [])))
    sys.stdout.flush()


def run(args):
    common.set_prog(PROG)

    def term(_sig, _frm):
        raise SystemExit(143)
    signal.signal(signal.SIGTERM, term)
    try:
        return common.main_wrapper(check, args)
    except KeyboardInterrupt:
        return 130
