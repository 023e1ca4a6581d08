# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of scripts/lcmessage.py --verdict: the paragraphs of the
cross-file helper stage's files and the notes pre-stages append to a
verdict (run by tests/63-convert-edges.t)."""

import os
import sys
import unittest

SCRIPTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "scripts")
sys.path.insert(0, SCRIPTS)
import lcmessage  # noqa: E402 (the path above first)

T = lcmessage.load_templates(os.path.join(SCRIPTS, "messages", "templates.txt"))
MINIMAL = ("minimal, target 6.1; not idiomatic: local 'parent' of lhf_probe() (line 21) is initialised "
           "from another local")
FAR = ("; lhf_create() -> __lhf_create() of lhf_core.c set up the state they are given, the caller "
       "allocates it (line 25); lhf_destroy() no longer frees it")
PRE = "; no vfio_uninit_group_dev() in the input: the frees after the unregister and on the failure paths become the put"


class Notes(unittest.TestCase):
	def test_notes_leave_the_reason_alone(self):
		"""The reason in parentheses is the lift's alone; each note is a
		sentence of its own after the paragraph."""
		p = lcmessage.by_verdict("lhf_main.c", MINIMAL + FAR + PRE, "/nonexistent", T)
		plain = lcmessage.by_verdict("lhf_main.c", MINIMAL, "/nonexistent", T)
		self.assertTrue(p.startswith(plain + " "))
		self.assertNotIn("->", plain)
		self.assertIn("The state is allocated before lhf_create() -> __lhf_create() runs on it (lhf_core.c).", p)
		self.assertIn("It never called vfio_uninit_group_dev()", p)

	def test_renamed_ops(self):
		v = MINIMAL + PRE + "; lcp_ops: .open/.release (5.13/5.14 open/close) renamed .open_device/.close_device"
		p = lcmessage.by_verdict("lcp.c", v, "/nonexistent", T)
		self.assertIn("The .open/.release of lcp_ops", p)
		self.assertNotIn("renamed .open_device", p)


class FarFiles(unittest.TestCase):
	def test_far_file(self):
		v = ("lhf_create(), __lhf_create() set up the state they are given and return an error code; the vfio "
		     "core allocates it (for lhf_main.c); lhf_destroy() undoes the set-up and no longer frees it")
		p = lcmessage.by_verdict("lhf_core.c", v, "/nonexistent", T)
		self.assertTrue(p.startswith("lhf_core.c: lhf_create(), __lhf_create() set up a state they are given"))
		self.assertIn("lhf_destroy() undoes their set-up", p)

	def test_header_with_member(self):
		v = ("prototypes of the functions that set up the state they are given, struct lhf_state with its "
		     "vfio_device first (for lhf_main.c)")
		p = lcmessage.by_verdict("x/lhf.h", v, "/nonexistent", T)
		self.assertIn("the vfio_device moves to the front of struct lhf_state", p)
		self.assertTrue(p.startswith("lhf.h: the prototypes"))
		p = lcmessage.by_verdict("x/lhf.h", "prototypes of the functions that set up the state they are given "
					 "(for lhf_main.c)", "/nonexistent", T)
		self.assertNotIn("front", p)


if __name__ == "__main__":
	unittest.main()
