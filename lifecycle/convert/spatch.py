# SPDX-License-Identifier: GPL-2.0-only
"""The one way the converter's stages run a semantic patch on a file.

Every stage asks the same question of spatch: "did the rule rewrite
this file, leave it alone, or fail?"  spatch exits non-zero with "no
modified files" in its log when a rule matched nothing: that is no
failure, the input simply stays as it was.  Any other non-zero exit is
a tool failure (exit 5 of the command, never a verdict).  Some stages
write nothing (report mode) and judge the log: there, a Python
traceback or an EXN line in the log is a failure even when spatch
exited 0.
"""
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from lifecycle import common

NO_CHANGE = "no modified files"
# a report-mode run that printed one of these failed, whatever its exit
REPORT_FAIL = re.compile(r"^(EXN|Traceback|Fatal error|Error in Python)", re.M)


class SpatchFailed(Exception):
    """spatch failed on a file: the stage names the file and the rule."""


@dataclass
class Result:
    """What a rule did to a file: its exit status and log, and whether
    it wrote OUT (a rewrite)."""
    rc: int
    log: str
    changed: bool


def classify(rc, log):
    """"ok" (exit 0), "unchanged" (the rule matched nothing: "no
    modified files") or "failed"."""
    if rc == 0:
        return "ok"
    return "unchanged" if NO_CHANGE in log else "failed"


def report_failed(rc, log, patterns=REPORT_FAIL):
    """A report-mode run (no -o) failed: non-zero, or the rules' Python
    broke (spatch can print a traceback and still exit 0)."""
    return rc != 0 or bool(patterns.search(log))


def defines(*defs):
    """-D options for spatch: each item "name" or "name=value"."""
    out = []
    for d in defs:
        out += ["-D", d]
    return out


def spatch_cmd(sp, src, out=None, defs=(), keep_comments=False, extra=()):
    """The spatch command line the stages share."""
    cmd = ["spatch", "--very-quiet"] + list(defs) + ["--no-includes",
                                                     "--include-headers"]
    if keep_comments:
        cmd.append("--keep-comments")
    cmd += list(extra) + ["--sp-file", str(sp), str(src)]
    if out is not None:
        cmd += ["-o", str(out)]
    return cmd


def _env(env):
    e = dict(os.environ)
    if env:
        e.update(env)
    return e


def rule(sp, src, out, log, defs=(), keep_comments=False, env=None,
         append=False, copy_unchanged=False, extra=()):
    """SP on SRC, the rewrite in OUT, spatch's output in LOG (appended
    with APPEND).  Result.changed: spatch wrote OUT.  With
    COPY_UNCHANGED, OUT is a copy of SRC when the rule changed nothing.
    Raises SpatchFailed (OUT removed) when spatch failed."""
    with open(log, "a" if append else "w") as lf:
        p = subprocess.run(spatch_cmd(sp, src, out, defs, keep_comments, extra),
                           stdout=lf, stderr=subprocess.STDOUT, env=_env(env))
    with open(log, errors="replace") as lf:
        text = lf.read()
    if classify(p.returncode, text) == "failed":
        if os.path.lexists(out):
            os.unlink(out)
        raise SpatchFailed(log)
    changed = os.path.isfile(out)
    if not changed and copy_unchanged:
        shutil.copyfile(src, out)
    return Result(p.returncode, text, changed)


def report(sp, src, log, defs=(), env=None, patterns=REPORT_FAIL):
    """SP on SRC in report mode, its output in LOG; the Result.  Raises
    SpatchFailed when the run failed (report_failed)."""
    with open(log, "w") as lf:
        p = subprocess.run(spatch_cmd(sp, src, None, defs), stdout=lf,
                           stderr=subprocess.STDOUT, env=_env(env))
    with open(log, errors="replace") as lf:
        text = lf.read()
    if report_failed(p.returncode, text, patterns):
        raise SpatchFailed(log)
    return Result(p.returncode, text, False)


def sites(sp, src, defs=()):
    """SP on SRC in report mode, stdout only (stderr dropped): the
    old-form sites a refusal lists."""
    p = subprocess.run(spatch_cmd(sp, src, None, defs), stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, env=_env(None))
    return p.stdout.decode("utf-8", "replace")


def parse_c(src, log):
    """spatch --parse-c SRC into LOG (its exit does not matter)."""
    with open(log, "w") as lf:
        subprocess.run(["spatch", "--parse-c", str(src)], stdout=lf,
                       stderr=subprocess.STDOUT, env=_env(None))


def tagged(text, tag):
    """The lines of a rule's log after "TAG: ", in order."""
    p = tag + ": "
    return [l[len(p):] for l in text.split("\n") if l.startswith(p)]


def need():
    """spatch must be installed."""
    common.need_cmd("spatch")
