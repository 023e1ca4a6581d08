# SPDX-License-Identifier: GPL-2.0-only
"""Parent-owned structures (cocci/vfio_alloc_device.cocci, rule t4).

A structure that a parent owns gets vfio_init_device() and an @release
that only completes what every put waits for.  Whether anything is left
for @init/@release to own decides the level the runner reports
(PARENT-LEVEL): idiomatic when the registration failure undoes nothing
but the device and remove tears nothing down between the unregistration
and the uninit; else minimal, with the reasons.
"""

import re

from lclib.text import after_comments, lines_of, ops_base


def level_reasons(src, fn, label, fld):
    """Why the parent-owned conversion of fn (registration failure jumps
    to label; the vfio_device is member fld) stays minimal; [] when it is
    idiomatic.  src is the whole file."""
    fld_re = r"\(\s*&\s*[^;]*->\s*%s\s*\)\s*;" % re.escape(fld)
    why = []
    lm = re.search(r"^%s:" % re.escape(label), src, re.M)
    if not lm or not after_comments(src[lm.end():]).startswith("vfio_uninit_group_dev"):
        why.append("%s(): the registration failure undoes more than the device" % fn)
    unregs = list(re.finditer(r"vfio_unregister_group_dev" + fld_re, src))
    if not unregs:
        why.append("no vfio_unregister_group_dev() of the %s member" % fld)
    for u in unregs:
        if not re.match(r"vfio_uninit_group_dev" + fld_re, after_comments(src[u.end():])):
            why.append("remove tears down state between vfio_unregister_group_dev() and the uninit")
            break
    return why


def level_line(why):
    """The PARENT-LEVEL line for the reasons of level_reasons()."""
    if why:
        return "PARENT-LEVEL: minimal: " + "; ".join(why)
    return "PARENT-LEVEL: idiomatic"


def names(ops, label, X, fld):
    """The fresh identifiers of rule t4: the new label (after label), the
    @release (named after the ops), the completion member (after the
    vfio_device member fld) and the variable @release names the
    structure with (X when it is one identifier)."""
    return {"lbl": label + "_init",
            "relfn": ops_base(ops) + "_release_dev",
            "cname": fld + "_released",
            "var": X if re.match(r"^[A-Za-z_]\w*$", X) else "st"}


def lines(tag, fld, fn, label, fname):
    """What rule t4 prints for the runner: the PARENT-FIELD line (the
    completion member to add to struct tag, next to fld) and the
    PARENT-LEVEL line of fn in fname."""
    src = "\n".join(lines_of(fname))
    return "PARENT-FIELD: %s %s %s_released\n%s" % (
        tag, fld, fld, level_line(level_reasons(src, fn, label, fld)))
