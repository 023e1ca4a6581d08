# SPDX-License-Identifier: GPL-2.0-only
"""The pre-uninit pre-stage (convert_file runs it on its input, so the
copies other pre-stages hand over go through it too).  A file that calls
vfio_init_group_dev() and never vfio_uninit_group_dev() (the API
generation before 5.15, or a missing uninit) is rewritten by
cocci/vfio_pre_uninit.cocci into the ordinary old form, and that copy is
what the later stages convert.  lclib/preuninit.py checks the copy; when
it is refused the file is kept, with reason pre-uninit.

What the stage did is a field of the file's record, "preuninit":
{"note": the text the verdict carries, "renamed": the ops whose
.open/.release were renamed}; lifecycle/series/message.py words it from the field."""
import os
import re
import shutil

from lifecycle import common
from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx

import lclib.preuninit as lpu  # noqa: E402 (cocci/ is on sys.path)

SP_PREUNINIT = common.TOP / "cocci" / "vfio_pre_uninit.cocci"
RENAMED = ": .open/.release (5.13/5.14 open/close) renamed .open_device/.close_device"
AROUND = re.compile(r"^.* in ([A-Za-z_0-9]*) reachable by inconsistent control-flow paths$", re.M)


def _text(path):
    with open(path) as f:
        return f.read()


def applies(src, orig=None):
    """lclib.preuninit applies: the stage runs on SRC."""
    try:
        return bool(lpu.applies(_text(src), _text(orig) if orig else None))
    except Exception:  # a file it cannot read: the stage does not run
        return False


def note_field(notes):
    """The record field for the check's NOTES (its lines, in order)."""
    renamed = []
    for n in notes:
        if n.endswith(RENAMED):
            renamed = n[:-len(RENAMED)].split(", ")
    return {"note": "".join("; " + n for n in notes), "renamed": renamed}


def stage(c, name, src, dst, log):
    """When SRC (the input of NAME, or a copy) is of the shape, the
    rewritten copy becomes FileState.pu_src, with the note; else pu_src
    is SRC.  False when the rewrite is refused: NAME's verdict is
    written, DST holds the original."""
    fs = c.fs
    fs.pu_src = src
    fs.preuninit_note, fs.preuninit, c.pu_named = "", None, ""
    if not applies(src, name):
        return True
    copy = c.logs + "/preuninit-" + name.replace("/", "_")
    around = ""
    try:
        sp.rule(SP_PREUNINIT, src, copy, log + ".preuninit",
                defs=sp.defines("patch"), keep_comments=True)
    except sp.SpatchFailed:
        # a free that paths around the init reach too: no uninit can go
        # before it; the check of the unchanged copy names the line
        m = AROUND.search(tx.read(log + ".preuninit"))
        around = m.group(1) if m else ""
        if not around:
            common.tool_failed("spatch failed on %s in the pre-uninit stage "
                               "(cocci/vfio_pre_uninit.cocci); log: %s" % (name, log + ".preuninit"))
    if not os.path.isfile(copy):
        shutil.copyfile(src, copy)
    if not around and tx.same(src, copy) and not applies(src):
        # a copy another pre-stage paired already: nothing to judge here
        os.unlink(copy)
        return True
    try:
        why, notes = lpu.check_copy(_text(src), _text(copy))
    except Exception as e:
        common.tool_failed("lclib.preuninit check failed on %s: %s" % (name, e))
    out = why or notes
    rc = 1 if why else 0
    if around and rc <= 1:
        # the check of the unchanged copy names the free and the goto
        out = [l for l in out if "reached from before the init" in l] or [
            "a free of the state in %s() is reached both through the init and around it: "
            "no uninit can go before it" % around]
        rc = 1
    with open(log + ".pu", "w") as f:
        f.write("".join(l + "\n" for l in out))
    if rc == 0:
        if tx.same(src, copy):
            # nothing freed the state after the init or an unregister
            os.unlink(copy)
            return True
        fs.pu_src = copy
        c.pu_named = name
        fs.preuninit = note_field(out)
        fs.preuninit_note = fs.preuninit["note"]
        return True
    os.unlink(copy)
    shutil.copyfile(name, dst)
    from lifecycle.convert.file import PU_SHAPE
    c.verdict(name, "not-converted", "pre-uninit",
              "%s: %s" % (PU_SHAPE, out[0] if out else ""),
              details=["  why: " + l for l in out[1:]])
    c.status = 3
    return False
