# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of lifecycle/jsonl.py, the one JSON-lines reader and writer
of the converter's and make check's records (run by tests/63)."""

import os
import sys
import tempfile
import unittest

from lifecycle import jsonl as lcjsonl  # noqa: E402


class JsonLines(unittest.TestCase):
	def test_round_trip_sorted_keys(self):
		with tempfile.TemporaryDirectory() as d:
			p = os.path.join(d, "r.json")
			lcjsonl.save(p, [{"b": 1, "a": "x"}])
			lcjsonl.append(p, {"c": [1, 2]})
			with open(p, encoding="utf-8") as fh:
				self.assertEqual(fh.read(), '{"a": "x", "b": 1}\n{"c": [1, 2]}\n')
			self.assertEqual(lcjsonl.load(p), [{"a": "x", "b": 1}, {"c": [1, 2]}])

	def test_missing_and_non_ascii(self):
		with tempfile.TemporaryDirectory() as d:
			p = os.path.join(d, "none.json")
			self.assertEqual(lcjsonl.load(p, missing_ok=True), [])
			with self.assertRaises(FileNotFoundError):
				lcjsonl.load(p)
			self.assertEqual(lcjsonl.dumps({"s": "\u00e9"}), '{"s": "\\u00e9"}')
			self.assertEqual(lcjsonl.dumps({"s": "\u00e9"}, ascii_only=False), '{"s": "\u00e9"}')


if __name__ == "__main__":
	unittest.main()
