# SPDX-License-Identifier: GPL-2.0-only
"""make convert's work, once the plan is checked (lifecycle/module/main.py):
copy the module's sources, fix a missing unregister first, convert,
restyle, write the patches, build against the target kernel, and put the
complete output in place of the old one.

Everything is written in a temporary directory next to the output
(drivers-out/modules/<name>.new.<pid>); the caller removes it when the
run ends early.  The steps talk through the files they leave there and
the converter's records (conversion.json), never through its prose.
"""
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

from lifecycle import jsonl as lcjsonl  # noqa: E402
from lifecycle.convert import verdict as lcverdict  # noqa: E402

from lifecycle.module import tools as module_tools
from lifecycle.common import (Exit, TOP, die, missing_unregister, run, step,
                              style_pass, tool_env, tool_failed)
from lifecycle.module.args import MARKER, read_marker


@dataclass
class Plan:
    """What a checked M= and KERNEL= give (lifecycle/module/main.py)."""
    mod: str          # M as given (messages)
    mod_p: str        # its physical directory
    name: str         # its name as given
    safe: str         # the output's name
    srcs: list        # the sources, relative to mod_p
    files: list       # the .c files among them
    kernel: str       # KERNEL as given, or the test kernel's directory
    kernel_p: str     # its physical directory (the build's)
    api: str          # the target API: 6.1 or 6.2

    @property
    def rel(self):
        return "drivers-out/modules/" + self.safe

    @property
    def final(self):
        return str(TOP / self.rel)


@dataclass
class Result:
    """How the run ended: the exit code and the RESULT line's text."""
    code: int
    why: str


def _copy(src, dst):
    """Contents only: a read-only module gives writable copies."""
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(src, "rb") as i, open(dst, "wb") as o:
        shutil.copyfileobj(i, o)


def _diff(orig_dir, new_dir, names, patch):
    """diff -u of each name (labels, not timestamps: the same input gives
    the same patch, which applies with -p1 inside the module directory)
    appended to PATCH, created empty first."""
    with open(patch, "wb") as p:
        for f in names:
            p.flush()
            run(["diff", "-u", "--label", "a/" + f, "--label", "b/" + f,
                 os.path.join(orig_dir, f), os.path.join(new_dir, f)],
                stdout=p)


def fix_line(path, fields):
    """The verdict line of a fix the rule made first, from its
    MISSING-UNREGISTER fields (words: remove, probe, registration,
    object, member, tear-down call, ...)."""
    w = fields.split()
    return ("%s: fixed first: %s() never unregistered the vfio_device %s() "
            "registers (%s()): vfio_unregister_group_dev(&%s->%s) added "
            "before %s() (fixes.patch; cocci/vfio_missing_unregister.cocci)"
            % (path, w[0], w[1], w[2], w[3], w[4], w[5]))


def changed_lines(patch_bytes):
    """The lines a patch changes (not its ---/+++ headers)."""
    return sum(1 for l in patch_bytes.split(b"\n")
               if len(l) > 1 and l[:1] in b"-+" and l[1:2] not in b"-+")


def fix_first(plan, out):
    """A remove that never unregisters the vfio_device its probe
    registered is fixed first (cocci/vfio_missing_unregister.cocci), as
    make series does: fixed/ is the conversion's input, fixes.patch the
    fix alone.  The verdict lines of the fixes, one per fixed file."""
    for f in plan.srcs:
        _copy(os.path.join(out, "orig", f), os.path.join(out, "fixed", f))
    fixed = []
    new, log = os.path.join(out, "fixed.new"), os.path.join(out, "fixes.log")
    for f in plan.files:
        fields = missing_unregister(os.path.join(out, "orig", f), new, log, f)
        if fields:
            os.replace(new, os.path.join(out, "fixed", f))
            _copy(os.path.join(out, "fixed", f), os.path.join(out, "tree", f))
            fixed.append(fix_line(f, fields))
    for p in (new, log):
        if os.path.lexists(p):
            os.unlink(p)
    if fixed:
        for l in fixed:
            step("FIX", l)
        _diff(os.path.join(out, "orig"), os.path.join(out, "fixed"),
              plan.files, os.path.join(out, "fixes.patch"))
    return fixed


def convert(plan, out):
    """The converter on fixed/ into tree/, then the kernel style of what
    the rules added; its exit status (0, or 3: some file needs a human).
    The converter's logs end in cocci-logs/."""
    step("CONVERT", "%s (target API %s)" % (plan.name, plan.api))
    clog = os.path.join(out, "conversion.log")
    rc = module_tools.cocci_convert(
        os.path.join(out, "fixed"), plan.api, os.path.join(out, "tree"),
        plan.files, clog, plan.rel + "/cocci-logs")
    if rc not in (0, 3):
        with open(clog, "rb") as f:
            for l in f.read().splitlines():
                sys.stderr.buffer.write(b"  " + l + b"\n")
        sys.stderr.flush()
        tool_failed("the converter (convert-files) on %s exited "
                    "%d; its log is above" % (plan.mod, rc))
    # the kernel style of what the rules added, as make series gives it,
    # on the files the records say were converted
    recs = os.path.join(out, "tree/.cocci/conversion.json")
    try:
        if not os.path.isfile(recs):
            raise OSError(recs)
        converted = lcverdict.paths(lcverdict.load(recs), status="converted")
    except (OSError, ValueError, KeyError):
        tool_failed("lifecycle/convert/verdict.py could not read the records "
                    "(.cocci/conversion.json) of %s" % plan.mod)
    style_pass(os.path.join(out, "fixed"), os.path.join(out, "tree"),
               os.path.join(out, "tree/.cocci/style.log"), converted)
    # the build must not see the converter's logs
    os.rename(os.path.join(out, "tree/.cocci"), os.path.join(out, "cocci-logs"))
    shutil.rmtree(os.path.join(out, "fixed"))
    return rc


def record_fixes(out, fixed):
    """The verdicts say the fix came first: a line of its own before the
    verdicts, and "fixed_first" in the file's record."""
    clog = os.path.join(out, "conversion.log")
    with open(clog, "rb") as f:
        old = f.read()
    with open(clog + ".new", "wb") as f:
        f.write("".join(l + "\n" for l in fixed).encode() + old)
    os.replace(clog + ".new", clog)
    recs = os.path.join(out, "cocci-logs/conversion.json")
    fx = dict(l.split(": fixed first: ", 1) for l in fixed)
    try:
        records = lcjsonl.load(recs)
        for r in records:
            if r.get("path") in fx:
                r["fixed_first"] = fx[r["path"]]
        lcjsonl.save(recs, records)
    except (OSError, ValueError):
        tool_failed("the records (cocci-logs/conversion.json) of the fixes")


def show_verdicts(out):
    """The verdicts (not the converter's SPATCH progress), indented."""
    with open(os.path.join(out, "conversion.log"), "rb") as f:
        lines = f.read().splitlines()
    sys.stdout.flush()
    for l in lines:
        if not l.startswith(b"  SPATCH"):
            sys.stdout.buffer.write(b"  " + l + b"\n")
    sys.stdout.flush()


def write_patch(plan, out):
    """<name>.patch: every source counts (the converter may edit a header
    next to a driver)."""
    patch = os.path.join(out, plan.safe + ".patch")
    _diff(os.path.join(out, "orig"), os.path.join(out, "tree"), plan.srcs, patch)
    with open(patch, "rb") as f:
        n = changed_lines(f.read())
    step("PATCH", "%s/%s.patch (%d changed lines)" % (plan.rel, plan.safe, n))


_BUILD_ERROR = re.compile(rb"error:|Error")


def build(plan, out):
    """The converted module built against the target kernel with W=1 (the
    compiler's extra warnings) and C=2 (sparse on every file); True when
    it built."""
    step("BUILD", "%s against %s" % (plan.name, plan.kernel))
    blog = os.path.join(out, "build.log")
    with open(blog, "wb") as f:
        r = run(["make", "-C", plan.kernel_p, "M=" + os.path.join(out, "tree"),
                 "W=1", "C=2", "modules"], stdout=f, stderr=subprocess.STDOUT,
                env=tool_env())
    with open(blog, "rb") as f:
        lines = f.read().splitlines()
    if r.returncode == 0:
        n = sum(1 for l in lines if b"warning:" in l)
        step("OK", "built with W=1 C=2 (sparse), %d warning(s); log: %s/build.log"
             % (n, plan.rel))
        return True
    sys.stdout.flush()
    for l in [l for l in lines if _BUILD_ERROR.search(l)][:20]:
        sys.stdout.buffer.write(b"  " + l + b"\n")
    sys.stdout.flush()
    step("FAIL", "build failed; log: %s/build.log" % plan.rel)
    return False


def outcome_of(rc, built, rel):
    """The exit code and RESULT text from the converter's status RC and
    whether the module built: a file left in the old form cannot build
    against a new core, so the human it needs comes first."""
    if rc == Exit.HUMAN:
        return Result(rc, "see %s/conversion.log (files left as they were, "
                      "and why)%s" % (rel, "" if built else
                                      " (the build failed too: %s/build.log)" % rel))
    if not built:
        return Result(Exit.BUILD, "see %s/build.log" % rel)
    return Result(Exit.OK, "%s: built; the verdicts are in %s/conversion.log"
                  % (rel, rel))


def put_in_place(plan, work):
    """Complete: replace the old output (only make convert's own) in one
    step."""
    with open(os.path.join(work, MARKER), "w") as f:
        f.write("convert\n")
    final = plan.final
    if os.path.isdir(final):
        if read_marker(final) != "convert":
            die("%s appeared during the run and is not the output of make "
                "convert: left as it is; the new output was dropped" % plan.rel)
        old = "%s.old.%d" % (final, os.getpid())
        os.rename(final, old)
        os.rename(work, final)
        shutil.rmtree(old)
    else:
        os.rename(work, final)


def convert_module(plan, work):
    """The whole run in WORK (made here); its Result once WORK is the
    output."""
    out = work
    os.mkdir(out)
    os.makedirs(os.path.join(out, "orig"))
    os.makedirs(os.path.join(out, "tree"))
    for f in plan.srcs:
        _copy(os.path.join(plan.mod_p, f), os.path.join(out, "orig", f))
        _copy(os.path.join(plan.mod_p, f), os.path.join(out, "tree", f))
    if plan.safe != plan.name:
        step("NAME", "%s: output in %s" % (plan.name, plan.rel))
    fixed = fix_first(plan, out)
    rc = convert(plan, out)
    if fixed:
        record_fixes(out, fixed)
    show_verdicts(out)
    write_patch(plan, out)
    built = build(plan, out)
    res = outcome_of(rc, built, plan.rel)
    put_in_place(plan, work)
    return res
