# SPDX-License-Identifier: GPL-2.0-only
"""Per-architecture knowledge, read from one table (check/arches.tsv):
Kbuild's ARCH=, the cross compiler, the config fragment.  Where a file
is built comes from the arch column of scripts/series-drivers.tsv (per
driver) and then check/arch-paths.tsv (path globs).  Nothing else in the
toolkit names an architecture's compiler or Kbuild ARCH.
"""
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from lifecycle.common import TOP, die

ARCHES_TSV = TOP / "check" / "arches.tsv"
PATHS_TSV = TOP / "check" / "arch-paths.tsv"
DRIVERS_TSV = TOP / "scripts" / "series-drivers.tsv"
# a C file or header no row claims
DEFAULT_ARCH = "x86_64"


@dataclass(frozen=True)
class Arch:
    """One row of check/arches.tsv."""
    name: str            # the toolkit's name (x86_64, arm64, s390)
    kbuild_arch: str     # Kbuild's ARCH=
    cross_compile: str   # Kbuild's CROSS_COMPILE=, "" when native
    gcc: str             # CROSS_COMPILE + gcc
    fragment: Path       # merged over defconfig

    def make_vars(self, ccache=True):
        """The make variables that select this arch's build, in the order
        the command line has them."""
        v = ["ARCH=" + self.kbuild_arch]
        if self.cross_compile:
            v.append("CROSS_COMPILE=" + self.cross_compile)
        v.append("CC=" + ("ccache " if ccache else "") + self.gcc)
        return v


def _rows(path):
    """The tab-separated rows of PATH, comments and blank lines left out."""
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.strip() and not line.startswith("#"):
                yield line.split("\t")


def parse_arches(path=ARCHES_TSV, top=TOP):
    """{name: Arch} from the table at PATH (fragments relative to TOP)."""
    out = {}
    for row in _rows(path):
        if len(row) != 5:
            raise ValueError("%s: not 5 columns: %r" % (path, row))
        name, karch, cross, gcc, frag = row
        out[name] = Arch(name, karch, "" if cross == "-" else cross, gcc,
                         Path(top) / frag)
    return out


def parse_paths(path=PATHS_TSV):
    """[(glob, [arch...])] from check/arch-paths.tsv, in order."""
    return [(r[0], r[1].split()) for r in _rows(path) if len(r) >= 2]


def parse_drivers(path=DRIVERS_TSV):
    """[([glob...], [arch...])] from the rows of series-drivers.tsv."""
    out = []
    for r in _rows(path):
        if len(r) >= 4:
            out.append((r[1].split(), r[3].split()))
    return out


class ArchTable:
    """The arches and where each file is built."""

    def __init__(self, arches=None, paths=None, drivers=None):
        self.arches = parse_arches() if arches is None else arches
        self.paths = parse_paths() if paths is None else paths
        self.drivers = parse_drivers() if drivers is None else drivers

    def get(self, name):
        """The Arch called NAME; a name no row has is refused."""
        try:
            return self.arches[name]
        except KeyError:
            die("no build recipe for arch %s (check/arches.tsv)" % name)

    def arches_of(self, path):
        """The arches PATH (a file of a patch) is built on: a driver row
        first, then the path globs, else x86_64; [] for a file that is not
        C (shell glob semantics: * also matches /)."""
        if not (path.endswith(".c") or path.endswith(".h")):
            return []
        for globs, arches in self.drivers:
            if any(fnmatch.fnmatchcase(path, g) for g in globs):
                return arches
        for g, arches in self.paths:
            if fnmatch.fnmatchcase(path, g):
                return arches
        return [DEFAULT_ARCH]
