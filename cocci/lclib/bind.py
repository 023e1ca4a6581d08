# SPDX-License-Identifier: GPL-2.0-only
"""What a script:python rule hands back to spatch, in one call.

A script rule returns values by setting attributes of spatch's
``coccinelle`` object to identifiers made with ``cocci.make_ident``, and
drops its match with ``cocci.include_match(False)``.  The rules pass both
objects here, so a rule body is one line and the names it binds come from
the library (tests pass stand-ins for the two objects).
"""

from lclib.text import struct_tag

# an identifier that names nothing in a driver: an anchor for a piece of
# the plan that is not wanted (it then matches nowhere)
NOTHING = "__lc_nothing_here__"


def set_idents(coccinelle, cocci, names):
    """Bind every fresh identifier of the rule: names maps the
    metavariable's name to its text."""
    for name, value in names.items():
        setattr(coccinelle, name, cocci.make_ident(value))


def tag_or_drop(coccinelle, cocci, t, suffix=""):
    """vfio_alloc_device() takes the structure tag: "struct x" (followed
    by the regex suffix) binds the rule's fresh identifier tag to x; any
    other type drops the match."""
    tag = struct_tag(t, suffix)
    if tag:
        set_idents(coccinelle, cocci, {"tag": tag})
    else:
        cocci.include_match(False)


def anchor(cond, name):
    """name when cond holds, else an identifier that names nothing."""
    return name if cond else NOTHING
