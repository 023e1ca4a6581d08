# SPDX-License-Identifier: GPL-2.0-only
"""The pre-uninit pre-stage (cocci/vfio_pre_uninit.cocci): a file that
calls vfio_init_group_dev() and never vfio_uninit_group_dev() (the API
generation before 5.15, or a driver that forgot the uninit).

The SmPL puts vfio_uninit_group_dev(&st->fld) right before each free of
the state after the init (its function's failure paths) or after an
unregister, and renames the ops' .open/.release (the open/close of the
device file before 5.15) to .open_device/.close_device.  check_copy() says
whether the copy is that, and nothing less: every free of the state
(a variable of the state's type, an alias of one, a container_of() of
it) has its uninit right before it, or comes before the init in the
init's function; no free is also reached from before the init; every
ops of the init calls is defined here and holds no callback under both
names.  The reasons name the lines of the input.
"""

import re
import sys

from lclib import linemap, shapes
from lclib.text import def_body, definitions, ops_initialiser

SHAPE = ("no vfio_uninit_group_dev() anywhere (API generation before 5.15, "
         "or a missing uninit)")
_INIT = re.compile(r"\bvfio_init_group_dev\s*\(")
_INIT_ARGS = re.compile(r"\bvfio_init_group_dev\s*\(\s*&\s*(\w+)\s*->\s*(\w+)\s*,[^;]*?,\s*&\s*(\w+)\s*\)\s*;")
_UNREG = r"\bvfio_unregister_group_dev\s*\(\s*&\s*%s\s*->\s*%s\s*\)"


def applies(src, orig=None):
    """The stage runs: src calls vfio_init_group_dev() and src (or orig,
    the user's file src was rewritten from) never calls the uninit."""
    code = shapes.blank_comments(src)
    if not _INIT.search(code):
        return False
    texts = [code] + ([shapes.blank_comments(orig)] if orig is not None else [])
    return any(not re.search(r"\bvfio_uninit_group_dev\s*\(", t) for t in texts)


def _line(first, body, pos):
    return first + body.count("\n", 0, pos)


def _ops_body(src, ops):
    """(first line, text between the braces, comments blanked) of the ops
    ops defined in src, or (None, None)."""
    ls = src.split("\n")
    d = ops_initialiser(ls, ops)
    return (d.head, shapes.blank_comments(def_body(ls, d))) if d else (None, None)


def _decl_of(body, params, var):
    """The struct tag of var (a parameter or local of a function), or None."""
    m = re.search(r"\bstruct\s+(\w+)\s*\*\s*%s\b" % re.escape(var), params + "\n" + body)
    return m.group(1) if m else None


def _state_vars(params, body, tag):
    """The names a function holds the state in: its parameters and locals
    of type struct tag *, and the names assigned one of them (aliases)."""
    names = set(re.findall(r"\bstruct\s+%s\s*\*\s*(\w+)" % re.escape(tag), params + "\n" + body))
    aliases = {}
    changed = True
    while changed:
        changed = False
        for m in re.finditer(r"(?<![>.\w])(\w+)\s*=\s*(?:\([^()]*\)\s*)?(\w+)\s*[;,)]", body):
            a, b = m.group(1), m.group(2)
            if b in names and a not in names:
                names.add(a)
                aliases[a] = (b, m.start())
                changed = True
    return names, aliases


def _reached_before_init(first, body, own, line):
    """(label, line of the goto) when a goto before an init call of own
    (the init calls of the function) jumps to a label between that init
    and line (a free), else None."""
    for i in own:
        for g in re.finditer(r"\bgoto\s+(\w+)\s*;", body):
            gl = _line(first, body, g.start())
            lab = re.search(r"^\s*%s\s*:" % re.escape(g.group(1)), body, re.M)
            if gl < i[1] and lab and i[1] < _line(first, body, lab.start()) <= line:
                return g.group(1), gl
    return None


def _functions(src):
    """[(name, params, first line, last line, body)] of src's functions."""
    params = [d.params for d in definitions(src.split("\n")) if d.kind == "function"]
    return [(f[0], p) + f[1:] for f, p in zip(shapes.functions(src), params)]


def check_copy(orig, copy):
    """(reasons, notes): why the copy (the SmPL's rewrite of orig) is not
    the ordinary old form of orig, one a line naming orig's line, and
    what the rewrite did, for the verdict."""
    lmap = linemap.LineMap(orig, copy)

    def user_line(line):
        return lmap.get(line)[0]

    why = []
    fns = _functions(copy)
    inits = []
    for name, params, first, _, body in fns:
        for m in _INIT.finditer(body):
            line = _line(first, body, m.start())
            a = _INIT_ARGS.match(body, m.start())
            if not a:
                why.append("the init call (line %d) is not vfio_init_group_dev(&st->member, dev, &ops): "
                           "the rewrite does not know the state" % user_line(line))
                continue
            tag = _decl_of(body, params, a.group(1))
            if not tag:
                why.append("the state %s of the init call (line %d) is not a struct pointer of %s()"
                           % (a.group(1), user_line(line), name))
                continue
            inits.append((name, line, a.group(1), a.group(2), a.group(3), tag))
    if why or not inits:
        return why or ["no init call the rewrite understands"], []
    tags = {i[5] for i in inits}
    flds = {i[3] for i in inits}
    if len(tags) != 1 or len(flds) != 1:
        return ["the init calls initialise more than one kind of state (%s)"
                % ", ".join("struct %s member %s, line %d" % (i[5], i[3], user_line(i[1])) for i in inits)], []
    tag, fld = tags.pop(), flds.pop()
    free_re = re.compile(shapes.FREE + r"\s*\(\s*(?:(\w+)|(container_of\s*\([^;]*?\bstruct\s+%s\b[^;]*\)))\s*\)\s*;"
                         % re.escape(tag))
    for name, params, first, _, body in fns:
        names, aliases = _state_vars(params, body, tag)
        own = [i for i in inits if i[0] == name]
        unreg = [m for v in names for m in re.finditer(_UNREG % (re.escape(v), re.escape(fld)), body)]
        for m in free_re.finditer(body):
            var = m.group(1)
            line = _line(first, body, m.start())
            if var is None:
                why.append("%s() frees the state through container_of() (line %d): the rewrite "
                           "only places the uninit before a free of a variable" % (name, user_line(line)))
                continue
            if var not in names:
                continue
            if var in aliases:
                why.append("%s() frees the state through an alias: %s = %s (line %d), freed line %d"
                           % (name, var, aliases[var][0], user_line(_line(first, body, aliases[var][1])), user_line(line)))
                continue
            # a free reached from before the init would uninit a device
            # never initialised
            reached = _reached_before_init(first, body, own, line)
            if reached:
                why.append("the free of %s (line %d) in %s() is also reached from before the init "
                           "(goto %s, line %d): no uninit can go before it"
                           % (var, user_line(line), name, reached[0], user_line(reached[1])))
                continue
            before = body[:m.start()].rstrip()
            if re.search(r"\bvfio_uninit_group_dev\s*\(\s*&\s*%s\s*->\s*%s\s*\)\s*;$"
                         % (re.escape(var), re.escape(fld)), before):
                continue
            if own and all(line < i[1] for i in own):
                continue
            if own or unreg:
                why.append("%s() frees %s (line %d) neither on a failure path after the init nor "
                           "after vfio_unregister_group_dev(): no place for the uninit"
                           % (name, var, user_line(line)))
            else:
                why.append("%s() frees the state %s (line %d) but neither initialises nor "
                           "unregisters it: the rewrite cannot tell the free is the last use"
                           % (name, var, user_line(line)))
    notes = []
    renamed = []
    for ops in sorted({i[4] for i in inits}):
        ol, obody = _ops_body(orig, ops)
        iline = user_line(min(i[1] for i in inits if i[4] == ops))
        if obody is None:
            why.append("the ops %s of the init call (line %d) are not defined in this file: their "
                       ".open/.release cannot be checked or renamed" % (ops, iline))
            continue
        for old, new in ((".open", ".open_device"), (".release", ".close_device")):
            has_old = re.search(r"%s\s*=" % re.escape(old), obody)
            has_new = re.search(r"%s\s*=" % re.escape(new), obody)
            if has_old and has_new:
                why.append("the ops %s (line %d) have both %s and %s: which one is the close of "
                           "the device file is not known" % (ops, ol, old, new))
            elif has_old:
                renamed.append(ops)
        _, nbody = _ops_body(copy, ops)
        if nbody is not None and re.search(r"\.(?:open|release)\s*=", nbody):
            why.append("the ops %s (line %d) still have .open or .release after the rewrite" % (ops, ol))
    notes.append("no vfio_uninit_group_dev() in the input: the frees after the unregister "
                 "and on the failure paths become the put")
    if renamed:
        notes.append("%s: .open/.release (5.13/5.14 open/close) renamed .open_device/.close_device"
                     % ", ".join(sorted(set(renamed))))
    return why, notes


def main(argv):
    """python3 -m lclib.preuninit applies SRC [ORIG]: exit 0 when the
    stage runs on SRC.  python3 -m lclib.preuninit check ORIG COPY: the
    reasons, one a line (exit 1), or the notes for the verdict (exit 0)."""
    if len(argv) in (3, 4) and argv[1] == "applies":
        with open(argv[2]) as fh:
            src = fh.read()
        orig = None
        if len(argv) == 4:
            with open(argv[3]) as fh:
                orig = fh.read()
        return 0 if applies(src, orig) else 1
    if len(argv) == 4 and argv[1] == "check":
        with open(argv[2]) as oh, open(argv[3]) as ch:
            why, notes = check_copy(oh.read(), ch.read())
        for w in why or notes:
            print(w)
        return 1 if why else 0
    print("usage: python3 -m lclib.preuninit applies SRC [ORIG] | check ORIG COPY", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
