#!/usr/bin/env python3
"""The converter's verdicts as records, and conversion.txt rendered from
them.

The converter (lifecycle/converter*.py) keeps one JSON object per input file (one a
line) in OUTDIR/.cocci/conversion.json; conversion.txt is what render()
makes of them, so the text is a view: a tool that needs the level, the
callbacks or why a file was refused reads the record's fields, not the
prose.

    python3 -m lifecycle.convert.verdict add RECORDS PATH STATUS CODE TEXT [KEY=VALUE...]
    python3 -m lifecycle.convert.verdict drop RECORDS PATH
    python3 -m lifecycle.convert.verdict last RECORDS
    python3 -m lifecycle.convert.verdict render RECORDS
    python3 -m lifecycle.convert.verdict paths RECORDS [--status STATUS] [--code CODE]
    python3 -m lifecycle.convert.verdict field RECORDS PATH KEY

add appends a record; with the key details=- its detail lines (the
indented lines under the verdict) come from stdin; "add RECORDS json=-"
appends the records on stdin, one JSON object a line, as "last" prints
them.  drop removes PATH's records; last prints the last record; render
prints conversion.txt.  paths prints the paths of the records (those of
a status, of a code), one a line, in order; field prints KEY of PATH's
record: a list one item a line (reasons as code:text), a boolean 1 or 0,
nothing for null (KEY "verdict": the verdict as conversion.txt words it,
after "PATH: "); exit 1 when PATH has no record, 2 when RECORDS is
missing.  The tools that read the verdicts (lifecycle/series*.py,
lifecycle/module/run.py) ask these, never the rendered text.  Stdlib only.

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
  runtime_ops the variant of ops chosen at run time that
              cocci/vfio_runtime_ops.cocci converted (fallback, choice,
              choice-minimal), else null
  ops         with runtime_ops: the two ops chosen between, [the one
              probe allocates with first, the other], else []
  setup       with runtime_ops fallback: the function whose failure
              chose the other ops (it now runs in the @init), else null
  why         why a converted file is not (wholly) idiomatic, the phrase
              its verdict gives after "not idiomatic: " (minimal,
              parent-owned minimal, run-time ops minimal) or "minimal
              elsewhere: " (idiomatic in part), what else moved included,
              the pre-stages' notes not; else null
  far_chain   the files the cross-file helper rewrite converted:
              {"note": the text the caller's verdict carries for it,
              "chain": the functions of the other file, caller first,
              "far": that file, "destroy": its destroy function or null;
              on the other file's and the headers' records also
              "caller": the converted file, "member": the structure a
              header reorders}, else null
  preuninit   a file that had no vfio_uninit_group_dev(), converted
              through the pre-uninit rewrite: {"note": the text its
              verdict carries for it, "renamed": the ops whose
              .open/.release became .open_device/.close_device}, else null
The two notes are set by the stages that ran (lifecycle/converter_*.py).
lifecycle/series/message.py words a file's paragraph from the fields alone
(code, level, parent, init, release, completion, runtime_ops, ops,
setup, why, far_chain, preuninit), never from the text: rewording a
verdict changes no commit message.
"""

import json
import os
import sys

from lifecycle import jsonl as lcjsonl  # noqa: E402

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

LISTS = ("details", "reasons", "group", "moved", "init", "release", "ops")


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
         "target": None, "level": None, "parent": False, "completion": None,
         "runtime_ops": None, "setup": None, "why": None, "far_chain": None,
         "preuninit": None}
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


def paths(records, status=None, code=None):
    """The paths of the records of STATUS and CODE (any when None), each
    once, in order."""
    out = []
    for r in records:
        if status not in (None, r["status"]) or code not in (None, r["code"]):
            continue
        if r["path"] not in out:
            out.append(r["path"])
    return out


def find(records, path):
    """PATH's record (the last one), or None."""
    return next((r for r in reversed(records) if r["path"] == path), None)


def field_lines(r, key):
    """KEY of record r as lines: a list one item a line (reasons as
    code:text), a boolean 1 or 0, nothing for null; "verdict": the
    verdict line of conversion.txt after "PATH: "."""
    if key == "verdict":
        return [(STATUS[r["status"]] % (r["path"], r["text"]))[len(r["path"]) + 2:]]
    v = r.get(key)
    if v is None:
        return []
    if isinstance(v, bool):
        return ["1" if v else "0"]
    if isinstance(v, list):
        return ["%s:%s" % (x["code"], x["text"]) if isinstance(x, dict) else str(x) for x in v]
    return [str(v)]


def query(cmd, recs, args):
    """paths and field: the lines to print, or None for a bad call; an
    exit status 1 with no line for a path without a record."""
    if cmd == "paths":
        opts = dict(status=None, code=None)
        while args:
            if len(args) < 2 or args[0] not in ("--status", "--code"):
                return None
            opts[args[0][2:]] = args[1]
            args = args[2:]
        if opts["status"] not in (None, *STATUS) or opts["code"] not in (None, *CODES):
            return None
        return 0, paths(recs, **opts)
    if len(args) != 2:
        return None
    r = find(recs, args[0])
    return (1, []) if r is None else (0, field_lines(r, args[1]))


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    cmd, path = argv[1], argv[2]
    if cmd in ("paths", "field") and not os.path.isfile(path):
        # a reader with no records must not take it for "none refused"
        sys.stderr.write("lifecycle/convert/verdict.py: %s: no such file\n" % path)
        return 2
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
    elif cmd in ("paths", "field"):
        q = query(cmd, recs, argv[3:])
        if q is None:
            sys.stderr.write(__doc__)
            return 2
        sys.stdout.write("".join(l + "\n" for l in q[1]))
        return q[0]
    else:
        sys.stderr.write(__doc__)
        return 2
    save(path, recs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
