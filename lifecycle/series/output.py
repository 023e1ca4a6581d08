# SPDX-License-Identifier: GPL-2.0-only
"""Where make series writes, and how it never leaves half an output.

The output is built in drivers-out/.<name>.tmp.XXXXXX and renamed into
place only when complete (make check's drivers-out/<name>/check/ moves
along): a refusal, a failure or an interrupt leaves the previous output as
it was, and two runs on one output never overlap (the second refuses, on
the lock).  A scratch directory outside the repository holds what the
survey needs before the output exists.
"""
import os
import shutil
import signal
import subprocess
import tempfile

from lifecycle import common


class Interrupted(Exception):
    """SIGINT or SIGTERM: the run stops, nothing written; exit 128+N."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _raise(signum, _frame):
    raise Interrupted(128 + signum)


def catch_signals():
    """INT and TERM end the run as Interrupted (the cleanup runs then)."""
    signal.signal(signal.SIGINT, _raise)
    signal.signal(signal.SIGTERM, _raise)


def run_child(cmd, **kw):
    """subprocess.run for a long tool (spatch, the converter): an
    interrupt is passed on to it and waited for, so that it cleans up
    after itself before this run does; its exit code."""
    with subprocess.Popen(cmd, **kw) as p:
        try:
            return p.wait()
        except Interrupted as e:
            p.send_signal(e.code - 128)
            p.wait()
            raise


def ignore_signals():
    """From the last line on, an interrupt changes nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Output:
    """drivers-out/<name>/ of one run: dest (set once the name is known),
    tmpd (the output being built), old (the previous output while it is
    being swapped), sdir (scratch, outside the repository)."""

    def __init__(self):
        self.dest = None
        self.name = None
        self.tmpd = None
        self.old = None
        self.sdir = tempfile.mkdtemp()

    def as_it_was(self):
        """", drivers-out/<name> as it was" once there is an output."""
        return ", %s as it was" % common.rel(self.dest) if self.dest else ""

    def claim(self, name):
        """The output's name: lock it (or refuse), start its temporary
        directory; returns the directory to build in."""
        self.name = name
        self.dest = str(common.TOP / "drivers-out" / name)
        common.lock_out(self.dest)
        self.tmpd = tempfile.mkdtemp(prefix=".%s.tmp." % name,
                                     dir=str(common.TOP / "drivers-out"))
        return self.tmpd

    def swap_in(self):
        """The new output replaces the old one (make check's build
        directories kept); signals wait until it is done."""
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK,
                                          {signal.SIGINT, signal.SIGTERM})
        try:
            if os.path.lexists(self.dest):
                self.old = str(common.TOP / "drivers-out" /
                               (".%s.old.%d" % (self.name, os.getpid())))
                shutil.rmtree(self.old, ignore_errors=True)
                os.rename(self.dest, self.old)
                if os.path.isdir(os.path.join(self.old, "check")):
                    os.rename(os.path.join(self.old, "check"),
                              os.path.join(self.tmpd, "check"))
            os.rename(self.tmpd, self.dest)
            self.tmpd = None
            if self.old:
                shutil.rmtree(self.old, ignore_errors=True)
            self.old = None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        return self.dest

    def cleanup(self):
        """No temporary directory left; an output half swapped goes
        back."""
        if self.tmpd and os.path.isdir(self.tmpd):
            # not in place yet: the previous output (and its check/) goes back
            if self.old and os.path.isdir(self.old):
                chk = os.path.join(self.tmpd, "check")
                if os.path.isdir(chk) and not os.path.lexists(
                        os.path.join(self.old, "check")):
                    os.rename(chk, os.path.join(self.old, "check"))
                if not os.path.lexists(self.dest):
                    os.rename(self.old, self.dest)
            shutil.rmtree(self.tmpd, ignore_errors=True)
        # in place: the previous output goes
        if self.old and os.path.isdir(self.old) and os.path.isdir(self.dest):
            shutil.rmtree(self.old, ignore_errors=True)
        if self.sdir:
            shutil.rmtree(self.sdir, ignore_errors=True)
            self.sdir = None
