# SPDX-License-Identifier: GPL-2.0-only
"""Commits of the series on the work repository's index: a converted file
put in place, a patch applied with its own message (a core or
hand-written patch), a commit with the user's sign-off, and the Fixes:
line of a fix, from the history of the user's tree.

Commit dates are the base commit's (GIT_*_DATE, set when the work
repository is made), so two runs give the same bytes.
"""
import os
import re
import subprocess

from lifecycle import common
from lifecycle.series import repo as series_repo
from lifecycle.common import tool_failed
from lifecycle.series.text import drop_trailing_blank_lines, folded

PIPE = subprocess.PIPE


class Committer:
    """Commits on WORK (the work repository) for KERNEL (the user's tree,
    for history), in OUT (scratch files of the output), signed SOB."""

    def __init__(self, kernel, work, out, sob, core, merged, abi_date, abi_kver):
        self.kernel = kernel
        self.work = work
        self.out = out
        self.sob = sob
        self.core = core
        self.merged = merged
        self.abi_date = abi_date
        self.abi_kver = abi_kver
        self.index = os.path.join(work, ".git", "index")

    def G(self, *args, **kw):
        """git -C WORK ARGS: stdout; a failure is a tool failure."""
        return series_repo.out_of(self.work, *args, **kw)

    def commit(self, subject, body, trailer=""):
        """Commit the index on HEAD; TRAILER (e.g. a Fixes: line) goes in
        the sign-off's block, before it."""
        msg = "%s\n\n%s\n%s%s\n" % (subject, body, trailer + "\n" if trailer else "",
                                   self.sob)
        path = os.path.join(self.out, "msg")
        with open(path, "w") as f:
            f.write(msg)
        tree = self.G("write-tree")
        c = self.G("commit-tree", tree, "-p", self.G("rev-parse", "HEAD"), "-F", path)
        self.G("update-ref", "HEAD", c)
        common.step("COMMIT", subject)

    def put(self, path, src):
        """PATH (in the tree) takes the content of the file SRC."""
        h = self.G("hash-object", "-w", "--path", path, src)
        self.G("update-index", "--add", "--cacheinfo", "100644,%s,%s" % (h, path))

    def numstat_files(self, patch):
        """The files PATCH touches (git apply --numstat)."""
        r = series_repo.git_rc(self.work, "apply", "--numstat", patch, stdout=PIPE)
        return [l.split("\t")[2] for l in r.stdout.split("\n") if l.count("\t") >= 2]

    def fixes_line(self, code, files):
        """"Fixes: <sha> ("subject")" for the first commit of the user's
        tree that added CODE to FILES, or why there is none: a commit
        without parents (a one-commit base, the graft of a shallow clone)
        is where the history starts, not where the bug came in."""
        r = series_repo.git_rc(self.kernel, "log", "-S" + code, "--reverse",
                               "--format=%H", "HEAD", "--", *files, stdout=PIPE)
        if r.returncode != 0:
            return None
        fc = r.stdout.split("\n")[0] if r.stdout else ""
        if fc and series_repo.git_rc(self.kernel, "rev-parse", "-q", "--verify",
                                     fc + "^", stdout=PIPE).returncode == 0:
            r = series_repo.git_rc(self.kernel, "log", "-1", "--abbrev=12",
                                   '--format=Fixes: %h ("%s")', fc, stdout=PIPE)
            return None if r.returncode != 0 else r.stdout.rstrip("\n")
        if fc:
            return "The base has no history to name the commit that introduced this."
        return "The base's history does not show the commit that introduced this."

    def apply_patch(self, patch, note):
        """PATCH (git format-patch) on the index, committed with its own
        subject and message, NOTE appended."""
        shown = self.core.shown(patch)
        common.step("APPLY", shown)
        # an ABI entry's Date: and KernelVersion: are the base's, not the
        # day the patch was written
        with open(patch, "rb") as f:
            raw = f.read()
        raw = raw.replace(b"@ABI_DATE@", self.abi_date.encode()).replace(
            b"@ABI_KVER@", self.abi_kver.encode())
        apatch = os.path.join(self.out, "apatch")
        with open(apatch, "wb") as f:
            f.write(raw)
        # checked before: a patch that does not apply now is a failure
        if not series_repo.apply_on(self.index, self.work, apatch,
                                    self.core.named(patch), self.merged):
            tool_failed("%s does not apply to %s after the checks that it does"
                        % (shown, self.kernel))
        pmsg = os.path.join(self.out, "pmsg")
        with open(patch, "rb") as fi, open(os.path.join(self.out, "pinfo"), "wb") as fo:
            r = subprocess.run(["git", "-C", self.work, "mailinfo", pmsg,
                                os.path.join(self.out, "ppatch")], stdin=fi, stdout=fo)
        if r.returncode != 0:
            tool_failed("git mailinfo on %s (exit %d)" % (shown, r.returncode))
        with open(os.path.join(self.out, "pinfo"), errors="surrogateescape") as f:
            subject = next((l[len("Subject: "):].rstrip("\n") for l in f
                            if l.startswith("Subject: ")), "")
        with open(pmsg, errors="surrogateescape") as f:
            msg = f.read().split("\n")
        if msg and msg[-1] == "":
            msg.pop()
        # a fix says which commit brought the bug: "Fixes-pickaxe: CODE" in
        # its message is the code whose arrival (git log -S) did
        pick = next((l[len("Fixes-pickaxe: "):] for l in msg
                     if l.startswith("Fixes-pickaxe: ")), "")
        fixes = nofix = ""
        if pick:
            fixes = self.fixes_line(pick, self.numstat_files(apatch))
            if fixes is None:
                tool_failed("git log -S on %s (for the Fixes: line of %s)"
                            % (self.kernel, shown))
            if not fixes.startswith("Fixes:"):
                nofix, fixes = fixes, ""
        # the user sends it and signs it off, like every patch here
        keep = drop_trailing_blank_lines(
            l for l in msg if not l.startswith(("Signed-off-by: ", "Fixes-pickaxe: ")))
        body = "".join(l + "\n" for l in keep)
        if nofix:
            body += folded("\n%s\n" % nofix)
        body += "\n" + folded(note + "\n")
        self.commit(subject, body, fixes)

    def prefix(self, path, fallback):
        """The subject prefix PATH's history uses (the commonest of its
        last 30 commits, at least twice), else FALLBACK."""
        r = series_repo.git_rc(self.kernel, "log", "-n", "30", "--no-merges",
                               "--format=%s", "HEAD", "--", path,
                               stdout=PIPE, stderr=subprocess.DEVNULL)
        count = {}
        for l in (r.stdout or "").split("\n"):
            m = re.match(r"^([A-Za-z0-9_/.-]*): ", l)
            if m:
                count[m.group(1)] = count.get(m.group(1), 0) + 1
        if count:
            n, best = max((n, p) for p, n in count.items())
            if n >= 2 and best:
                return best
        return fallback
