# SPDX-License-Identifier: GPL-2.0-only
"""Text and position helpers shared by the rules' Python.

The rules copy code as source text (comments and all) because spatch
1.1.1 cannot move a slice of a function; everything here works on the
file's lines as read from disk, 1-based line numbers and 0-based columns
as spatch reports them.  One copy of each helper: the rules used to carry
their own, and copies drift.
"""

import re

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


def fn_end(ls, line):
    """Line number of the closing brace (column 0) of the function around
    line; the last line when there is none."""
    for i in range(line - 1, len(ls)):
        if ls[i].startswith("}"):
            return i + 1
    return len(ls)


def fn_bounds(ls, line):
    """(line of the opening brace, line of the closing brace) of the
    function whose body holds line (kernel style: both in column 0)."""
    o = line
    while o > 1 and not ls[o - 1].startswith("{"):
        o -= 1
    return o, fn_end(ls, line)


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
