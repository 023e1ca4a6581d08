#!/usr/bin/env python3
"""The lines a series adds that survive it and speak of both life cycles.

python3 -m lifecycle.series.stale PHRASES PATCH...

PATCH (git format-patch or git diff output, "-" for standard input) in
the order they apply.  A line a patch adds is in the final tree unless a
later patch removes it from the same file; those left are matched,
without regard to case, against the extended regular expressions of
PHRASES (one a line, "#" comments: scripts/messages/stale-phrases.txt).
Prints "FILE: LINE" for each match.  Exit 0 when none, 1 when some, 2 on
bad arguments or an unreadable file.  Stdlib only.
"""
import re
import sys


def phrases(path):
    with open(path) as f:
        return [re.compile(l.rstrip("\n"), re.I) for l in f
                if l.strip() and not l.startswith("#")]


def survivors(texts):
    """{file: [line]}: the added lines no later patch removes."""
    left, cur = {}, None
    for text in texts:
        for l in text.split("\n"):
            if l.startswith("+++ "):
                cur = re.sub(r"^(b/)", "", l[4:].strip())
                left.setdefault(cur, [])
            elif l.startswith("--- ") or l.startswith("diff --git "):
                continue
            elif cur and l.startswith("+"):
                left[cur].append(l[1:])
            elif cur and l.startswith("-") and l[1:] in left[cur]:
                left[cur].remove(l[1:])
    return left


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        rx = phrases(argv[1])
        texts = []
        for p in argv[2:]:
            if p == "-":
                texts.append(sys.stdin.read())
            else:
                with open(p) as f:
                    texts.append(f.read())
    except (OSError, re.error) as e:
        sys.stderr.write("lifecycle/series/stale.py: %s\n" % e)
        return 2
    found = 0
    for f, lines in sorted(survivors(texts).items()):
        for l in lines:
            if any(r.search(l) for r in rx):
                print("%s: %s" % (f, l.strip()))
                found = 1
    return found


if __name__ == "__main__":
    sys.exit(main(sys.argv))
