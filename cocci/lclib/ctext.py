# SPDX-License-Identifier: GPL-2.0-only
"""C text as code: comments and string/character literals blanked.

code_only(text) returns TEXT with every comment (/* */ and //, a //
comment continued by a trailing backslash included) and the contents of
every string and character literal replaced by spaces; newlines are kept,
so line and column numbers stay those of TEXT.  A word found in the result
is a word of the code: ``/* TODO: vfio_alloc_device() */`` or
``"vfio_init_group_dev"`` no longer mention anything.

Run as ``python3 -m lclib.ctext --refs REGEX FILE...``, it prints
FILE:LINE:TEXT for each line whose code (not comments or strings) holds a
whole word matching REGEX (an alternation of names), and exits 0 when it
found one, 1 when none, 2 on an error (a file it cannot read).  A single
FILE "-" reads the names from stdin, NUL-separated (git grep -z -l).
"""

import re
import sys


def code_only(text):
    """TEXT with comments and literal contents blanked (same length)."""
    out = []
    i = 0
    n = len(text)

    def blank(s):
        return "".join(c if c == "\n" else " " for c in s)

    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text[i:j]))
            i = j
        elif c == "/" and i + 1 < n and text[i + 1] == "/":
            j = i
            while j < n and text[j] != "\n":
                # a backslash before the newline continues the comment
                if text[j] == "\\" and j + 1 < n and text[j + 1] == "\n":
                    j += 2
                    continue
                j += 1
            out.append(blank(text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" and j + 1 < n else 1
            # the quotes stay: "" is still an expression, not a name
            out.append(c + blank(text[i + 1:j]))
            if j < n and text[j] == c:
                out.append(c)
                j += 1
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def refs(regex, path):
    """(line number, line) of PATH whose code has a word matching REGEX."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    word = re.compile(r"\b(?:%s)\b" % regex)
    lines = text.split("\n")
    found = []
    for no, code in enumerate(code_only(text).split("\n"), 1):
        if word.search(code):
            found.append((no, lines[no - 1]))
    return found


def main(argv):
    if len(argv) < 3 or argv[0] != "--refs":
        sys.stderr.write("usage: python3 -m lclib.ctext --refs REGEX FILE...\n")
        return 2
    hit = False
    paths = argv[2:]
    if paths == ["-"]:
        paths = [p for p in sys.stdin.read().split("\0") if p]
    for path in paths:
        try:
            found = refs(argv[1], path)
        except OSError as e:
            sys.stderr.write("lclib.ctext: %s: %s\n" % (path, e.strerror))
            return 2
        for no, line in found:
            hit = True
            sys.stdout.write("%s:%d:%s\n" % (path, no, line))
    return 0 if hit else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
