# SPDX-License-Identifier: GPL-2.0-only
"""Text and position helpers shared by the rules' Python.

The rules copy code as source text (comments and all) because spatch
1.1.1 cannot move a slice of a function; everything here works on the
file's lines as read from disk, 1-based line numbers and 0-based columns
as spatch reports them.  One copy of each helper: the rules used to carry
their own, and copies drift.
"""

import bisect
import re
from collections import namedtuple

from lclib.ctext import code_only

# file name -> its lines; a file does not change during one spatch run
_TEXT = {}

# a label on a line of its own ("out_free:")
LABEL = re.compile(r"^([A-Za-z_]\w*):\s*$")

# C words that are never the name of a local or a parameter
KEYWORDS = set("""if else for while do switch case default break continue
return goto sizeof struct union enum const volatile static unsigned signed
int char long short void u8 u16 u32 u64 s8 s16 s32 s64 bool true false NULL
GFP_KERNEL typeof""".split())

# an identifier that is not a member (".x", "->x")
_IDENT = re.compile(r"(?<![\w.>])([A-Za-z_]\w*)")


def lines_of(fname):
    """The lines of fname (cached: spatch asks for the same file often)."""
    if fname not in _TEXT:
        with open(fname) as fh:
            _TEXT[fname] = fh.read().split("\n")
    return _TEXT[fname]


def forget(fname=None):
    """Drop the cache (tests write files under the same name)."""
    if fname is None:
        _TEXT.clear()
    else:
        _TEXT.pop(fname, None)


def ext(p):
    """A spatch position as (line, col, line_end, col_end)."""
    return (int(p.line), int(p.column), int(p.line_end), int(p.column_end))


def at(p):
    """Where a spatch position starts, (line, col)."""
    return (int(p.line), int(p.column))


def text_of(fname, a, b):
    """Source text from (line, col) a to (line, col) b, exclusive."""
    return text_between(lines_of(fname), a, b)


def text_between(ls, a, b):
    """text_of() over lines already read."""
    (l1, c1), (l2, c2) = a, b
    if l1 == l2:
        return ls[l1 - 1][c1:c2]
    out = [ls[l1 - 1][c1:]] + ls[l1:l2 - 1] + [ls[l2 - 1][:c2]]
    return "\n".join(out)


def name_re(name):
    """A regex for name used as a variable (not as a member, not as part
    of a longer word)."""
    return r"(?<![\w.>])%s\b" % re.escape(name)


def strip_comments(code):
    """code without its comments (each becomes a blank).  Strings are
    left alone: kernel code does not put comment markers in them where
    this matters."""
    code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
    return re.sub(r"//[^\n]*", " ", code)


def norm(code):
    """code without comments and blanks: two spellings of one statement
    compare equal."""
    return re.sub(r"\s+", "", strip_comments(code))


def idents(code):
    """The identifiers code uses as variables (or calls), in order, with
    keywords, members and the contents of strings and comments left out."""
    code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
    code = strip_comments(code)
    return [m.group(1) for m in _IDENT.finditer(code)
            if m.group(1) not in KEYWORDS]


def used_in(name, code):
    """code names the variable name (outside comments)."""
    return re.search(name_re(name), strip_comments(code)) is not None


def writes_first(name, code):
    """The first use of name in code assigns it (or there is none)."""
    code = strip_comments(code)
    m = re.search(name_re(name), code)
    if not m:
        return True
    return re.match(r"\s*=[^=]", code[m.end():]) is not None


def writes(name, code):
    """code assigns name, steps it, or takes its address."""
    n = re.escape(name)
    return re.search(r"(?<![\w.>])%s\s*(=[^=]|\+\+|--|[-+*/|&]=)|&\s*%s\b|(\+\+|--)\s*%s\b"
                     % (n, n, n), strip_comments(code)) is not None


def base_type(t):
    """The type a pointer type points to ("struct x *" -> "struct x")."""
    return re.sub(r"\s*\*\s*$", "", t.strip())


# A top-level definition with a body: a function, or a structure
# initialiser ("struct TAG NAME = {...};").  kind is "function" or the
# structure's tag; head is the line its declaration starts on (storage
# class, return type: the line before the name when the type stands
# alone), line the line that names it, open and close the (line, col) of
# its braces; decl its declaration up to the opening brace and params the
# text between the parentheses of a function, both with comments and the
# contents of strings blanked.  Lines 1-based, columns 0-based.
Definition = namedtuple("Definition", "kind name head line open close decl params")

# the last text -> its definitions: the rules ask of one file many times
_DEFS = {}

_TOKEN = re.compile(r"[{};#]")
_INITIALISER = re.compile(r"\bstruct\s+(\w+)\s+([A-Za-z_]\w*)\s*(?:\[[^]]*\]\s*)?=\s*$")


def _directive_end(code, i):
    """The offset of the newline that ends the directive whose "#" is at
    i (backslash-newlines continue it)."""
    while True:
        e = code.find("\n", i)
        if e < 0:
            return len(code)
        if code[e - 1:e] != "\\":
            return e
        i = e + 1


def _classify(code, a, b):
    """(kind, name, name offset, params) of the head code[a:b] before a
    top-level brace, or None when it opens no definition (a structure or
    enum type, an array initialiser).  A function's name is the word
    before the first parenthesis of its head (kernel style: the
    attributes follow the parameters); an "=" before it makes the head an
    initialiser's."""
    head = code[a:b]
    m = _INITIALISER.search(head)
    if m:
        return m.group(1), m.group(2), a + m.start(2), None
    p = head.find("(")
    if p < 0 or "=" in head:
        return None
    w = re.search(r"([A-Za-z_]\w*)\s*$", head[:p])
    if not w:
        return None
    depth, q = 0, p
    for q in range(p, len(head)):
        depth += (head[q] == "(") - (head[q] == ")")
        if depth == 0:
            break
    if depth:
        return None
    return "function", w.group(1), a + w.start(1), head[p + 1:q]


def _line_col(starts, off):
    """(line, col) of offset off of a text whose lines start at starts."""
    ln = bisect.bisect_right(starts, off)
    return ln, off - starts[ln - 1]


def _definition(code, starts, cur, close):
    """The Definition of a head cur (_classify's answer, where it starts,
    its brace) closed at offset close (None: at the end)."""
    (kind, name, at, params), h, o = cur
    end = _line_col(starts, close if close is not None else len(code))
    return Definition(kind, name, _line_col(starts, h)[0], _line_col(starts, at)[0],
                      _line_col(starts, o), end, code[h:o].strip(), params)


def definitions(ls):
    """Every top-level definition of the lines ls (Definition), in order.
    Comments, strings and preprocessor directives are passed over, so a
    brace there counts for nothing; braces nest.  A body left open at the
    end of ls closes on its last line."""
    src = "\n".join(ls)
    if src in _DEFS:
        return _DEFS[src]
    code = code_only(src)
    starts = [0] + [m.end() for m in re.finditer("\n", code)]
    out, depth, head, cur, skip = [], 0, 0, None, 0
    for m in _TOKEN.finditer(code):
        i, c = m.start(), m.group(0)
        if i < skip:
            continue
        if c == "#":
            if not code[code.rfind("\n", 0, i) + 1:i].strip():
                skip = _directive_end(code, i)
                head = skip + 1 if depth == 0 else head
        elif c == "{":
            if depth == 0:
                k = _classify(code, head, i)
                h = i - len(code[head:i].lstrip())
                cur = (k, h, i) if k else None
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                if cur:
                    out.append(_definition(code, starts, cur, i))
                cur, head = None, i + 1
        elif c == ";" and depth == 0:
            head = i + 1
    if depth and cur:
        out.append(_definition(code, starts, cur, None))
    if len(_DEFS) > 16:
        _DEFS.clear()
    _DEFS[src] = out
    return out


def function_def(ls, name, line=None):
    """The definition of function name in ls (the first, or the one that
    names it on line: spatch's position of it), or None.  Prototypes and
    calls are no definitions."""
    for d in definitions(ls):
        if d.kind == "function" and d.name == name and line in (None, d.line):
            return d
    return None


def function_at(ls, line):
    """The definition of the function whose text (declaration and body)
    holds line, or None."""
    for d in definitions(ls):
        if d.kind == "function" and d.head <= line <= d.close[0]:
            return d
    return None


def function_name_at(ls, line):
    """The name of the function whose body, from its opening brace to its
    closing one, holds line, or None (a line of its declaration is not
    in it: spatch's parse errors are placed by the body they stop)."""
    d = function_at(ls, line)
    return d.name if d and d.open[0] <= line else None


def ops_initialiser(ls, name, tag="vfio_device_ops", const=False):
    """The definition of the structure name of type struct tag ("struct
    tag name = {...};"), or None; with const, only a constant one."""
    for d in definitions(ls):
        if d.kind == tag and d.name == name and (not const or re.search(r"\bconst\b", d.decl)):
            return d
    return None


def def_body(ls, d):
    """The text between the braces of definition d, as in ls."""
    return text_between(ls, (d.open[0], d.open[1] + 1), d.close)


def fn_end(ls, line):
    """Line number of the closing brace of the function around line; the
    last line when there is none."""
    d = function_at(ls, line)
    return d.close[0] if d else len(ls)


def fn_bounds(ls, line):
    """(line of the opening brace, line of the closing brace) of the
    function around line; (1, the last line) when there is none."""
    d = function_at(ls, line)
    return (d.open[0], d.close[0]) if d else (1, len(ls))


def trim(lines):
    """lines without the blank lines at either end."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def after_comments(text):
    """text from its first statement on (blanks and comments skipped)."""
    while True:
        m = re.match(r"\s*(/\*.*?\*/|//[^\n]*)", text, re.S)
        if not m:
            return text.lstrip()
        text = text[m.end():]


def struct_tag(t, suffix=""):
    """The tag of a structure type ("struct x" followed by the regex
    suffix gives x), or None for any other type.  vfio_alloc_device()
    takes the tag, not the type."""
    m = re.match(r"^struct\s+(\w+)" + suffix + "$", t.strip())
    return m.group(1) if m else None


def ops_base(ops):
    """The stem the new callbacks are named after: the ops' name without
    "_ops" and then "_dev" (lcd_dev_ops -> lcd, giving lcd_release_dev)."""
    return re.sub(r"_dev$", "", re.sub(r"_ops$", "", ops))
