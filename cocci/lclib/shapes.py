# SPDX-License-Identifier: GPL-2.0-only
"""Shapes the minimal rule (cocci/vfio_alloc_device.cocci) does not
convert, named for its report mode ("why:" lines the runner quotes when
it keeps a file): the allocation in a helper of the file, devm-managed
state, a bare struct vfio_device, the old call in a wrapper.

Every function takes the whole source text; lines are 1-based.  They
only describe what they find: the SmPL decides where a shape is.
"""

import re

from lclib.text import def_body, definitions


def blank_comments(code):
    """code without its comments, each replaced by its newlines (the
    line numbers stay)."""
    code = re.sub(r"/\*.*?\*/", lambda m: " " + "\n" * m.group(0).count("\n"), code, flags=re.S)
    return re.sub(r"//[^\n]*", " ", code)

ALLOC = r"(?:kzalloc|kvzalloc|vzalloc|kmalloc|kvmalloc|kcalloc|kvcalloc)"
FREE = r"(?:kfree|kvfree|vfree)"
OLD = r"(?:vfio_init_group_dev|vfio_uninit_group_dev|vfio_pci_core_init_device|vfio_pci_core_uninit_device)"


def functions(src):
    """[(name, line of the opening brace, line of the closing brace, body
    text after the opening brace, comments blanked)] of the function
    definitions in src (lclib.text.definitions)."""
    ls = src.split("\n")
    return [(d.name, d.open[0], d.close[0], blank_comments(def_body(ls, d)))
            for d in definitions(ls) if d.kind == "function"]


def function(src, name):
    """(first line, last line, body) of the definition of name, or None."""
    for f in functions(src):
        if f[0] == name:
            return f[1:]
    return None


def helper_alloc(src, name):
    """When name is a function of src that allocates the state it returns:
    (line of its allocation, [why the rule leaves it]); else None."""
    f = function(src, name)
    if not f:
        return None
    first, _, body = f
    m = re.search(r"(?:\b([A-Za-z_]\w*)\s*=\s*|\breturn\s+)" + ALLOC + r"\s*\(", body)
    if not m:
        return None
    line = first + body.count("\n", 0, m.start())
    var = m.group(1)
    why = []
    if re.search(r"\bERR_PTR\s*\(", body):
        why.append("it returns ERR_PTR()")
    if var and re.search(FREE + r"\s*\(\s*%s\s*\)" % re.escape(var), body):
        why.append("it frees %s on its own failure path" % var)
    if var:
        sets = sorted(set(re.findall(r"\b%s\s*->\s*(\w+)(?:\s*(?:\.\s*\w+|->\s*\w+|\[[^]]*\]))*\s*=[^=]" % re.escape(var), body)))
        if sets:
            why.append("it also sets up %s" % ", ".join("%s->%s" % (var, s) for s in sets))
    if not why:
        why.append("it is not the one-statement allocation (return kzalloc(size);) the rule moves into its caller")
    return line, why


def helper_line(src, name, init_line):
    """The why text for a state allocated in helper name and initialised
    at init_line, or None when name allocates nothing."""
    h = helper_alloc(src, name)
    if not h:
        return None
    return ("allocation in helper %s() (line %d): %s; vfio_alloc_device() needs the ops and "
            "the parent device of the init call (line %d), so the allocation has to move "
            "to the caller by hand" % (name, h[0], "; ".join(h[1]), init_line))


def callers_of(src, name):
    """[(caller, line)] of the calls of name in src, outside its own
    definition."""
    code = blank_comments(src)
    fns = functions(src)
    out = []
    for m in re.finditer(r"\b%s\s*\(" % re.escape(name), code):
        line = code.count("\n", 0, m.start()) + 1
        owner = [f for f in fns if f[1] <= line <= f[2]]
        if owner and owner[0][0] != name:
            out.append((owner[0][0], line))
    return out


def is_wrapper(src, name):
    """name only wraps an old call: its body, comments aside, is old
    calls, returned or not."""
    f = function(src, name)
    if not f:
        return False
    stmts = [s.strip() for s in f[2].split(";") if s.strip()]
    if not stmts:
        return False
    return all(re.match(r"(?:return\s+)?%s\s*\(" % OLD, s) or s == "return" for s in stmts) and \
        any(re.match(r"(?:return\s+)?%s\s*\(" % OLD, s) for s in stmts)


def wrapper_line(src, fname, name, line):
    """The why text for an old call at fname:line in wrapper name, or None
    when name does more than wrap it."""
    if not is_wrapper(src, name):
        return None
    cs = callers_of(src, name)
    who = ", ".join("%s() (line %d)" % c for c in cs) if cs else "none in this file"
    return "old call in wrapper %s() (%s:%d); its callers: %s; the allocation and the init call must meet in one function (inline the wrapper)" % (name, fname, line, who)


def devm_line(line, core_frees):
    """The why text for devm-managed state allocated at line."""
    if core_frees:
        return ("devm-managed state (line %d): devres frees the structure when the device unbinds, "
                "and the 6.2+ core frees every vfio_device in its last put: the structure has to come "
                "from vfio_alloc_device(), the devm allocation must go and the put replace the uninit "
                "(the rules do not do it)" % line)
    return ("devm-managed state (line %d): devres frees the structure when the device unbinds, so no "
            "put may free it: it is converted as a parent-owned structure only when init, registration "
            "and uninit are in the parent-owned shape" % line)


def bare_line(line, var):
    """The why text for a bare struct vfio_device allocated at line that
    the rule left (it converts one allocated with sizeof(*var) whose
    parent device and ops are known there, freed after the uninit)."""
    return ("bare struct vfio_device allocated by the driver (line %d): %s has no container "
            "structure, and the rule converts it to _vfio_alloc_device(sizeof(*%s), dev, &ops) "
            "only when it is allocated with its own size, the parent device and the ops of the "
            "init call are known there and the free follows the uninit" % (line, var, var))
