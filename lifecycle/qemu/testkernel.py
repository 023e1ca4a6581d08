# SPDX-License-Identifier: GPL-2.0-only
"""make test-kernel: the QEMU test kernel, built from Debian's
linux-source-6.1, unpacked once into the cache as a git tree, configured as
allnoconfig + the flavour's config fragments, built out of tree with ccache.

Flavours: base  qemu/kernel/test-kernel.config (kmemleak, KASAN, failslab)
          kobj  base + qemu/kernel/kobject-release.config

Cached: a stamp records the source, the fragments and the code that builds
(this module and testkernel_kbuild); when it matches and the images exist,
nothing is rebuilt.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from lifecycle import common
from lifecycle.qemu import testkernel_kbuild

PROG = "lifecycle test-kernel"
FLAVOURS = {
    "base": ("test-kernel.config",),
    "kobj": ("test-kernel.config", "kobject-release.config"),
}
# Fixed identity and date: the same tarball gives the same commit.
GIT_ID = {"GIT_AUTHOR_NAME": "vfio-lifecycle",
          "GIT_AUTHOR_EMAIL": "vfio-lifecycle@localhost",
          "GIT_COMMITTER_NAME": "vfio-lifecycle",
          "GIT_COMMITTER_EMAIL": "vfio-lifecycle@localhost",
          "GIT_AUTHOR_DATE": "2022-12-11 00:00:00 +0000",
          "GIT_COMMITTER_DATE": "2022-12-11 00:00:00 +0000"}


def tarball():
    """Debian's source tarball ($LINUX_SOURCE_TARBALL overrides it)."""
    return os.environ.get("LINUX_SOURCE_TARBALL") or "/usr/src/linux-source-6.1.tar.xz"


def fragments(flavour):
    """The config fragments of FLAVOUR, in order."""
    if flavour not in FLAVOURS:
        common.die("unknown flavour '%s' (base or kobj)" % flavour)
    return [common.TOP / "qemu" / "kernel" / f for f in FLAVOURS[flavour]]


def src_dir():
    """The 6.1 source as a git tree (one commit)."""
    return common.CACHE / "linux-6.1"


def out_dir(flavour):
    """FLAVOUR's build directory."""
    fragments(flavour)
    return common.CACHE / "build" / ("x86_64-" + flavour)


def source_ident(tar):
    """The source's identity: Debian version of the package when known,
    plus the tarball's size."""
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.1"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ver = r.stdout if r.returncode == 0 else ""
    return "%s %d" % (ver, os.path.getsize(tar))


def _read(path):
    try:
        with open(path) as f:
            return f.read().rstrip("\n")
    except OSError:
        return None


def unpack(tar, ident):
    """The source unpacked once, atomically, as a git tree (done when its
    .lc-source holds IDENT)."""
    src = src_dir()
    if _read(src / ".lc-source") == ident:
        return
    common.step("UNPACK", "%s -> %s" % (tar, src))
    t0 = time.time()
    tmp = Path(str(src) + ".tmp")
    for d in (src, tmp):
        if d.is_symlink() or d.is_file():
            d.unlink()
        elif d.exists():
            shutil.rmtree(d)
    tmp.mkdir(parents=True)
    if subprocess.run(["tar", "-C", str(tmp), "--strip-components=1", "-xf",
                       str(tar)]).returncode != 0:
        common.tool_failed("tar -xf %s" % tar)
    common.step("GIT", str(src))
    common.git(tmp, "init", "-q")
    common.git(tmp, "config", "core.autocrlf", "false")
    common.git(tmp, "config", "gc.auto", "0")
    # -f: Debian's .gitignore ignores everything at the top level.
    common.git(tmp, "add", "-A", "-f", ".")
    env = dict(os.environ, **GIT_ID)
    common.git(tmp, "commit", "-q", "-m",
               "Linux 6.1 (Debian linux-source-6.1 %s)" % ident.rsplit(" ", 1)[0],
               env=env)
    with open(tmp / ".lc-source", "w") as f:
        f.write(ident + "\n")
    os.rename(tmp, src)
    common.step("DONE", "%s (%ds)" % (src, time.time() - t0))


def stamp(ident, frags):
    """What a build is made of: the source, the fragments, and the code
    that configures and builds it."""
    h = hashlib.sha256()
    h.update((ident + "\n").encode())
    for p in list(frags) + [Path(__file__), Path(testkernel_kbuild.__file__)]:
        h.update(Path(p).read_bytes())
    return h.hexdigest()


def build_env(cache):
    """The build's environment: ccache in the cache, paths relative to the
    cache (the flavours' builds share hits), reproducible build metadata
    (ccache hits across rebuilds)."""
    return dict(os.environ, CCACHE_DIR=str(cache / "ccache"),
                CCACHE_BASEDIR=str(cache), CCACHE_NOHASHDIR="1",
                KBUILD_BUILD_TIMESTAMP="2022-12-11", KBUILD_BUILD_USER="lc",
                KBUILD_BUILD_HOST="lc")


def ensure(flavour="base", source_only=False):
    """FLAVOUR's kernel built (or cached); with SOURCE_ONLY the source
    unpacked only.  Returns an exit code (Refused raised for bad input)."""
    frags = fragments(flavour)
    common.need_cmd("tar", "xz", "git", "make", "gcc", "ccache", "flex", "bison",
                    "bc", "sha256sum")
    tar = tarball()
    if not os.path.isfile(tar):
        common.die("%s not found; run 'make deps' (Debian package linux-source-6.1)"
                   % tar)
    ident = source_ident(tar)
    unpack(tar, ident)
    if source_only:
        return 0

    out = out_dir(flavour)
    st = stamp(ident, frags)
    if (_read(out / ".lc-stamp") == st and (out / "arch/x86/boot/bzImage").is_file()
            and (out / "mods/lib/modules").is_dir()):
        common.step("CACHED", str(out / "arch/x86/boot/bzImage"))
        return 0

    out.mkdir(parents=True, exist_ok=True)
    (common.CACHE / "ccache").mkdir(parents=True, exist_ok=True)
    env = build_env(common.CACHE)
    subprocess.run(["ccache", "-M", "5G"], env=env, stdout=subprocess.DEVNULL)
    common.step("CONFIG", "%s: allnoconfig + %s" % (
        flavour, "".join(f.name + " " for f in frags)))
    try:
        (out / ".lc-stamp").unlink()
    except FileNotFoundError:
        pass
    cc = "ccache gcc"
    if not testkernel_kbuild.configure(src_dir(), out, frags, cc=cc, env=env,
                                       stdout=subprocess.DEVNULL):
        return 1
    common.step("BUILD", "%s: bzImage modules (%d jobs, ccache; ~7 min cold on 2 cores)"
                % (flavour, common.ncpus()))
    t0 = time.time()
    rc = testkernel_kbuild.make(src_dir(), out, "-s", "bzImage", "modules", cc=cc, env=env)
    if rc:
        return rc
    shutil.rmtree(out / "mods", ignore_errors=True)
    rc = testkernel_kbuild.make(src_dir(), out, "-s", "INSTALL_MOD_PATH=%s" % (out / "mods"),
                                "modules_install", cc=cc, env=env,
                                stdout=subprocess.DEVNULL)
    if rc:
        return rc
    with open(out / ".lc-stamp", "w") as f:
        f.write(st + "\n")
    common.step("DONE", "%s (%ds)" % (out / "arch/x86/boot/bzImage", time.time() - t0))
    return 0


def register(sub):
    p = sub.add_parser(
        "test-kernel", help="build (or reuse) the cached QEMU test kernel",
        description=__doc__.split("\n\n")[0] + " Cached: a second run is a no-op.")
    p.add_argument("--flavour", default="base", metavar="base|kobj",
                   help="base, or kobj (base + delayed kobject release)")
    p.add_argument("--print-dir", dest="print", action="store_const", const="dir",
                   help="print the flavour's build directory and stop")
    p.add_argument("--print-src", dest="print", action="store_const", const="src",
                   help="print the 6.1 source tree (a git tree) and stop")
    p.add_argument("--source", dest="print", action="store_const", const="unpack",
                   help="only unpack the source (checkpatch and coccicheck need no build)")

    # a stray argument is bad input (exit 1), as the command's other
    # refusals (an unknown option is the top parser's: argparse's exit 2)
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    def refuse(msg):
        common.set_prog(PROG)
        common.error("%s; usage: %s [--flavour base|kobj] "
                     "[--print-dir|--print-src|--source]" % (msg, PROG))
        sys.exit(common.Exit.INPUT)
    p.error = refuse
    p.set_defaults(_parser_error=refuse)
    return p


def run(args):
    common.set_prog(PROG)
    if args.rest:
        args._parser_error("unknown argument '%s'" % args.rest[0])
    try:
        if args.print == "dir":
            print(out_dir(args.flavour))
            return 0
        if args.print == "src":
            print(src_dir())
            return 0
        return ensure(args.flavour, source_only=args.print == "unpack")
    except common.Refused as e:
        common.error(str(e))
        return common.Exit.INPUT
    except common.ToolFailed as e:
        common.error("tool failure: %s" % e)
        return common.Exit.TOOL
