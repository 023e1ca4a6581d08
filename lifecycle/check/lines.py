# SPDX-License-Identifier: GPL-2.0-only
"""make check's "lines" check: every line of C a patch adds was seen by
the compiler.  The added lines come from the patch (numbered as in the
patched file); the lines the compiler saw come from the preprocessor's
line markers in the .i files (JMake's idea): a line under an unset #ifdef
never reaches the .i.
"""
import re
from dataclasses import dataclass

# a line a compiler cannot be shown to have seen: comments, preprocessor
_NOT_CODE = re.compile(r"^(/\*|\*|//|#)")
_MARKER = re.compile(r'^# [0-9]+ "')


@dataclass(frozen=True)
class AddedLine:
    """A line of C a patch adds: its file, its number there, its text."""
    path: str
    line: int
    text: str


def _num(s):
    """awk's s + 0: the number a string starts with, else 0."""
    m = re.match(r"\s*[+-]?[0-9]+", s)
    return int(m.group(0)) if m else 0


def patch_lines(text):
    """The AddedLines of the patch TEXT: lines of .c and .h files, less the
    blank ones, comments and preprocessor lines."""
    out = []
    path, c, ln = "", False, 0
    for line in text.split("\n"):
        if line.startswith("+++ "):
            f = line.split()
            path = f[1] if len(f) > 1 else ""
            if path.startswith("b/"):
                path = path[2:]
            c = path.endswith(".c") or path.endswith(".h")
            continue
        if line.startswith("--- "):
            continue
        if line.startswith("@@ "):
            f = line.split()
            # @@ -a,b +c,d @@: the new side starts at line c
            ln = _num(f[2].split(",")[0][1:]) if len(f) > 2 else 0
            continue
        if line.startswith("diff --git "):
            c = False
            continue
        if not c:
            continue
        if line.startswith("+"):
            t = line[1:]
            s = t.strip(" \t")
            if s and not _NOT_CODE.match(s):
                out.append(AddedLine(path, ln, t))
            ln += 1
        elif line.startswith(" "):
            ln += 1
    return out


def strip_prefix(path, prefixes):
    """PATH relative to the checkout, named by any of PREFIXES (the
    absolute checkout, or ../src as newer Kbuilds name it); None when it is
    not under any."""
    for p in prefixes:
        if p and path.startswith(p + "/"):
            return path[len(p) + 1:]
    return None


def seen_lines(text, want, prefixes):
    """{(path, line)} of the files in WANT (paths relative to the checkout)
    that the preprocessor passed on, from the .i TEXT and its markers."""
    seen = set()
    f, ln, keep = "", 0, False
    # awk's records: a last newline ends the last line, it starts none
    for line in text[:-1].split("\n") if text.endswith("\n") else text.split("\n"):
        if _MARKER.match(line):
            parts = line.split()
            ln = _num(parts[1])
            f = parts[2].replace('"', "") if len(parts) > 2 else ""
            s = strip_prefix(f, prefixes)
            if s is not None:
                f = s
            keep = f in want
            continue
        if keep:
            seen.add((f, ln))
        ln += 1
    return seen


def never_compiled(added, seen):
    """The AddedLines the compiler never saw."""
    return [a for a in added if (a.path, a.line) not in seen]


def never_line(a):
    """How the report lists a line never compiled."""
    return "    never compiled: %s:%d: %s" % (a.path, a.line, a.text)
