# SPDX-License-Identifier: GPL-2.0-only
"""A small C statement scanner, and what the rules ask of statement
extents.

Extents are (line, col, line_end, col_end): 1-based lines, 0-based
columns, col_end exclusive, as spatch reports positions.  The mid-layer
stage scans its two functions' text with tops_at() instead of asking
spatch for every statement: "f(...) { ... S@ps ... }" over a 700-line
library takes minutes in spatch 1.1.1.  Comments, strings, character
constants, nesting, if/else chains and do/while are followed; kernel C
needs no more (no preprocessor conditionals inside a function body).
"""

import re

from lclib.text import fn_bounds


def _positions(text, first_line):
    """(line, col) of every character of text, which starts a line."""
    pos = []
    ln, col = first_line, 0
    for ch in text:
        pos.append((ln, col))
        if ch == "\n":
            ln, col = ln + 1, 0
        else:
            col += 1
    return pos


class _Scanner:
    """Statement ends in text (a function body, from its opening brace)."""

    def __init__(self, text):
        self.text = text
        self.n = len(text)

    def skip_ws(self, i):
        """First index at or after i that is not a blank or a comment."""
        text, n = self.text, self.n
        while i < n:
            if text.startswith("/*", i):
                i = text.index("*/", i) + 2
            elif text.startswith("//", i):
                i = text.index("\n", i)
            elif text[i].isspace():
                i += 1
            else:
                break
        return i

    def word_at(self, i):
        m = re.match(r"[A-Za-z_]\w*", self.text[i:])
        return m.group(0) if m else ""

    def quote_end(self, i):
        """Index of the quote that closes the string or character
        constant opened at i."""
        text, q = self.text, self.text[i]
        j = i + 1
        while text[j] != q:
            j += 2 if text[j] == "\\" else 1
        return j

    def opaque_end(self, i):
        """When a string or character constant or a comment starts at i,
        the index of its last character (the newline that ends a //
        comment): brackets inside it do not count.  Else None."""
        text = self.text
        if text[i] in "\"'":
            return self.quote_end(i)
        if text.startswith("/*", i):
            return text.index("*/", i) + 1
        if text.startswith("//", i):
            return text.index("\n", i)
        return None

    def close_of(self, i, op, cl):
        """Index of the cl that matches the op at i."""
        text, n = self.text, self.n
        d = 0
        while i < n:
            c = text[i]
            e = self.opaque_end(i)
            if e is not None:
                i = e
            elif c == op:
                d += 1
            elif c == cl:
                d -= 1
                if d == 0:
                    return i
            i += 1
        return n - 1

    def stmt_end(self, i):
        """Index of the last character of the statement starting at i."""
        text = self.text
        w = self.word_at(i)
        if text[i] == "{":
            return self.close_of(i, "{", "}")
        if w in ("if", "while", "for", "switch"):
            j = self.close_of(text.index("(", i), "(", ")")
            e = self.stmt_end(self.skip_ws(j + 1))
            if w == "if":
                k = self.skip_ws(e + 1)
                if self.word_at(k) == "else":
                    e = self.stmt_end(self.skip_ws(k + 4))
            return e
        if w == "do":
            e = self.stmt_end(self.skip_ws(i + 2))
            k = self.skip_ws(e + 1)
            j = self.close_of(text.index("(", k), "(", ")")
            return text.index(";", j)
        j = i
        pairs = {"(": ")", "{": "}", "[": "]"}
        while text[j] != ";":
            if text[j] in pairs:
                j = self.close_of(j, text[j], pairs[text[j]])
            elif text[j] in "\"'":
                j = self.quote_end(j)
            j += 1
        return j


def _block(sc, i):
    """The statements of the block whose body starts at index i (after
    its opening brace) up to its closing brace: (start, end) indices of
    each statement, and the (start, end) of each label ("out:")."""
    text = sc.text
    stmts, labels = [], []
    i = sc.skip_ws(i)
    while i < sc.n and text[i] != "}":
        m = re.match(r"[A-Za-z_]\w*\s*:(?!:)", text[i:])
        if m and sc.word_at(i) not in ("default", "case"):
            labels.append((i, i + m.end() - 1))
            i = sc.skip_ws(i + m.end())
            continue
        e = sc.stmt_end(i)
        stmts.append((i, e))
        i = sc.skip_ws(e + 1)
    return stmts, labels


def _function_text(ls, line):
    """The body of the function around line (from the line after its
    opening brace), and the positions of its characters."""
    o = fn_bounds(ls, line)[0]
    text = "\n".join(ls[o:])
    return text, _positions(text, o + 1)


def tops_at(ls, line):
    """Top-level statements of the function around line, as extents;
    labels are not statements (the statement after one is)."""
    text, pos = _function_text(ls, line)
    stmts, _ = _block(_Scanner(text), 0)
    return [(pos[i][0], pos[i][1], pos[e][0], pos[e][1] + 1) for i, e in stmts]


def all_stmts(ls, line):
    """Every statement of the function around line, nested ones (inside
    braces) too, and its labels as extents that start in column 0: what
    spatch reports for "f(...) { ... S@ps ... }"."""
    text, pos = _function_text(ls, line)
    sc = _Scanner(text)
    out = []

    def walk(i):
        stmts, labels = _block(sc, i)
        for a, b in labels:
            out.append((pos[a][0], pos[a][1], pos[b][0], pos[b][1] + 1))
        for a, b in stmts:
            out.append((pos[a][0], pos[a][1], pos[b][0], pos[b][1] + 1))
            # the blocks inside the statement (if/else bodies, loops)
            j = a
            while j < b:
                c = text[j]
                e = sc.opaque_end(j)
                if e is not None:
                    j = e
                elif c == "(" or c == "[":
                    j = sc.close_of(j, c, ")" if c == "(" else "]")
                elif c == "{":
                    walk(j + 1)
                    j = sc.close_of(j, "{", "}")
                j += 1
    walk(0)
    return out


# qualifiers, one type (a struct/enum/union tag or a word, maybe more
# words: "unsigned long"), stars, a name, then = ; , or an array size
DECL = re.compile(r"^(?:(?:const|static|volatile|register|unsigned|signed)\s+)*"
                  r"(?:(?:struct|enum|union)\s+\w+|[A-Za-z_]\w*)"
                  r"(?:\s+(?:const|long|int|short|char))*[\s*]+(?:const\s+)?"
                  r"[A-Za-z_]\w*\s*(\[[^]]*\]\s*)*(=|;|,)")


def is_decl(ls, s):
    """Statement s is a declaration: type words, then a name."""
    t = "\n".join(ls[s[0] - 1:s[2]]).strip()
    return DECL.match(t) is not None and not re.match(r"^(return|goto)\b", t)


def tops_of(ls, line):
    """tops_at() without the declarations."""
    return [s for s in tops_at(ls, line) if not is_decl(ls, s)]


def outermost(stmts, lo, hi):
    """The statements inside (lo, hi) that no other one of them contains,
    sorted, without duplicates."""
    inside = [s for s in stmts if (s[0], s[1]) >= lo and (s[2], s[3]) <= hi]
    res = []
    for s in inside:
        if any(o != s and (o[0], o[1]) <= (s[0], s[1]) and
               (o[2], o[3]) >= (s[2], s[3]) for o in inside):
            continue
        res.append(s)
    return sorted(set(res))


def containing(stmts, pos):
    """The first of stmts whose extent holds pos (line, col), or None."""
    for s in stmts:
        if (s[0], s[1]) <= pos <= (s[2], s[3]):
            return s
    return None
