# SPDX-License-Identifier: GPL-2.0-only
"""What make series reads from the user's kernel tree, before anything is
written: that it is a clean kernel git tree at its top, its vfio core API
(from include/linux/vfio.h, never the version: vendor trees backport), its
base family (lifecycle/series/family.py over core-patch/families.tsv) and the
files that call the old functions in their code (a comment or a string
naming one does not count: lclib.ctext).
"""
import contextlib
import io
import os
import re
import subprocess
import tarfile

from lifecycle import common
from lifecycle.common import die, tool_failed

from lifecycle.series import family as lcfamily  # noqa: E402
from lclib import ctext  # noqa: E402 (cocci/)


def target_api(tree):
    """The vfio_device life-cycle API of TREE, from its vfio.h:
    "old" (vfio_init_group_dev(): drivers allocate), "6.1"
    (vfio_alloc_device() and vfio_free_device() in @release) or "6.2"
    (the core frees); Refused with the reason when it cannot tell (the
    logic of the old scripts/target-api.sh)."""
    h = os.path.join(tree, "include", "linux", "vfio.h")
    if not os.path.isfile(os.path.join(tree, "Makefile")) or \
            not os.path.isdir(os.path.join(tree, "include", "linux")):
        die("%s is not a kernel tree (no Makefile and include/linux/)" % tree)
    if not os.path.isfile(h):
        die("%s has no include/linux/vfio.h: no vfio in this tree" % tree)
    with open(h, errors="replace") as f:
        text = f.read()
    if re.search(r"\b_?vfio_alloc_device\b", text):
        return "6.1" if re.search(r"\bvfio_free_device\b", text) else "6.2"
    if re.search(r"\bvfio_init_group_dev\b", text):
        return "old"
    die("%s: neither vfio_init_group_dev() nor vfio_alloc_device(): "
        "unknown vfio API" % h)


def makefile_var(tree, var):
    """VAR's value in TREE's top Makefile ("" when absent), as sed reads
    it: the first "VAR = value" line."""
    rx = re.compile(r"^%s *= *(.*)$" % var)
    with open(os.path.join(tree, "Makefile"), errors="replace") as f:
        for line in f:
            m = rx.match(line.rstrip("\n"))
            if m:
                return m.group(1)
    return ""


def check_tree(kernel):
    """Refuse what is not a clean kernel git tree given at its top."""
    mk = os.path.join(kernel, "Makefile")
    has_ver = False
    if os.path.isfile(mk):
        with open(mk, errors="replace") as f:
            has_ver = any(re.match(r"^VERSION *=", l) for l in f)
    if not has_ver or not os.path.isdir(os.path.join(kernel, "include", "linux")):
        die("%s is not a kernel tree (no top-level Makefile with VERSION, "
            "no include/linux/)" % kernel)
    r = common.run(["git", "-C", kernel, "rev-parse", "--show-toplevel"],
                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        die("%s is not a git tree: the series is built on its HEAD commit "
            "(git init && git add -A && git commit first)" % kernel)
    top = os.path.realpath(r.stdout.rstrip("\n"))
    if top != kernel:
        die("%s is inside the git tree %s, not its top: give the top" % (kernel, top))
    r = common.run(["git", "-C", kernel, "rev-parse", "-q", "--verify", "HEAD"],
                   stdout=subprocess.DEVNULL)
    if r.returncode != 0:
        die("%s: no commit yet" % kernel)
    r = common.run(["git", "-C", kernel, "status", "--porcelain",
                    "--untracked-files=no"], stdout=subprocess.PIPE)
    dirty = "\n".join(r.stdout.split("\n")[:5]).rstrip("\n")
    if dirty:
        die("%s has uncommitted changes (commit or stash them; the series is "
            "built on HEAD):\n%s" % (kernel, dirty))
    if not os.path.isfile(os.path.join(kernel, "include", "linux", "vfio.h")):
        die("%s has no include/linux/vfio.h: no vfio in this tree" % kernel)


def family(kernel):
    """lifecycle/series/family.py's answer for KERNEL: (exit code, [name, dir, core,
    why]); its refusals are its own lines on stderr."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = lcfamily.main(["lifecycle/series/family.py", kernel])
    fields = out.getvalue().rstrip("\n").split("\t")
    return rc, fields


def old_call_files(kernel, core, scratch):
    """The .c files of KERNEL's HEAD whose code calls an old function,
    but the core (CORE) and the pci-core library that define them; their
    text is read from a copy under SCRATCH."""
    r = common.run(["git", "-C", kernel, "grep", "-l", "-w", "-E",
                    common.OLD_RE, "HEAD", "--", "*.c"], stdout=subprocess.PIPE)
    if r.returncode > 1:
        tool_failed("git grep on %s (exit %d)" % (kernel, r.returncode))
    skip = {core, "drivers/vfio/pci/vfio_pci_core.c"}
    files = [l[len("HEAD:"):] if l.startswith("HEAD:") else l
             for l in r.stdout.split("\n") if l]
    files = [f for f in files if f not in skip]
    if not files:
        return []
    of = os.path.join(scratch, "of")
    os.makedirs(of)
    a = subprocess.run(["git", "-C", kernel, "archive", "HEAD", "--"] + files,
                       stdout=subprocess.PIPE)
    if a.returncode != 0:
        tool_failed("git archive on %s (exit %d)" % (kernel, a.returncode))
    with tarfile.open(fileobj=io.BytesIO(a.stdout)) as t:
        t.extractall(of)
    out = []
    for f in files:
        try:
            if ctext.refs(common.OLD_RE, os.path.join(of, f)) and f not in out:
                out.append(f)
        except OSError as e:
            tool_failed("python3 -m lclib.ctext on the tree's files (%s: %s)"
                        % (f, e.strerror))
    return out
