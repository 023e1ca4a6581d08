# SPDX-License-Identifier: GPL-2.0-only
"""The logic of cocci/vfio_lifecycle_check.cocci.

The semantic patch only gathers facts (positions, names, statement text)
and calls the functions below; ``end_of_file()``, called by the rule's
last script once per file, judges what needs the whole file (two
.release initialisers, a registration nobody undoes) and prints the
file's findings in line order, one a line:

    file:line:col-colend: life-cycle <class>: <message>

(the kernel's coccicheck report form; ``org`` mode prints org TODO items).
A position here is a tuple (file, line, column, column_end).  Nothing in
this module knows a driver's name.

The classes (``CLASSES``) are stable words that tests and the converter
match on.
"""

import re
import sys

CLASSES = (
    "kfree",            # kfree()/kvfree() of a vfio_alloc_device() object
    "null-test",        # NULL test instead of IS_ERR()
    "use-after-free",   # @release touches the device after vfio_free_device()
    "free-not-last",    # vfio_free_device() is not the last call of @release
    "core-frees",       # vfio_free_device() on a 6.2+ target
    "double-release",   # two .release initialisers in one vfio_device_ops
    "old-ops",          # ops with .open: .release there means close
    "error-leak",       # error path after the allocation without a put
    "no-unregister",    # registered, never unregistered in the file
    "parent-no-wait",   # parent-owned put with no wait for @release
)

_state = {"target": "6.1", "mode": "report"}
_files = {}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# a pointer declared in a function: "struct x *name" followed by = ; , )
_PTR_DECL = re.compile(r"\*\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|;|,|\))")


class _File(object):
    def __init__(self):
        self.allocs = {}        # struct tag -> first allocation position
        self.findings = {}      # (line, column, class) -> (pos, class, msg)
        self.releases = {}      # ops name -> [(pos, function)]
        self.registers = []     # [(pos, function)]
        self.unregisters = 0


def set_target(target):
    """'6.1' (the driver's @release ends in vfio_free_device()) or '6.2'."""
    _state["target"] = target


def set_mode(mode):
    _state["mode"] = mode


def pos(p):
    """The position tuple of spatch's position list p (its first
    element)."""
    return (p[0].file, int(p[0].line), int(p[0].column), int(p[0].column_end))


def _file(pos):
    return _files.setdefault(pos[0], _File())


def finding(pos, cls, msg):
    """Record one finding of class CLS at POS (kept once per place)."""
    if cls not in CLASSES:
        raise ValueError("unknown finding class %r" % cls)
    _file(pos).findings.setdefault((pos[1], pos[2], cls), (pos, cls, msg))


def alloc(pos, tag):
    _file(pos).allocs.setdefault(tag, pos)


def free_of_object(pos, func, tag):
    """FUNC(x) where x is, holds or contains a struct TAG."""
    st = _file(pos)
    if tag not in st.allocs:
        return
    finding(pos, "kfree",
            "%s() of struct %s, which vfio_alloc_device() allocated (line %d): "
            "the object is refcounted; only the last vfio_put_device() frees it"
            % (func, tag, st.allocs[tag][1]))


def null_test(pos):
    finding(pos, "null-test",
            "vfio_alloc_device() returns an ERR_PTR() on failure, never NULL: "
            "test it with IS_ERR()")


def release_init(pos, ops, func):
    _file(pos).releases.setdefault(ops, [])
    if (pos, func) not in _file(pos).releases[ops]:
        _file(pos).releases[ops].append((pos, func))
    if func == "vfio_free_device" and _state["target"] != "6.1":
        free_call(pos)


def old_ops(pos, ops):
    finding(pos, "old-ops",
            "%s has .open: ops of the generation before open_device "
            "(5.13/5.14), whose .release is the close callback, not the "
            "life cycle's @release" % ops)


def free_call(pos):
    """vfio_free_device() named at all on a 6.2+ target."""
    finding(pos, "core-frees",
            "vfio_free_device() on a 6.2+ target: the core frees the device "
            "after @release returns (double free)")


def _touched_names(fpos, freepos, arg):
    """Names that reach the device in the function at FPOS: the freed
    argument's root and the pointers declared before the free."""
    names = set(_IDENT.findall(arg)[:1])
    try:
        with open(fpos[0]) as fh:
            lines = fh.read().split("\n")[fpos[1] - 1:freepos[1]]
    except (IOError, OSError):
        return names
    names.update(_PTR_DECL.findall("\n".join(lines)))
    return names


def after_free(fpos, freepos, pos, func, arg, stmt):
    """STMT follows vfio_free_device(ARG) in @release FUNC."""
    if _state["target"] != "6.1":
        return
    if re.match(r"^\s*return\s*;\s*$", stmt):
        return
    used = set(_IDENT.findall(stmt)) & _touched_names(fpos, freepos, arg)
    if used:
        finding(pos, "use-after-free",
                "@release %s() uses %s after vfio_free_device() (line %d) "
                "freed the device" % (func, ", ".join(sorted(used)), freepos[1]))
    else:
        finding(freepos, "free-not-last",
                "vfio_free_device() is not the last call of @release %s(): "
                "the device is gone when the rest runs" % func)


def error_return(allocpos, pos):
    finding(pos, "error-leak",
            "error path after vfio_alloc_device() (line %d) returns without "
            "vfio_put_device(): the device and its reference leak" % allocpos[1])


def register(pos, func):
    _file(pos).registers.append((pos, func))


def unregister(pos):
    _file(pos).unregisters += 1


def put_without_wait(pos, tag):
    finding(pos, "parent-no-wait",
            "parent-owned struct %s (vfio_init_device()): no wait for its "
            "@release after this vfio_put_device(), so the parent can free "
            "the structure while a reference is left" % tag)


def _judge(st):
    for ops, inits in st.releases.items():
        if len(inits) > 1:
            inits = sorted(inits, key=lambda i: (i[0][1], i[0][2]))
            first = inits[0]
            for pos, func in inits[1:]:
                finding(pos, "double-release",
                        "second .release of %s (.release = %s, line %d, is "
                        "lost: only the last initialiser counts)"
                        % (ops, first[1], first[0][1]))
    if st.unregisters == 0:
        for pos, func in st.registers:
            finding(pos, "no-unregister",
                    "%s() and no vfio_unregister_group_dev() anywhere in the "
                    "file: the device stays registered" % func)


def format_finding(pos, cls, msg, mode="report"):
    text = "life-cycle %s: %s" % (cls, msg)
    if mode == "org":
        return "* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s]]" % (
            pos[0], pos[1], pos[2], pos[3], text)
    return "%s:%d:%d-%d: %s" % (pos[0], pos[1], pos[2], pos[3], text)


def end_of_file(out=None):
    """Judge and print every file seen since the last call; forget them."""
    out = out or sys.stdout
    for name in sorted(_files):
        st = _files[name]
        _judge(st)
        for key in sorted(st.findings):
            pos, cls, msg = st.findings[key]
            out.write(format_finding(pos, cls, msg, _state["mode"]) + "\n")
    out.flush()
    _files.clear()


_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def pre_uninit(text):
    """True when TEXT (C source, old form) initialises with
    vfio_init_group_dev() and never calls vfio_uninit_group_dev()
    (comments do not count): the API generation before the uninit call
    (Linux 5.13/5.14)."""
    code = _COMMENT.sub(" ", text)
    return (re.search(r"\bvfio_init_group_dev\s*\(", code) is not None and
            re.search(r"\bvfio_uninit_group_dev\s*\(", code) is None)


def main(argv):
    """python3 -m lclib.checker --pre-uninit FILE: exit 0 when FILE is of
    the pre-uninit generation, 1 when not, 2 on bad use."""
    if len(argv) != 2 or argv[0] != "--pre-uninit":
        sys.stderr.write("usage: python3 -m lclib.checker --pre-uninit FILE\n")
        return 2
    with open(argv[1]) as fh:
        return 0 if pre_uninit(fh.read()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
