# SPDX-License-Identifier: GPL-2.0-only
"""Ops held in a local variable of probe (F1V of vfio_alloc_device.cocci):
the values every assignment gives it, and whether they are all the
address of a named ops structure (then vfio_alloc_device() can take the
variable and each of those structures gets the @release)."""

import re

NOTHING = "__lc_nothing_here__"
_VALUES = {}


def saw(pf, fn, value):
    """An assignment of value to the ops variable of fn (pf: its position)."""
    _VALUES.setdefault((pf[0].file, fn), []).append(value)


def usable(pf, fn, opsv):
    """opsv when every value fn gives it is &NAME; else a name that
    matches nothing (the rules that take opsv then do not apply)."""
    vals = _VALUES.get((pf[0].file, fn), [])
    good = vals and all(re.match(r"^&\s*[A-Za-z_]\w*$", v) for v in vals)
    return opsv if good else NOTHING
