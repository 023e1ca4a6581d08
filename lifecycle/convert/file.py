# SPDX-License-Identifier: GPL-2.0-only
"""The conversion of one file (convert_file) and the run's state: the
minimal rule (cocci/vfio_alloc_device.cocci) on an input, or on a copy a
pre-stage rewrote into the ordinary old form, then the idiomatic stages,
the parent-owned completion, the preprocessor guard and the life-cycle
check; the verdict of the file at the end.  A file is converted
completely or left as it was, with the reason."""
import os
import re
import shutil
from dataclasses import dataclass, field

from lifecycle import common
from lifecycle.convert import spatch as sp
from lifecycle.convert import text as tx
from lifecycle.convert.records import Records

COCCI = common.TOP / "cocci"
SP = COCCI / "vfio_alloc_device.cocci"
SP_PARENT = COCCI / "vfio_parent_field.cocci"
OLD_NAMES = common.OLD_RE.split("|")
PU_SHAPE = ("no vfio_uninit_group_dev() anywhere (API generation before "
            "5.15, or a missing uninit)")


@dataclass
class FileState:
    """The typed fields of a file's converted record, set by the stages
    as they run (lift, parent_owned, runtime_ops, preuninit)."""
    level: str = "minimal"
    init: str = ""
    release: str = ""
    completion: str = ""
    reasons: str = ""
    moved: str = ""
    parent: str = ""
    group: str = ""
    # the pre-uninit rewrite: the verdict's note and its record field
    preuninit_note: str = ""
    preuninit: dict = None
    pu_src: str = ""
    rt_how: str = ""
    runtime_ops: str = ""
    # the record's why (lifecycle/convert/verdict.py), and with run-time ops
    # the two ops (one a line) and the set-up function
    why: str = ""
    ops: str = ""
    setup: str = ""


@dataclass
class Note:
    """What a pre-stage that rewrote the input before convert_file adds
    to the file's converted verdict: its text, and (cross-file helper)
    the record field and the group."""
    text: str = ""
    far_chain: dict = None
    group: str = ""


def under(name):
    """A file's name as a log's name: every / a _."""
    return name.replace("/", "_")


class Converter:
    def __init__(self, out, target, level):
        self.out = out
        self.target = target
        self.level = level
        self.defs = sp.defines("patch") + (sp.defines("core_frees") if target == "6.2" else [])
        self.rdefs = sp.defines("report") + (sp.defines("core_frees") if target == "6.2" else [])
        self.logs = out + "/.cocci"
        self.shown_logs = os.environ.get("LC_LOGS_SHOWN") or self.logs
        os.makedirs(self.logs, exist_ok=True)
        self.report = self.logs + "/conversion.txt"
        self.records = Records(self.logs + "/conversion.json", self.report)
        self.status = 0
        self.parent_hdrs = []
        self.pending = []
        self.note = Note()
        self.fs = FileState()
        self.mid_done = []
        # the input the pre-uninit stage last rewrote: a refusal of it
        # names the shape (kept from one file to the next, as the stage
        # alone resets it)
        self.pu_named = ""

    # ---------------------------------------------------- verdicts
    def verdict(self, path, status, code, text, fields=(), details=None, extra=None):
        if status == "not-converted" and path == self.pu_named and path:
            # a refusal of the rewritten copy names the shape too
            text = "%s, uninit placed before its frees; %s" % (PU_SHAPE, text)
        return self.records.add(path, status, code, text, fields, details, extra)

    def drop(self, path):
        self.records.drop(path)

    def converted(self, path):
        return self.records.converted(path)

    def copy_why(self, path, prefix):
        """The why: lines of PATH's record (a rewritten copy's), each
        after PREFIX."""
        out = []
        for l in self.records.field(path, "details"):
            if "why: " in l:
                out.append(prefix + re.sub(r"^ *[^ ]*why: ", "", l, count=1))
        return out

    def midwhy(self, name):
        return self.logs + "/" + under(name) + ".midwhy"

    def write_midwhy(self, name, lines):
        with open(self.midwhy(name), "w") as f:
            f.write("".join(l + "\n" for l in lines))

    def groups_add(self, line):
        with open(self.logs + "/groups", "a") as f:
            f.write(line + "\n")

    def hdr_done(self, path):
        if path not in self.parent_hdrs:
            self.parent_hdrs.append(path)

    # --------------------------------------------------- failures
    def stage_failed(self, msg):
        """A stage's tool failed: its unfinished results go, exit 5."""
        for p in self.pending:
            if os.path.lexists(p):
                os.unlink(p)
        common.tool_failed(msg)

    def rule(self, spf, src, out, log, what, stage=True, **kw):
        """converter_spatch.rule, a failure ending the run: WHAT names
        the file and the stage."""
        try:
            return sp.rule(spf, src, out, log, **kw)
        except sp.SpatchFailed:
            msg = "%s; log: %s" % (what, log)
            if stage:
                self.stage_failed(msg)
            common.tool_failed(msg)

    # ------------------------------------------------------ tidy
    def tidy(self, path, funcs, decls, log, name=None):
        """cocci/vfio_tidy.cocci on FUNCS of PATH, in place, until
        nothing changes (one simplification can open the way for
        another); at most three rounds."""
        for _ in range(3):
            r = self.rule(COCCI / "vfio_tidy.cocci", path, path + ".tidy", log,
                          "spatch failed on %s in the tidy stage (cocci/vfio_tidy.cocci)"
                          % (name or path), defs=self.defs,
                          env={"LC_TIDY_FUNCS": funcs, "LC_TIDY_DECLS": decls})
            if not r.changed:
                return
            os.replace(path + ".tidy", path)

    # ------------------------------------------------------- main
    def put_result(self, dst, eol):
        """DST.new becomes DST, CR LF again when the input had them."""
        if eol == "crlf":
            with open(dst + ".new", "rb") as f:
                data = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            with open(dst, "wb") as f:
                f.write(data)
            os.unlink(dst + ".new")
        else:
            os.replace(dst + ".new", dst)

    def keep(self, f, dst):
        """The original stands as the result."""
        shutil.copyfile(f, dst)

    def convert_file(self, src, f):
        """The minimal (and idiomatic) stages on SRC, the result as
        OUTDIR/F, the verdict for F.  SRC is F, or a rewritten copy."""
        from lifecycle.convert import result_check as converter_check
        from lifecycle.convert import lift as converter_lift
        from lifecycle.convert import preuninit as converter_preuninit
        from lifecycle.convert import rtops as converter_rtops
        dst = self.out + "/" + f
        if f in self.parent_hdrs:
            # a header a parent-owned conversion already edited keeps it
            return
        log = self.logs + "/" + under(f) + ".log"
        self.fs = fs = FileState()
        shown = self.shown_logs + "/" + under(f) + ".log"
        os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
        # what the file calls is a question about its code tokens
        rc, old, why = tx.calls(src, OLD_NAMES)
        if rc != 0:
            self.keep(f, dst)
            if rc == 3:
                self.verdict(f, "not-converted", "unreadable", why)
                self.status = 3
            elif re.search(r"\b(?:%s)\b" % common.OLD_RE, tx.read(src)):
                self.verdict(f, "nothing", "comments-only", "old names only in comments or strings")
            else:
                self.verdict(f, "nothing", "no-old-calls", "no old vfio calls in this file")
            return
        # old calls under the preprocessor: all in one branch, or the
        # file supports both APIs on purpose
        guard = ""
        keys = [k for _n, _l, k, _d in old]
        if any(k != "-" for k in keys):
            if "-" not in keys and tx.calls(src, ["vfio_alloc_device", "vfio_init_device"])[0] == 0:
                self.keep(f, dst)
                self.verdict(f, "nothing", "both-apis", "both APIs behind #if; left as is")
                return
            if len(set(keys)) != 1:
                self.keep(f, dst)
                self.verdict(f, "not-converted", "preprocessor-branches",
                             "old calls under different preprocessor branches; converting "
                             "some would leave a build half converted:", details=tx.calls_list(old))
                self.status = 3
                return
            guard = keys[0]
        # spatch and the rules' Python read UTF-8
        with open(src, "rb") as fh:
            data = fh.read()
        bad = tx.ctext.not_utf8(data)
        if bad is not None:
            self.keep(f, dst)
            self.verdict(f, "not-converted", "not-utf8",
                         "not UTF-8: %s (the rules read UTF-8; re-encode the file first)" % bad)
            self.status = 3
            return
        # CR LF line ends: converted with LF, given back at the end
        eol = tx.ctext.eol(data)
        if eol == "crlf":
            lf = self.logs + "/lf-" + under(f)
            with open(lf, "wb") as fh:
                fh.write(data.replace(b"\r\n", b"\n"))
            src = lf
        elif eol.startswith("mixed"):
            self.keep(f, dst)
            self.verdict(f, "not-converted", "mixed-eol",
                         "mixed line endings (%s lines end in CR LF); make them all LF "
                         "or all CR LF first" % eol[len("mixed "):])
            self.status = 3
            return
        # no uninit anywhere: one before each free of the state first
        if not converter_preuninit.stage(self, f, src, dst, log):
            return
        src = fs.pu_src
        common.step("SPATCH", f)
        self.pending = [dst + ".new", dst + ".new.lift", dst + ".new.lift.tidy"]
        # ops chosen at run time: a rule of its own converts the file
        if not guard and converter_rtops.runtime_ops(self, f, src, dst + ".new", log):
            converter_rtops.done(self, f, src, dst, log, eol)
            return
        # --keep-comments: no comment is lost
        self.rule(SP, src, dst + ".new", log,
                  "spatch failed on %s in the minimal stage (cocci/vfio_alloc_device.cocci)" % f,
                  defs=self.defs, keep_comments=True, copy_unchanged=True)
        minimal_log = tx.read(log)
        # never half converted: an old call left in the code keeps the
        # original (tokens, not spatch: it cannot see into a function it
        # cannot parse either)
        left = tx.calls(dst + ".new", OLD_NAMES)[0]
        if left in (0, 3):
            os.unlink(dst + ".new")
            self.keep(f, dst)
            self.refuse_minimal(f, src, log, shown, old)
            return
        if tx.same(src, dst + ".new"):
            os.unlink(dst + ".new")
            self.keep(f, dst)
            self.verdict(f, "nothing", "comments-only", "old names only in comments")
            return
        how = "minimal, target %s" % self.target
        new = tx.read(dst + ".new")
        if tx.count_lines(new, r"= *vfio_init_device\(") > tx.count_lines(tx.read(src), r"= *vfio_init_device\("):
            # the structure belongs to a parent: a completion for
            # @release to signal (maybe in a header)
            ok, how = converter_lift.parent_owned(self, f, dst + ".new", log)
            if not ok:
                os.unlink(dst + ".new")
                self.keep(f, dst)
                self.verdict(f, "not-converted", "parent-owned",
                             how.replace(self.logs + "/", self.shown_logs + "/"))
                self.status = 3
                return
        elif self.level == "auto":
            ok, how = converter_lift.lift(self, dst + ".new", log, f, src, minimal_log)
            if not ok:
                os.unlink(dst + ".new")
                self.keep(f, dst)
                self.verdict(f, "not-converted", "lift", how)
                self.status = 3
                return
        # the preprocessor branch of the old calls holds the new ones
        if guard:
            g = tx.calls(dst + ".new", ["vfio_alloc_device", "vfio_init_device", "vfio_put_device"])[1]
            if not g or any(k != guard for _n, _l, k, _d in g):
                os.unlink(dst + ".new")
                self.keep(f, dst)
                self.verdict(f, "not-converted", "guard",
                             "every old call is under %s, but the converted calls would not all be:"
                             % old[0][3], details=tx.calls_list(g))
                self.status = 3
                return
        # the independent life-cycle checker on the result (LF)
        if not converter_check.verdict(self, f, src, dst + ".new", log):
            return
        self.pending = []
        self.put_result(dst, eol)
        extra = {}
        if fs.preuninit:
            extra["preuninit"] = fs.preuninit
        if self.note.far_chain:
            extra["far_chain"] = self.note.far_chain
        self.verdict(f, "converted", "converted", how + self.note.text + fs.preuninit_note,
                     ["target=" + self.target, "level=" + fs.level, "parent=" + fs.parent,
                      "init=" + fs.init, "release=" + fs.release, "completion=" + fs.completion,
                      "reasons=" + fs.reasons, "moved=" + fs.moved, "why=" + fs.why,
                      "group=" + (fs.group or self.note.group)], extra=extra)

    def refuse_minimal(self, f, src, log, shown, old):
        """The minimal rule left an old call: the verdict says why."""
        sp.parse_c(src, log + ".parse")
        perr = tx.parse_errors(src, tx.read(log + ".parse"), old)
        if perr:
            self.verdict(f, "not-converted", "parse-error",
                         "spatch cannot parse %s, so the old calls there would stay "
                         "(parse errors: %s.parse); old calls:" % ("; ".join(perr), shown),
                         details=tx.calls_list(old))
            self.status = 3
            return
        sites = sp.sites(SP, src, self.rdefs).rstrip("\n")
        sites = "\n".join(f + l[len(src):] if l.startswith(src + ":") else l
                          for l in sites.split("\n"))
        midwhy = self.midwhy(f)
        rtwhy = log + ".rtwhy"
        details = ["  " + l for l in sites.split("\n")]
        if os.path.isfile(midwhy):
            details += ["  why: " + l for l in tx.lines(tx.read(midwhy))]
        if os.path.isfile(rtwhy):
            details += ["  " + l for l in tx.lines(tx.read(rtwhy))]
        known = ": why: " in sites
        if not known and not os.path.isfile(midwhy) and not os.path.isfile(rtwhy):
            details += ["  (no known shape: none of an allocation in the init call's",
                        "   function or a helper, devm state, a bare vfio_device, a",
                        "   wrapper, a mid-layer, run-time ops or a parent-owned one)"]
        if os.path.isfile(rtwhy):
            self.verdict(f, "not-converted", "run-time-ops",
                         "ops chosen at run time, in a variant the rules cannot convert "
                         "(see why:); old-form sites:", details=details)
        elif known or os.path.isfile(midwhy):
            # a shape the rules know, in a form they refuse
            self.verdict(f, "not-converted", "shape-refused",
                         "a known shape, in a form the rules refuse (see why:); old-form sites:",
                         details=details)
        else:
            self.verdict(f, "not-converted", "pattern-not-understood",
                         "pattern not understood; old-form sites:", details=details)
        self.status = 3


def parse(args):
    """The options, checked as the shell converter checked them."""
    if not args.out:
        common.die("--out OUTDIR is required")
    if not args.files:
        common.die("no input files")
    sp.need()
    target = args.target
    if target == "auto":
        if not args.kernel:
            common.die("--target auto needs --kernel TREE")
        from lifecycle.series.survey import target_api
        target = target_api(args.kernel)
    if target == "old":
        common.die("the target tree still has the old vfio core API "
                   "(vfio_init_group_dev): nothing to convert to")
    if target not in ("6.1", "6.2"):
        common.die("unknown target API '%s' (6.1 or 6.2)" % target)
    if args.level not in ("auto", "minimal"):
        common.die("unknown level '%s' (auto or minimal)" % args.level)
    return target


def main(args):
    from lifecycle.convert import helper as converter_helper
    from lifecycle.convert import helper_far as converter_helper_far
    from lifecycle.convert import midlayer as converter_midlayer
    target = parse(args)
    # the rules' Python library (cocci/lclib) for spatch's embedded Python
    os.environ.update(common.tool_env())
    c = Converter(args.out, target, args.level)
    for f in args.files:
        if not os.path.isfile(f):
            common.die("%s: no such file" % f)
    converter_midlayer.groups(c, args.files)
    for f in args.files:
        os.makedirs(os.path.dirname(c.out + "/" + f) or ".", exist_ok=True)
        if f in c.mid_done:
            continue
        if converter_helper.member(c, f):
            continue
        if converter_helper_far.member(c, f):
            continue
        c.convert_file(f, f)
    import sys
    sys.stdout.write(c.records.rendered())
    sys.stdout.flush()
    return c.status
