# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of lifecycle/convert/verdict.py, the converter's records (run by
tests/63-convert-edges.t: python3 -m unittest discover -s tests/python)."""

import io
import json
import os
import sys
import tempfile
import unittest

from lifecycle.convert import verdict as lcverdict  # noqa: E402


class Records(unittest.TestCase):
	def test_converted_fields(self):
		r = lcverdict.record("a.c", "converted", "converted", "idiomatic, target 6.1: a_init_dev(), a_release_dev()",
				     ["target=6.1", "level=idiomatic", "init=a_init_dev", "release=a_release_dev",
				      "parent=", "completion=", "reasons=", "moved=x moved\ny moved", "group="])
		self.assertEqual((r["target"], r["level"], r["init"], r["release"], r["parent"], r["completion"]),
				 ("6.1", "idiomatic", ["a_init_dev"], ["a_release_dev"], False, None))
		self.assertEqual((r["reasons"], r["moved"], r["group"], r["details"]), ([], ["x moved", "y moved"], [], []))

	def test_message_fields(self):
		"""What a message names besides the callbacks: why not idiomatic,
		the two ops chosen at run time and the set-up function; null or
		empty when not given."""
		r = lcverdict.record("r.c", "converted", "converted", "anything",
				     ["level=idiomatic", "runtime_ops=fallback", "ops=r_fast_ops\nr_slow_ops", "setup=r_setup",
				      "why="])
		self.assertEqual((r["ops"], r["setup"], r["why"]), (["r_fast_ops", "r_slow_ops"], "r_setup", None))
		r = lcverdict.record("m.c", "converted", "converted", "", ["level=minimal", "why=m_remove() frees it; x: y"])
		self.assertEqual((r["ops"], r["setup"], r["why"]), ([], None, "m_remove() frees it; x: y"))
		self.assertIn("ops", lcverdict.LISTS)

	def test_refusal_reasons(self):
		r = lcverdict.record("b.c", "not-converted", "lift", "drvdata set after ...")
		self.assertEqual(r["reasons"], [{"code": "lift", "text": "drvdata set after ..."}])
		r = lcverdict.record("c.c", "converted", "converted", "minimal, target 6.2; not idiomatic: x",
				     ["reasons=remove-misses-undo:c_probe() undoes 'a: b'\nno-remove:none"])
		self.assertEqual(r["reasons"], [{"code": "remove-misses-undo", "text": "c_probe() undoes 'a: b'"},
						{"code": "no-remove", "text": "none"}])

	def test_bad_words(self):
		with self.assertRaises(ValueError):
			lcverdict.record("a.c", "done", "converted", "x")
		with self.assertRaises(ValueError):
			lcverdict.record("a.c", "converted", "worded-anew", "x")
		with self.assertRaises(ValueError):
			lcverdict.record("a.c", "converted", "converted", "x", ["colour=blue"])

	def test_render(self):
		recs = [lcverdict.record("a.c", "converted", "converted", "minimal, target 6.1"),
			lcverdict.record("b.c", "not-converted", "guard", "every old call is under X:", ["details=-"],
					 stdin=io.StringIO("  f() line 3\n\n  g() line 4\n")),
			lcverdict.record("c.c", "nothing", "no-old-calls", "no old vfio calls in this file")]
		self.assertEqual(lcverdict.render(recs),
				 "a.c: converted (minimal, target 6.1)\n"
				 "b.c: NOT CONVERTED: every old call is under X:\n  f() line 3\n\n  g() line 4\n"
				 "c.c: nothing to convert (no old vfio calls in this file)\n")

	def test_command_line(self):
		"""add, drop, last and add json=- keep the file's order."""
		with tempfile.TemporaryDirectory() as d:
			f = os.path.join(d, "conversion.json")
			self.assertEqual(lcverdict.main(["x", "add", f, "a.c", "nothing", "comments-only", "c"]), 0)
			self.assertEqual(lcverdict.main(["x", "add", f, "b.c", "converted", "converted", "m", "level=minimal"]), 0)
			out = io.StringIO()
			sys.stdout, was = out, sys.stdout
			try:
				lcverdict.main(["x", "last", f])
			finally:
				sys.stdout = was
			last = out.getvalue()
			self.assertEqual(json.loads(last)["path"], "b.c")
			lcverdict.main(["x", "drop", f, "b.c"])
			self.assertEqual([r["path"] for r in lcverdict.load(f)], ["a.c"])
			sys.stdin, was = io.StringIO(last), sys.stdin
			try:
				lcverdict.main(["x", "add", f, "json=-"])
			finally:
				sys.stdin = was
			self.assertEqual([r["path"] for r in lcverdict.load(f)], ["a.c", "b.c"])
			self.assertEqual(lcverdict.load(os.path.join(d, "none.json")), [])

	def test_queries(self):
		"""paths and field: what the scripts ask instead of reading the text."""
		recs = [lcverdict.record("a.c", "converted", "converted", "x", ["init=a_init", "release=a_rel", "parent=1"]),
			lcverdict.record("b.c", "not-converted", "guard", "y"),
			lcverdict.record("c.h", "converted", "midlayer-header", "z")]
		self.assertEqual(lcverdict.paths(recs), ["a.c", "b.c", "c.h"])
		self.assertEqual(lcverdict.paths(recs, status="converted"), ["a.c", "c.h"])
		self.assertEqual(lcverdict.paths(recs, code="guard"), ["b.c"])
		self.assertEqual(lcverdict.query("field", recs, ["a.c", "release"]), (0, ["a_rel"]))
		self.assertEqual(lcverdict.query("field", recs, ["a.c", "parent"]), (0, ["1"]))
		self.assertEqual(lcverdict.query("field", recs, ["a.c", "completion"]), (0, []))
		self.assertEqual(lcverdict.query("field", recs, ["b.c", "reasons"]), (0, ["guard:y"]))
		self.assertEqual(lcverdict.query("field", recs, ["d.c", "init"]), (1, []))
		self.assertEqual(lcverdict.query("paths", recs, ["--status", "done"]), None)
		self.assertEqual(lcverdict.query("paths", recs, ["--level"]), None)
		# a reader must not take a missing file for "nothing refused"
		with tempfile.TemporaryDirectory() as d:
			self.assertEqual(lcverdict.main(["x", "paths", os.path.join(d, "none.json")]), 2)


if __name__ == "__main__":
	unittest.main()


class VerdictKey(unittest.TestCase):
	def test_verdict_as_the_report_words_it(self):
		"""field PATH verdict: the report's line for PATH after "PATH: "."""
		r = lcverdict.record("a/b.c", "not-converted", "lift", "no pair", [])
		line = lcverdict.render([r]).split("\n")[0]
		self.assertEqual("a/b.c: " + lcverdict.field_lines(r, "verdict")[0], line)
		r = lcverdict.record("a/b.c", "converted", "converted", "minimal, target 6.1", [])
		self.assertEqual(lcverdict.field_lines(r, "verdict"), ["converted (minimal, target 6.1)"])
