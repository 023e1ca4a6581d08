# SPDX-License-Identifier: GPL-2.0-only
"""The family's core patches (core-patch/<family>/): in the order they
apply, and named the way the user finds them.

A family's series file names each patch with its role; a family laid out
like another (core-patch/<family>/derive) takes that family's patches with
its own paths.  lifecycle/series/corepatch.py materialises them under numbered
names (0001-* the helpers, the other 00NN-* the last core patches) with an
.origin table (numbered name, family, name there, role) that shown() and
named() read back for messages.
"""
import contextlib
import glob
import io
import os

from lifecycle import common
from lifecycle.common import tool_failed

from lifecycle.series import corepatch as lccorepatch  # noqa: E402


def read_origin(path):
    """.origin's rows as lists of fields ([] when there is none)."""
    try:
        with open(path) as f:
            return [l.rstrip("\n").split("\t") for l in f]
    except OSError:
        return []


def _field(row, i):
    return row[i] if len(row) > i else ""


class CorePatches:
    """The core patches of FAMILY: dir (where they are, materialised in
    SDIR/core when the family has a series or derive file), origin rows."""

    def __init__(self, family, patches, sdir):
        self.family = family
        self.dir = patches
        self.mat = os.path.join(sdir, "core")
        self.origin = []
        self.derived = None
        if os.path.isfile(os.path.join(patches, "series")) or \
                os.path.isfile(os.path.join(patches, "derive")):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = lccorepatch.main(["lifecycle/series/corepatch.py", patches, self.mat])
            if rc != 0:
                tool_failed("lifecycle/series/corepatch.py on %s" % common.rel(patches))
            self.derived = out.getvalue().rstrip("\n")
            dfile = os.path.join(patches, "derive")
            if os.path.isfile(dfile):
                with open(dfile) as f:
                    n = sum(1 for l in f if l.startswith("path"))
                print("  core:   %s derives its patches: %s (%d path(s) renamed)"
                      % (common.rel(patches), self.derived, n), flush=True)
            self.dir = self.mat
            self.origin = read_origin(os.path.join(self.mat, ".origin"))

    def helpers(self):
        """The 0001-*.patch files (the helpers), sorted."""
        return sorted(glob.glob(os.path.join(glob.escape(self.dir), "0001-*.patch")))

    def post(self):
        """The last core patches: struct device in vfio_device and what it
        needs (00NN-*.patch but 0001), sorted."""
        if not os.path.isdir(self.dir):
            return []
        return sorted(os.path.join(self.dir, f) for f in os.listdir(self.dir)
                      if len(f) > 5 and f[:2] == "00" and f[2:4].isdigit()
                      and f[4] == "-" and f.endswith(".patch")
                      and not f.startswith("0001-")
                      and os.path.isfile(os.path.join(self.dir, f)))

    def shown(self, path):
        """PATH as the user finds it: a core patch's file in its family's
        directory, with its role; another file relative to the repo."""
        if path == self.mat:
            return "core-patch/%s" % self.family
        if path.startswith(self.mat + "/"):
            r = path[len(self.mat) + 1:]
            o = next((_field(x, 1) for x in self.origin
                      if x[0] == r or x[0].startswith(r + "/")), "")
            f = next(("%s (%s)" % (_field(x, 2), _field(x, 3)) for x in self.origin
                      if x[0] == r and _field(x, 2) != ""), "")
            s = "core-patch/%s/%s" % (o or self.family, f or r)
            if o and o != self.family:
                s += " (paths as in %s)" % self.family
            return s
        return common.rel(path)

    def named(self, path):
        """A patch's file name; a core patch's as its family's directory
        has it (not the numbered name)."""
        if path.startswith(self.mat + "/"):
            r = path[len(self.mat) + 1:]
            for x in self.origin:
                if x[0] == r:
                    return _field(x, 2) or x[0]
            return r
        return os.path.basename(path)
