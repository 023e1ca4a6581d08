# SPDX-License-Identifier: GPL-2.0-only
"""JSON lines: one record (a JSON object) a line, the form every stage of
the toolkit writes its records in (the converter's conversion.json,
make check's records.json).  One reader and one writer for all of them.
Stdlib only."""

import json


def dumps(rec, ascii_only=True):
    """One record as its line (keys sorted, so that files compare)."""
    return json.dumps(rec, sort_keys=True, ensure_ascii=ascii_only)


def load(path, missing_ok=False):
    """The records of the file at path, in order; [] for a missing file
    when missing_ok."""
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        if missing_ok:
            return []
        raise


def save(path, records, ascii_only=True):
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(dumps(r, ascii_only) + "\n")


def append(path, rec, ascii_only=True):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(dumps(rec, ascii_only) + "\n")
