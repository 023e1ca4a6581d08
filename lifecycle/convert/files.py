# SPDX-License-Identifier: GPL-2.0-only
"""convert-files: convert C files of the old vfio life cycle with the
semantic patches and judge each result.

Each input is converted, has nothing to convert, or is not converted
(the original is kept and the old-form sites are listed).  Never writes
next to the inputs: results go to OUTDIR, one file per input (same
relative path); verdicts and spatch logs go to OUTDIR/.cocci/.  The
working directory is the tree the FILEs are named in.

Stages, in order, each in a module of this room (lifecycle/convert/):
the mid-layer groups (midlayer), the same-file helper rewrite (helper),
the cross-file helper rewrite (helper_far), then for every file the
conversion proper (file), which runs the pre-uninit rewrite
(preuninit), the run-time ops rule (rtops), the minimal rule, the
idiomatic stages (lift) and the independent life-cycle check
(result_check).  Every spatch run goes through spatch.

Exit status: 0 when every file was converted or had nothing to convert,
3 when some file needs a human, 1 on bad input, 5 when a tool (spatch,
lclib) failed: the message names the file and the stage, and nothing
more is written.  LC_LOGS_SHOWN: the directory the verdicts name for
the logs (default OUTDIR/.cocci), for a caller that moves them.
"""
import os
import sys

from lifecycle import common

PROG = "convert-files"
SCRIPT = os.path.abspath(__file__)


def register(sub):
    p = sub.add_parser(
        "convert-files", help="convert C files of a tree with the rules",
        description=__doc__.split("\n\n")[0] + " Run in the tree.")
    p.add_argument("--target", default="auto",
                   help="6.1 (drivers free the object in @release), 6.2 "
                   "(the core frees it) or auto (read --kernel's vfio.h)")
    p.add_argument("--kernel", default="", help="the tree for --target auto")
    p.add_argument("--level", default="auto",
                   help="auto (move set-up into @init and tear-down into "
                   "@release where provably the same program) or minimal")
    p.add_argument("--out", default="", help="OUTDIR (required)")
    p.add_argument("files", nargs="*", metavar="FILE")

    def bad_usage(msg):
        # bad input exits 1, as every refusal of the command does
        common.set_prog(PROG)
        common.error(msg)
        sys.exit(int(common.Exit.INPUT))
    p.error = bad_usage
    return p


def _cached(argv):
    """The tests' cache of whole runs (tests/lib/convert_cache.py): only
    the tests set LC_TEST_CACHE.  Replaces this process when it applies."""
    cache = common.TOP / "tests" / "lib" / "convert_cache.py"
    if os.environ.get("LC_TEST_CACHE") and cache.is_file():
        sys.stdout.flush()
        os.execvp(sys.executable, [sys.executable, str(cache), SCRIPT] + argv)


def run(args):
    common.set_prog(PROG)
    # the cache keys on the arguments as given (sys.argv); a caller of
    # cli.main(ARGV) gets them rebuilt from ARGS
    argv = []
    for opt in ("target", "kernel", "level", "out"):
        if getattr(args, opt) != {"target": "auto", "level": "auto"}.get(opt, ""):
            argv += ["--" + opt, getattr(args, opt)]
    argv += list(args.files)
    _cached(sys.argv[sys.argv.index("convert-files") + 1:]
            if "convert-files" in sys.argv else argv)
    from lifecycle.convert import file as converter_file
    try:
        return converter_file.main(args)
    except common.Refused as e:
        common.error(str(e))
        return int(common.Exit.INPUT)
    except common.ToolFailed as e:
        common.error("tool failure: %s" % e)
        return int(common.Exit.TOOL)
