#!/usr/bin/env python3
"""The subject and message of a fix that goes before a conversion.

python3 -m lifecycle.series.fixmsg KIND subject|body LINE

KIND names the sections of scripts/messages/fixes.txt ("unregister");
LINE is what the rule printed for the fix, without its tag: for
"unregister", cocci/vfio_missing_unregister.cocci's MISSING-UNREGISTER:
fields (remove probe call x member teardown line reg_line state).
"subject" prints the subject after the prefix; "body" the paragraphs,
wrapped at 72 columns, a blank line between them.  Stdlib only.  Exit 2,
nothing printed: bad arguments or a kind with no sections.
"""
import os
import sys
import textwrap

from lifecycle.series.message import load_templates

# its templates are data of the series builder: scripts/messages/
HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "scripts")
FIELDS = {"unregister": ("remove", "probe", "call", "x", "member", "teardown",
                         "line", "reg_line", "state")}


def main(argv):
    if len(argv) != 4 or argv[1] not in FIELDS or argv[2] not in ("subject", "body"):
        return 2
    names = FIELDS[argv[1]]
    vals = argv[3].split(None, len(names) - 1)
    if len(vals) != len(names):
        return 2
    f = dict(zip(names, vals))
    t = load_templates(os.path.join(HERE, "messages", "fixes.txt"))
    secs = [k for k in t if k.startswith(argv[1] + ".") and k != argv[1] + ".subject"]
    if argv[2] == "subject":
        print(t[argv[1] + ".subject"].format(**f))
    else:
        print("\n\n".join(textwrap.fill(t[k].format(**f), 72, break_long_words=False,
                                        break_on_hyphens=False) for k in secs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
