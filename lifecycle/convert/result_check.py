# SPDX-License-Identifier: GPL-2.0-only
"""The independent life-cycle check of a converted file
(cocci/vfio_lifecycle_check.cocci), run on each result just before its
"converted" verdict.  A finding turns the file back to unconverted: the
original is kept and the findings are the reason (their lines mapped
back to the input's by lclib/linemap.py)."""
import os
import re
import shutil
import subprocess
import sys

from lifecycle import common
from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx

SP_CHECK = common.TOP / "cocci" / "vfio_lifecycle_check.cocci"
CHECK_FAIL = re.compile(r"^(EXN|Traceback|Fatal error)", re.M)


def rename_findings(text, result, name):
    """The report lines that name RESULT, naming NAME instead."""
    out = []
    for l in tx.lines(text):
        if result + ":" in l:
            out.append(name + (l[len(result):] if l.startswith(result) else l))
    return out


def findings(c, result, name, log, src):
    """The checker's findings on RESULT (the conversion of SRC), lines of
    SRC; a failure is a tool failure (RESULT removed), never a verdict."""
    defs = sp.defines("report") + ([] if c.target == "6.1" else sp.defines("core_frees"))
    try:
        r = sp.report(SP_CHECK, result, log + ".check", defs, patterns=CHECK_FAIL)
    except sp.SpatchFailed:
        os.unlink(result)
        common.tool_failed("spatch (life-cycle check of %s, stage "
                           "cocci/vfio_lifecycle_check.cocci) failed; see %s" % (name, log + ".check"))
    conv = "".join(l + "\n" for l in rename_findings(r.log, result, name))
    with open(log + ".conv", "w") as f:
        f.write(conv)
    p = subprocess.run([sys.executable, "-m", "lclib.linemap", src, result],
                       input=conv.encode(), stdout=subprocess.PIPE)
    if p.returncode != 0:
        os.unlink(result)
        common.tool_failed("mapping the life-cycle findings of %s back to its lines "
                           "(lclib/linemap.py) failed" % name)
    with open(log + ".found", "wb") as f:
        f.write(p.stdout)
    return p.stdout.decode("utf-8", "replace").rstrip("\n")


def verdict(c, name, src, result, log):
    """True when the checker finds nothing in RESULT; else NAME's verdict
    is NOT CONVERTED with the findings (the original kept, RESULT
    removed, status 3)."""
    found = findings(c, result, name, log, src)
    if not found:
        return True
    why = ""
    # an input of the API generation before vfio_uninit_group_dev() and
    # open_device: its .release is a close callback
    sys.stdout.flush()
    pre = subprocess.run([sys.executable, "-m", "lclib.checker", "--pre-uninit", src]).returncode
    if pre == 0 and ": life-cycle old-ops: " in found:
        why = ("pre-uninit API generation (5.13/5.14): no vfio_uninit_group_dev(); "
               "ops .open/.release are open/close; ")
    os.unlink(result)
    shutil.copyfile(name, c.out + "/" + name)
    # a header the conversion gave a member (parent-owned) goes back as
    # it was, and out of the groups
    groups = c.logs + "/groups"
    if os.path.isfile(groups):
        ls = tx.lines(tx.read(groups))
        for l in ls:
            w = l.strip(" \t").split(None, 1)
            h, f = (w + ["", ""])[:2]
            if f.strip(" \t") != name:
                continue
            shutil.copyfile(h, c.out + "/" + h)
            c.drop(h)
            c.verdict(h, "nothing", "member-withdrawn",
                      "no old vfio calls; the completion member for %s is withdrawn with it" % name)
            c.hdr_done(h)
        keep = [l for l in ls if (l.split() + ["", ""])[1] != name]
        tx.write(groups, "".join(l + "\n" for l in keep))
    fl = found.split("\n")
    c.verdict(name, "not-converted", "lifecycle", "%sthe life-cycle checker found: %s" % (why, fl[0]),
              details=["  " + l for l in fl[1:]])
    c.status = 3
    return False
