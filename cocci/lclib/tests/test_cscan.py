# SPDX-License-Identifier: GPL-2.0-only
"""lclib.cscan: the C statement scanner."""

import unittest

from lclib import cscan

SRC = r"""static int f(struct x *st)
{
	struct y *p = st->p;
	int ret;

	/* a comment with a } brace; and a semicolon */
	ret = g(st, "str;}", ';', '\'');
	if (ret)
		goto out;
	else if (ret > 1) {
		h(p);
		ret = 2;
	} else
		ret = 3;
	do {
		ret--;
	} while (ret > 0);
	// a line comment }
	for (i = 0; i < 3; i++)
		k(i);
	return 0;
out:
	kfree(st);
	return ret;
}
""".split("\n")


class TestTops(unittest.TestCase):
    def test_tops_at(self):
        tops = cscan.tops_at(SRC, 5)
        starts = [SRC[s[0] - 1][s[1]:].split("(")[0].split(" ")[0] for s in tops]
        self.assertEqual(starts, ["struct", "int", "ret", "if", "do", "for", "return",
                                  "kfree", "return"])
        # the if/else chain is one statement, to its last branch
        self.assertEqual(tops[3][:2], (8, 1))
        self.assertEqual(tops[3][2:], (14, 10))
        # the do/while ends at its semicolon (col_end exclusive)
        self.assertEqual(SRC[tops[4][2] - 1][:tops[4][3]], "\t} while (ret > 0);")
        # strings, characters and comments do not end a statement
        self.assertEqual(SRC[tops[2][0] - 1][tops[2][1]:tops[2][3]],
                         "ret = g(st, \"str;}\", ';', '\\'');")

    def test_decls(self):
        tops = cscan.tops_at(SRC, 5)
        self.assertTrue(cscan.is_decl(SRC, tops[0]))
        self.assertTrue(cscan.is_decl(SRC, tops[1]))
        self.assertFalse(cscan.is_decl(SRC, tops[2]))
        self.assertFalse(cscan.is_decl(SRC, tops[6]))
        # both declarations (the struct pointer and the int) left out
        self.assertEqual(len(cscan.tops_of(SRC, 5)), len(tops) - 2)

    def test_pointer_decls(self):
        """A pointer declaration is one ("struct y *p", "u8 *buf"): Linux
        5.15's platform mid-layer declares a struct pointer before
        vfio_init_group_dev() and was refused as "not its first
        statement"."""
        ls = ["{", "\tstruct y *p = st->p;", "\tu8 *buf;", "\tunsigned long f;",
              "\tstruct a **pp, *q;", "\tchar name[16];", "\ta = b;", "\t*p = 1;", "}"]
        self.assertEqual([cscan.is_decl(ls, s) for s in cscan.tops_at(ls, 2)],
                         [True, True, True, True, True, False, False])

    def test_all_stmts(self):
        alls = cscan.all_stmts(SRC, 5)
        tops = cscan.tops_at(SRC, 5)
        self.assertTrue(set(tops) <= set(alls))
        # the label, in column 0
        self.assertIn((22, 0, 22, 4), alls)
        # statements inside braces
        self.assertIn((11, 2, 11, 7), alls)   # h(p);
        self.assertIn((16, 2, 16, 8), alls)   # ret--;
        self.assertEqual(cscan.outermost([s for s in alls if s[1] > 0], (0, 0), (10 ** 9, 0)),
                         sorted(tops))

    def test_containing(self):
        tops = cscan.tops_at(SRC, 5)
        self.assertEqual(cscan.containing(tops, (11, 3)), tops[3])
        self.assertIsNone(cscan.containing(tops, (1, 0)))


class TestOpaque(unittest.TestCase):
    def test_opaque_end(self):
        """Strings, character constants and comments end where they
        close; brackets inside them do not count."""
        text = 'f("a)", \')\', /* ) */ x) // )\n;'
        sc = cscan._Scanner(text)
        self.assertEqual(sc.opaque_end(2), 5)              # "a)"
        self.assertEqual(text[sc.opaque_end(8)], "'")      # ')'
        c = text.index("/*")
        self.assertEqual(sc.opaque_end(c), text.index("*/") + 1)
        self.assertEqual(text[sc.opaque_end(text.index("//"))], "\n")
        self.assertIsNone(sc.opaque_end(0))
        self.assertEqual(sc.close_of(1, "(", ")"), text.index("x)") + 1)


if __name__ == "__main__":
    unittest.main()
