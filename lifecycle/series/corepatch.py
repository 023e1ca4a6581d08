#!/usr/bin/env python3
"""The effective core patches of a base family: its own (in the order and
with the roles of its series file), or those it derives from another.

A family whose core is laid out like another's, but with files in other
places, does not copy that family's patches: its core-patch directory has
a file "derive" (data, tab separated):

    from    6.0
    path    drivers/vfio/vfio_main.c    drivers/vfio/vfio.c

and only the patches (or hand/ patches, or not-ported.txt) that really
differ, under the parent's file names.  This writes the family's effective
directory: the parent's files, the paths renamed in the diff headers and
in the diffstat, then the family's own files over them, and .origin (each
file and the family it comes from).  A parent may itself be derived.

A family directory names its patches by what they are, not by their place
in the output: its file "series" (data, tab separated) lists them in the
order they apply, each with its role:

    vfio-Add-helpers-for-the-vfio_device-life-cycle.patch   helpers
    vfio-Add-struct-device-to-vfio_device.patch             struct-device

"helpers" go first (before the drivers; the old calls stay); every other
role goes last, after the drivers and the rename, in the order listed
(ROLES).  The effective directory keeps the numbered names the series
builder orders by (0001- for the helpers, 0002- on for the last ones);
.origin gives each numbered name its family, its file there and its role.
A directory without a series file (a test's, a user's) is taken as it is:
0001-*.patch first, the other NNNN-*.patch last.

Usage: lifecycle/series/corepatch.py FAMILY_DIR OUT_DIR
  prints the parent chain ("5.19 <- 6.0").  Exit 0; 5 when the data is
  broken (a tool failure: the family table and its directories are ours).
Stdlib only.
"""

import os
import shutil
import sys

PROG = "lifecycle/series/corepatch.py"


class Broken(Exception):
    """The derive data is not what this reader understands."""


# the roles a core patch may have, and where it goes in the series
ROLES = {
    "helpers": "first",          # the new API beside the old calls
    "remove-old-calls": "last",  # the old calls go (no driver uses them)
    "bus-fix": "last",           # a bus that the vfio-dev child surprises
    "struct-device": "last",     # struct device in vfio_device
}


def data_lines(path):
    """(line number, [tab separated columns]) of each line of a data file
    but blank lines and # comments."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield n, line.split("\t")


def read_series(path):
    """[(file, role)] of a series file, in order."""
    out = []
    for n, cols in data_lines(path):
        if len(cols) != 2 or not cols[0].endswith(".patch") or "/" in cols[0]:
            raise Broken("%s:%d: want \"FILE.patch<TAB>ROLE\"" % (path, n))
        if cols[1] not in ROLES:
            raise Broken("%s:%d: unknown role %r (known: %s)"
                         % (path, n, cols[1], ", ".join(sorted(ROLES))))
        out.append((cols[0], cols[1]))
    if not any(role == "helpers" for _, role in out):
        raise Broken("%s: no patch with the role helpers" % path)
    return out


def numbered(files, series, where):
    """FILES ({rel: (text, origin)}) under the numbered names the series
    builder orders by, each with its role: {name: (text, origin, file, role)}."""
    top = [r for r in files if "/" not in r and r.endswith(".patch")]
    listed = [f for f, _ in series]
    for f in listed:
        if f not in files:
            raise Broken("%s: lists %s, which is not there" % (where, f))
    extra = sorted(set(top) - set(listed))
    if extra:
        raise Broken("%s: does not list %s" % (where, ", ".join(extra)))
    out = {r: v for r, v in files.items() if r not in listed}
    n = 1
    for f, role in series:
        if ROLES[role] == "first":
            name = "0001-" + f
        else:
            n += 1
            name = "%04d-%s" % (n, f)
        out[name] = files[f] + (f, role)
    return out


def read_derive(path):
    """(parent, [(old, new)]) of a derive file."""
    parent = None
    renames = []
    for n, cols in data_lines(path):
        if cols[0] == "from" and len(cols) == 2 and cols[1]:
            parent = cols[1]
        elif cols[0] == "path" and len(cols) == 3 and all(cols[1:]):
            renames.append((cols[1], cols[2]))
        else:
            raise Broken("%s:%d: want \"from<TAB>FAMILY\" or "
                         "\"path<TAB>OLD<TAB>NEW\"" % (path, n))
    if parent is None:
        raise Broken("%s: no \"from\" line" % path)
    return parent, renames


def rename_text(text, renames):
    """TEXT with every path of RENAMES replaced (headers, diffstat, prose)."""
    for old, new in renames:
        text = text.replace(old, new)
    return text


def wanted(name):
    return name.endswith(".patch") or name == "not-ported.txt"


def files_of(d):
    """{relative name: path} of the patches and notes of a family directory."""
    out = {}
    for sub in ("", "hand"):
        dd = os.path.join(d, sub)
        if not os.path.isdir(dd):
            continue
        for name in sorted(os.listdir(dd)):
            p = os.path.join(dd, name)
            if os.path.isfile(p) and wanted(name):
                out[os.path.join(sub, name) if sub else name] = p
    return out


def _read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


def effective(famdir, seen=()):
    """({relative name: (text, family it comes from)}, chain, series) of
    FAMDIR: its files under their own names, and its series (or its
    parent's; None when neither has one)."""
    famdir = os.path.normpath(famdir)
    if famdir in seen:
        raise Broken("%s: derives from itself" % famdir)
    fam = os.path.basename(famdir)
    own = {rel: (_read(p), fam) for rel, p in files_of(famdir).items()}
    sfile = os.path.join(famdir, "series")
    series = read_series(sfile) if os.path.isfile(sfile) else None
    dfile = os.path.join(famdir, "derive")
    if not os.path.isfile(dfile):
        return own, [os.path.basename(famdir)], series
    parent, renames = read_derive(dfile)
    pdir = os.path.join(os.path.dirname(famdir), parent)
    if not os.path.isdir(pdir):
        raise Broken("%s: derives from %s, which does not exist" % (dfile, pdir))
    base, chain, pseries = effective(pdir, seen + (famdir,))
    out = {rel: (rename_text(text, renames), origin)
           for rel, (text, origin) in base.items()}
    out.update(own)
    return out, [os.path.basename(famdir)] + chain, series or pseries


def write(files, outdir):
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    for rel, v in files.items():
        p = os.path.join(outdir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(v[0])
    # where each file comes from, for the messages that name it: the
    # family, its name there, its role
    with open(os.path.join(outdir, ".origin"), "w", encoding="utf-8") as f:
        for rel in sorted(files):
            v = files[rel]
            f.write("\t".join((rel, v[1]) + tuple(v[2:])) + "\n")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s FAMILY_DIR OUT_DIR\n" % PROG)
        return 5
    try:
        files, chain, series = effective(argv[1])
        if series is not None:
            files = numbered(files, series, os.path.join(argv[1], "series"))
        if not any(r.startswith("0001-") for r in files):
            raise Broken("%s: no 0001 core patch, own or derived" % argv[1])
        write(files, argv[2])
    except (OSError, UnicodeDecodeError, Broken) as e:
        sys.stderr.write("%s: error: tool failure: %s\n" % (PROG, e))
        return 5
    sys.stdout.write(" <- ".join(chain) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
