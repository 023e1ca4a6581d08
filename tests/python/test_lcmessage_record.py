# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of lifecycle/series/message.py --record: a message paragraph is
chosen by the record's code, level and fields, not by the words of the
verdict (run by tests/63-convert-edges.t: python3 -m unittest discover
-s tests/python)."""

import os
import sys
import tempfile
import unittest

from lifecycle.series import message as lcmessage  # noqa: E402
from lifecycle.convert import verdict as lcverdict  # noqa: E402

T = lcmessage.load_templates(os.path.join(lcmessage.HERE, "messages", "templates.txt"))
REC = lcverdict.record


class Sections(unittest.TestCase):
	def test_by_fields(self):
		cases = [
			(REC("l.c", "converted", "midlayer", "", ["level=idiomatic", "init=l_init", "release=l_rel"]), "library"),
			(REC("l.h", "converted", "midlayer-header", "", ["level=idiomatic"]), "prototypes"),
			(REC("p.h", "converted", "header-member", "", ["level=idiomatic", "parent=1"]), "completion"),
			(REC("f.c", "converted", "helper-far", "", ["level=idiomatic"]), "far"),
			(REC("f.h", "converted", "helper-far", "", ["level=idiomatic"]), "far.header"),
			(REC("r.c", "converted", "converted", "", ["level=idiomatic", "init=r_init", "runtime_ops=fallback"]),
			 "runtime.fallback"),
			(REC("s.c", "converted", "converted", "", ["level=minimal", "runtime_ops=choice-minimal"]),
			 "runtime.choice"),
			(REC("p.c", "converted", "converted", "", ["level=idiomatic", "parent=1"]), "parent.idiomatic"),
			(REC("q.c", "converted", "converted", "", ["level=minimal", "parent=1"]), "parent.minimal"),
			(REC("m.c", "converted", "converted", "", ["level=minimal", "init=m_init"]), "minimal"),
			(REC("n.c", "converted", "converted", "", ["level=idiomatic"]), "nosetup"),
			(REC("i.c", "converted", "converted", "", ["level=idiomatic-in-part", "init=i_init"]), "lifted"),
			(REC("x.c", "not-converted", "guard", "minimal, target 6.1"), None),
		]
		for r, want in cases:
			self.assertEqual(lcmessage.section(r), want, r["path"])

	def test_rules(self):
		recs = [REC("l.c", "converted", "midlayer", "", ["level=idiomatic", "init=l_init"]),
			REC("a.c", "converted", "converted", "", ["level=idiomatic", "init=a_init"]),
			REC("b.c", "converted", "converted", "", ["level=idiomatic", "init=b_init"]),
			REC("n.c", "converted", "converted", "", ["level=idiomatic"])]
		self.assertEqual(lcmessage.rules(recs, ["l.c", "a.c", "b.c", "n.c", "none.c"]),
				 ["cocci/vfio_alloc_device.cocci", "cocci/vfio_midlayer_lib.cocci",
				  "cocci/vfio_midlayer_variant.cocci", "cocci/vfio_init_release.cocci",
				  "cocci/vfio_tidy.cocci"])
		self.assertEqual(lcmessage.rules(recs, ["n.c"]), ["cocci/vfio_alloc_device.cocci"])


class Reworded(unittest.TestCase):
	"""The paragraph of a record whose fields say it all is the same
	whatever its verdict's words."""

	SRC = ("static const struct vfio_device_ops a_ops = {\n\t.init\t\t= a_core_init,\n"
	       "\t.release\t= a_core_release,\n};\n"
	       "static int a_init_dev(struct vfio_device *vdev)\n{\n\tmutex_init(&a->lock);\n\treturn 0;\n}\n"
	       "static void a_release_dev(struct vfio_device *vdev)\n{\n\tmutex_destroy(&a->lock);\n"
	       "\tvfio_free_device(vdev);\n}\n")

	def test_same_paragraph(self):
		recs = [
			REC("d/l.c", "converted", "midlayer",
			    "idiomatic, target 6.1: mid-layer; l_init(), l_rel() for the callers' @init/@release, ops moved to them: d/x.c",
			    ["level=idiomatic", "init=l_init", "release=l_rel"]),
			REC("d/l.h", "converted", "midlayer-header",
			    "idiomatic, target 6.1: prototypes of the mid-layer helpers and callbacks", ["level=idiomatic"]),
			REC("d/p.h", "converted", "header-member",
			    "parent-owned struct p: completion member p_done, which p_rel() of d/p.c signals",
			    ["level=idiomatic", "parent=1", "completion=p_done", "release=p_rel"]),
			REC("d/p.c", "converted", "converted",
			    "idiomatic, parent-owned, target 6.1: vfio_init_device(); p_rel() signals p_done, which every "
			    "vfio_put_device() waits for", ["level=idiomatic", "parent=1", "completion=p_done", "release=p_rel"]),
			REC("d/n.c", "converted", "converted", "idiomatic, target 6.1: no set-up to move into @init/@release",
			    ["level=idiomatic"]),
			REC("d/a.c", "converted", "converted",
			    "idiomatic, target 6.1: a_init_dev(), a_release_dev(); a_probe(): drvdata set before the registration",
			    ["level=idiomatic", "init=a_init_dev", "release=a_release_dev"]),
		]
		with tempfile.TemporaryDirectory() as d:
			conv = os.path.join(d, "a.c")
			with open(conv, "w") as fh:
				fh.write(self.SRC)
			for r in recs:
				p = lcmessage.by_record(r, conv, T)
				self.assertTrue(p, r["path"])
				self.assertEqual(lcmessage.by_record(dict(r, text="in other words"), conv, T), p, r["path"])
			# the @release of the last one is the record's, whatever follows
			# the callbacks in its verdict
			self.assertIn("a_release_dev() (@release) destroys a->lock", lcmessage.by_record(recs[-1], conv, T))


if __name__ == "__main__":
	unittest.main()
