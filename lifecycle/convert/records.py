# SPDX-License-Identifier: GPL-2.0-only
"""The converter's verdicts: one record per file (lifecycle/convert/verdict.py
says the fields) in OUTDIR/.cocci/conversion.json, and conversion.txt
rendered from them after every change, so the text is always a view of
the records."""
import io

from lifecycle import common

from lifecycle import jsonl as lcjsonl  # noqa: E402
from lifecycle.convert import verdict as lcverdict  # noqa: E402


class Records:
    """The records of one run, kept in memory and written through."""

    def __init__(self, path, report):
        self.path = path
        self.report = report
        self.recs = []
        self._write()

    def _write(self):
        try:
            lcverdict.save(self.path, self.recs)
            with open(self.report, "w") as f:
                f.write(lcverdict.render(self.recs))
        except OSError as e:
            common.tool_failed("lifecycle/convert/verdict.py could not write %s: %s"
                               % (self.path, e))

    def add(self, path, status, code, text, fields=(), details=None,
            extra=None):
        """A verdict for PATH; FIELDS as lcverdict's KEY=VALUE words;
        DETAILS the indented lines under it; EXTRA typed fields set as
        they are (the pre-stages' notes)."""
        stdin = io.StringIO("".join(l + "\n" for l in details)) \
            if details is not None else None
        if details is not None:
            fields = list(fields) + ["details=-"]
        try:
            r = lcverdict.record(path, status, code, text, fields, stdin)
        except ValueError as e:
            common.tool_failed("lifecycle/convert/verdict.py could not record the "
                               "verdict for %s: %s" % (path, e))
        if extra:
            r.update(extra)
        self.recs.append(r)
        self._write()
        return r

    def add_records(self, recs):
        self.recs.extend(recs)
        self._write()

    def drop(self, path):
        self.recs = [r for r in self.recs if r["path"] != path]
        self._write()

    def last(self):
        """A copy of the last record (as "lifecycle/convert/verdict.py last" printed it)."""
        import json
        return json.loads(lcjsonl.dumps(self.recs[-1])) if self.recs else None

    def find(self, path):
        return lcverdict.find(self.recs, path)

    def converted(self, path):
        r = self.find(path)
        return r is not None and r["status"] == "converted"

    def field(self, path, key):
        r = self.find(path)
        return [] if r is None else lcverdict.field_lines(r, key)

    def rendered(self):
        return lcverdict.render(self.recs)
