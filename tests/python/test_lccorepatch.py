# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of lifecycle/series/corepatch.py, the core patches a family derives
from another (run by tests/63-convert-edges.t)."""

import os
import sys
import tempfile
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lifecycle.series import corepatch as lccorepatch  # noqa: E402

PATCH = """Subject: [PATCH] core

 drivers/vfio/vfio_main.c | 1 +
diff --git a/drivers/vfio/vfio_main.c b/drivers/vfio/vfio_main.c
--- a/drivers/vfio/vfio_main.c
+++ b/drivers/vfio/vfio_main.c
@@ -1 +1,2 @@
 a
+b
"""


def put(path, text):
	os.makedirs(os.path.dirname(path), exist_ok=True)
	with open(path, "w", encoding="utf-8") as f:
		f.write(text)


class Derive(unittest.TestCase):
	def setUp(self):
		self.tmp = tempfile.TemporaryDirectory()
		self.top = self.tmp.name
		put(os.path.join(self.top, "6.0", "0001-core.patch"), PATCH)
		put(os.path.join(self.top, "6.0", "0016-dev.patch"), PATCH.replace("+b", "+c"))
		put(os.path.join(self.top, "6.0", "hand", "x-0001-x.patch"), PATCH)
		put(os.path.join(self.top, "5.19", "derive"),
		    "# comment\nfrom\t6.0\npath\tdrivers/vfio/vfio_main.c\tdrivers/vfio/vfio.c\n")

	def tearDown(self):
		self.tmp.cleanup()

	def test_paths_renamed_everywhere(self):
		files, chain, _ = lccorepatch.effective(os.path.join(self.top, "5.19"))
		self.assertEqual(chain, ["5.19", "6.0"])
		self.assertEqual(sorted(files), ["0001-core.patch", "0016-dev.patch", "hand/x-0001-x.patch"])
		text, origin = files["0001-core.patch"]
		self.assertEqual(origin, "6.0")
		self.assertNotIn("vfio_main.c", text)
		self.assertIn("diff --git a/drivers/vfio/vfio.c b/drivers/vfio/vfio.c", text)
		self.assertIn("+++ b/drivers/vfio/vfio.c", text)

	def test_own_file_wins(self):
		put(os.path.join(self.top, "5.19", "0016-dev.patch"), "mine\n")
		files, _, _ = lccorepatch.effective(os.path.join(self.top, "5.19"))
		self.assertEqual(files["0016-dev.patch"], ("mine\n", "5.19"))
		self.assertEqual(files["0001-core.patch"][1], "6.0")

	def test_chain(self):
		put(os.path.join(self.top, "5.18", "derive"), "from\t5.19\n")
		files, chain, _ = lccorepatch.effective(os.path.join(self.top, "5.18"))
		self.assertEqual(chain, ["5.18", "5.19", "6.0"])
		self.assertIn("drivers/vfio/vfio.c", files["0001-core.patch"][0])

	def test_broken_data(self):
		put(os.path.join(self.top, "bad", "derive"), "from 6.0\n")
		with self.assertRaises(lccorepatch.Broken):
			lccorepatch.effective(os.path.join(self.top, "bad"))
		put(os.path.join(self.top, "gone", "derive"), "from\tnope\n")
		with self.assertRaises(lccorepatch.Broken):
			lccorepatch.effective(os.path.join(self.top, "gone"))
		put(os.path.join(self.top, "loop", "derive"), "from\tloop\n")
		with self.assertRaises(lccorepatch.Broken):
			lccorepatch.effective(os.path.join(self.top, "loop"))

	def test_main_writes_origin_and_fails_as_a_tool(self):
		out = os.path.join(self.top, "out")
		self.assertEqual(lccorepatch.main(["x", os.path.join(self.top, "5.19"), out]), 0)
		with open(os.path.join(out, ".origin"), encoding="utf-8") as f:
			self.assertIn("hand/x-0001-x.patch\t6.0\n", f.read())
		self.assertTrue(os.path.isfile(os.path.join(out, "hand", "x-0001-x.patch")))
		put(os.path.join(self.top, "empty", "derive"), "from\tnothing\n")
		os.makedirs(os.path.join(self.top, "nothing"))
		self.assertEqual(lccorepatch.main(["x", os.path.join(self.top, "empty"), out]), 5)


if __name__ == "__main__":
	unittest.main()


class Series(unittest.TestCase):
	"""A family directory that names its patches by what they are: the
	series file gives the order and the roles, the effective directory
	the numbered names the series builder orders by."""

	def setUp(self):
		self.tmp = tempfile.TemporaryDirectory()
		self.top = self.tmp.name
		self.fam = os.path.join(self.top, "6.0")
		put(os.path.join(self.fam, "vfio-core.patch"), PATCH)
		put(os.path.join(self.fam, "bus-fix.patch"), PATCH.replace("+b", "+c"))
		put(os.path.join(self.fam, "dev.patch"), PATCH.replace("+b", "+d"))
		put(os.path.join(self.fam, "series"),
		    "# order and roles\nvfio-core.patch\thelpers\nbus-fix.patch\tbus-fix\ndev.patch\tstruct-device\n")

	def tearDown(self):
		self.tmp.cleanup()

	def run_main(self, fam):
		out = os.path.join(self.top, "out")
		rc = lccorepatch.main(["lifecycle/series/corepatch.py", fam, out])
		return rc, out

	def test_numbered_in_series_order(self):
		rc, out = self.run_main(self.fam)
		self.assertEqual(rc, 0)
		self.assertEqual(sorted(n for n in os.listdir(out) if n.endswith(".patch")),
				 ["0001-vfio-core.patch", "0002-bus-fix.patch", "0003-dev.patch"])
		with open(os.path.join(out, ".origin"), encoding="utf-8") as f:
			origin = [line.rstrip("\n").split("\t") for line in f]
		self.assertIn(["0002-bus-fix.patch", "6.0", "bus-fix.patch", "bus-fix"], origin)
		with open(os.path.join(out, "0003-dev.patch"), encoding="utf-8") as f:
			self.assertIn("+d", f.read())

	def test_order_is_the_series_not_the_names(self):
		put(os.path.join(self.fam, "series"), "vfio-core.patch\thelpers\ndev.patch\tstruct-device\nbus-fix.patch\tbus-fix\n")
		rc, out = self.run_main(self.fam)
		self.assertEqual(rc, 0)
		self.assertTrue(os.path.exists(os.path.join(out, "0002-dev.patch")))
		self.assertTrue(os.path.exists(os.path.join(out, "0003-bus-fix.patch")))

	def test_derived_family_takes_the_parent_series(self):
		put(os.path.join(self.top, "5.19", "derive"), "from\t6.0\npath\tdrivers/vfio/vfio_main.c\tdrivers/vfio/vfio.c\n")
		rc, out = self.run_main(os.path.join(self.top, "5.19"))
		self.assertEqual(rc, 0)
		with open(os.path.join(out, "0001-vfio-core.patch"), encoding="utf-8") as f:
			self.assertIn("drivers/vfio/vfio.c", f.read())

	def test_broken_series(self):
		"""Each: a tool failure (exit 5), nothing written."""
		for text in ("vfio-core.patch\thelpers\nbus-fix.patch\tbus-fix\n",        # dev.patch not listed
			     "vfio-core.patch\thelpers\nbus-fix.patch\tbus-fix\ndev.patch\tstruct-device\nnone.patch\tbus-fix\n",
			     "vfio-core.patch\thelpers\nbus-fix.patch\twhatever\ndev.patch\tstruct-device\n",
			     "bus-fix.patch\tbus-fix\ndev.patch\tstruct-device\nvfio-core.patch\tbus-fix\n",  # no helpers
			     "vfio-core.patch helpers\n"):
			put(os.path.join(self.fam, "series"), text)
			rc, out = self.run_main(self.fam)
			self.assertEqual(rc, 5, text)
			self.assertFalse(os.path.exists(out), text)
