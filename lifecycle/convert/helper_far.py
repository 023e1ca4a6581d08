# SPDX-License-Identifier: GPL-2.0-only
"""The cross-file helper pre-stage.  A file whose state comes from a
function of another C file of its directory (which allocates it, or
returns what one function of its file that allocates it returns) is
rewritten with the functions of that file and the headers declaring them
(cocci/vfio_alloc_helper_far.cocci, one run per role, the roles planned
by lclib/allochelper_far.py) into the ordinary old form, and that copy
is converted by convert_file.  When the plan refuses, a check fails, or
the copy is not converted, every file is left as it was and the file
gets its own verdict, the refusal quoted there.

The plan is read once (a JSON object).  The chain the rewrite took is a
field of the records of the files it converted, "far_chain": {"note": the
text the caller's verdict carries, "chain": the functions, caller first,
"far": the other file, "destroy": its destroy function or null}, with
"caller" (the converted file) and "member" (the structure a header
reorders) on the other file's and the headers' records; lifecycle/series/message.py
words them from the field."""
import json
import os
import shutil
import subprocess
import sys

from lifecycle import common
from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx
from lifecycle.convert.file import Note

import lclib.allochelper_far as laf  # noqa: E402 (cocci/ is on sys.path)

SP_FAR = common.TOP / "cocci" / "vfio_alloc_helper_far.cocci"


class Plan:
    """The plan's fields, as lclib.allochelper_far get words them: a
    list one value a line, "" for null."""

    def __init__(self, path):
        with open(path) as f:
            self.data = json.load(f)

    def get(self, key):
        return laf.plan_field(self.data, key)

    def list(self, key):
        return [x for x in self.get(key).split("\n") if x]


def far_note(chain, far, call_line, destroy):
    """The converted file's note and its record field."""
    text = "; %s of %s set up the state they are given, the caller allocates it (line %s)%s" % (
        " -> ".join(fn + "()" for fn in chain), far, call_line,
        "; %s() no longer frees it" % destroy if destroy else "")
    return {"note": text, "chain": list(chain), "far": far, "destroy": destroy or None}


def sort_u(items):
    """sort -u (the C.UTF-8 order: code points)."""
    return sorted(set(items))


def _lclib(*args, out=None):
    sys.stdout.flush()
    return subprocess.run([sys.executable, "-m", "lclib.allochelper_far"] + list(args),
                          stdout=out, stderr=subprocess.STDOUT if out else None)


def member(c, ff):
    """True when FF was converted through the rewrite (the other file
    and its headers with it)."""
    text = tx.read(ff)
    if tx.count_lines(text, r"vfio_init_group_dev *\(") != 1:
        return False
    fname = ff.replace("/", "_")
    fd = c.logs + "/far-" + fname
    shutil.rmtree(fd, ignore_errors=True)
    os.makedirs(fd)
    fline = tx.first_line_no(text, r"vfio_init_group_dev *\(")
    with open(fd + "/plan.json", "w") as po, open(fd + "/plan.err", "w") as pe:
        rc = subprocess.run([sys.executable, "-m", "lclib.allochelper_far", "plan", ff, str(fline)],
                            stdout=po, stderr=pe).returncode
    if rc == 3:
        shutil.rmtree(fd)
        return False
    if rc != 0:
        common.tool_failed("lclib.allochelper_far plan failed on %s (exit %d): %s"
                           % (ff, rc, tx.read(fd + "/plan.err").rstrip("\n")))
    plan = Plan(fd + "/plan.json")
    if plan.get("why"):
        c.write_midwhy(ff, ["cross-file helper rewrite refused: " + l
                            for l in plan.get("why").split("\n")])
        return False
    far, fst, fdestroy = plan.get("far"), plan.get("st"), plan.get("destroy")
    chain, hdrs = plan.list("chain"), plan.get("headers").split()
    flog = fd + "/spatch.log"
    open(flog, "w").close()

    def role(src, out, *defs):
        c.rule(SP_FAR, src, out, flog,
               "spatch failed on %s in the cross-file helper stage "
               "(cocci/vfio_alloc_helper_far.cocci %s)" % (src, " ".join(sp.defines(*defs))),
               stage=False, defs=sp.defines(*defs), keep_comments=True, append=True,
               copy_unchanged=True)
    # the other file: the allocating function, the ones passing it on,
    # the destroy function
    if os.path.lexists(fd + "/far.0"):
        os.unlink(fd + "/far.0")
    role(far, fd + "/far.0", "far_alloc", "fn=" + (chain[-1] if chain else ""))
    i, prev = 0, ""
    for fn in reversed(chain):
        if prev:
            role("%s/far.%d" % (fd, i), "%s/far.%d" % (fd, i + 1),
                 "far_pass", "fn=" + fn, "next=" + prev, "st=" + fst)
            i += 1
        prev = fn
    if fdestroy:
        role("%s/far.%d" % (fd, i), "%s/far.%d" % (fd, i + 1), "far_destroy", "fn=" + fdestroy)
        i += 1
    shutil.copyfile("%s/far.%d" % (fd, i), fd + "/far.c")
    c.tidy(fd + "/far.c", ",".join(chain), "", fd + "/tidy.log", far)
    # the tidy stage can drop a local a label after the last return
    # still reads: then the untidied text stands, checked in its turn
    with open(fd + "/check", "w") as ch:
        ok = _lclib("check", fd + "/far.c", fd + "/plan.json", far, out=ch).returncode == 0
    if not ok:
        shutil.copyfile("%s/far.%d" % (fd, i), fd + "/far.c")
        with open(fd + "/check", "w") as ch:
            ok = _lclib("check", fd + "/far.c", fd + "/plan.json", far, out=ch).returncode == 0
        if not ok:
            why = tx.lines(tx.read(fd + "/check"))
            if os.path.getsize(fd + "/check") == 0:
                common.tool_failed("lclib.allochelper_far check failed on %s: no reason given" % far)
            c.write_midwhy(ff, ["cross-file helper rewrite of %s refused: %s"
                                % (os.path.basename(far), l) for l in why])
            return False
    if _lclib("document", fd + "/far.c", fd + "/plan.json").returncode != 0:
        common.tool_failed("lclib.allochelper_far document failed on %s" % far)
    # the headers declaring the chain
    for n, h in enumerate(hdrs, 1):
        shutil.copyfile(h, "%s/h%d.0" % (fd, n))
        j = 0
        for fn in chain:
            role("%s/h%d.%d" % (fd, n, j), "%s/h%d.%d" % (fd, n, j + 1), "far_proto",
                 "fn=" + fn, "st=" + fst)
            j += 1
        if h == plan.get("member_header"):
            role("%s/h%d.%d" % (fd, n, j), "%s/h%d.%d" % (fd, n, j + 1), "far_member",
                 "tag=" + plan.get("tag"), "fld=" + plan.get("field"))
            j += 1
        shutil.copyfile("%s/h%d.%d" % (fd, n, j), "%s/h%d" % (fd, n))
    # the converted file: the ordinary old form
    role(ff, fd + "/caller.c", "far_caller", "fn=" + plan.get("callee"),
         "dfn=" + (fdestroy or "lc_no_destroy_function"))
    if tx.same(ff, fd + "/caller.c"):
        c.write_midwhy(ff, ["cross-file helper rewrite refused: the call of %s() (line %s) is not "
                            "followed by the check and the init call the rule takes"
                            % (plan.get("callee"), plan.get("call_line"))])
        return False
    save = c.status
    chain_field = far_note(chain, far, plan.get("call_line"), fdestroy)
    group = "\n".join(sort_u([ff, far] + hdrs))
    c.note = Note(text=chain_field["note"], far_chain=chain_field, group=group)
    c.convert_file(fd + "/caller.c", ff)
    c.note = Note()
    if not c.converted(ff):
        c.write_midwhy(ff, c.copy_why(ff, "cross-file helper rewrite done, but its copy was not "
                                          "converted (lines of the copy): "))
        c.status = save
        c.drop(ff)
        return False
    if _lclib("restore", c.out + "/" + ff, fd + "/plan.json").returncode != 0:
        c.write_midwhy(ff, ["cross-file helper rewrite done, but the check of %s could not be "
                            "put back on the allocation" % plan.get("state")])
        c.status = save
        c.drop(ff)
        return False
    # the other file and the headers: converted with it, one patch
    os.makedirs(os.path.dirname(c.out + "/" + far) or ".", exist_ok=True)
    shutil.copyfile(fd + "/far.c", c.out + "/" + far)
    c.drop(far)
    c.verdict(far, "converted", "helper-far",
              "%s set up the state they are given and return an error code; the vfio core "
              "allocates it (for %s)%s" % (", ".join(fn + "()" for fn in chain), ff,
                                           "; %s() undoes the set-up and no longer frees it"
                                           % fdestroy if fdestroy else ""),
              ["target=" + c.target, "level=idiomatic", "group=" + group],
              extra={"far_chain": dict(chain_field, note="", caller=ff)})
    c.hdr_done(far)
    for n, h in enumerate(hdrs, 1):
        if tx.same(h, "%s/h%d" % (fd, n)):
            continue
        os.makedirs(os.path.dirname(c.out + "/" + h) or ".", exist_ok=True)
        shutil.copyfile("%s/h%d" % (fd, n), c.out + "/" + h)
        c.drop(h)
        what = "prototypes of the functions that set up the state they are given"
        fc = dict(chain_field, note="", caller=ff)
        if h == plan.get("member_header"):
            what += ", struct %s with its vfio_device first" % plan.get("tag")
            fc["member"] = plan.get("tag")
        c.verdict(h, "converted", "helper-far", "%s (for %s)" % (what, ff),
                  ["target=" + c.target, "level=idiomatic", "group=" + group],
                  extra={"far_chain": fc})
        c.hdr_done(h)
    c.groups_add(" ".join(sort_u([ff, far] + hdrs)))
    return True
