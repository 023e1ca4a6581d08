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

from lclib.text import after_comments


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
