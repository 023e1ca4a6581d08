# SPDX-License-Identifier: GPL-2.0-only
"""The toolkit's other programs that make convert and make series (the
examples) run, each through one function here: the test kernel, the
target API of a tree, the converter, the QEMU harness.  When one of them
moves or becomes a command of this package, only its function changes.
"""
import subprocess
import sys

from lifecycle.series import survey
from lifecycle.common import Refused, run, self_cmd, tool_env


class ToolExit(Exception):
    """A program ended with CODE where the command cannot go on: the
    command exits CODE too (as the shell script did under set -e)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _flush():
    sys.stdout.flush()
    sys.stderr.flush()


def test_kernel_dir():
    """The Debian 6.1 test kernel's build directory, built first when it
    is not (its progress goes to stderr, as before: stdout is dropped)."""
    _flush()
    r = run(self_cmd("test-kernel"),
            stdout=subprocess.DEVNULL, env=tool_env())
    if r.returncode != 0:
        raise ToolExit(r.returncode)
    r = run(self_cmd("test-kernel", "--print-dir"),
            stdout=subprocess.PIPE, env=tool_env())
    if r.returncode != 0:
        raise ToolExit(r.returncode)
    return r.stdout.rstrip("\n")


def target_api(src):
    """(ok, text): the vfio core API of the tree SRC (old, 6.1, 6.2), or
    the refusal's text when it is no kernel tree with vfio."""
    try:
        return True, survey.target_api(src)
    except Refused as e:
        return False, str(e)


def cocci_convert(cwd, api, out_tree, files, log, logs_shown):
    """The converter on FILES (relative to CWD), target API API, output in
    OUT_TREE; its stdout and stderr in the file LOG; the verdicts name
    the logs as LOGS_SHOWN.  Its exit status (0 done, 3 needs a human)."""
    _flush()
    with open(log, "wb") as f:
        r = run(self_cmd("convert-files", "--target", api, "--out", out_tree,
                         *files),
                cwd=str(cwd), stdout=f, stderr=subprocess.STDOUT,
                env=tool_env({"LC_LOGS_SHOWN": logs_shown}))
    return r.returncode


def qemu_run(args, out):
    """The QEMU harness with ARGS; its stdout and stderr in the file OUT;
    its exit status."""
    _flush()
    with open(out, "wb") as f:
        r = run(self_cmd("qemu", *args),
                stdout=f, stderr=subprocess.STDOUT, env=tool_env())
    return r.returncode
