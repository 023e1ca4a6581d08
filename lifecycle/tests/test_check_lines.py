# SPDX-License-Identifier: GPL-2.0-only
"""lifecycle.check.lines: added lines of a patch, lines seen in a .i."""
import unittest

from lifecycle.check import lines as cl

PATCH = """\
diff --git a/d/a.c b/d/a.c
--- a/d/a.c
+++ b/d/a.c
@@ -10,3 +10,8 @@ int f(void)
 	int a;
-	int b;
+	int c;
+
+	/* a comment */
+#ifdef X
+	x();
+#endif
 	return 0;
+	 * not code either
diff --git a/d/Makefile b/d/Makefile
--- a/d/Makefile
+++ b/d/Makefile
@@ -1 +1,2 @@
 obj-y += a.o
+obj-y += b.o
"""

I_FILE = """\
# 1 "/k/src/d/a.c"
int a;
# 11 "/k/src/d/a.c"
 int c;

# 1 "../src/include/x.h" 1
int h;
# 16 "../src/d/a.c" 2
 return 0;
"""


class TestLines(unittest.TestCase):
    def test_patch_lines(self):
        got = [(a.path, a.line, a.text) for a in cl.patch_lines(PATCH)]
        self.assertEqual(got, [("d/a.c", 11, "\tint c;"), ("d/a.c", 15, "\tx();")])

    def test_seen_lines(self):
        seen = cl.seen_lines(I_FILE, {"d/a.c"}, ("/k/src", "../src"))
        self.assertEqual(seen, {("d/a.c", 1), ("d/a.c", 11), ("d/a.c", 12),
                                ("d/a.c", 16)})
        # a last newline starts no line
        self.assertNotIn(("d/a.c", 17), seen)

    def test_never_compiled(self):
        added = cl.patch_lines(PATCH)
        never = cl.never_compiled(added, {("d/a.c", 11)})
        self.assertEqual([cl.never_line(a) for a in never],
                         ["    never compiled: d/a.c:15: \tx();"])

    def test_strip_prefix(self):
        self.assertEqual(cl.strip_prefix("/k/src/a.c", ("/k/src", "../src")), "a.c")
        self.assertEqual(cl.strip_prefix("../src/a.c", ("/k/src", "../src")), "a.c")
        self.assertIsNone(cl.strip_prefix("/usr/a.h", ("/k/src", "../src")))


if __name__ == "__main__":
    unittest.main()
