#!/usr/bin/env python3
"""The core patches of a base family, where the family derives them.

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

Usage: lccorepatch.py FAMILY_DIR OUT_DIR
  prints the parent chain ("5.19 <- 6.0").  Exit 0; 5 when the data is
  broken (a tool failure: the family table and its directories are ours).
Stdlib only.
"""

import os
import shutil
import sys

PROG = "lccorepatch.py"


class Broken(Exception):
    """The derive data is not what this reader understands."""


def read_derive(path):
    """(parent, [(old, new)]) of a derive file."""
    parent = None
    renames = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
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


def effective(famdir, seen=()):
    """({relative name: (text, family it comes from)}, chain) of FAMDIR."""
    famdir = os.path.normpath(famdir)
    if famdir in seen:
        raise Broken("%s: derives from itself" % famdir)
    fam = os.path.basename(famdir)
    own = {rel: (open(p, encoding="utf-8").read(), fam)
           for rel, p in files_of(famdir).items()}
    dfile = os.path.join(famdir, "derive")
    if not os.path.isfile(dfile):
        return own, [os.path.basename(famdir)]
    parent, renames = read_derive(dfile)
    pdir = os.path.join(os.path.dirname(famdir), parent)
    if not os.path.isdir(pdir):
        raise Broken("%s: derives from %s, which does not exist" % (dfile, pdir))
    base, chain = effective(pdir, seen + (famdir,))
    out = {rel: (rename_text(text, renames), origin)
           for rel, (text, origin) in base.items()}
    out.update(own)
    return out, [os.path.basename(famdir)] + chain


def write(files, outdir):
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    for rel, (text, _) in files.items():
        p = os.path.join(outdir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    # where each file comes from, for the messages that name it
    with open(os.path.join(outdir, ".origin"), "w", encoding="utf-8") as f:
        for rel in sorted(files):
            f.write("%s\t%s\n" % (rel, files[rel][1]))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s FAMILY_DIR OUT_DIR\n" % PROG)
        return 5
    try:
        files, chain = effective(argv[1])
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
