# SPDX-License-Identifier: GPL-2.0-only
"""The final tree of a series (its base + every patch) as the x86_64 test
kernel of make check: allnoconfig + qemu/kernel/test-kernel.config,
bzImage, modules, modules_install into OUT/mods.

It has its own checkout, apart from the bisect's, so that make check can
start it first, at a low priority, and let it build beside the bisect: a
bisect is mostly one-CPU work (Kbuild's set-up of each make run,
checkpatch, a patch of one or two objects), and this build takes the other
CPU's idle time instead of running alone after it.

STATUS is written last: "<status> <seconds>", status "ok", "apply <patch>"
(a patch did not apply: the bisect reports it) or "build".  Progress and
Kbuild's output go to stdout.  Exit 0 when STATUS is ok, 3 otherwise.
"""
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

from lifecycle import common
from lifecycle.qemu import testkernel_kbuild

PROG = "lifecycle qemu-kernel"
USAGE = "usage: %s KERNEL BASE SRC OUT STATUS PATCH..." % PROG


class Stop(Exception):
    """The build stops with this status ("apply <patch>", "build")."""


def series_id(patches):
    """The series' identity: the sha256 of its patches' text, in order."""
    h = hashlib.sha256()
    for p in patches:
        h.update(Path(p).read_bytes())
    return h.hexdigest()


def tree_of(src):
    """The tree git records of SRC's work tree (a file changed or added
    since shows there)."""
    common.git(src, "add", "-A")
    return common.git(src, "write-tree")


def checkout(kernel, base, src, patches):
    """SRC at BASE with PATCHES applied.  The checkout is kept when it
    holds this base and these patches already (a warm run): reset and
    patched again, its patched files would be newer than their objects,
    and Kbuild would rebuild all that includes them."""
    series = series_id(patches)
    held = Path(src) / ".git" / "lc-series"
    if (held.is_file() and common.git(src, "rev-parse", "HEAD") == base
            and held.read_text().rstrip("\n") == "%s %s" % (series, tree_of(src))):
        common.step("SOURCE", "qemu: %s holds the base and the series already" % src)
        return
    common.step("SOURCE", "qemu: %s at the base, then the series" % src)
    if held.exists():
        held.unlink()
    common.checkout_at(kernel, src, base)
    for p in patches:
        if common.run(["git", "-C", str(src), "apply", str(p)]).returncode != 0:
            raise Stop("apply " + os.path.basename(p))
    held.write_text("%s %s\n" % (series, tree_of(src)))


def build(kernel, base, src, out, patches):
    """Check out and build; raises Stop on a failure with its status."""
    checkout(kernel, base, src, patches)
    # No ccache: a cold build would pay its hashing and storing on every
    # object, and a warm one rebuilds nothing (the checkout above, and OUT,
    # are kept).
    frag = common.TOP / "qemu" / "kernel" / "test-kernel.config"
    cfg = Path(out) / ".config"
    if not cfg.is_file() or frag.stat().st_mtime > cfg.stat().st_mtime:
        common.step("CONFIG", "qemu: allnoconfig + qemu/kernel/test-kernel.config")
        sys.stdout.flush()
        if not testkernel_kbuild.configure(src, out, [frag]):
            # a refused symbol: no .config, so the next run configures again
            if cfg.exists():
                cfg.unlink()
            raise Stop("build")
    common.step("BUILD", "qemu: bzImage modules")
    if testkernel_kbuild.make(src, out, "bzImage", "modules") != 0:
        raise Stop("build")
    shutil.rmtree(Path(out) / "mods", ignore_errors=True)
    if testkernel_kbuild.make(src, out, "INSTALL_MOD_PATH=%s" % (Path(out) / "mods"),
                              "modules_install") != 0:
        raise Stop("build")


def build_status(kernel, base, src, out, status, patches):
    """build(), then STATUS written ("<status> <seconds>"); the exit code."""
    t0 = time.time()
    try:
        os.unlink(status)
    except FileNotFoundError:
        pass
    try:
        build(kernel, base, src, out, patches)
        st = "ok"
    except Stop as e:
        st = str(e)
    with open(status, "w") as f:
        f.write("%s %d\n" % (st, time.time() - t0))
    return 0 if st == "ok" else common.Exit.HUMAN


def register(sub):
    p = sub.add_parser("qemu-kernel", help="build a series' final tree as make "
                       "check's test kernel", description=__doc__.split("\n\n")[0],
                       usage=USAGE[len("usage: "):])
    p.add_argument("args", nargs="*", metavar="KERNEL BASE SRC OUT STATUS PATCH...",
                   help="the user's tree (only read), the series' base commit, the "
                   "checkout to use, the build directory (kept), the status file, "
                   "the patches")
    return p


def run(args):
    common.set_prog(PROG)
    if len(args.args) < 6:
        common.error(USAGE)
        return common.Exit.INPUT
    kernel, base, src, out, status = args.args[:5]
    try:
        return build_status(kernel, base, src, out, status, args.args[5:])
    except common.ToolFailed as e:
        common.error("tool failure: %s" % e)
        return common.Exit.TOOL
