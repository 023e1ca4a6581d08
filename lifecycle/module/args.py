# SPDX-License-Identifier: GPL-2.0-only
"""make convert's entry side: the M= and KERNEL= words, the directories
they name, the module's sources, the output's name, and whether the
target kernel is ready to build against.

Every check here only reads; a refusal raises common.Refused with the
text the user sees, so that nothing is written before the plan is whole
(lifecycle/module/main.py holds the order of the checks).
"""
import os
import re

from lifecycle.common import die

USAGE = ("usage: python3 -m lifecycle convert M=<module dir> "
         "[KERNEL=<target tree>] (exit codes: python3 -m lifecycle convert "
         "--help)")

# The file names kbuild can build (it puts them unquoted into make and
# shell commands), and the paths it can build in.
_KBUILD_NAME = re.compile(r"^[A-Za-z0-9._/+-]*$")
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9/._+-]*$")

# What make convert's own output carries (never replace anything else).
MARKER = ".vfio-lifecycle-output"


def parse_words(words):
    """(M, KERNEL) from the command's words, each None when not given; a
    later word of a kind wins, as with make.  Anything else is refused
    with the usage."""
    mod = kernel = None
    for w in words:
        if w.startswith("M="):
            mod = w[2:]
        elif w.startswith("KERNEL="):
            kernel = w[7:]
        else:
            die(USAGE)
    if not mod:
        die("M=<module dir> is required (%s)" % USAGE)
    return mod, (kernel or None)


def logical_cwd():
    """The working directory as the shell names it ($PWD when it is this
    directory: a symbolic link's own name is kept), else the physical."""
    pwd = os.environ.get("PWD")
    try:
        if pwd and os.path.isabs(pwd) and os.path.samefile(pwd, "."):
            return pwd
    except OSError:
        pass
    return os.getcwd()


def given_name(path):
    """The base name of PATH as the user wrote it (a symbolic link's own
    name, not its target's; '..' taken textually, as cd does); "root"
    for /."""
    p = os.path.normpath(os.path.join(logical_cwd(), path))
    # normpath keeps a leading // (POSIX); either way the name of / is root
    name = os.path.basename(p.rstrip("/"))
    return name or "root"


def dir_of(what, path, kind):
    """PATH's physical directory (symbolic links resolved), or a refusal
    naming WHAT (M or KERNEL) that says what is wrong with PATH."""
    if os.path.isdir(path):
        if not os.access(path, os.X_OK):
            die("%s=%s: cannot enter the directory" % (what, path))
        return os.path.realpath(path)
    if os.path.exists(path):
        die("%s=%s is a file, not a directory: name the %s directory"
            % (what, path, kind))
    if os.path.islink(path):
        die("%s=%s is a dangling symbolic link" % (what, path))
    die("%s=%s: no such directory" % (what, path))


def check_apart(mod, mod_p, dout_p):
    """Refuse a module inside drivers-out/ (the output) or containing it."""
    if (mod_p + "/").startswith(dout_p + "/"):
        die("M=%s is inside drivers-out/, the toolkit's output: convert the "
            "module from its own directory" % mod)
    if (dout_p + "/").startswith(mod_p.rstrip("/") + "/"):
        die("M=%s contains drivers-out/, the toolkit's output: name the "
            "module's own directory" % mod)


def _is_source(name):
    return name.endswith((".c", ".h")) or name in ("Makefile", "Kbuild")


def list_sources(mod_p):
    """The module's sources (.c, .h, Kbuild, Makefile) relative to MOD_P,
    sorted bytewise: hidden files and directories skipped, symbolic
    links followed (as find -L: a directory that links back to one it
    lies in is not walked again; errors are skipped)."""
    out = []

    def walk(d, rel, above):
        try:
            names = os.listdir(d)
        except OSError:
            return
        for n in names:
            if n.startswith("."):
                continue
            full, r = os.path.join(d, n), (rel + "/" + n if rel else n)
            if os.path.isdir(full):
                real = os.path.realpath(full)
                if real not in above:
                    walk(full, r, above | {real})
            elif os.path.isfile(full) and _is_source(n):
                out.append(r)

    walk(mod_p, "", {os.path.realpath(mod_p)})
    return sorted(out, key=os.fsencode)


def check_sources(mod, srcs):
    """The .c files of SRCS; refused when there is none, when no Kbuild or
    Makefile says how to build them, or when kbuild cannot take a name."""
    files = [s for s in srcs if s.endswith(".c")]
    if not files:
        die("%s has no .c files" % mod)
    if not any(os.path.basename(s) in ("Kbuild", "Makefile") for s in srcs):
        die("%s has no Kbuild or Makefile: kbuild needs one naming the "
            "module's objects (obj-m += <name>.o)" % mod)
    bad = [s for s in srcs if not _KBUILD_NAME.match(s)]
    if bad:
        die("%s: kbuild cannot build file names with spaces or shell "
            "characters: %s" % (mod, " ".join(bad[:3])))
    return files


def safe_name(name):
    """The output directory's name: every byte of NAME other than
    A-Z a-z 0-9 . _ - made a '_', and not starting with . or -."""
    ok = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
             b"0123456789._-")
    s = "".join(chr(b) if b in ok else "_" for b in os.fsencode(name))
    return "_" + s if s[:1] in (".", "-") else s


def foreign_output(final):
    """True when FINAL exists and is not make convert's own output (a
    symbolic link, a file, or a directory without the marker)."""
    if not (os.path.lexists(final)):
        return False
    if os.path.islink(final) or not os.path.isdir(final):
        return True
    return read_marker(final) != "convert"


def read_marker(d):
    """The marker's content in D (trailing newlines dropped), or None."""
    try:
        with open(os.path.join(d, MARKER)) as f:
            return f.read().rstrip("\n")
    except (OSError, UnicodeDecodeError):
        return None


def kernel_source(kernel_p):
    """The source tree of KERNEL_P: an O= build directory points at it
    through its 'source' link."""
    s = os.path.join(kernel_p, "source")
    return os.path.realpath(s) if os.path.exists(s) else kernel_p


def api_refusal(api, src):
    """None for a target API make convert converts to (6.1, 6.2), else
    the refusal's text."""
    if api in ("6.1", "6.2"):
        return None
    if api == "old":
        return ("%s still has the old vfio core API (vfio_init_group_dev() "
                "in include/linux/vfio.h): nothing to convert to; name a "
                "Linux 6.1 or later tree as KERNEL=" % src)
    return "%s: cannot tell the vfio core API from include/linux/vfio.h" % src


def not_built(kernel_p):
    """(missing file, what to run) when KERNEL_P is not configured and
    built (make -C KERNEL M=... would fail with make's own words only),
    else None."""
    todo = "make olddefconfig && make modules_prepare"
    if not os.path.isfile(os.path.join(kernel_p, ".config")):
        return ".config", todo
    if not os.path.isfile(os.path.join(kernel_p, "include/generated/autoconf.h")):
        return "include/generated/autoconf.h", todo
    mp = os.path.join(kernel_p, "scripts/mod/modpost")
    if not (os.path.isfile(mp) and os.access(mp, os.X_OK)):
        return "scripts/mod/modpost", todo
    if not os.path.isfile(os.path.join(kernel_p, "Module.symvers")):
        # modules_prepare does not write it; without it modpost cannot
        # check the module's symbols
        return "Module.symvers", ("make (modules_prepare does not write "
                                  "Module.symvers)")
    return None


def plain_path(path):
    """True when kbuild can build in PATH (no blank, no shell character)."""
    return bool(_PLAIN_PATH.match(path))
