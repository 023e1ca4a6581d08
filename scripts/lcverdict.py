#!/usr/bin/env python3
"""The converter's verdicts as records, and conversion.txt rendered from
them.

scripts/cocci-convert.sh keeps one JSON object per input file (one a
line) in OUTDIR/.cocci/conversion.json; conversion.txt is what render()
makes of them, so the text is a view: a tool that needs the level, the
callbacks or why a file was refused reads the record's fields, not the
prose.

    lcverdict.py add RECORDS PATH STATUS CODE TEXT [KEY=VALUE...]
    lcverdict.py drop RECORDS PATH
    lcverdict.py last RECORDS
    lcverdict.py render RECORDS

add appends a record; with the key details=- its detail lines (the
indented lines under the verdict) come from stdin; "add RECORDS json=-"
appends the records on stdin, one JSON object a line, as "last" prints
them.  drop removes PATH's records; last prints the last record; render
prints conversion.txt.  Stdlib only.

A record:
  path        the file, as the report names it
  status      converted | nothing | not-converted
  code        a stable word for the verdict's reason (see CODES)
  text        the verdict's human text (after the status words)
  details     the indented lines under the verdict (old calls, sites)
  target      the target API (6.1 or 6.2), when the file was converted
  level       idiomatic | idiomatic-in-part | minimal, when converted
  parent      true for a parent-owned structure
  init, release   the @init/@release callbacks the conversion names
  completion  the completion member a parent-owned @release signals
  reasons     [{"code", "text"}]: why not (more) idiomatic, or refused
  group       the files that go into one patch with this one
  moved       what moved besides set-up and tear-down (driver data)
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lcjsonl  # noqa: E402 (its own directory first)

STATUS = {
    "converted": "%s: converted (%s)",
    "nothing": "%s: nothing to convert (%s)",
    "not-converted": "%s: NOT CONVERTED: %s",
}

# the reason words a record's code may take (tests check the records)
CODES = {
    "converted", "header-member", "midlayer", "midlayer-header",
    "comments-only", "no-old-calls", "both-apis", "member-withdrawn",
    "unreadable", "preprocessor-branches", "not-utf8", "mixed-eol",
    "parse-error", "pattern-not-understood", "parent-owned", "lift",
    "guard", "lifecycle", "midlayer-group", "run-time-ops", "shape-refused",
    "helper-far",
    "pre-uninit",
}

LISTS = ("details", "reasons", "group", "moved", "init", "release")


def load(path):
    """The records of the file at path, in order ([] when none)."""
    return lcjsonl.load(path, missing_ok=True)


def save(path, records):
    lcjsonl.save(path, records)


def render(records):
    """conversion.txt: each record's verdict line, then its details."""
    out = []
    for r in records:
        out.append(STATUS[r["status"]] % (r["path"], r["text"]))
        out.extend(r.get("details") or [])
    return "".join(l + "\n" for l in out)


def record(path, status, code, text, fields=(), stdin=None):
    """A record from the command line's words; KEY=VALUE fields: lists
    one item a line (reasons as code:text), parent a boolean."""
    if status not in STATUS:
        raise ValueError("unknown status %r" % status)
    if code not in CODES:
        raise ValueError("unknown code %r" % code)
    r = {"path": path, "status": status, "code": code, "text": text,
         "target": None, "level": None, "parent": False, "completion": None}
    r.update((k, []) for k in LISTS)
    if status != "converted":
        # a refusal or "nothing": its own reason, with its human text
        r["reasons"] = [{"code": code, "text": text}]
    for kv in fields:
        k, _, v = kv.partition("=")
        if k == "details" and v == "-":
            r[k] = (stdin or sys.stdin).read().splitlines()
        elif k == "reasons":
            r[k] = [dict(zip(("code", "text"), x.split(":", 1))) for x in v.split("\n") if x]
        elif k in LISTS:
            r[k] = [x for x in v.split("\n") if x]
        elif k == "parent":
            r[k] = v == "1"
        elif k in r:
            r[k] = v or None
        else:
            raise ValueError("unknown field %r" % k)
    return r


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    cmd, path = argv[1], argv[2]
    recs = load(path)
    if cmd == "add" and argv[3:] == ["json=-"]:
        recs.extend(json.loads(l) for l in sys.stdin if l.strip())
    elif cmd == "add":
        recs.append(record(argv[3], argv[4], argv[5], argv[6], argv[7:]))
    elif cmd == "drop":
        recs = [x for x in recs if x["path"] != argv[3]]
    elif cmd == "last":
        if recs:
            print(lcjsonl.dumps(recs[-1]))
        return 0
    elif cmd == "render":
        sys.stdout.write(render(recs))
        return 0
    else:
        sys.stderr.write(__doc__)
        return 2
    save(path, recs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
