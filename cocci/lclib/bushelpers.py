# SPDX-License-Identifier: GPL-2.0-only
"""Bus helpers: how a callback finds probe's bus device again.

Code that moves into @init/@release may read probe's parameter, a bus
device (struct pci_dev *pdev...).  The callback has only the vfio_device,
whose ->dev is the struct device probe passed: &pdev->dev.  So the
parameter is container_of(core->dev, <type>, <member>), which a bus
spells to_pci_dev(core->dev).  Where the helper comes from, in order:

1. cocci/bus-helpers.tsv (data a user extends: type, helper, member);
2. a helper the driver's file or one of its local headers
   (#include "x.h") defines as container_of() over the member:
   #define to_x(d) container_of(d, struct x, m), or a function of one
   struct device * parameter that returns that;
3. container_of() itself: the device passed is &param->member and has
   the type struct device *, so the member embeds the struct device.

Only a device passed as &param->member can be found again; any other
(a pointer member, an accessor's result) cannot, and the lift is
refused naming the type.
"""

import os
import re

from lclib.ctext import code_only

TSV = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   "bus-helpers.tsv")

# type -> [(helper, member)] of the table, read once
_TABLE = None

_MACRO = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)\(\s*(\w+)\s*\)[ \t]*\(?\s*"
                    r"container_of\s*\(\s*\(?\s*\2\s*\)?\s*,\s*(struct\s+\w+)\s*,\s*([\w.]+)\s*\)"
                    r"\s*\)?[ \t]*$", re.M)
_FUNC = re.compile(r"\b(\w+)\s*\(\s*(?:const\s+)?struct\s+device\s*\*\s*(\w+)\s*\)\s*"
                   r"\{\s*return\s+container_of\s*\(\s*\2\s*,\s*(struct\s+\w+)\s*,\s*([\w.]+)\s*\)\s*;\s*\}")
_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"( *)"', re.M)


def _type(t):
    return " ".join(t.split())


def read_table(path=TSV):
    """type -> [(helper, member)] from a TSV file (see its header)."""
    table = {}
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3 or not all(c.strip() for c in cols):
                raise ValueError("%s:%d: want type<TAB>helper<TAB>member" % (path, n))
            table.setdefault(_type(cols[0]), []).append((cols[1].strip(), cols[2].strip()))
    return table


def table():
    global _TABLE
    if _TABLE is None:
        _TABLE = read_table()
    return _TABLE


def helper_names():
    """Every helper of the table (they only compute a pointer)."""
    return {h for hs in table().values() for h, _ in hs}


def defined_in(text):
    """type -> [(helper, member)] that text defines (macro or function)."""
    code = code_only(text)
    out = {}
    for rx in (_MACRO, _FUNC):
        for m in rx.finditer(code):
            out.setdefault(_type(m.group(3)), []).append((m.group(1), m.group(4)))
    return out


def local_sources(fname, dirs=()):
    """fname and the local headers it includes (one level, found next to
    fname or in dirs): the files whose helpers the driver can call."""
    out = [fname]
    try:
        with open(fname, "rb") as fh:
            text = fh.read().decode("latin-1")
    except OSError:
        return []
    # the names are string contents, which code_only() blanks: read them
    # from the text at the places code_only() finds the directives
    for m in _INCLUDE.finditer(code_only(text)):
        inc = text[m.start(1) - 1:].split('"', 2)[1]
        for d in (os.path.dirname(fname),) + tuple(dirs):
            p = os.path.join(d, inc)
            if os.path.isfile(p):
                out.append(p)
                break
    return out


def file_helpers(fname, dirs=()):
    """type -> [(helper, member)] defined in fname or its local headers."""
    out = {}
    for p in local_sources(fname, dirs):
        with open(p, "rb") as fh:
            for t, hs in defined_in(fh.read().decode("latin-1")).items():
                out.setdefault(t, []).extend(hs)
    return out


def find_again(bt, member, core, found=None):
    """The expression of type bt * that a callback, which has the
    vfio_device core, computes for the parameter passed as
    &param->member (bt: "struct x"); found: file_helpers() of the driver."""
    for source in (table(), found or {}):
        for helper, mem in source.get(_type(bt), ()):
            if mem == member:
                return "%s(%s->dev)" % (helper, core)
    return "container_of(%s->dev, %s, %s)" % (core, bt, member)
