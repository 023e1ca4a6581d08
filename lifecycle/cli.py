# SPDX-License-Identifier: GPL-2.0-only
"""The one CLI behind the make targets: python3 -m lifecycle COMMAND.

A command is a module of this package with
  register(subparsers) -> argparse parser (its own --help)
  run(args) -> int (an exit code of common.Exit)
listed in COMMANDS below, in the order --help shows them.
"""
import argparse
import importlib
import sys

from lifecycle.common import Exit

# command -> module (one line each; the module says what it does)
COMMANDS = {
    "series": "lifecycle.series.main",
    "convert": "lifecycle.module.main",
    "examples": "lifecycle.module.examples",
    "check": "lifecycle.check.main",
    "qemu": "lifecycle.qemu.main",
    "qemu-kernel": "lifecycle.qemu.kernel",
    "test-kernel": "lifecycle.qemu.testkernel",
    "convert-files": "lifecycle.convert.files",
}


class Parser(argparse.ArgumentParser):
    """A parser whose bad usage (an unknown command or option, an
    argument missing) is bad input: exit 1 as every refusal of the
    toolkit, not argparse's 2 (the README's exit codes)."""

    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("%s: error: %s\n" % (self.prog, message))
        sys.exit(int(Exit.INPUT))


def parser(only=None):
    """The top parser with every command's subparser, or with ONLY's: a
    command imports its own modules alone, so that one command's missing
    file or data never stops another."""
    p = Parser(
        prog="python3 -m lifecycle",
        description="Convert vfio drivers to the unified vfio_device "
        "life cycle: the commands behind the make targets.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for name, module in COMMANDS.items():
        if only is not None and name != only:
            continue
        mod = importlib.import_module(module)
        sp = mod.register(sub)
        sp.set_defaults(_run=mod.run, _parser=sp)
    return p


def main(argv=None):
    """Parse ARGV (sys.argv[1:]) and run the command; its exit code."""
    argv = sys.argv[1:] if argv is None else argv
    only = argv[0] if argv and argv[0] in COMMANDS else None
    args, extra = parser(only).parse_known_args(argv)
    if extra:
        # named by the command, as its own errors are
        args._parser.error("unrecognized arguments: %s" % " ".join(extra))
    return args._run(args)


if __name__ == "__main__":
    sys.exit(main())
