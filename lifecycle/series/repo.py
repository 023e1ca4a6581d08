# SPDX-License-Identifier: GPL-2.0-only
"""The git work of make series.

The user's tree is only read: the work is a repository under the output
whose objects are the tree's own (alternates, nothing copied, a shallow
tree included) and whose index takes the changes (no work tree, so
nothing big is written).  Patches go on an index as they are or, where a
vendor tree changed near a hunk, by a three-way merge with the blobs the
patch was written against; a conflict is named by file, hunk and the
tree's commit on its lines.
"""
import os
import re
import shutil
import subprocess

from lifecycle import common
from lifecycle.common import tool_failed

from lclib import ctext  # noqa: E402 (cocci/)

DEVNULL = subprocess.DEVNULL
PIPE = subprocess.PIPE


def git_rc(repo, *args, index=None, **kw):
    """git -C REPO ARGS (GIT_INDEX_FILE=INDEX when given): its
    CompletedProcess, never raising."""
    env = None
    if index is not None:
        env = dict(os.environ, GIT_INDEX_FILE=str(index))
    return common.run(["git", "-C", str(repo)] + list(args), env=env, **kw)


def out_of(repo, *args, index=None, check=True, what=None):
    """git's stdout less its last newline; a failure is a tool failure."""
    r = git_rc(repo, *args, index=index, stdout=PIPE)
    if check and r.returncode != 0:
        tool_failed(what or "git %s (in %s) failed (exit %d)"
                    % (" ".join(args), repo, r.returncode))
    return r.stdout.rstrip("\n")


class Merged:
    """The patches merged three-way (their names, once each, in order):
    the survey and the cover letter list them."""

    def __init__(self):
        self.names = []

    def add(self, name):
        if name not in self.names:
            self.names.append(name)


def apply_on(index, repo, patch, name, merged):
    """PATCH on INDEX (a git index of REPO), as it is or by a three-way
    merge (then NAME goes in MERGED); False on a conflict, INDEX as it
    was."""
    if git_rc(repo, "apply", "--cached", patch, index=index,
              stderr=DEVNULL).returncode == 0:
        return True
    tmp = str(index) + ".3way"
    shutil.copyfile(index, tmp)
    if git_rc(repo, "apply", "--cached", "--3way", patch, index=tmp,
              stdout=DEVNULL, stderr=DEVNULL).returncode == 0:
        os.replace(tmp, index)
        merged.add(name)
        return True
    os.unlink(tmp)
    return False


def hunk_of(patch_text, file, line):
    """The @@ line of FILE's hunk in PATCH_TEXT that starts at old LINE
    ("" when none)."""
    in_f = False
    for l in patch_text.split("\n"):
        if l.startswith("diff --git "):
            w = l.split()
            in_f = len(w) > 2 and w[2] == "a/" + file
        elif in_f and l.startswith("@@ "):
            w = l.split()
            o = w[1].split(",")[0] if len(w) > 1 else ""
            try:
                if -float(o) == float(line):
                    return l
            except ValueError:
                pass
    return ""


def conflict_of(index, repo, patch, base=""):
    """Where PATCH conflicts with the tree (INDEX, REPO): the file, the
    hunk and the tree's newest commit on its lines; with BASE, only BASE
    and its ancestors are the tree's (not the series' own commits)."""
    r = git_rc(repo, "apply", "--cached", "--check", patch, index=index,
               stdout=PIPE, stderr=subprocess.STDOUT)
    err = next((l[len("error: patch failed: "):] for l in r.stdout.split("\n")
                if l.startswith("error: patch failed: ")), "")
    if not err:
        return "git apply gave no hunk"
    file, _, line = err.rpartition(":")
    with open(patch, errors="replace") as f:
        hunk = hunk_of(f.read(), file, line)
    m = re.match(r"^@@ -[0-9]*,([0-9]*) ", hunk)
    length = m.group(1) if m and m.group(1) else "1"
    b = git_rc(repo, "blame", "--porcelain", "-L", "%s,+%s" % (line, length),
               "HEAD", "--", file, stdout=PIPE, stderr=DEVNULL)
    # the commits on those lines, newest first
    times, c = [], None
    for l in b.stdout.split("\n"):
        if re.match(r"^[0-9a-f]{40} ", l):
            c = l.split()[0]
        elif l.startswith("committer-time ") and c:
            times.append((int(l.split()[1]), c))
    found = ""
    for _t, sha in sorted(times, reverse=True):
        if not base or git_rc(repo, "merge-base", "--is-ancestor", sha,
                              base).returncode == 0:
            found = sha
            break
    if not found:
        found = out_of(repo, "log", "-1", "--format=%H", base or "HEAD", "--",
                       file, check=False)
    where = '"%s"' % hunk if hunk else "at line %s" % line
    return "%s, hunk %s, against the tree's commit %s" % (
        file, where, out_of(repo, "log", "-1", '--format=%h ("%s")',
                            "--abbrev=12", found, check=False))


def subjects(paths):
    """The patches' subjects (git mailinfo), ";"-separated."""
    out = []
    for p in paths:
        with open(p, "rb") as f:
            r = subprocess.run(["git", "mailinfo", "/dev/null", "/dev/null"],
                               stdin=f, stdout=PIPE)
        for l in r.stdout.decode("utf-8", "replace").split("\n"):
            if l.startswith("Subject: "):
                out.append(l[len("Subject: "):])
    return ";".join(out)


def code_refs(repo, index, scratch):
    """FILE:LINE:TEXT for each line of a .c or .h file of INDEX (an index
    of REPO) whose code, not its comments or strings, names an old call."""
    r = git_rc(repo, "grep", "--cached", "-l", "-z", "-w", "-E", common.OLD_RE,
               "--", "*.c", "*.h", index=index, stdout=PIPE)
    if r.returncode > 1:
        tool_failed("git grep on the final tree (exit %d)" % r.returncode)
    files = [f for f in r.stdout.split("\0") if f]
    if not files:
        return []
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    c = subprocess.run(["git", "-C", str(repo), "checkout-index", "-z", "--stdin",
                        "--prefix=%s/" % scratch],
                       input="\0".join(files) + "\0", text=True,
                       env=dict(os.environ, GIT_INDEX_FILE=str(index)))
    if c.returncode != 0:
        tool_failed("git checkout-index on the final tree (exit %d)" % c.returncode)
    out = []
    for f in files:
        try:
            out += ["%s:%d:%s" % (f, no, line)
                    for no, line in ctext.refs(common.OLD_RE, os.path.join(scratch, f))]
        except OSError as e:
            tool_failed("python3 -m lclib.ctext on the final tree (%s: %s)"
                        % (f, e.strerror))
    shutil.rmtree(scratch, ignore_errors=True)
    return out


def uniq(items):
    """ITEMS without adjacent repeats (uniq)."""
    out = []
    for i in items:
        if not out or out[-1] != i:
            out.append(i)
    return out
