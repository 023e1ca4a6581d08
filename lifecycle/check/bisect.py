# SPDX-License-Identifier: GPL-2.0-only
"""make check's bisect: each patch in order on the checkout of the base,
built where its files are built (a .c: its object; a header: every object
of the series on that arch, Kbuild rebuilds those including it) with W=1
and sparse, checkpatch'd, and its added lines of C checked as compiled.
One record per patch, arch and check; the details (what failed, what to
look at) in logs/NNNN.details, which the report shows.
"""
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from lifecycle import common
from lifecycle.check import records as lcrecords  # noqa: E402
from lifecycle.check.build import (added_findings, merge_state, sparse_state,
                                   state_before)
from lifecycle.check.lines import (never_compiled, never_line, patch_lines,
                                   seen_lines)

_BUILD_ERROR = re.compile(r"^[^ :]+:[0-9]+:[0-9]+: error: |No rule to make target")
_W1 = re.compile(r"^[^ :]+:[0-9]+:[0-9]+: warning: .*\[-W")


def files_of(src, patch):
    """The files PATCH touches, in its order (git apply --numstat)."""
    out = common.git(src, "apply", "--numstat", str(patch))
    return [l.split("\t")[2] for l in out.splitlines() if l.count("\t") >= 2]


def subject_of(patch):
    """The patch's subject, as git mailinfo reads it."""
    with open(patch, "rb") as f:
        r = subprocess.run(["git", "mailinfo", "/dev/null", "/dev/null"], stdin=f,
                           stdout=subprocess.PIPE)
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("Subject: "):
            return line[len("Subject: "):]
    return ""


@dataclass
class SeriesObjects:
    """Which objects each arch builds: every .c of the series there."""
    objs: list = field(default_factory=list)    # sorted [(arch, object)]
    arches: list = field(default_factory=list)  # sorted

    @classmethod
    def plan(cls, table, files_by_patch):
        objs, arches = set(), set()
        for files in files_by_patch:
            for f in files:
                for a in table.arches_of(f):
                    arches.add(a)
                    if f.endswith(".c"):
                        objs.add((a, f[:-2] + ".o"))
        # sorted as their "arch object" lines were
        return cls(sorted(objs, key=lambda t: "%s %s" % t), sorted(arches))

    def on(self, arch, src):
        """ARCH's objects whose source exists now."""
        return [o for a, o in self.objs if a == arch
                and os.path.isfile(os.path.join(str(src), o[:-2] + ".c"))]


def _lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except OSError:
        return []


class Bisect:
    """The patches in order; records appended as they are checked."""

    def __init__(self, kb, table, plan, logs, records, sparse):
        self.kb, self.table, self.plan = kb, table, plan
        self.logs = Path(logs)
        self.records = records
        self.sparse = sparse          # {arch: state lines}, the last check
        self.applied = True
        self.failed = False

    def rec(self, **kw):
        lcrecords.add(self.records, lcrecords.Record(**kw))

    def patch(self, p):
        pn = os.path.basename(p)[:4]
        subj = subject_of(p)
        src, kb, logs = self.kb.src, self.kb, self.logs
        files = files_of(src, p)
        if not self.applied:
            self.rec(patch=pn, subject=subj, check="apply", status="skip")
            self.rec(patch=pn, subject=subj, check="verdict", status="skip")
            return
        common.step("PATCH", "%s %s" % (pn, subj))
        with open(logs / (pn + ".apply"), "w") as err:
            r = subprocess.run(["git", "-C", str(src), "apply", str(p)], stderr=err)
        if r.returncode != 0:
            self.applied = False
            self.failed = True
            first = (_lines(logs / (pn + ".apply")) or [""])[0]
            self.rec(patch=pn, subject=subj, check="apply", status="fail",
                     extra={"message": first}, log="logs/%s.apply" % pn)
            self.rec(patch=pn, subject=subj, check="verdict", status="fail")
            return
        self.rec(patch=pn, subject=subj, check="apply", status="ok")
        # checkpatch: the tree's own
        cpf = logs / (pn + ".checkpatch")
        with open(cpf, "w") as f:
            subprocess.run(["perl", "scripts/checkpatch.pl", "-q", "--no-summary",
                            "--show-types", str(p)], cwd=str(src), stdout=f,
                           stderr=subprocess.STDOUT)
        cp = _lines(cpf)
        ce = sum(1 for l in cp if l.startswith("ERROR:"))
        cw = sum(1 for l in cp if l.startswith("WARNING:"))
        cc = sum(1 for l in cp if l.startswith("CHECK:"))
        verdict = "PASS" if ce == 0 else "FAIL"
        hdr = [f for f in files if f.endswith(".h")]
        mine_c = [f for f in files if f.endswith(".c")]
        want = [f for f in files if re.search(r"\.[ch]$", f)]
        details, seen = [], set()
        snew = 0
        builds = ""
        # the builds: one make run per arch, the arches side by side
        jobs, ii_of = [], {}
        for a in sorted({a for f in files for a in self.table.arches_of(f)}):
            if hdr:
                objs = self.plan.on(a, src)
            else:
                # the patch's own objects on this arch, from the plan
                objs = [f[:-2] + ".o" for f in mine_c
                        if (src / f).is_file() and (a, f[:-2] + ".o") in self.plan.objs]
            if not objs:
                continue
            # .i files: the patch's own .c here, and one includer per header
            ii = [o[:-2] + ".i" for o in objs if o[:-2] + ".c" in mine_c]
            for h in hdr:
                for o in objs:
                    cmdf = kb.odir(a) / os.path.dirname(o) / ("." + os.path.basename(o) + ".cmd")
                    try:
                        cmd = cmdf.read_text(errors="replace")
                    except OSError:
                        continue
                    if "%s/%s" % (src, h) in cmd or "%s/%s" % (kb.rel, h) in cmd:
                        if o[:-2] + ".i" not in ii:
                            ii.append(o[:-2] + ".i")
                        break
            for i in ii:
                try:
                    os.unlink(kb.odir(a) / i)
                except FileNotFoundError:
                    pass
            ii_of[a] = ii
            jobs.append((a, str(logs / ("%s-%s" % (pn, a))), ii, objs))
        built = kb.build_checks(jobs)
        # then what each build and check said, arch by arch
        for a, logbase, ii, objs in jobs:
            b = built[a]
            blog = _lines(logbase + ".build.log")
            if b.rc == 0:
                bs = "ok"
            else:
                bs = "FAIL"
                verdict = "FAIL"
                details.append("build on %s failed:" % a)
                details += ["    " + l for l in map(kb.strip_src, blog)
                            if _BUILD_ERROR.search(l)][:8]
            # .i files the build's CHECK did not write (a file that did not
            # compile, a kernel whose c_flags it does not know) from Kbuild,
            # on their own: Kbuild refuses a.o and a.i of a composite
            # module's member in one run.  W=1 as in the build: another
            # command line would rebuild the prepare stage's own objects
            # (bounds.s, asm-offsets.s, modpost) in both runs
            miss = [i for i in ii if not (kb.odir(a) / i).is_file()]
            if miss:
                kb.make(a, ["-k", "W=1"] + miss, str(logs / ("%s-%s.cpp.log" % (pn, a))))
            with open(logbase + ".sparse.log", encoding="utf-8", errors="replace") as f:
                new = sparse_state(f.read(), kb.prefixes)
            old = state_before(self.sparse.get(a, []), new)
            added = added_findings(old, new)
            n = len(added)
            self.rec(patch=pn, subject=subj, arch=a, check="build",
                     status="ok" if bs == "ok" else "fail",
                     figures={"seconds": b.seconds}, log="logs/%s-%s.build.log" % (pn, a))
            self.rec(patch=pn, subject=subj, arch=a, check="sparse",
                     status="ok" if n == 0 else "fail", figures={"new": n},
                     log="logs/%s-%s.sparse.log" % (pn, a))
            if n > 0:
                snew += n
                verdict = "FAIL"
                details.append("sparse on %s: %d new warning(s):" % (a, n))
                details += ["    " + l.split("\t")[1] for l in added][:8]
            self.sparse[a] = merge_state(self.sparse.get(a, []), new)
            # gcc W=1 warnings in the patch's files, listed
            details += ["    %s W=1: %s" % (a, l) for l in map(kb.strip_src, blog)
                        if _W1.search(l) and any(w in l for w in want)]
            # what the preprocessor let through, for the changed lines
            for i in ii:
                ip = kb.odir(a) / i
                if ip.is_file():
                    with open(ip, encoding="utf-8", errors="replace") as f:
                        seen |= seen_lines(f.read(), set(want), kb.prefixes)
            builds += " %s:%s:%ds" % (a, bs, b.seconds)
        # changed lines of C the compiler saw
        with open(p, encoding="utf-8", errors="replace") as f:
            added_lines = patch_lines(f.read())
        never = never_compiled(added_lines, seen)
        total = len(added_lines)
        never_text = "".join(never_line(a) + "\n" for a in never)
        (logs / (pn + ".never")).write_text(never_text)
        details += [never_line(a) for a in never]
        if ce:
            details += ["    checkpatch ERROR:" + l[len("ERROR:"):] for l in cp
                        if l.startswith("ERROR:")]
        details += ["    checkpatch WARNING:" + l[len("WARNING:"):] for l in cp
                    if l.startswith("WARNING:")]
        (logs / (pn + ".details")).write_text("".join(l + "\n" for l in details))
        if verdict != "PASS":
            self.failed = True
        self.rec(patch=pn, subject=subj, check="checkpatch",
                 status="ok" if ce == 0 else "fail",
                 figures={"errors": ce, "warnings": cw, "checks": cc},
                 log="logs/%s.checkpatch" % pn)
        self.rec(patch=pn, subject=subj, check="lines-compiled",
                 status="ok" if not never else "fail",
                 figures={"compiled": total - len(never), "total": total},
                 log="logs/%s.never" % pn)
        self.rec(patch=pn, subject=subj, check="verdict",
                 status="pass" if verdict == "PASS" else "fail",
                 log="logs/%s.details" % pn)
        common.step("RESULT", "%s %s (builds:%s; sparse new: %d; checkpatch E/W/C: "
                    "%d/%d/%d; lines compiled: %d/%d)"
                    % (pn, verdict, builds, snew, ce, cw, cc, total - len(never), total))
