# SPDX-License-Identifier: GPL-2.0-only
"""The rules keep their logic in lclib: little Python in each .cocci
file, and no helper defined in two places (copies drift)."""

import glob
import os
import re
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
COCCI = os.path.dirname(os.path.dirname(HERE))
LIB = os.path.dirname(HERE)

# most lines of Python one .cocci file may carry
BUDGET = 100


def python_blocks(path):
    """The Python of the script/initialize/finalize blocks of a .cocci
    file: the lines after the block's "@@", up to the next rule, without
    blank lines and SmPL comments."""
    blocks, cur, state = [], None, None
    with open(path) as fh:
        for line in fh.read().split("\n"):
            if re.match(r"^@\s*(script|initialize|finalize)\s*:\s*python\b", line):
                cur, state = [], "head"
                blocks.append(cur)
            elif state == "head" and line.startswith("@@"):
                state = "body"
            elif state == "body" and line.startswith("@"):
                cur, state = None, None
            elif state == "body" and line.strip() and not line.startswith("//"):
                cur.append(line)
    return blocks


def defs(lines):
    return [m.group(1) for l in lines for m in [re.match(r"^\s*def\s+(\w+)\s*\(", l)] if m]


class TestRules(unittest.TestCase):
    def test_python_budget(self):
        rules = sorted(glob.glob(os.path.join(COCCI, "*.cocci")))
        self.assertTrue(rules)
        for r in rules:
            n = sum(len(b) for b in python_blocks(r))
            with self.subTest(rule=os.path.basename(r), lines=n):
                self.assertLessEqual(n, BUDGET)

    def test_one_definition(self):
        """A function name is defined once over the rules and lclib."""
        seen = {}
        for r in sorted(glob.glob(os.path.join(COCCI, "*.cocci"))):
            for b in python_blocks(r):
                for d in defs(b):
                    seen.setdefault(d, []).append(os.path.basename(r))
        for m in sorted(glob.glob(os.path.join(LIB, "*.py"))):
            with open(m) as fh:
                # module level and methods alike
                for d in defs(fh.read().split("\n")):
                    seen.setdefault(d, []).append("lclib/" + os.path.basename(m))
        # dunder methods, and main(), each module's own command line
        twice = {d: w for d, w in seen.items()
                 if len(w) > 1 and not d.startswith("__") and d != "main"}
        self.assertEqual(twice, {})

    def test_no_lexer_workarounds(self):
        """chr(39), chr(92), "/" + "/" were for the SmPL lexer reading
        Python inside a .cocci file; the library needs none."""
        for m in sorted(glob.glob(os.path.join(LIB, "*.py"))):
            with open(m) as fh:
                src = fh.read()
            with self.subTest(module=os.path.basename(m)):
                self.assertNotRegex(src, r"chr\((34|39|92)\)|\"/\" \+ \"[/*]\"")


if __name__ == "__main__":
    unittest.main()
