# SPDX-License-Identifier: GPL-2.0-only
"""Small text questions the converter asks of C files and logs.

Pure functions on strings (tested in lifecycle/tests/test_converter.py),
plus thin readers.  Files are read as Latin-1 where only ASCII patterns
are sought, so a byte that is not UTF-8 never stops a question.
"""
import os
import re
import subprocess

from lifecycle import common

import lclib.ctext as ctext  # noqa: E402 (cocci/ is on sys.path)
from lclib.text import function_name_at  # noqa: E402


def read(path):
    """PATH's text, every byte kept (Latin-1)."""
    with open(path, "rb") as f:
        return f.read().decode("latin-1")


def write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode("latin-1"))


def lines(text):
    """TEXT's lines as grep sees them (no empty last line)."""
    ls = text.split("\n")
    if ls and ls[-1] == "":
        ls.pop()
    return ls


def count_lines(text, rx):
    """grep -c: the lines of TEXT where RX matches."""
    r = re.compile(rx)
    return sum(1 for l in lines(text) if r.search(l))


def first_line_no(text, rx):
    """The number of TEXT's first line where RX matches, or None."""
    r = re.compile(rx)
    for n, l in enumerate(lines(text), 1):
        if r.search(l):
            return n
    return None


def word_rx(word):
    """grep -w for WORD."""
    return r"(?<![A-Za-z0-9_])%s(?![A-Za-z0-9_])" % re.escape(word)


def same(a, b):
    """cmp -s: the two files hold the same bytes."""
    try:
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def calls(path, names):
    """ctext calls: (rc, found, message): rc 0 found, 1 none, 3 the file
    cannot be read as C (message says why); found as (name, line, key,
    description)."""
    try:
        found = ctext.calls(ctext.read(path), names)
    except ValueError as e:
        return 3, [], "cannot tell which code the preprocessor keeps: %s" % e
    except OSError as e:
        common.tool_failed("lclib.ctext calls failed on %s: %s" % (path, e))
    return (0 if found else 1), found, ""


def calls_list(found):
    """The lines of a calls answer, as the verdicts list them."""
    return ["  %s() line %s%s" % (n, l, "" if d == "-" else ": under " + d)
            for n, l, _k, d in found]


def parse_errors(src, parselog, old):
    """The functions holding old calls (OLD, calls answer) that spatch
    --parse-c could not parse (PARSELOG's text), "name() (parse error at
    line N, near 'tok')", one an item, each function once."""
    ls = ctext.read(src).split("\n")
    old_fns = [function_name_at(ls, l) for _n, l, _k, _d in old]
    old_fns = {f for f in old_fns if f}
    log = lines(parselog)
    out, seen = [], set()
    for m in re.finditer(r'^ = File ".*", line ([0-9]*), column .*$', parselog, re.M):
        if not m.group(1):
            continue
        line = int(m.group(1))
        fn = function_name_at(ls, line)
        if fn is None or fn not in old_fns:
            continue
        near = ""
        for i, l in enumerate(log):
            if re.search("line %d," % line, l):
                if i + 1 < len(log):
                    n = re.match(r"^ *around = '(.*)',$", log[i + 1])
                    near = n.group(1) if n else ""
                break
        if fn in seen:
            continue
        seen.add(fn)
        out.append("%s() (parse error at line %d%s)"
                   % (fn, line, ", near '%s'" % near if near else ""))
    return out


def tab_width(s):
    """The columns S takes, tabs to the next multiple of 8."""
    w = 0
    for c in s:
        w = w - w % 8 + 8 if c == "\t" else w + 1
    return w


def indent(w):
    return "\t" * (w // 8) + " " * (w % 8)


def realign(text, fns):
    """The parameter lines of the definitions of FNS lined up under the
    opening parenthesis again ("static " went from the first line)."""
    out, cont, col = [], False, 0
    head = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\(")
    for l in lines(text):
        if cont and re.match(r"[ \t]", l):
            l = indent(col) + l.lstrip(" \t")
            if ")" in l:
                cont = False
            out.append(l)
            continue
        cont = False
        if re.match(r"[A-Za-z_]", l) and not re.search(r";[ \t]*$", l) and ")" not in l:
            m = head.search(l)
            if m and m.group(0)[:-1] in fns:
                col = tab_width(l[:m.end()])
                cont = True
        out.append(l)
    return "".join(l + "\n" for l in out)


def header_after(text, fn, insert):
    """TEXT with INSERT after the end (the first ';') of the prototype of
    FN, or None when there is no such prototype."""
    ls = lines(text)
    r = re.compile(r"(?<![A-Za-z0-9_])%s[ \t\n\r\f\v]*\(" % re.escape(fn))
    start = next((i for i, l in enumerate(ls) if r.search(l)), None)
    if start is None:
        return None
    end = next((i for i in range(start, len(ls)) if ";" in ls[i]), None)
    if end is None:
        return None
    return "".join(l + "\n" for l in ls[:end + 1]) + insert + \
        "".join(l + "\n" for l in ls[end + 1:])


KDOC = common.TOP / "scripts" / "kdoc-member.awk"


def kdoc_member(src, dst, tag, after, member, doc):
    """scripts/kdoc-member.awk on SRC into DST: MEMBER documented in the
    kernel-doc of struct TAG, after the line of AFTER."""
    tmp = dst + ".kdoc" if src == dst else dst
    with open(tmp, "wb") as f:
        p = subprocess.run(["awk", "-v", "tag=" + tag, "-v", "after=" + after,
                            "-v", "member=" + member, "-v", "text=" + doc,
                            "-f", str(KDOC), src], stdout=f)
    if p.returncode != 0:
        common.tool_failed("scripts/kdoc-member.awk failed on %s" % src)
    if tmp != dst:
        os.replace(tmp, dst)
