# SPDX-License-Identifier: GPL-2.0-only
"""vfio-lifecycle's orchestration: one package, one CLI (python3 -m lifecycle).

Each command is a module with register(subparsers) and run(args) -> exit
code; cli.COMMANDS names them.  Shared ground (paths, exit codes, progress
lines, errors) is in common.py, the port of scripts/lib.sh.
"""
