# SPDX-License-Identifier: GPL-2.0-only
"""After the minimal rule: the idiomatic stages (set-up into @init,
tear-down into @release: cocci/vfio_init_release.cocci, then
cocci/vfio_tidy.cocci), or, for a structure a parent owns, the
completion member its @release signals (cocci/vfio_parent_field.cocci,
maybe in a header).  Each returns (ok, how): how is the verdict's text,
or why the file needs a human when not ok; the record's typed fields go
to the converter's FileState (why among them: the message takes the
reason from there, never from how)."""
import os
import re

from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx

SP_LIFT = sp.common.TOP / "cocci" / "vfio_init_release.cocci"


def lifted_words(lines):
    """The words of the LIFTED lines that name something (not "-")."""
    return [w for l in lines for w in l.split(" ") if w != "-"]


def paste(a, b, sep=":"):
    """paste -dSEP A B: line by line, a missing line empty."""
    n = max(len(a), len(b))
    a = a + [""] * (n - len(a))
    b = b + [""] * (n - len(b))
    return [x + sep + y for x, y in zip(a, b)]


def lift(c, lfile, llog, lname, orig, minimal_log):
    """The idiomatic stages on LFILE (already minimal; ORIG is the input
    it came from), in place when they apply."""
    fs = c.fs
    c.rule(SP_LIFT, lfile, lfile + ".lift", llog + ".lift",
           "spatch failed on %s in the idiomatic stage (cocci/vfio_init_release.cocci)" % lname,
           defs=c.defs, env={"LC_LIFT_ORIG": orig})
    text = tx.read(llog + ".lift")
    lifted = sp.tagged(text, "LIFTED")
    lfuncs = ",".join(lifted_words(lifted))
    refused = sp.tagged(text, "LIFT-REFUSED")
    lwhy = ";".join(refused)
    codes = sp.tagged(text, "LIFT-REASON")
    with open(llog + ".codes", "w") as f:
        f.write("".join(l + "\n" for l in codes))
    fs.reasons = "\n".join(paste(codes, refused))
    moved = sp.tagged(text, "LIFT-MOVED")
    fs.moved = "\n".join(moved)
    # the pci-core registration needs the driver data set before it
    lorder = ";".join(sp.tagged(text, "LIFT-ORDER"))
    if lorder:
        if os.path.exists(lfile + ".lift"):
            os.unlink(lfile + ".lift")
        return False, lorder
    lmoved = ";".join(moved)
    if not lfuncs or not os.path.isfile(lfile + ".lift"):
        # only the driver data moved: keep that
        if lmoved and os.path.isfile(lfile + ".lift"):
            os.replace(lfile + ".lift", lfile)
            lmoved = "; " + lmoved
        else:
            if os.path.exists(lfile + ".lift"):
                os.unlink(lfile + ".lift")
            lmoved = ""
            fs.moved = ""
        if not lwhy and sp.tagged(text, "LIFT-NOTHING"):
            fs.level = "idiomatic"
            return True, "idiomatic, target %s: no set-up to move into @init/@release%s" \
                % (c.target, lmoved)
        bare = [re.sub(r"^[^ ]* ", "", l, count=1) for l in sp.tagged(minimal_log, "ALLOC-BARE")
                if re.match(r"^[^ ]* ", l)]
        if not lwhy and sp.tagged(minimal_log, "ALLOC-BARE"):
            lwhy = ("the state is a bare vfio_device (allocated line %s), with no structure "
                    "of the driver's own for @init/@release to set up" % (bare[0] if bare else ""))
            fs.reasons = "bare-state:" + lwhy
        # ops in a variable (chosen at run time): the lift takes one
        lvar = None
        if tx.count_lines(tx.read(lfile), r"vfio_alloc_device\([^;]*, *[A-Za-z_][A-Za-z0-9_]*\);"):
            lvar = tx.first_line_no(tx.read(orig),
                                    r"vfio_init_group_dev\([^;]*, *[A-Za-z_][A-Za-z0-9_]*\);")
        if not lwhy and lvar:
            lwhy = ("the ops are held in a variable, chosen at run time (line %d): "
                    "@init/@release would have to go into every ops it may hold" % lvar)
            fs.reasons = "ops-variable:" + lwhy
        if not lwhy:
            fs.reasons = "no-probe-remove:no probe/remove pair found"
        # the message's reason is this field, not the text (which the
        # pre-stages' notes follow)
        fs.why = (lwhy or "no probe/remove pair found") + lmoved
        return True, "minimal, target %s; not idiomatic: %s" % (c.target, fs.why)
    if lmoved:
        lmoved = "; " + lmoved
    ldecls = ",".join(sp.tagged(text, "LIFT-UNUSED"))
    c.tidy(lfile + ".lift", lfuncs, ldecls, llog + ".tidy", lname)
    os.replace(lfile + ".lift", lfile)
    rest = [re.sub(r"^[^ ]* [^ ]* ", "", l, count=1) for l in lifted
            if re.match(r"^[^ ]* [^ ]* ", l)]
    lnew = "(), ".join(lifted_words(rest))
    fs.init = "\n".join(m.group(1) for m in
                        (re.match(r"^[^ ]* [^ ]* ([^ ]*) .*", l) for l in lifted) if m)
    rel = [re.sub(r"^[^ ]* [^ ]* [^ ]* ", "", l, count=1) for l in lifted
           if re.match(r"^[^ ]* [^ ]* [^ ]* ", l)]
    fs.release = "\n".join(l for l in rel if l != "-")
    fs.level = "idiomatic"
    if lwhy:
        fs.level = "idiomatic-in-part"
        fs.why = lwhy + lmoved
        return True, "idiomatic in part, target %s: %s(); minimal elsewhere: %s" \
            % (c.target, lnew, fs.why)
    return True, "idiomatic, target %s: %s()%s" % (c.target, lnew, lmoved)


def parent_field(text):
    """(tag, field, completion) of the rule's first PARENT-FIELD line,
    the completion being the rest of the line; "" for what is missing."""
    pf = sp.tagged(text, "PARENT-FIELD")
    words = pf[0].split(None, 2) if pf else []
    words += [""] * (3 - len(words))
    return words[0], words[1], words[2].strip()


def _headers(name):
    """The headers next to NAME: its #include "x.h" first, then every
    .h of its directory (sorted), as paths like NAME's."""
    d = os.path.dirname(name) or "."
    incs = re.findall(r'^#include "(.*\.h)"', tx.read(name), re.M)
    try:
        here = sorted(x for x in os.listdir(d) if x.endswith(".h") and not x.startswith("."))
    except OSError:
        here = []
    out = []
    for h in incs + here:
        p = d + "/" + h
        if p.startswith("./"):
            p = p[2:]
        out.append(p)
    return out


def parent_owned(c, name, result, log):
    """Finish a parent-owned conversion of NAME (its converted text in
    RESULT): the completion member that @release signals goes into the
    structure, in RESULT or in the header next to NAME that defines it
    (OUTDIR/<header>, with its own verdict), with a line in the
    structure's kernel-doc."""
    fs = c.fs
    ltext = tx.read(log)
    ptag, pfld, pcname = parent_field(ltext)
    pl = sp.tagged(ltext, "PARENT-LEVEL")
    plevel = pl[0] if pl else ""
    rtext = tx.read(result)
    m = re.search(r"^\t\.release = ([a-z0-9_]*),$", rtext, re.M)
    prel = m.group(1) if m else ""
    if not ptag or not pcname:
        return False, "parent-owned structure, but the rules did not say which (see %s)" % log
    pdoc = "completed by the @release of @%s; puts wait for it" % pfld
    pwhere = ""
    if re.search(r"^[ \t\r\f\v]*struct completion %s;" % re.escape(pcname), rtext, re.M):
        tx.kdoc_member(result, result, ptag, pfld, pcname, pdoc)
    else:
        phdr = ""
        for h in _headers(name):
            if os.path.isfile(h) and re.search(r"^struct %s \{" % re.escape(ptag), tx.read(h), re.M):
                phdr = h
                break
        if not phdr:
            return False, ("parent-owned struct %s is defined in no header next to %s: nowhere "
                           "to add the completion its @release must signal" % (ptag, name))
        out = c.out + "/" + phdr
        phin = out if os.path.isfile(out) else phdr
        os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
        c.rule(sp.common.TOP / "cocci" / "vfio_parent_field.cocci", phin, out + ".new",
               log + ".field",
               "spatch failed on %s (the header of %s) in the parent-field stage "
               "(cocci/vfio_parent_field.cocci)" % (phdr, name),
               defs=sp.defines("patch", "tag=" + ptag, "fld=" + pfld, "cname=" + pcname),
               keep_comments=True)
        if not os.path.isfile(out + ".new"):
            return False, ("could not add the completion member %s to struct %s in %s (see %s)"
                           % (pcname, ptag, phdr, log + ".field"))
        tx.kdoc_member(out + ".new", out, ptag, pfld, pcname, pdoc)
        os.unlink(out + ".new")
        # the header may have been an input of its own: replaced
        c.drop(phdr)
        group = phdr + "\n" + name
        c.verdict(phdr, "converted", "header-member",
                  "parent-owned struct %s: completion member %s, which %s() of %s signals"
                  % (ptag, pcname, prel or "the @release", name),
                  ["target=" + c.target, "level=" + plevel.split(":")[0], "parent=1",
                   "completion=" + pcname, "release=" + prel, "group=" + group])
        fs.group = group
        c.hdr_done(phdr)
        # the header and the driver go into one patch
        c.groups_add("%s %s" % (phdr, name))
        pwhere = " (in %s)" % phdr
    fs.parent, fs.completion, fs.release = "1", pcname, prel
    if plevel == "idiomatic":
        fs.level = "idiomatic"
        return True, ("idiomatic, parent-owned, target %s: vfio_init_device(); %s() signals %s%s, "
                      "which every vfio_put_device() waits for, so the parent frees or reuses "
                      "the structure only once no reference is left; probe sets up nothing that "
                      "the registration failure or remove undoes: nothing to move into "
                      "@init/@release" % (c.target, prel or "the @release", pcname, pwhere))
    why = plevel[len("minimal: "):] if plevel.startswith("minimal: ") else plevel
    fs.reasons = "\n".join("parent-minimal:" + x for x in why.split("; "))
    fs.why = why
    return True, ("parent-owned, minimal, target %s: vfio_init_device(); %s() signals %s%s, which "
                  "every vfio_put_device() waits for; not idiomatic: %s"
                  % (c.target, prel or "the @release", pcname, pwhere, why))
