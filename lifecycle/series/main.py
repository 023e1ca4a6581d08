# SPDX-License-Identifier: GPL-2.0-only
"""make series KERNEL=<tree>: the conversion series for a kernel tree, as
git format-patch files in drivers-out/<name>/series/.

  01     the core helpers (core-patch/<family>/, hand-written; the
         patches its series file gives the role "helpers")
  02..   one patch per driver group (scripts/series-drivers.tsv order),
         converted by the semantic patches; a driver the rules leave to a
         human takes the hand-written patches of its row instead
         (core-patch/<family>/hand/<row>-*.patch or --hand DIR), when they
         apply to this tree
  then   the rename of vfio_device_put()/vfio_device_try_get()
  last   the family's other core patches (struct device in vfio_device,
         and what it needs), only once no driver uses the old calls any
         more: they remove them.

The stages are modules of this room (lifecycle/series/): survey (what
the tree is), core (the family's core patches), repo (the work
repository, three-way merges, conflicts), commit (commits and messages),
drivers (fixes, hand-written patches, the conversion, the groups, the
rename), format (format-patch, cover letter, --cc, the check) and output
(the temporary output, renamed into place only when complete, the lock,
interrupts).  Through make, errors name KERNEL= and
HAND= (the variables make passes in the environment) rather than the
options.

Exit (and the last line, "  RESULT   <outcome> (exit N)"): 0 series
written (or nothing to do); 1 bad input, nothing written; 3 series
written, but something needs a human (a driver the rules refuse, core
patches held back: listed); 5 a tool failed, the previous output left.
"""
import os
import shutil
import subprocess
import sys

from lifecycle import common
from lifecycle.series import survey
from lifecycle.common import Exit, die, tool_failed
from lifecycle.series.commit import Committer
from lifecycle.series.core import CorePatches
from lifecycle.series.drivers import Drivers, read_rows
from lifecycle.series import format as series_format
from lifecycle.series import repo as series_repo
from lifecycle.series.output import (Interrupted, Output, catch_signals,
                                     ignore_signals)
from lifecycle.series.text import as_typed

PROG = "lifecycle series"
PIPE = subprocess.PIPE


class Finish(Exception):
    """The run ends here with CODE and the last line's TEXT."""

    def __init__(self, code, text):
        super().__init__(text)
        self.code = int(code)
        self.text = text


def register(subparsers):
    p = subparsers.add_parser(
        "series", help="the conversion series for a kernel tree (make series KERNEL=)",
        description="Write the conversion series for the kernel git tree KERNEL "
        "(only read) as git format-patch files in drivers-out/<name>/series/.",
        epilog="Exit: 0 written (or nothing to do), 1 bad input (nothing "
        "written), 3 written but something needs a human, 5 a tool failed.")
    p.add_argument("--name", help="the output's name (default: KERNEL's basename, "
                   "made safe)")
    p.add_argument("--hand", metavar="DIR", help="hand-written patches "
                   "(<row>-NNNN-*.patch) instead of core-patch/<family>/hand")
    p.add_argument("--no-hand", dest="hand", action="store_const", const="none",
                   help="no hand-written patches")
    p.add_argument("--cc", action="store_true", help="To:/Cc: lines from the "
                   "tree's scripts/get_maintainer.pl")
    p.add_argument("--branch", metavar="NAME", help="also write the series as "
                   "branch NAME of KERNEL, as b4 prep keeps it (refs only)")
    p.add_argument("kernel", nargs="*", metavar="KERNEL", help="the kernel git tree")

    def refuse(message):
        # bad usage is bad input: exit 1 and the last line, like the rest
        common.set_prog(PROG)
        common.error(message)
        sys.exit(common.outcome(Exit.INPUT, "refused; nothing written"))
    p.error = refuse
    parse = p.parse_known_args

    def known_only(args=None, namespace=None):
        # an option this command does not know is refused here, as bad
        # input, not left to the top parser's usage error
        ns, extra = parse(args, namespace)
        if extra:
            refuse("unknown option %s" % extra[0] if extra[0].startswith("-")
                   else "usage: make series KERNEL=<kernel git tree>")
        return ns, extra
    p.parse_known_args = known_only
    return p


def logical_path(path):
    """PATH as `cd PATH && pwd` names it (symbolic links kept)."""
    pwd = os.environ.get("PWD")
    if not pwd or not os.path.isabs(pwd) or not os.path.samefile(pwd, "."):
        pwd = os.getcwd()
    return os.path.normpath(os.path.join(pwd, path))


class Run:
    """One make series run: its options, what the survey found, and the
    state the stages share."""

    def __init__(self, args, output):
        self.args = args
        self.o = output
        self.resume = False
        self.state = ""
        self.held = ""
        self.held_what = ("the core patches that give vfio_device its struct device "
                          "and remove the old calls")
        self.merged = series_repo.Merged()
        self.base = ""

    def finish(self, code, text):
        raise Finish(code, text)

    # -------------------------------------------------------- the options
    def options(self):
        a = self.args
        if a.hand and a.hand != "none":
            ht = as_typed("--hand", "HAND", a.hand)
            if os.path.exists(a.hand) and not os.path.isdir(a.hand):
                die("%s is a file, not a directory of hand-written patches" % ht)
            if not os.path.isdir(a.hand) or not os.access(a.hand, os.X_OK):
                die("%s: no such directory" % ht)
            a.hand = logical_path(a.hand)
        if a.branch is not None:
            self.bt = as_typed("--branch", "BRANCH", a.branch)
            if subprocess.run(["git", "check-ref-format", "--branch", a.branch],
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode != 0:
                die("%s is not a valid branch name" % self.bt)
        if len(a.kernel) != 1:
            die("usage: make series KERNEL=<kernel git tree>")
        common.need_cmd("git", "spatch", "python3")
        k = a.kernel[0]
        kt = as_typed("", "KERNEL", k)
        if not os.path.exists(k):
            die("%s: no such directory" % kt)
        if not os.path.isdir(k):
            die("%s is a file, not a kernel tree directory (KERNEL= is the top "
                "directory of a kernel git tree)" % kt)
        if not os.access(k, os.X_OK):
            die("%s: cannot enter it" % kt)
        # physical: a symlink to the tree, or in its path, is the tree;
        # the name comes from the path as typed (a symlink's own name)
        self.kernel = os.path.realpath(k)
        self.kname = logical_path(k)
        self.hand = a.hand

    # --------------------------------------------------------- the survey
    def survey(self):
        kernel, sdir = self.kernel, self.o.sdir
        common.step("SURVEY", kernel)
        survey.check_tree(kernel)
        try:
            self.api = survey.target_api(kernel)
        except common.Refused as e:
            # the reason it cannot tell, then what it means here
            common.error(str(e))
            die("%s: include/linux/vfio.h has a vfio API the series cannot start from"
                % kernel)
        self.ver = survey.makefile_var(kernel, "VERSION")
        self.lvl = survey.makefile_var(kernel, "PATCHLEVEL")
        # the base family from the tree's layout, never from the version
        # (vendor trees backport): family names the core-patch directory
        rc, fam = survey.family(kernel)
        if rc == 1:
            self.finish(Exit.INPUT, "refused (the base family, above); nothing written"
                        + self.o.as_it_was())
        if rc != 0:
            tool_failed("lifecycle/series/family.py on %s (exit %d)" % (kernel, rc))
        fam += [""] * (4 - len(fam))
        self.family = fam[1] if fam[1] != "none" else "%s.%s" % (self.ver, self.lvl)
        self.core_file = fam[2]
        # the core and the pci-core library define the old calls; the
        # drivers use them (in their code)
        self.old_files = survey.old_call_files(kernel, self.core_file, sdir)
        log = series_repo.out_of(kernel, "log", "-1", "--format=%h %s")
        print("  base:   %s (Linux %s.%s, vfio core API: %s, core: %s)"
              % (log, self.ver, self.lvl, self.api, self.core_file or "none"))
        print("  family: %s -> core-patch/%s, %s" % (fam[0], self.family, fam[3]))
        print("  old-API files: %d" % len(self.old_files), flush=True)
        patches = os.environ.get("VFIO_LC_CORE_PATCHES") or \
            str(common.TOP / "core-patch" / self.family)
        self.core = CorePatches(self.family, patches, sdir)
        self.post = self.core.post()
        if self.api == "old":
            self.survey_old()
        else:
            self.survey_converted()

    def sort_post(self, repo, index):
        """The last core patches against INDEX (of REPO, not changed):
        post_in already in (they apply in reverse), post_todo to apply, in
        order; post_bad the first that does neither (post_why: where)."""
        pidx = os.path.join(self.o.sdir, "post.index")
        shutil.copyfile(index, pidx)
        self.post_in, self.post_todo, self.post_bad, self.post_why = [], [], "", ""
        for p in self.post:
            if series_repo.git_rc(repo, "apply", "--cached", "--check", "-R", p,
                                  index=pidx, stderr=subprocess.DEVNULL).returncode == 0:
                self.post_in.append(p)
            elif series_repo.apply_on(pidx, repo, p, self.core.named(p), self.merged):
                self.post_todo.append(p)
            else:
                self.post_bad = p
                self.post_why = series_repo.conflict_of(pidx, repo, p, self.base)
                break

    def read_tree(self, index):
        series_repo.out_of(self.kernel, "read-tree", "HEAD", index=index)

    def survey_old(self):
        kernel, core = self.kernel, self.core
        if not self.old_files:
            die("%s: the core has the old API but no driver uses it: nothing to convert"
                % kernel)
        if not os.path.isdir(core.dir) or not core.helpers():
            fams = sorted(d for d in os.listdir(common.TOP / "core-patch")
                          if os.path.isdir(common.TOP / "core-patch" / d))
            die("%s: Linux %s with the core in %s: no core patches for this base "
                "family (supported: %s)" % (kernel, self.family, self.core_file,
                                            " ".join(fams)))
        # the core patches must fit this tree's layout: checked on a
        # scratch index, before anything is written
        chk = os.path.join(self.o.sdir, "check.index")
        self.read_tree(chk)
        for p in core.helpers():
            r = series_repo.git_rc(kernel, "apply", "--cached", "--check", p, index=chk,
                                   stderr=PIPE)
            if r.returncode == 0:
                continue
            # a vendor tree's commit near a hunk: merged where git can
            if series_repo.apply_on(chk, kernel, p, core.named(p), self.merged):
                continue
            blob = ""
            with open(p, errors="replace") as f:
                for l in f:
                    if l.startswith("index ") and ".." in l:
                        blob = l[len("index "):].split("..")[0]
                        break
            if blob and series_repo.git_rc(kernel, "cat-file", "-e", blob,
                                           stderr=subprocess.DEVNULL).returncode == 0:
                die("%s conflicts with this tree: %s; a three-way merge did not "
                    "resolve it; nothing was written"
                    % (core.shown(p), series_repo.conflict_of(chk, kernel, p)))
            err = "\n".join(r.stderr.split("\n")[:3]).rstrip("\n")
            die("%s does not apply: this tree (core in %s) is not laid out like the "
                "Linux %s family the core patches were written for; nothing was "
                "written\n%s" % (core.shown(p), self.core_file, self.family, err))
        if self.merged.names:
            print("  merged: %s (three-way: the tree changed near their hunks)"
                  % " ".join(self.merged.names), flush=True)
        self.target = "6.1"

    def survey_converted(self):
        """The helpers are in the core.  A tree of a family with core
        patches whose core still defines the old calls is this series half
        applied: it goes on from where the tree is, when the tree's core is
        recognised (core patch 0001 applies in reverse, or the last core
        patches apply on it as they are)."""
        kernel, core, sdir = self.kernel, self.core, self.o.sdir
        defined = False
        if os.path.isdir(core.dir) and core.helpers():
            h = os.path.join(sdir, "vfio.h")
            with open(h, "wb") as f:
                subprocess.run(["git", "-C", kernel, "show", "HEAD:include/linux/vfio.h"],
                               stdout=f)
            try:
                defined = bool(survey.ctext.refs(common.OLD_RE, h))
            except OSError as e:
                tool_failed("python3 -m lclib.ctext on include/linux/vfio.h (%s)"
                            % e.strerror)
        renamed = series_repo.git_rc(
            kernel, "grep", "-q", "-w", "-e", "vfio_device_put", "-e",
            "vfio_device_try_get", "HEAD", "--", "drivers/vfio", "include/linux",
            stdout=subprocess.DEVNULL).returncode != 0
        if defined:
            chk = os.path.join(sdir, "check.index")
            self.read_tree(chk)
            in1 = True
            for p in sorted(core.helpers(), reverse=True):
                if series_repo.git_rc(kernel, "apply", "--cached", "-R", p, index=chk,
                                      stderr=subprocess.DEVNULL).returncode != 0:
                    in1 = False
            self.read_tree(chk)
            self.sort_post(kernel, chk)
            ndrv = len(self.old_files)
            if in1 or (self.post and not self.post_bad):
                self.resume = True
                self.state = (
                    "the core helpers (%s helpers) are in, %d driver file(s) still use "
                    "the old calls, the rename %s, %d of %d last core patch(es) in"
                    % (core.shown(core.dir), ndrv, "is done" if renamed else "is not",
                       len(self.post_in), len(self.post)))
                print("  state:  half converted: %s" % self.state, flush=True)
                if not self.old_files and renamed and not self.post_todo \
                        and not self.post_bad:
                    self.finish(Exit.OK, "nothing to do: %s" % self.state)
            else:
                self.state = (
                    "the core helpers are in, %d driver file(s) still use the old calls, "
                    "but this core matches neither the helpers of core-patch/%s nor its "
                    "last core patches" % (ndrv, self.family))
                print("  state:  %s" % self.state, flush=True)
        if not self.old_files and not self.resume and not defined:
            print("%s is already converted (vfio core API %s) and no driver uses the "
                  "old calls: nothing to do" % (kernel, self.api), flush=True)
            self.finish(Exit.OK, "nothing to do")
        print("  the core is already converted (%s): only the drivers still in the old "
              "form get patches%s" % (self.api, ", then the rest of the series"
                                      if self.resume else ""), flush=True)
        self.target = self.api

    # ---------------------------------------------------------- the output
    def prepare(self):
        kernel, a = self.kernel, self.args

        def cfg(key):
            r = subprocess.run(["git", "-C", kernel, "config", key], stdout=PIPE, text=True)
            return r.stdout.rstrip("\n") if r.returncode == 0 else ""
        self.uname, self.umail = cfg("user.name"), cfg("user.email")
        if not self.uname or not self.umail:
            die("git config user.name/user.email are not set: they sign the patches "
                "(Signed-off-by)")
        if a.cc and not os.access(os.path.join(kernel, "scripts", "get_maintainer.pl"),
                                  os.X_OK):
            die("--cc: %s has no scripts/get_maintainer.pl" % kernel)
        name = a.name
        if name:
            if name == "modules":
                die("--name modules: drivers-out/modules/ is make convert's")
            if name.startswith(".") or any(
                    not (c.isascii() and (c.isalnum() or c in "._-")) for c in name):
                die("--name %s: letters, digits, . _ - only, not a leading ." % name)
        else:
            name = common.out_name(self.kname)
        self.name = name
        self.o.dest = str(common.TOP / "drivers-out" / name)
        print("  output: drivers-out/%s/" % name, flush=True)
        # nothing was written so far; one run per output at a time
        self.out = self.o.claim(name)
        self.work = os.path.join(self.out, "tree")
        self.make_work()

    def make_work(self):
        kernel, work = self.kernel, self.work
        common.step("REPO", "drivers-out/%s/tree (the tree's objects, no checkout)"
                    % self.name)
        kgit = series_repo.out_of(kernel, "rev-parse", "--git-common-dir")
        kgit = os.path.realpath(os.path.join(kernel, kgit))
        r = subprocess.run(["git", "-c", "init.defaultBranch=lc", "init", "-q",
                            "--template=", work])
        if r.returncode != 0:
            tool_failed("git init %s (exit %d)" % (work, r.returncode))
        os.makedirs(os.path.join(work, ".git", "objects", "info"), exist_ok=True)
        with open(os.path.join(work, ".git", "objects", "info", "alternates"), "w") as f:
            f.write(kgit + "/objects\n")
        # a shallow tree's history ends at its grafts
        if os.path.isfile(os.path.join(kgit, "shallow")):
            shutil.copyfile(os.path.join(kgit, "shallow"),
                            os.path.join(work, ".git", "shallow"))
        G = series_repo.out_of
        G(work, "update-ref", "HEAD", G(kernel, "rev-parse", "HEAD"))
        G(work, "read-tree", "HEAD")
        self.base = base = G(work, "rev-parse", "HEAD")
        when = G(work, "log", "-1", "--format=%cI", base)
        # for the ABI entries of core patches: the month of the base, the
        # release after its VERSION.PATCHLEVEL
        r = subprocess.run(["git", "-C", work, "log", "-1", "--date=format:%B %Y",
                            "--format=%cd", base], stdout=PIPE, text=True,
                           env=dict(os.environ, LC_ALL="C"))
        abi_date = r.stdout.rstrip("\n")
        abi_kver = "%s.%d" % (self.ver, int(self.lvl) + 1)
        os.environ.update(GIT_AUTHOR_NAME=self.uname, GIT_AUTHOR_EMAIL=self.umail,
                          GIT_AUTHOR_DATE=when, GIT_COMMITTER_NAME=self.uname,
                          GIT_COMMITTER_EMAIL=self.umail, GIT_COMMITTER_DATE=when)
        sob = "Signed-off-by: %s <%s>" % (self.uname, self.umail)
        self.c = Committer(kernel, work, self.out, sob, self.core, self.merged,
                           abi_date, abi_kver)

    # --------------------------------------------------------- the stages
    def post_stage(self, D):
        """The last core patches remove the old calls: only when no driver
        is left using them, and only all of them.  Whatever the conversion
        said, the tree they give is checked: no .c or .h file anywhere may
        still name an old call in its code."""
        left = []
        if (self.api == "old" or self.resume) and self.post:
            self.sort_post(self.work, self.c.index)
            if self.post_bad and self.api == "old":
                # a vendor tree's commit in the way: no half a series
                die("%s conflicts with this tree: %s; a three-way merge did not resolve "
                    "it; nothing was written" % (self.core.shown(self.post_bad),
                                                 self.post_why))
            elif self.post_bad:
                self.held = "%s conflicts with this tree (%s)" % (
                    self.core.named(self.post_bad), self.post_why)
            elif D.refused:
                self.held = "these files still use the old calls: %s" % " ".join(D.refused)
            elif self.post_todo:
                left = series_repo.code_refs(self.work,
                                             os.path.join(self.o.sdir, "post.index"),
                                             os.path.join(self.out, "final"))
                if left:
                    self.held = "these files would still call them: %s" % " ".join(
                        series_repo.uniq(l.split(":")[0] for l in left))
            if self.post_in:
                print("  already in the tree: %s" % series_repo.subjects(self.post_in))
            if not self.held:
                for p in self.post_todo:
                    self.c.apply_patch(p, "From vfio-lifecycle's core-patch/%s."
                                       % self.family)
            else:
                print("  held back: %s" % series_repo.subjects(
                    self.post_todo + ([self.post_bad] if self.post_bad else [])))
                print("    (%s)" % self.held)
                for l in left:
                    print("    " + l)
        elif self.state and not self.resume:
            self.held = "this tree's core is not what they were written for (%s)" % self.state
            self.held_what = "the rename and the last core patches (they remove the old calls)"
            print("  held back: the rename and the last core patches")
            print("    (%s)" % self.held)
        sys.stdout.flush()

    def drivers(self):
        D = Drivers(self)
        if self.api == "old":
            for p in self.core.helpers():
                self.c.apply_patch(p, "From vfio-lifecycle's core-patch/%s." % self.family)
        D.find_fixes()
        D.choose_hand()
        D.convert()
        D.groups_stage(read_rows(str(common.TOP / "scripts" / "series-drivers.tsv")))
        with open(os.path.join(self.out, "summary"), "w") as f:
            f.write("".join("%s\t%s\t%s\n" % s for s in D.summary))
        if self.api == "old" or self.resume:
            if series_repo.git_rc(self.work, "grep", "--cached", "-q", "-w", "-e",
                                  "vfio_device_put", "-e", "vfio_device_try_get", "--",
                                  "*.c", "*.h").returncode == 0:
                D.rename()
        return D

    def series(self, D):
        name, work, base, out = self.name, self.work, self.base, self.out
        n = int(series_repo.out_of(work, "rev-list", "--count", base + "..HEAD"))
        if n == 0:
            # nothing that can be done: the previous output stays
            if not self.held and not D.refused:
                self.finish(Exit.OK, "nothing to do; drivers-out/%s as it was" % name)
            print("  needs a human:")
            for f in D.refused:
                print("    " + f)
            self.finish(Exit.HUMAN, "no patch: nothing the rules or the core patches "
                        "could do%s; drivers-out/%s as it was"
                        % (" (%s held back)" % self.held_what if self.held else "", name))
        common.step("FORMAT", "drivers-out/%s/series" % name)
        cover = series_format.format_series(work, base, out)
        series_format.fill_cover(cover, series_format.blurb(self, D))
        for f in ("msg", "body", "blurb", "pmsg", "ppatch", "pinfo", "pbody", "apatch"):
            if os.path.exists(os.path.join(out, f)):
                os.unlink(os.path.join(out, f))
        series = os.path.join(out, "series")
        if self.args.cc:
            series_format.add_recipients(self.kernel, series, cover)
        series_format.verify(work, base, series, out)
        # what still names an old call in its code, and which of those
        # files only define them (the core, the pci-core library, headers)
        defs = ("%s:" % self.core_file, "drivers/vfio/pci/vfio_pci_core.c:",
                "include/linux/vfio.h:", "include/linux/vfio_pci_core.h:")
        left = series_repo.code_refs(work, self.c.index, os.path.join(out, "final"))
        users = series_repo.uniq(l.split(":")[0] for l in left if not l.startswith(defs))
        users = [u for u in users if u not in D.refused]
        # into its place: the old output goes only now, check/ kept
        dest = self.o.swap_in()
        self.out = out = dest
        self.work = os.path.join(dest, "tree")
        print("  %d patches + cover letter in drivers-out/%s/series/ (base %s)"
              % (n, name, base))
        rc, why = Exit.OK, []
        if D.refused:
            print("  needs a human:")
            for f in D.refused:
                print("    " + f)
            rc = Exit.HUMAN
            why.append("drivers the rules refuse (see conversion.txt)")
        if users:
            print("  needs a human: still calling the old calls, not converted:")
            for f in users:
                print("    " + f)
            rc = Exit.HUMAN
            why.append("files still calling the old calls")
        if self.held:
            rc = Exit.HUMAN
            why.append("%s held back" % self.held_what)
        sys.stdout.flush()
        # BRANCH=: the series also as a branch of the user's tree, in the
        # form b4 prep keeps it (refs and objects only)
        if self.args.branch:
            common.step("BRANCH", "%s in %s" % (self.args.branch, self.kernel))
            # branch.py beside this file runs on its own (stdlib only)
            brc = subprocess.run([sys.executable,
                                  os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                               "branch.py"),
                                  "--kernel", self.kernel, "--series",
                                  os.path.join(out, "series"), "--tree", self.work,
                                  "--branch", self.args.branch]).returncode
            if brc == 1:
                self.finish(Exit.INPUT, "%d patches in drivers-out/%s/series/, but %s "
                            "was refused (above)" % (n, name, self.bt))
            if brc != 0:
                tool_failed("lifecycle/series/branch.py (exit %d); the series is in "
                            "drivers-out/%s/series/" % (brc, name))
        text = "%d patches in drivers-out/%s/series/" % (n, name)
        if rc != Exit.OK:
            text += "; " + "; ".join(why)
        self.finish(rc, text)


def run(args):
    common.set_prog(PROG)
    sys.stdout.reconfigure(line_buffering=True)
    # the rules' library for spatch's embedded Python and the tools
    os.environ["PYTHONPATH"] = common.tool_env()["PYTHONPATH"]
    output = Output()
    R = Run(args, output)
    catch_signals()
    try:
        try:
            R.options()
            R.survey()
            R.prepare()
            D = R.drivers()
            R.post_stage(D)
            R.series(D)
        finally:
            try:
                output.cleanup()
            except Interrupted:
                output.cleanup()
    except Finish as e:
        ignore_signals()
        return common.outcome(e.code, e.text)
    except common.Refused as e:
        ignore_signals()
        common.error(str(e))
        return common.outcome(Exit.INPUT, "refused; nothing written" + output.as_it_was())
    except common.ToolFailed as e:
        ignore_signals()
        common.error("tool failure: %s" % e)
        return common.outcome(Exit.TOOL, "nothing written" + output.as_it_was())
    except Interrupted as e:
        ignore_signals()
        output.cleanup()
        print("  %-8s %s (exit %d): %s" % ("RESULT", "interrupted", e.code,
                                           "nothing written" + output.as_it_was()),
              flush=True)
        return e.code
    except Exception as e:  # noqa: BLE001 (any other failure is a tool's)
        ignore_signals()
        output.cleanup()
        common.error("tool failure: %s: %s" % (type(e).__name__, e))
        return common.outcome(Exit.TOOL, "a command failed; nothing written"
                              + output.as_it_was())
