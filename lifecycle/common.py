# SPDX-License-Identifier: GPL-2.0-only
"""Ground shared by every command (the port of scripts/lib.sh).

Progress lines follow Kbuild's short form ("  STEP     target") so that a
long run reads like a kernel build; errors go to stderr with the command's
name so that a user can tell which step refused.  The exit codes are the
README's table, the same for every command; make turns any of them into
its own 2, so each command also says its outcome in its last line.
"""
import enum
import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Where the repository lives, whatever the caller's working directory.
TOP = Path(__file__).resolve().parent.parent

# Everything big (unpacked kernels, builds, initramfs) lives outside the repo.
CACHE = Path(os.environ.get("VFIO_LC_CACHE") or
             Path(os.environ.get("XDG_CACHE_HOME") or
                  Path.home() / ".cache") / "vfio-lifecycle")

# The calls of the old life cycle, as an extended regular expression.
OLD_RE = ("vfio_init_group_dev|vfio_uninit_group_dev|"
          "vfio_pci_core_init_device|vfio_pci_core_uninit_device")

# The rules' library (cocci/lclib), which the stages import too.
if str(TOP / "cocci") not in sys.path:
    sys.path.append(str(TOP / "cocci"))


def tool_env(extra=None):
    """os.environ for a tool: PYTHONPATH starts with <repo>/cocci."""
    env = dict(os.environ)
    pp = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(TOP / "cocci") + (":" + pp if pp else "")
    if extra:
        env.update(extra)
    return env


class Exit(enum.IntEnum):
    """Exit codes of the toolkit's commands (the README's table)."""
    OK = 0       # done
    INPUT = 1    # bad input: refused, nothing written
    HUMAN = 3    # done, but something needs a human (listed)
    BUILD = 4    # make convert: the converted module does not build
    TOOL = 5     # a tool (spatch, git, make) failed: an error, never a verdict


OUTCOME_WORD = {0: "done", 1: "bad input", 3: "needs a human",
                4: "build failed", 5: "tool failure"}


class Refused(Exception):
    """Bad input: the command says why (die) and exits 1."""
    code = Exit.INPUT


class ToolFailed(Exception):
    """A tool failed: an error, never a verdict; exit 5."""
    code = Exit.TOOL


PROG = os.path.basename(sys.argv[0]) if sys.argv else "lifecycle"


def set_prog(name):
    """The name errors and warnings start with (the command's)."""
    global PROG
    PROG = name


def step(what, target, file=None):
    """One progress line, Kbuild's short form."""
    print("  %-8s %s" % (what, target), file=file or sys.stdout, flush=True)


def error(msg):
    """An error line on stderr, named for the command."""
    print("%s: error: %s" % (PROG, msg), file=sys.stderr, flush=True)


def warn(msg):
    """A warning line on stderr, named for the command."""
    print("%s: warning: %s" % (PROG, msg), file=sys.stderr, flush=True)


def outcome_line(code, text=""):
    """The command's last line, naming the outcome make reports only as
    "Error CODE"."""
    word = OUTCOME_WORD.get(int(code), "exit %d" % int(code))
    return "  %-8s %s (exit %d)%s" % ("RESULT", word, int(code),
                                      ": " + text if text else "")


def outcome(code, text=""):
    """Print the outcome line and return CODE (for run() to return)."""
    print(outcome_line(code, text), flush=True)
    return int(code)


def die(msg):
    """Bad input: raise Refused (the caller prints and exits 1)."""
    raise Refused(msg)


def tool_failed(msg):
    """A tool failed: raise ToolFailed (exit 5)."""
    raise ToolFailed(msg)


def rel(path):
    """PATH relative to the repository when inside it (for messages)."""
    p = str(path)
    t = str(TOP) + "/"
    return p[len(t):] if p.startswith(t) else p


_locks = []


def lock_out(path):
    """Hold PATH.lock for the rest of this process, or refuse when another
    run holds it: two runs never share an output."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    f = open(str(path) + ".lock", "w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        die("%s is in use by another run (lock %s.lock); wait for it to "
            "finish" % (rel(path), rel(path)))
    _locks.append(f)
    return f


def need_cmd(*cmds):
    """Fail early, naming the Debian package route."""
    for c in cmds:
        if shutil.which(c) is None:
            die("'%s' not found; run 'make deps' first" % c)


def ncpus():
    """Parallelism for builds."""
    return os.cpu_count() or 2


def run(cmd, **kw):
    """subprocess.run with text I/O; CMD a list."""
    kw.setdefault("text", True)
    return subprocess.run(cmd, **kw)


def git(repo, *args, check=True, **kw):
    """git -C REPO ARGS; its stdout (stripped of the last newline)."""
    kw.setdefault("stdout", subprocess.PIPE)
    r = run(["git", "-C", str(repo)] + list(args), **kw)
    if check and r.returncode != 0:
        tool_failed("git %s (in %s) failed (exit %d)"
                    % (" ".join(args), repo, r.returncode))
    return (r.stdout or "").rstrip("\n") if r.stdout is not None else ""


def checkout_at(kernel, dest, commit):
    """DEST as a shared clone of KERNEL (made if missing; KERNEL is only
    read) with COMMIT checked out and nothing else: local changes and stray
    files of an earlier run are dropped."""
    dest = Path(dest)
    if not (dest / ".git").is_dir():
        git(".", "clone", "-q", "--shared", "--no-checkout", str(kernel),
            str(dest))
    git(dest, "checkout", "-q", "-f", "--detach", commit)
    git(dest, "clean", "-q", "-fd")


def _fragment_lines(fragments):
    for fr in fragments:
        with open(fr) as f:
            for line in f:
                yield line.rstrip("\n")


def config_refused(config, *fragments):
    """The fragments' lines that CONFIG (a .config) does not hold:
    CONFIG_X=v must be there as is, CONFIG_X=n means not set."""
    with open(config) as f:
        have = f.read().split("\n")
    haveset = set(have)
    out = []
    for line in _fragment_lines(fragments):
        if not line.startswith("CONFIG_") or "=" not in line:
            continue
        if line.endswith("=n"):
            sym = line[:-2] + "="
            if any(h.startswith(sym) for h in have):
                out.append(line)
        elif line not in haveset:
            out.append(line)
    return out


_KCONFIG_RE = re.compile(r"^[ \t]*(?:menu)?config ([A-Za-z0-9_]+)", re.M)


def kconfig_unknown(src, *fragments):
    """The fragments' symbols that no Kconfig file of the source tree SRC
    defines (a symbol of another base family), sorted."""
    known = set()
    for root, _dirs, files in os.walk(src):
        for fn in files:
            if fn.startswith("Kconfig"):
                try:
                    with open(os.path.join(root, fn), errors="replace") as f:
                        known.update("CONFIG_" + m for m in
                                     _KCONFIG_RE.findall(f.read()))
                except OSError:
                    pass
    syms = set()
    for line in _fragment_lines(fragments):
        m = re.match(r"^(CONFIG_[A-Za-z0-9_]*)=", line)
        if m:
            syms.add(m.group(1))
    return sorted(syms - known)


def config_refused_known(unknown, config, *fragments):
    """config_refused, less the lines of the symbols in UNKNOWN."""
    unk = set(unknown)
    return [l for l in config_refused(config, *fragments)
            if l.split("=", 1)[0] not in unk]


def out_name(kernel):
    """The name of KERNEL's output, drivers-out/<name>/: its basename, any
    character but letters, digits, . _ - made a -, not hidden; "modules"
    is make convert's, so a tree called so gets "modules-series"."""
    n = re.sub(r"[^A-Za-z0-9._-]", "-", os.path.basename(str(kernel).rstrip("/")))
    n = re.sub(r"^\.", "-", n)
    return "modules-series" if n == "modules" else n


def main_wrapper(fn, args):
    """Run FN(ARGS), turning Refused/ToolFailed into their line and code."""
    try:
        return fn(args)
    except Refused as e:
        error(str(e))
        return outcome(Exit.INPUT, "refused; nothing written")
    except ToolFailed as e:
        error("tool failure: %s" % e)
        return outcome(Exit.TOOL, "nothing written")


def missing_unregister(src, out, log, name, runner=None):
    """cocci/vfio_missing_unregister.cocci on SRC (NAME in messages): when
    it fires, OUT is the fixed file and the rule's MISSING-UNREGISTER
    fields are returned (one line); else None, OUT absent.  A failing
    spatch is a tool failure, its log's end shown.  RUNNER(cmd, **kw) ->
    exit code runs spatch when the caller passes interrupts on (make
    series); by default subprocess.run."""
    out, log = Path(out), Path(log)
    if out.exists():
        out.unlink()
    cmd = ["spatch", "--very-quiet", "-D", "patch", "--no-includes",
           "--include-headers", "--sp-file",
           str(TOP / "cocci/vfio_missing_unregister.cocci"), str(src),
           "-o", str(out)]
    with open(log, "wb") as f:
        if runner is None:
            rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT,
                                env=tool_env()).returncode
        else:
            rc = runner(cmd, stdout=f, stderr=subprocess.STDOUT, env=tool_env())
    text = log.read_bytes().decode("utf-8", "replace")
    if rc != 0:
        tail = "\n".join(text.rstrip("\n").split("\n")[-15:])
        tool_failed("spatch (cocci/vfio_missing_unregister.cocci) failed on "
                    "%s; its log ends:\n%s" % (name, tail))
    fields = next((l[len("MISSING-UNREGISTER: "):] for l in text.split("\n")
                   if l.startswith("MISSING-UNREGISTER: ")), "")
    if out.is_file() and fields:
        return fields
    if out.exists():
        out.unlink()
    return None


def style_pass(orig, conv, log, files):
    """The kernel style of what the rules added to each converted file
    (CONV/FILE, with ORIG/FILE as it was): initialisers aligned like
    their neighbours, labels named for what they now undo
    (cocci/lclib/style.py); its notes appended to LOG.  (lib.sh's
    style_pass.)"""
    import contextlib
    from lclib import style
    for f in files:
        try:
            with open(log, "a") as lf, contextlib.redirect_stdout(lf):
                rc = style.main(["lclib.style", os.path.join(orig, f),
                                 os.path.join(conv, f)])
        except Exception:  # a crash is the tool's failure, as its exit was
            rc = 1
        if rc != 0:
            tool_failed("python3 -m lclib.style on %s" % f)


def self_cmd(command, *args):
    """The argv of another command of this package (python3 -m lifecycle
    COMMAND ARGS), runnable from any directory: the toolkit's programs run
    one another through this, never through a path of their own."""
    return ([sys.executable, str(TOP / "lifecycle" / "__main__.py"), command]
            + [str(a) for a in args])
