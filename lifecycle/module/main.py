# SPDX-License-Identifier: GPL-2.0-only
"""make convert M=<module dir> [KERNEL=<target tree>]: convert an
out-of-tree module of the old vfio life cycle.

This module holds the command: its --help, the order of the checks
(lifecycle/module/args.py; nothing is written before they all pass), the
lock, and how a run ends (the RESULT line, the temporary directory
removed, signals).  The work itself is lifecycle/module/run.py.
"""
import argparse
import glob
import os
import shutil
import signal
import sys

from lifecycle import common
from lifecycle.module import args as module_args
from lifecycle.module import tools as module_tools
from lifecycle.common import Exit, Refused, ToolFailed, TOP, lock_out
from lifecycle.module.run import Plan, Result, convert_module

PROG = "lifecycle convert"

HELP = """\
Copy the module's sources to drivers-out/modules/<name>/orig and tree,
convert tree with the semantic patches, write
drivers-out/modules/<name>/<name>.patch, and build the result against the
target kernel.  The module directory itself is never touched.

  M:      the module's directory; its .c/.h files, Kbuild and Makefile,
          in subdirectories too (same relative paths; hidden directories
          are skipped), are converted; the Kbuild file decides the build.
          It must not lie inside drivers-out/ (the output) nor contain it.
  KERNEL: a configured and built kernel tree (or its O= build directory)
          to build against; default: the QEMU test kernel (Debian 6.1).

The output goes to drivers-out/modules/<name>/, <name> being M's base
name with every character other than A-Z a-z 0-9 . _ - made a '_'.  A new
run builds in a temporary directory next to it and replaces the old
output only once it is complete; a refusal writes nothing.  Two runs on
the same output refuse each other (lock drivers-out/modules/<name>.lock).

Exit status (the last line, "  RESULT   <outcome> (exit N)", says which;
through make every non-zero one becomes make's "Error N" and make exits 2):
  0  done: converted (or nothing to convert) and built
  1  bad input: refused, nothing written
  3  needs a human: some file was left as it was (see conversion.log)
  4  the converted module does not build (see build.log)
  5  a tool (the converter, spatch) failed: an error, never a verdict
"""


def register(sub):
    # Every word is the command's own (M=, KERNEL=, -h/--help; anything
    # else refused with the usage and exit 1, as a bad input): no word
    # starts an option for argparse, -h and --help are answered in run().
    p = sub.add_parser(
        "convert", help="convert an out-of-tree module (make convert M=)",
        usage="python3 -m lifecycle convert M=<module dir> [KERNEL=<target tree>]",
        description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
        prefix_chars="\x01", add_help=False)
    p.add_argument("words", nargs="*", metavar="M=... KERNEL=...",
                   help="M=<module dir> and, optionally, KERNEL=<target tree>")
    p.set_defaults(_parser=p)
    return p


def plan_of(words):
    """The checked plan of a run: every refusal comes from here, before
    anything is written."""
    mod, kernel = module_args.parse_words(words)
    mod_p = module_args.dir_of("M", mod, "module")
    name = module_args.given_name(mod)
    # (drivers-out/ may not exist yet in a copy of the toolkit: its parent then)
    dout = TOP / "drivers-out"
    dout_p = (os.path.realpath(dout) if dout.is_dir()
              else os.path.join(os.path.realpath(TOP), "drivers-out"))
    module_args.check_apart(mod, mod_p, dout_p)
    srcs = module_args.list_sources(mod_p)
    files = module_args.check_sources(mod, srcs)
    safe = module_args.safe_name(name)
    rel = "drivers-out/modules/" + safe
    final = str(TOP / rel)
    if module_args.foreign_output(final):
        common.die("%s exists and is not the output of make convert (no %s in "
                   "it): move it away first" % (rel, module_args.MARKER))
    if kernel is not None:
        kernel_p = module_args.dir_of("KERNEL", kernel,
                                      "kernel tree's (or its O= build)")
    else:
        kernel = module_tools.test_kernel_dir()
        kernel_p = module_args.dir_of("KERNEL", kernel, "kernel tree's")
    src = module_args.kernel_source(kernel_p)
    ok, api = module_tools.target_api(src)
    if not ok:
        common.die(api)
    why = module_args.api_refusal(api, src)
    if why:
        common.die(why)
    nb = module_args.not_built(kernel_p)
    if nb:
        common.die("KERNEL=%s is not configured and built (no %s): run %s "
                   "there, or name an O= build dir" % (kernel, nb[0], nb[1]))
    # kbuild puts both paths unquoted into make and shell commands
    if not module_args.plain_path(kernel_p):
        common.die("KERNEL=%s: kbuild cannot build in %s (a space or a shell "
                   "character in the path)" % (kernel, kernel_p))
    if not module_args.plain_path(final):
        common.die("kbuild cannot build in %s (a space or a shell character in "
                   "the toolkit's own path): use a checkout at a plain path"
                   % final)
    return Plan(mod=mod, mod_p=mod_p, name=name, safe=safe, srcs=srcs,
                files=files, kernel=kernel, kernel_p=kernel_p, api=api)


class _Signalled(Exception):
    def __init__(self, code, why):
        super().__init__(why)
        self.code, self.why = code, why


def _on_signal(code, why):
    def handler(_sig, _frame):
        raise _Signalled(code, why)
    return handler


def convert(words):
    """The command: the run's exit code, after its RESULT line."""
    common.set_prog(PROG)
    signal.signal(signal.SIGINT, _on_signal(130, "interrupted"))
    signal.signal(signal.SIGHUP, _on_signal(143, "terminated"))
    signal.signal(signal.SIGTERM, _on_signal(143, "terminated"))
    work = None
    try:
        plan = plan_of(words)
        # Nothing is written before this line.
        lock_out(plan.final)
        # under the lock, a temporary directory left is a killed run's
        for d in glob.glob(glob.escape(plan.final) + ".new.*") + \
                glob.glob(glob.escape(plan.final) + ".old.*"):
            shutil.rmtree(d, ignore_errors=True)
        work = "%s.new.%d" % (plan.final, os.getpid())
        res = convert_module(plan, work)
        work = None
    except Refused as e:
        common.error(str(e))
        res = Result(Exit.INPUT, str(e))
    except ToolFailed as e:
        common.error("tool failure: %s" % e)
        res = Result(Exit.TOOL, "")
    except module_tools.ToolExit as e:
        res = Result(e.code, "")
    except _Signalled as e:
        res = Result(e.code, e.why)
    finally:
        # ignore further signals while the run's debris goes
        for s in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
            signal.signal(s, signal.SIG_IGN)
        if work and os.path.isdir(work):
            shutil.rmtree(work, ignore_errors=True)
    sys.stderr.flush()
    why = res.why or ("see the error above" if res.code == Exit.INPUT else "")
    return common.outcome(res.code, why)


def run(args):
    if "-h" in args.words or "--help" in args.words:
        args._parser.print_help()
        sys.exit(0)
    return convert(args.words)
