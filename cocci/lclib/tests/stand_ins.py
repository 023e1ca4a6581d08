# SPDX-License-Identifier: GPL-2.0-only
"""Stand-ins for what spatch hands a script:python rule: a position (its
fields are strings, as spatch's are), the ``coccinelle`` object a rule
binds its fresh identifiers on, and ``cocci``."""


class Pos:
    def __init__(self, file, line, column=1, column_end=2, element="probe"):
        self.file = file
        self.line = str(line)
        self.column = str(column)
        self.column_end = str(column_end)
        self.current_element = element


class Bound:
    """spatch's coccinelle object: the rule sets attributes on it."""


class Cocci:
    """spatch's cocci object: make_ident() wraps, include_match() records."""

    def __init__(self):
        self.included = []

    def make_ident(self, s):
        return ("ident", s)

    def include_match(self, b):
        self.included.append(b)
