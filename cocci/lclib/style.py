# SPDX-License-Identifier: GPL-2.0-only
"""lclib.style: the kernel style of what the rules added, after them.

The rules write ".init = x," with one space and keep an error label's
name even when what follows it changed; a reviewer wants the new lines to
look like their neighbours and a label to say what it undoes.  This pass
compares the converted text with the original and touches only the lines
the conversion added or the labels whose target it changed:

 - a designated initialiser the rules added, in a brace block whose other
   initialisers align their '=' with tabs, gets the same column;
   a block that does not align stays as it is;
 - so does a member the rules added or rewrote in a structure whose
   other members put their names in a tab-aligned column;
 - a label present before and after in the same function, whose first
   statement became vfio_put_device(X) where it was something else, is
   renamed <prefix>_put_<last name of X> (out_free -> out_put_vdev), with
   its gotos, when that name is free in the function and no macro of the
   file names the label (a goto hidden in a macro would not follow).

python3 -m lclib.style ORIG CONVERTED: rewrites CONVERTED in place; prints
one line a change ("align LINE" / "label OLD NEW FUNC").  Exit 0, 2 on bad
arguments or an unreadable file.  Standard library only.
"""

import difflib
import re
import sys

from lclib import shapes

TAB = 8
INIT_RX = re.compile(r"^(\t+)\.([A-Za-z_]\w*(?:\[[^\]]*\])?)([ \t]+)=[ \t]+(\S.*)$")
LABEL_RX = re.compile(r"^ ?([A-Za-z_]\w*):\s*$")
PUT_RX = re.compile(r"^\s*vfio_put_device\((.+)\);\s*$")
MEMBER_RX = re.compile(r"^(\t+)((?:const |volatile |unsigned |signed |struct |union |enum )*"
                       r"[A-Za-z_]\w*)([ \t]+)(\**[A-Za-z_]\w*(?:\[[^\]]*\])?\s*;.*)$")
STRUCT_RX = re.compile(r"^\t*(?:typedef )?(?:struct|union)\b[^=(]*\{\s*$")


def added_lines(old, new):
    """Indices of NEW's lines that OLD does not have there (difflib)."""
    out = set()
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, _i1, _i2, j1, j2 in sm.get_opcodes():
        if tag in ("insert", "replace"):
            out.update(range(j1, j2))
    return out


def width(s):
    return len(s.expandtabs(TAB))


def block_of(lines, i, indent):
    """(first, last) indices of the brace block around line I whose
    members are indented by INDENT; None when I is in none."""
    lo = i
    while lo > 0:
        lo -= 1
        l = lines[lo].rstrip("\r")
        if l.endswith("{") and len(l) - len(l.lstrip("\t")) < len(indent):
            break
        if l.startswith("}") or (l and not l.startswith("\t")):
            return None
    else:
        return None
    hi = i
    while hi + 1 < len(lines):
        hi += 1
        l = lines[hi].rstrip("\r")
        if l.lstrip("\t").startswith("}") and len(l) - len(l.lstrip("\t")) < len(indent):
            return lo + 1, hi - 1
        if l and not l.startswith("\t"):
            return None
    return None


def _align(old, new, rx, prefix, sep, in_block):
    """NEW with each added line RX matches with a one-space gap (group 3)
    re-aligned by tabs to the column most of its block's other lines
    use (their name, group 2, after the indent, group 1, and PREFIX),
    then SEP and the rest (group 4); only where most of them align by
    tabs and the column is a tab stop the name reaches.  IN_BLOCK(new,
    blk) says whether the block is one to align.  The list of changed
    line numbers (1-based) with it."""
    new = list(new)
    added = added_lines(old, new)
    changed = []
    for i in sorted(added):
        m = rx.match(new[i])
        if not m or m.group(3) != " ":
            continue
        indent = m.group(1)
        blk = block_of(new, i, indent)
        if blk is None or not in_block(new, blk):
            continue
        cols, tabbed, others = {}, 0, 0
        for j in range(blk[0], blk[1] + 1):
            n = rx.match(new[j])
            if j == i or not n or n.group(1) != indent:
                continue
            if j in added and n.group(3) == " ":
                continue        # another line of the rules: not a model
            others += 1
            if "\t" in n.group(3):
                tabbed += 1
                c = width(indent + prefix + n.group(2) + n.group(3))
                cols[c] = cols.get(c, 0) + 1
        if not others or tabbed * 2 <= others:
            continue            # the block does not align: leave it
        col = max(sorted(cols), key=lambda c: cols[c])
        head = indent + prefix + m.group(2)
        w, gap = width(head), ""
        while w < col:
            w = (w // TAB + 1) * TAB
            gap += "\t"
        if w != col or not gap:
            continue            # not a tab stop, or the name is too long
        new[i] = head + gap + sep + m.group(4)
        changed.append(i + 1)
    return new, changed


def align_initialisers(old, new):
    """NEW with the added one-space initialisers aligned like their
    block's; the list of changed line numbers (1-based)."""
    return _align(old, new, INIT_RX, ".", "= ", lambda lines, blk: True)


def align_members(old, new):
    """NEW with the added one-space members of a structure definition
    whose other members put their names in a tab-aligned column given
    that column; the list of changed line numbers (1-based)."""
    return _align(old, new, MEMBER_RX, "", "",
                  lambda lines, blk: STRUCT_RX.match(lines[blk[0] - 1]) is not None)


def bodies(lines):
    """{name: (first, last)}: the indices of each function's body lines
    (lclib.shapes.functions, the kernel's layout)."""
    out = {}
    for name, first, last, _body in shapes.functions("\n".join(lines)):
        out.setdefault(name, (first, last - 2))
    return out


def first_statement(lines, lo, hi, i):
    """The first line after label line I (within LO..HI) that is neither
    blank nor a label."""
    for j in range(i + 1, hi + 1):
        l = lines[j].strip()
        if l and not LABEL_RX.match(lines[j]):
            return lines[j]
    return ""


def labels(lines, lo, hi):
    out = {}
    for j in range(lo, hi + 1):
        m = LABEL_RX.match(lines[j])
        if m and m.group(1) != "default":
            out[m.group(1)] = j
    return out


def rename_labels(old, new):
    """NEW with the labels whose target became vfio_put_device() renamed;
    the list of (old name, new name, function)."""
    new = list(new)
    ofun, nfun = bodies(old), bodies(new)
    macros = " ".join(l for l in new if l.lstrip().startswith("#"))
    done = []
    for fn, (lo, hi) in sorted(nfun.items(), key=lambda x: x[1]):
        if fn not in ofun:
            continue
        olo, ohi = ofun[fn]
        olab = labels(old, olo, ohi)
        body = "\n".join(new[lo:hi + 1])
        if "__label__" in body:
            continue
        for lab, j in labels(new, lo, hi).items():
            if lab not in olab:
                continue
            m = PUT_RX.match(first_statement(new, lo, hi, j))
            if not m or PUT_RX.match(first_statement(old, olo, ohi, olab[lab])):
                continue
            names = re.findall(r"[A-Za-z_]\w*", m.group(1))
            if not names:
                continue
            to = "%s_put_%s" % (lab.split("_", 1)[0], names[-1])
            if to == lab or re.search(r"\b%s\b" % re.escape(to), body) \
                    or re.search(r"\b%s\b" % re.escape(lab), macros):
                continue
            for k in range(lo, hi + 1):
                if k == j:
                    new[k] = new[k].replace(lab + ":", to + ":", 1)
                else:
                    new[k] = re.sub(r"\bgoto(\s+)%s(\s*);" % re.escape(lab),
                                    r"goto\g<1>%s\g<2>;" % to, new[k])
            body = "\n".join(new[lo:hi + 1])
            done.append((lab, to, fn))
    return new, done


def restyle(old_text, new_text):
    """(text, report lines) of NEW_TEXT after both passes."""
    old, new = old_text.split("\n"), new_text.split("\n")
    new, aligned = align_initialisers(old, new)
    new, members = align_members(old, new)
    aligned = sorted(aligned + members)
    new, renamed = rename_labels(old, new)
    rep = ["align %d" % n for n in aligned]
    rep += ["label %s %s %s" % r for r in renamed]
    return "\n".join(new), rep


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        with open(argv[1], newline="") as f:
            old = f.read()
        with open(argv[2], newline="") as f:
            new = f.read()
    except OSError as e:
        sys.stderr.write("lclib.style: %s\n" % e)
        return 2
    text, rep = restyle(old, new)
    if text != new:
        with open(argv[2], "w", newline="") as f:
            f.write(text)
    for r in rep:
        print(r)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
