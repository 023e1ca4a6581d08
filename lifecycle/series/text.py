# SPDX-License-Identifier: GPL-2.0-only
"""The text make series writes around git's: commit messages folded to 72
columns the way fold -s does (the series' bytes must not change with the
port), the cover letter's table of groups, To:/Cc: headers from
get_maintainer.pl, and how a value the user gave is named in errors.
Pure functions of their arguments.
"""
import os


def _col(col, ch):
    """GNU fold's column after CH at COL (tab stops of 8)."""
    if ch == "\b":
        return col - 1 if col > 0 else 0
    if ch == "\r":
        return 0
    if ch == "\t":
        return col + 8 - col % 8
    return col + 1


def fold(text, width=72):
    """TEXT as `fold -s -w WIDTH` gives it: a line longer than WIDTH
    columns breaks after its last blank within them, or at WIDTH when it
    has none."""
    out = []
    for line in text.split("\n"):
        col = 0
        buf = ""
        i = 0
        while i < len(line):
            ch = line[i]
            col = _col(col, ch)
            if col > width:
                end = max(buf.rfind(" "), buf.rfind("\t"))
                if end >= 0:
                    out.append(buf[:end + 1])
                    buf = buf[end + 1:]
                    col = 0
                    for c in buf:
                        col = _col(col, c)
                    continue        # rescan CH on the new line
                if not buf:
                    buf = ch
                    i += 1
                    continue
                out.append(buf)
                buf = ""
                col = 0
                continue
            buf += ch
            i += 1
        out.append(buf)
    return "\n".join(out)


def rstrip_spaces(text):
    """sed 's/ *$//': no line ends with spaces."""
    return "\n".join(l.rstrip(" ") for l in text.split("\n"))


def folded(text):
    """fold -s -w 72 | sed 's/ *$//' (fold counts bytes, not characters)."""
    b = text.encode("utf-8", "surrogateescape").decode("latin-1")
    return rstrip_spaces(fold(b)).encode("latin-1").decode("utf-8", "surrogateescape")


def drop_trailing_blank_lines(lines):
    """LINES without the empty lines at their end."""
    lines = list(lines)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def as_typed(option, var, value, environ=None):
    """How the user gave VALUE: "VAR=VALUE" when make passed it (make
    exports its command-line variables), else "OPTION VALUE"."""
    env = os.environ if environ is None else environ
    if env.get(var) == value:
        return "%s=%s" % (var, value)
    return ("%s %s" % (option, value)) if option else value


def cover_rows(summary, width=75):
    """The cover letter's table rows for SUMMARY ((group, arch, files)
    tuples): a row longer than checkpatch's WIDTH columns goes on under
    its files, "(by hand)" kept on one line."""
    out = []
    for g, a, fl in summary:
        row = "  %-10s %-8s %s" % (g, a, fl)
        if len(row) <= width:
            out.append(row)
            continue
        ind = " " * 22
        line, first = row[:22], True
        words = row[22:].replace("(by hand)", "(by\001hand)").split()
        for w in words:
            w = w.replace("\001", " ", 1)
            if not first and len(line) + 1 + len(w) > width:
                out.append(line)
                line, first = ind, True
            line = line + ("" if first else " ") + w
            first = False
        out.append(line)
    return out


def cc_header(patch_text, roles):
    """PATCH_TEXT with To:/Cc: headers before the end of its mail headers,
    from get_maintainer.pl --roles lines (ROLES): To: the maintainers and
    supporters, Cc: reviewers, lists and the rest."""
    to, cc, seen = [], [], set()
    for l in roles:
        # "Name <mail> (role:...)" or "list@host (open list:...)"
        r = l.split("(", 1)[1] if "(" in l else l
        a = l.split("(", 1)[0].rstrip(" ") if "(" in l else l
        if a == "" or a in seen:
            continue
        seen.add(a)
        (to if r.startswith(("maintainer", "supporter")) else cc).append(a)
    end = "\n" if patch_text.endswith("\n") else ""
    lines = patch_text[:len(patch_text) - len(end)].split("\n")
    for i, l in enumerate(lines):
        if l == "":
            add = []
            if to:
                add.append("To: " + ",\n ".join(to))
            if cc:
                add.append("Cc: " + ",\n ".join(cc))
            return "\n".join(lines[:i] + add + lines[i:]) + end
    return patch_text
