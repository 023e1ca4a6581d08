# SPDX-License-Identifier: GPL-2.0-only
"""Mid-layer groups.  A library file whose exported helper initialises a
vfio_device its callers allocated is converted together with its header
and every caller in its directory, or not at all:
  1. cocci/vfio_midlayer_lib.cocci splits the helpers (init/release
     helpers for the callers' @init/@release) and prints a manifest;
  2. the header gets the new prototypes (from the manifest);
  3. each caller is rewritten into the ordinary old form by
     cocci/vfio_midlayer_variant.cocci and converted by convert_file,
     with the library's register/unregister helpers named for the lift.
If any member fails, every member is written back unchanged and
reported."""
import glob
import os
import re
import shutil

from lifecycle import common
from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx

SP_MIDLIB = common.TOP / "cocci" / "vfio_midlayer_lib.cocci"
SP_MIDVAR = common.TOP / "cocci" / "vfio_midlayer_variant.cocci"
ENV = ("LC_MID_PROBE", "LC_MID_REMOVE", "LC_MID_INITC", "LC_MID_RELC", "LC_MID_FLD",
       "LC_MID_OPS", "LC_LIFT_REGISTER", "LC_LIFT_UNREGISTER")


def manifest(line):
    """The MIDLAYER line's words: probe, remove, init and release
    callbacks, the field (the sixth word)."""
    w = line.split()
    w += [""] * (6 - len(w))
    return dict(probe=w[0], remove=w[1], initc=w[2], relc=w[3], fld=w[5])


def users(d, word, ext):
    """The files *.EXT of directory D that use WORD (grep -lw), named
    as D/x (no ./)."""
    out = []
    for p in sorted(glob.glob(os.path.join(d, "*." + ext))):
        if os.path.isfile(p) and re.search(tx.word_rx(word), tx.read(p)):
            out.append(p[2:] if p.startswith("./") else p)
    return out


def blank_lines(text):
    """Whitespace-only lines emptied (spatch indents the blank line
    after an added block)."""
    return "".join(("" if re.match(r"^[ \t\r\f\v]*$", l) else l) + "\n" for l in tx.lines(text))


def groups(c, files):
    """Find and convert the groups among FILES."""
    for lib in files:
        if not os.path.isfile(lib) or not re.search(r"\bvfio_init_group_dev\b", tx.read(lib)):
            continue
        lname = lib.replace("/", "_")
        mlog = c.logs + "/" + lname + ".midlayer"
        mtmp = c.logs + "/mid-" + lname
        shutil.rmtree(mtmp, ignore_errors=True)
        os.makedirs(mtmp)
        try:
            r = sp.rule(SP_MIDLIB, lib, mtmp + "/lib.c", mlog, defs=sp.defines("patch"))
        except sp.SpatchFailed:
            shutil.rmtree(mtmp, ignore_errors=True)
            c.stage_failed("spatch failed on %s in the mid-layer stage "
                           "(cocci/vfio_midlayer_lib.cocci); log: %s" % (lib, mlog))
        why = sp.tagged(r.log, "MIDLAYER-REFUSED")
        if why:
            c.write_midwhy(lib, ["mid-layer not split: " + why[0]])
            continue
        man = "\n".join(sp.tagged(r.log, "MIDLAYER"))
        if not man or not os.path.isfile(mtmp + "/lib.c"):
            continue
        m = manifest(man)
        d = os.path.dirname(lib) or "."
        callers = [x for x in users(d, m["probe"], "c") if x != lib]
        headers = users(d, m["probe"], "h")
        if not callers:
            c.write_midwhy(lib, ["mid-layer %s(): no caller in %s/ to give the ops to" % (m["probe"], d)])
            continue
        if len(headers) != 1:
            c.write_midwhy(lib, ["mid-layer %s(): not declared in exactly one header of %s/"
                                 % (m["probe"], d)])
            continue
        header = headers[0]
        common.step("MIDLAYER", "%s (%s)" % (lib, " ".join(callers)))
        ok, reasons = True, ""
        # 1. the library, tidied (a failing spatch ends the run: exit 5)
        c.tidy(mtmp + "/lib.c", "%s,%s,%s,%s" % (m["initc"], m["probe"], m["relc"], m["remove"]),
               "", mlog + ".tidy", lib)
        cbs = " ".join(sp.tagged(r.log, "MID-CB")).split()
        tx.write(mtmp + "/lib.c", tx.realign(tx.read(mtmp + "/lib.c"), cbs))
        # 2. the header
        protos = "".join(l + "\n" for l in sp.tagged(r.log, "MID-PROTO"))
        with open(mtmp + "/protos", "w") as f:
            f.write(protos)
        h = tx.header_after(tx.read(header), m["remove"], protos)
        if h is None:
            ok, reasons = False, "no prototype of %s() in %s" % (m["remove"], header)
        else:
            tx.write(mtmp + "/header.h", h)
        # 3. the callers
        env = dict(LC_MID_PROBE=m["probe"], LC_MID_REMOVE=m["remove"], LC_MID_INITC=m["initc"],
                   LC_MID_RELC=m["relc"], LC_MID_FLD=m["fld"],
                   LC_MID_OPS="\n".join(sp.tagged(r.log, "MID-OPS")),
                   LC_LIFT_REGISTER=m["probe"], LC_LIFT_UNREGISTER=m["remove"])
        os.environ.update(env)
        verdicts = []
        try:
            for cf in callers:
                if not ok:
                    break
                cx = mtmp + "/" + cf.replace("/", "_")
                clog = mlog + "." + os.path.basename(cf)
                try:
                    sp.rule(SP_MIDVAR, cf, cx, clog, defs=sp.defines("patch"))
                except sp.SpatchFailed:
                    shutil.rmtree(mtmp, ignore_errors=True)
                    c.stage_failed("spatch failed on %s in the mid-layer caller stage "
                                   "(cocci/vfio_midlayer_variant.cocci); log: %s" % (cf, clog))
                if not os.path.isfile(cx) or tx.same(cf, cx):
                    ok, reasons = False, (
                        "%s: its probe/remove do not call %s()/%s() the known way (kzalloc, then "
                        "'ret = %s(st, dev); if (ret) ...')" % (cf, m["probe"], m["remove"], m["probe"]))
                    break
                if tx.count_lines(tx.read(cx), r"\b%s\(" % re.escape(m["relc"])) < 2:
                    ok, reasons = False, "%s: no remove that calls %s() and then frees the state" % (
                        cf, m["remove"])
                    break
                if not re.search(r"^[ \t\r\f\v][ \t\r\f\v]*$", tx.read(cf), re.M):
                    tx.write(cx, blank_lines(tx.read(cx)))
                os.makedirs(os.path.dirname(c.out + "/" + cf) or ".", exist_ok=True)
                c.convert_file(cx, cf)
                verdicts.append(c.records.last())
                if not c.converted(cf):
                    ok = False
                    reasons = "%s: %s" % (cf, c.records.field(cf, "verdict")[0])
        finally:
            for k in ENV:
                os.environ.pop(k, None)
        members = [lib, header] + callers
        c.mid_done += members
        # verdicts: the callers' lines are replaced by the group's
        for cf in callers:
            c.drop(cf)
        if ok:
            for x in (lib, header):
                os.makedirs(os.path.dirname(c.out + "/" + x) or ".", exist_ok=True)
            shutil.copyfile(mtmp + "/lib.c", c.out + "/" + lib)
            shutil.copyfile(mtmp + "/header.h", c.out + "/" + header)
            # the members go into one patch of a series
            c.groups_add("%s %s %s " % (lib, header, " ".join(callers)))
            group = "\n".join([lib, header] + callers)
            c.verdict(lib, "converted", "midlayer",
                      "idiomatic, target %s: mid-layer; %s(), %s() for the callers' @init/@release, "
                      "ops moved to them: %s" % (c.target, m["initc"], m["relc"], " ".join(callers)),
                      ["target=" + c.target, "level=idiomatic", "init=" + m["initc"],
                       "release=" + m["relc"], "group=" + group])
            c.verdict(header, "converted", "midlayer-header",
                      "idiomatic, target %s: prototypes of the mid-layer helpers and callbacks"
                      % c.target, ["target=" + c.target, "level=idiomatic", "group=" + group])
            c.records.add_records([v for v in verdicts if v])
        else:
            for x in members:
                os.makedirs(os.path.dirname(c.out + "/" + x) or ".", exist_ok=True)
                shutil.copyfile(x, c.out + "/" + x)
                c.verdict(x, "not-converted", "midlayer-group",
                          "mid-layer group of %s: %s" % (lib, reasons))
            c.status = 3
