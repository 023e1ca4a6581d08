# SPDX-License-Identifier: GPL-2.0-only
"""Ops chosen at run time (cocci/vfio_runtime_ops.cocci, lclib/rtops.py):
a probe that allocates its state and then inits it with one of two ops
is converted as a whole by that rule, before the usual stages, which
cannot (the allocation needs the ops).  A variant the rule refuses keeps
its reason for the verdict of the usual stages (a "why:" line, reason
code run-time-ops)."""
import os
import re

from lifecycle import common
from lifecycle.convert import result_check as converter_check
from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx

SP_RTOPS = common.TOP / "cocci" / "vfio_runtime_ops.cocci"


def refusals(text, name):
    """The rule's RTOPS-REFUSED lines as why: lines naming NAME."""
    out = []
    for l in sp.tagged(text, "RTOPS-REFUSED"):
        m = re.match(r"^([a-z-]*) ([0-9]*): (.*)$", l)
        if m:
            out.append("%s:%s: why: %s [%s]" % (name, m.group(2), m.group(3), m.group(1)))
    return out


def variant(words, target, rel):
    """(fields, verdict text) for the RTOPS line's WORDS (variant, then
    its names): fields level, init, release, reasons, runtime_ops, and
    what the message names (lifecycle/convert/verdict.py): ops (the two, one a
    line), setup, why."""
    w = words + [""] * (5 - len(words))
    kind = w[0]
    if kind == "fallback":
        return (dict(level="idiomatic", init=w[1], release=rel, reasons="", runtime_ops=kind,
                     ops=w[3] + "\n" + w[4], setup=w[2], why=""),
                "idiomatic, run-time ops, target %s: %s() (@init of %s) runs %s(); when it "
                "fails, probe allocates with %s instead" % (target, w[1], w[3], w[2], w[4]))
    if kind == "choice":
        return (dict(level="idiomatic", init="", release=rel, reasons="", runtime_ops=kind,
                     ops=w[1] + "\n" + w[2], setup="", why=""),
                "idiomatic, run-time ops, target %s: the ops (%s or %s) are chosen before the "
                "allocation; nothing to move into @init/@release" % (target, w[1], w[2]))
    why = ("the set-up of the state in probe (line %s) stays there, two ops would need an "
           "@init each" % w[3])
    return (dict(level="minimal", init="", release=rel, runtime_ops=kind,
                 reasons="run-time-ops-setup:set-up at line %s stays in probe" % w[3],
                 ops=w[1] + "\n" + w[2], setup="", why=why),
            "minimal, run-time ops, target %s: the ops (%s or %s) are chosen before the "
            "allocation; not idiomatic: %s" % (target, w[1], w[2], why))


def runtime_ops(c, name, src, result, log):
    """True when the rule converted SRC (the input NAME) into RESULT;
    the verdict's text and fields are then in the FileState.  A refusal
    goes to LOG.rtwhy, a why line of the verdict."""
    for p in (log + ".rtwhy", result):
        if os.path.lexists(p):
            os.unlink(p)
    env = {"LC_RTOPS_OUT": result, "LC_RTOPS_CORE_FREES": "0" if c.target == "6.1" else "1"}
    try:
        r = sp.report(SP_RTOPS, src, log + ".rtops", sp.defines("report"), env=env)
    except sp.SpatchFailed:
        if os.path.lexists(result):
            os.unlink(result)
        c.stage_failed("spatch failed on %s in the run-time ops stage "
                       "(cocci/vfio_runtime_ops.cocci); log: %s" % (name, log + ".rtops"))
    why = refusals(r.log, name)
    if why:
        with open(log + ".rtwhy", "w") as f:
            f.write("".join(l + "\n" for l in why))
    line = "\n".join(sp.tagged(r.log, "RTOPS"))
    if not line or not os.path.isfile(result):
        return False
    rel = "vfio_pci_core_release_dev"
    if not re.search(r"^[ \t]*\.init = vfio_pci_core_init_dev,", tx.read(result), re.M):
        rel = "vfio_free_device"
    if c.target != "6.1" and rel != "vfio_pci_core_release_dev":
        rel = ""
    fields, how = variant(line.split(), c.target, rel)
    fs = c.fs
    fs.level, fs.init, fs.release = fields["level"], fields["init"], fields["release"]
    fs.reasons, fs.runtime_ops = fields["reasons"], fields["runtime_ops"]
    fs.ops, fs.setup, fs.why = fields["ops"], fields["setup"], fields["why"]
    fs.rt_how = how
    return True


def done(c, name, src, dst, log, eol):
    """The life-cycle check and the verdict of a file runtime_ops
    converted (DST.new), as convert_file ends."""
    if not converter_check.verdict(c, name, src, dst + ".new", log):
        return
    c.pending = []
    c.put_result(dst, eol)
    fs = c.fs
    c.verdict(name, "converted", "converted", fs.rt_how,
              ["target=" + c.target, "level=" + fs.level, "init=" + fs.init,
               "release=" + fs.release, "reasons=" + fs.reasons, "moved=", "group=",
               "runtime_ops=" + fs.runtime_ops, "ops=" + fs.ops, "setup=" + fs.setup,
               "why=" + fs.why])
