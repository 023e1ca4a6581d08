# SPDX-License-Identifier: GPL-2.0-only
"""The helper-allocation pre-stage.  A file whose state comes from a
static helper of the file (returning it, NULL or ERR_PTR() on failure)
is rewritten by cocci/vfio_alloc_helper.cocci into the ordinary old form
(the caller allocates, initialises, then calls the helper on the state)
and that copy is converted by convert_file.  The rewrite is checked
(lclib/allochelper.py); when it is refused, or its copy is not
converted, the file is converted as it is (its own verdict), and the
refusal is one of the reasons quoted there."""
import os
import subprocess
import sys

from lifecycle import common
from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx
from lifecycle.convert.file import Note

SP_HELPER = common.TOP / "cocci" / "vfio_alloc_helper.cocci"


def helper_line(line):
    """A HELPER line's words: (helper, state, line, field); the field is
    the rest of the line, maybe empty."""
    w = line.strip(" \t").split(None, 3)
    w += [""] * (4 - len(w))
    return w[0], w[1], w[2], w[3].strip(" \t")


def member(c, f):
    """True when F was converted through the rewrite."""
    if "vfio_init_group_dev" not in tx.read(f):
        return False
    name = f.replace("/", "_")
    log = c.logs + "/" + name + ".helper"
    copy = c.logs + "/helper-" + name
    r = c.rule(SP_HELPER, f, copy, log,
               "spatch failed on %s in the helper stage (cocci/vfio_alloc_helper.cocci)" % f,
               stage=False, defs=sp.defines("patch"), keep_comments=True)
    helpers = sp.tagged(r.log, "HELPER")
    if not "\n".join(helpers) or not os.path.isfile(copy):
        if os.path.lexists(copy):
            os.unlink(copy)
        return False
    why, fns, note = [], [], ""
    for h in helpers:
        hh, hst, hln, hfld = helper_line(h)
        p = subprocess.run([sys.executable, "-m", "lclib.allochelper", "check", copy, hh, hst, f, hfld],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        outp = p.stdout.decode("utf-8", "replace")
        if p.returncode == 1:
            why += ["helper %s() (called line %s) not rewritten: %s" % (hh, hln, l)
                    for l in tx.lines(outp)]
        elif p.returncode != 0:
            common.tool_failed("lclib.allochelper check failed on %s (exit %d): %s"
                               % (f, p.returncode, outp.rstrip("\n")))
        fns.append(hh)
        note += "; helper %s() sets up the state it is given, the caller allocates it (line %s)" % (hh, hln)
    with open(log + ".why", "w") as fh:
        fh.write("".join(l + "\n" for l in why))
    if why:
        c.write_midwhy(f, why)
        os.unlink(copy)
        return False
    # braces left around a lone return in the helper go
    c.tidy(copy, ",".join(fns), "", log + ".tidy", f)
    save = c.status
    c.note = Note(text=note)
    c.convert_file(copy, f)
    c.note = Note()
    if c.converted(f):
        os.unlink(copy)
        return True
    # the copy was not converted: the file's own verdict, with the
    # copy's reasons (its lines are the copy's)
    c.write_midwhy(f, c.copy_why(f, "helper rewritten, but its copy was not converted "
                                    "(lines of the copy): "))
    c.status = save
    c.drop(f)
    os.unlink(copy)
    return False
