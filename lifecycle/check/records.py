#!/usr/bin/env python3
"""Typed records of make check: one JSON object per line in
drivers-out/<name>/check/records.json, one per (patch, arch, check), one
for the run, one for the QEMU runs and one for the timings.  The shell
calls this instead of assembling JSON itself (quoting a subject by hand is
how a report breaks).

  python3 -m lifecycle.check.records new FILE                     start an empty FILE
  python3 -m lifecycle.check.records add FILE KEY=VALUE...        append one record
  python3 -m lifecycle.check.records read FILE                    the records, one per line (check)

make check (lifecycle/check/main.py) imports it: Record, new(), add().

KEY=VALUE sets a string, KEY:=JSON a typed value (a number, null, a list),
KEY@=TSV a list of {"label", "text"} from the lines of a file split at
their first tab.  A dotted KEY nests: figures.seconds:=12.  Every record
has the keys patch, subject, arch, check, status, figures and log (null or
{} when not given).
"""
import json
import os
import sys
from dataclasses import dataclass, field

from lifecycle import jsonl as lcjsonl  # noqa: E402

KEYS = ("patch", "subject", "arch", "check", "status", "figures", "log")


def parse_tsv(path):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f.read().splitlines():
            label, tab, text = line.partition("\t")
            rows.append({"label": label, "text": text if tab else None})
    return rows


def record(args):
    """The record that the KEY=VALUE arguments describe."""
    rec = {k: None for k in KEYS}
    rec["figures"] = {}
    for arg in args:
        if ":=" in arg and arg.index(":=") < arg.index("=") + 1:
            key, value = arg.split(":=", 1)
            value = json.loads(value)
        elif "@=" in arg and arg.index("@=") < arg.index("=") + 1:
            key, path = arg.split("@=", 1)
            value = parse_tsv(path)
        elif "=" in arg:
            key, value = arg.split("=", 1)
        else:
            raise SystemExit("lcrecords: not KEY=VALUE: %r" % arg)
        node = rec
        parts = key.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    if not rec["check"]:
        raise SystemExit("lcrecords: a record needs check=")
    return rec


@dataclass
class Record:
    """One record: the keys every record has, and EXTRA's (the run's name,
    base...; the QEMU record's results; the timings' naive)."""
    check: str
    patch: str = None
    subject: str = None
    arch: str = None
    status: str = None
    figures: dict = field(default_factory=dict)
    log: str = None
    extra: dict = field(default_factory=dict)

    def to_json(self):
        rec = {k: getattr(self, k) for k in KEYS}
        rec["figures"] = dict(self.figures)
        rec.update(self.extra)
        return rec


def new(path):
    """Start an empty records file."""
    open(path, "w").close()


def add(path, rec):
    """Append REC (a Record) to the records file."""
    lcjsonl.append(path, rec.to_json(), ascii_only=False)


def load(path):
    return lcjsonl.load(path)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("new", "add", "read"):
        sys.stderr.write(__doc__)
        return 1
    cmd, path = argv[1], argv[2]
    if cmd == "new":
        open(path, "w").close()
    elif cmd == "add":
        lcjsonl.append(path, record(argv[3:]), ascii_only=False)
    else:
        for rec in load(path):
            print(lcjsonl.dumps(rec, ascii_only=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
