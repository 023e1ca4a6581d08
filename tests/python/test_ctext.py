# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of cocci/lclib/ctext.py (run by tests/63-convert-edges.t:
python3 -m unittest discover -s tests/python, PYTHONPATH=cocci)."""

import os
import subprocess
import sys
import tempfile
import unittest

from lclib import ctext

OLD = ["vfio_init_group_dev", "vfio_uninit_group_dev"]


class CodeOnly(unittest.TestCase):
	def test_shape_kept(self):
		src = 'a /* x\ny */ b // c\nd "e\\"f" \'g\' h\n'
		out = ctext.code_only(src)
		self.assertEqual(len(out), len(src))
		self.assertEqual(out.count("\n"), src.count("\n"))
		self.assertEqual(out, 'a     \n     b     \nd "    " \' \' h\n')

	def test_line_comment_continued(self):
		src = "x // vfio_init_group_dev \\\nvfio_uninit_group_dev(d);\ny\n"
		self.assertEqual([c[0] for c in ctext.calls(src, OLD)], [])
		self.assertIn("y", ctext.code_only(src))

	def test_comment_opened_across_continuation(self):
		src = "a /\\\n* vfio_init_group_dev */ b\n"
		self.assertEqual(ctext.calls(src, OLD), [])

	def test_string_and_char(self):
		src = 'p("vfio_init_group_dev(");\nq(\'"\');\nvfio_uninit_group_dev(d);\n'
		self.assertEqual([(c[0], c[1]) for c in ctext.calls(src, OLD)],
			[("vfio_uninit_group_dev", 3)])

	def test_identifier_split_by_continuation(self):
		src = "\tvfio_init_\\\ngroup_dev(d);\n"
		self.assertEqual([(c[0], c[1]) for c in ctext.calls(src, OLD)],
			[("vfio_init_group_dev", 1)])

	def test_longer_identifier_is_not_a_use(self):
		self.assertEqual(ctext.calls("my_vfio_init_group_dev(d); vfio_init_group_dev_x(d);\n", OLD), [])

	def test_crlf(self):
		src = "// vfio_init_group_dev\r\nvfio_uninit_group_dev(d);\r\n"
		self.assertEqual([(c[0], c[1]) for c in ctext.calls(src, OLD)],
			[("vfio_uninit_group_dev", 2)])


class Guards(unittest.TestCase):
	def test_branches(self):
		src = ("#ifdef NEW\n"
			"vfio_put_device(d);\n"
			"#else\n"
			"vfio_uninit_group_dev(d);\n"
			"#endif\n"
			"vfio_init_group_dev(d);\n")
		got = ctext.calls(src, OLD)
		self.assertEqual(got, [
			("vfio_uninit_group_dev", 4, "#else of #ifdef NEW", "#else (line 3) of #ifdef NEW (line 1)"),
			("vfio_init_group_dev", 6, "-", "-")])

	def test_same_condition_same_key(self):
		src = "#ifdef A\nvfio_init_group_dev(d);\n#endif\nx;\n#ifdef A\nvfio_uninit_group_dev(d);\n#endif\n"
		keys = {c[2] for c in ctext.calls(src, OLD)}
		self.assertEqual(keys, {"#ifdef A"})

	def test_nested(self):
		src = "#if A\n# if B\nvfio_init_group_dev(d);\n# endif\n#endif\n"
		self.assertEqual(ctext.calls(src, OLD)[0][2:], ("#if A / #if B", "#if B (line 2)"))

	def test_include_guard_ignored(self):
		src = ("/* hdr */\n#ifndef LC_H\n#define LC_H\n"
			"static inline void f(void) { vfio_init_group_dev(d); }\n"
			"#endif /* LC_H */\n")
		self.assertEqual(ctext.calls(src, OLD)[0][2], "-")

	def test_not_an_include_guard(self):
		src = "#ifndef LC_H\n#define LC_H\n#endif\nvoid f(void);\n#ifdef X\nvfio_init_group_dev(d);\n#endif\n"
		self.assertEqual(ctext.calls(src, OLD)[0][2], "#ifdef X")

	def test_directive_in_comment_ignored(self):
		src = "/*\n#if 0\n*/\nvfio_init_group_dev(d);\n"
		self.assertEqual(ctext.calls(src, OLD)[0][2], "-")

	def test_unbalanced(self):
		with self.assertRaises(ValueError):
			ctext.calls("#endif\n", OLD)
		with self.assertRaises(ValueError):
			ctext.calls("#if X\n", OLD)


class Misc(unittest.TestCase):
	def test_utf8(self):
		self.assertIsNone(ctext.not_utf8("é\n".encode()))
		self.assertEqual(ctext.not_utf8(b"a\n/* Jos\xe9 */\n"), "byte 0xE9 at line 2")

	def test_eol(self):
		self.assertEqual(ctext.eol(b"a\nb\n"), "lf")
		self.assertEqual(ctext.eol(b"a\r\nb\r\n"), "crlf")
		self.assertEqual(ctext.eol(b"a\r\nb\n"), "mixed 1 of 2")

	def test_refs(self):
		with tempfile.TemporaryDirectory() as d:
			p = os.path.join(d, "r.c")
			with open(p, "w") as f:
				f.write("/* vfio_init_group_dev() */\n"
					"\tvfio_init_group_dev(v);\n"
					"char *s = \"vfio_uninit_group_dev\";\n"
					"\tmy_vfio_init_group_dev_x();\n")
			self.assertEqual(ctext.refs("vfio_init_group_dev|vfio_uninit_group_dev", p),
				[(2, "\tvfio_init_group_dev(v);")])
			r = subprocess.run([sys.executable, "-m", "lclib.ctext", "--refs", "x_never", p],
				capture_output=True)
			self.assertEqual((r.returncode, r.stdout), (1, b""))

	def test_cli(self):
		with tempfile.TemporaryDirectory() as d:
			p = os.path.join(d, "x.c")
			with open(p, "wb") as f:
				f.write(b"/* vfio_init_group_dev \xe9 */\nvfio_uninit_group_dev(d);\n")
			env = dict(os.environ)
			r = subprocess.run([sys.executable, "-m", "lclib.ctext", "calls", p] + OLD,
				capture_output=True, env=env)
			self.assertEqual((r.returncode, r.stdout), (0, b"vfio_uninit_group_dev\t2\t-\t-\n"))
			r = subprocess.run([sys.executable, "-m", "lclib.ctext", "calls", p, "nothing"],
				capture_output=True, env=env)
			self.assertEqual((r.returncode, r.stdout), (1, b""))
			r = subprocess.run([sys.executable, "-m", "lclib.ctext", "utf8", p],
				capture_output=True, env=env)
			self.assertEqual((r.returncode, r.stdout), (1, b"byte 0xE9 at line 1\n"))


if __name__ == "__main__":
	unittest.main()
