#!/usr/bin/env python3
"""The base family of a kernel tree, recognised from the tree itself.

The features are read from the files (which file defines the vfio core,
what include/linux/vfio.h declares, the open callback of struct
vfio_device_ops, which drivers and headers exist); the version in the
Makefile is only a label.  core-patch/families.tsv maps the features to a
family and the family to its core-patch directory: the first row whose
features all hold wins.

Usage: lifecycle/series/family.py [--table FILE] TREE
  prints one line, tab separated: family, core-patch dir (or "none"), core
  file, why (the features found).  Exit 0; 1 when the tree is refused (the
  reason on stderr, nothing on stdout); 5 when the table cannot be read.
Stdlib only.
"""

import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = os.path.join(TOP, "core-patch", "families.tsv")
PROG = "lifecycle/series/family.py"

# what each feature means, for the survey line and for refusals
DESCRIBE = {
    "core=vfio_main.c": "core in drivers/vfio/vfio_main.c",
    "core=vfio.c": "core in drivers/vfio/vfio.c",
    "init": "vfio_init_group_dev()",
    "uninit": "vfio_uninit_group_dev()",
    "alloc": "vfio_alloc_device()",
    "ops=open_device": "ops open_device/close_device",
    "ops=open": "ops open/release",
    "pci_core": "drivers/vfio/pci/vfio_pci_core.c",
    "mdev_bridge": "the mdev bridge drivers/vfio/mdev/vfio_mdev.c",
    "vfio_h": "drivers/vfio/vfio.h",
}


class Refused(Exception):
    """The tree is not one the toolkit has core patches for."""


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def features(tree):
    """The set of feature tokens (families.tsv's vocabulary) of TREE."""
    found = set()
    vfio = os.path.join(tree, "drivers", "vfio")
    if os.path.isfile(os.path.join(vfio, "vfio_main.c")):
        found.add("core=vfio_main.c")
    elif os.path.isfile(os.path.join(vfio, "vfio.c")):
        found.add("core=vfio.c")
    hdr = os.path.join(tree, "include", "linux", "vfio.h")
    if os.path.isfile(hdr):
        h = _strip_comments(_read(hdr))
        if re.search(r"\bvfio_init_group_dev\s*\(", h):
            found.add("init")
        if re.search(r"\bvfio_uninit_group_dev\s*\(", h):
            found.add("uninit")
        if re.search(r"\b_?vfio_alloc_device\b", h):
            found.add("alloc")
        m = re.search(r"\bstruct\s+vfio_device_ops\s*\{(.*?)\};", h, flags=re.S)
        if m:
            if re.search(r"\(\s*\*\s*open_device\s*\)", m.group(1)):
                found.add("ops=open_device")
            elif re.search(r"\(\s*\*\s*open\s*\)", m.group(1)):
                found.add("ops=open")
    if os.path.isfile(os.path.join(vfio, "pci", "vfio_pci_core.c")):
        found.add("pci_core")
    if os.path.isfile(os.path.join(vfio, "mdev", "vfio_mdev.c")):
        found.add("mdev_bridge")
    if os.path.isfile(os.path.join(vfio, "vfio.h")):
        found.add("vfio_h")
    return found


def load_table(path):
    """Rows (family, [features], dir, what) of families.tsv."""
    rows = []
    for n, line in enumerate(_read(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4 or not all(c.strip() for c in cols):
            raise ValueError("%s:%d: want 4 tab-separated columns" % (path, n))
        for tok in cols[1].split():
            if tok.lstrip("!") not in DESCRIBE:
                raise ValueError("%s:%d: unknown feature %s" % (path, n, tok))
        rows.append((cols[0], cols[1].split(), cols[2], cols[3]))
    return rows


def unmet(reqs, found):
    """The requirements of a row that FOUND does not satisfy."""
    bad = []
    for tok in reqs:
        if tok.startswith("!"):
            if tok[1:] in found:
                bad.append(tok)
        elif tok not in found:
            bad.append(tok)
    return bad


def say(tok):
    if tok.startswith("!"):
        return "no " + DESCRIBE[tok[1:]]
    return DESCRIBE[tok]


def detect(tree, rows):
    """(family, dir, core, why) of TREE, or Refused with the reason."""
    found = features(tree)
    order = [t for t in DESCRIBE if t in found]
    why = ", ".join(say(t) for t in order) or "none of the features"
    core = ""
    for t in order:
        if t.startswith("core="):
            core = "drivers/vfio/" + t[len("core="):]
    for family, reqs, pdir, what in rows:
        if unmet(reqs, found):
            continue
        if pdir == "-":
            raise Refused("no core patches for this base family: %s (found: %s)" % (what, why))
        return family, pdir, core, "%s: %s" % (what, why)
    # no row: name what the closest family with core patches misses
    cand = [r for r in rows if r[2] not in ("-", "none")] or rows
    best = min(cand, key=lambda r: (len(unmet(r[1], found)), -len(r[1])))
    miss = "; ".join(say(t) for t in unmet(best[1], found))
    raise Refused(
        "no core patches for this base family: the layout matches no row of "
        "core-patch/families.tsv (closest: %s, which also needs: %s; found: %s)"
        % (best[0], miss, why))


def main(argv):
    table = TABLE
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--table":
        table = args[1]
        args = args[2:]
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write("usage: %s [--table FILE] TREE\n" % PROG)
        return 1
    tree = args[0]
    if not os.path.isdir(tree):
        sys.stderr.write("%s: error: %s: no such directory\n" % (PROG, tree))
        return 1
    try:
        rows = load_table(table)
    except (OSError, ValueError) as e:
        sys.stderr.write("%s: error: tool failure: %s\n" % (PROG, e))
        return 5
    if not rows:
        sys.stderr.write("%s: error: tool failure: %s has no rows\n" % (PROG, table))
        return 5
    try:
        fam = detect(tree, rows)
    except Refused as e:
        sys.stderr.write("%s: error: %s: %s\n" % (PROG, tree, e))
        return 1
    sys.stdout.write("\t".join(fam) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
