# SPDX-License-Identifier: GPL-2.0-only
"""Lines of a conversion mapped back to the lines of its input.

The life-cycle checker runs on the converted text, which the converter
then throws away when it finds something: its line numbers would send
the user to a file they never see.  ``LineMap(old, new)`` pairs the two
texts' lines with difflib; ``rewrite()`` turns a checker report line
(``file:line:col-colend: life-cycle <class>: <message>``) into one that
names the input's line, and the ``(line N)`` / ``, line N`` references in
its message too.  A line the conversion wrote (no counterpart in the
input) is given as the nearest input line, and the message says so.

python3 -m lclib.linemap INPUT CONVERTED <report: rewritten report
"""

import difflib
import re
import sys

# file:line:col-colend: rest   (the coccicheck report form)
_REPORT = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<cols>\d+-\d+): (?P<rest>.*)$")
# a line reference inside a checker message: "(line 48)", ", line 39,"
_REF = re.compile(r"\bline (\d+)\b")
_CLASS = re.compile(r"^(life-cycle [a-z-]+: )(.*)$")


def _lines(text):
    return [l.rstrip("\r") for l in text.split("\n")]


class LineMap(object):
    """new line number (1-based) -> (old line number, exact)."""

    def __init__(self, old, new):
        self._map = {}
        a, b = _lines(old), _lines(new)
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            for k, j in enumerate(range(j1, j2)):
                if tag == "equal":
                    self._map[j + 1] = (i1 + k + 1, True)
                elif i2 > i1:
                    # a replaced block: the old line at the same offset
                    # (its last one past the end of a shorter old block)
                    self._map[j + 1] = (min(i1 + k, i2 - 1) + 1, False)
                else:
                    # inserted: the input line before it (or the first)
                    self._map[j + 1] = (max(i1, 1), False)

    def get(self, line):
        """(input line, True when that line is unchanged) for LINE."""
        return self._map.get(line, (line, False))

    def rewrite(self, report):
        m = _REPORT.match(report)
        if not m:
            return report
        line, exact = self.get(int(m.group("line")))
        rest = _REF.sub(lambda r: "line %d" % self.get(int(r.group(1)))[0],
                        m.group("rest"))
        if not exact:
            c = _CLASS.match(rest)
            note = ("in the conversion (its line %s), near input line %d: "
                    % (m.group("line"), line))
            rest = c.group(1) + note + c.group(2) if c else note + rest
        return "%s:%d:%s: %s" % (m.group("file"), line, m.group("cols"), rest)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python3 -m lclib.linemap INPUT CONVERTED <report\n")
        return 2
    with open(argv[0], errors="surrogateescape") as fh:
        old = fh.read()
    with open(argv[1], errors="surrogateescape") as fh:
        new = fh.read()
    lm = LineMap(old, new)
    for l in sys.stdin:
        sys.stdout.write(lm.rewrite(l.rstrip("\n")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
