# SPDX-License-Identifier: GPL-2.0-only
"""lclib.text: the text and position helpers."""

import os
import tempfile
import unittest

from lclib import text


class TestComments(unittest.TestCase):
    def test_strip_comments(self):
        self.assertEqual(text.strip_comments("a; /* x\n y */ b; // c\nd;"), "a;   b;  \nd;")

    def test_norm(self):
        self.assertEqual(text.norm("kfree( st->buf ); /* gone */"), "kfree(st->buf);")
        self.assertEqual(text.norm("mutex_init(&st->lock);"),
                         text.norm("mutex_init(\n\t&st->lock) ;"))

    def test_after_comments(self):
        self.assertEqual(text.after_comments("\n\t/* a */\n\t// b\n\tx();"), "x();")
        self.assertEqual(text.after_comments("  y;"), "y;")


class TestNames(unittest.TestCase):
    def test_idents(self):
        # members, keywords, strings and comments are not names
        self.assertEqual(text.idents('if (st->n) ret = f(x, "a b"); /* c */ return 0;'),
                         ["st", "ret", "f", "x"])

    def test_used_in(self):
        self.assertTrue(text.used_in("id", "x = id + 1;"))
        self.assertFalse(text.used_in("id", "x = st->id; y = idx; /* id */"))

    def test_writes(self):
        for code in ("n = 1;", "n++;", "--n;", "n |= 2;", "f(&n);"):
            self.assertTrue(text.writes("n", code), code)
        for code in ("x = n;", "if (n == 1) f();", "st->n = 1;"):
            self.assertFalse(text.writes("n", code), code)

    def test_writes_first(self):
        self.assertTrue(text.writes_first("n", "n = 1; f(n);"))
        self.assertFalse(text.writes_first("n", "f(n); n = 1;"))
        self.assertFalse(text.writes_first("n", "if (n == 1) n = 2;"))
        self.assertTrue(text.writes_first("n", "f();"))

    def test_types(self):
        self.assertEqual(text.base_type(" struct a * "), "struct a")
        self.assertEqual(text.struct_tag("struct lcd_state"), "lcd_state")
        self.assertEqual(text.struct_tag("struct lcd_state *", r"\s*\*"), "lcd_state")
        self.assertIsNone(text.struct_tag("int"))
        self.assertEqual(text.ops_base("lcd_dev_ops"), "lcd")
        self.assertEqual(text.ops_base("lcc_ops"), "lcc")


class TestPositions(unittest.TestCase):
    LS = ["int f(void)", "{", "\tint a;", "\treturn a;", "}", "", "int g(void)", "{", "}"]

    def test_text_between(self):
        self.assertEqual(text.text_between(self.LS, (3, 1), (3, 7)), "int a;")
        self.assertEqual(text.text_between(self.LS, (3, 5), (4, 7)), "a;\n\treturn")

    def test_fn_bounds(self):
        self.assertEqual(text.fn_bounds(self.LS, 3), (2, 5))
        self.assertEqual(text.fn_end(self.LS, 8), 9)
        self.assertEqual(text.fn_end(self.LS[:4], 3), 4)

    def test_trim(self):
        self.assertEqual(text.trim(["", "a", "", "b", " "]), ["a", "", "b"])

    def test_lines_of_and_ext(self):
        with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as fh:
            fh.write("a\nb\n")
        try:
            self.assertEqual(text.lines_of(fh.name), ["a", "b", ""])
            self.assertEqual(text.text_of(fh.name, (1, 0), (2, 1)), "a\nb")
        finally:
            text.forget(fh.name)
            os.unlink(fh.name)

        class P:
            line, column, line_end, column_end = "3", "1", "4", "9"
        self.assertEqual(text.ext(P), (3, 1, 4, 9))
        self.assertEqual(text.at(P), (3, 1))


# one file with every shape the lookup must know (kernel style and not)
SHAPES = """/* a comment with braces { and a call f_comment(void) { */
static int f_proto(struct x *a);
struct lc_state {
\tint n;
};

static inline int
f_proto(struct x *a)
{
\tif (a->n) {
\t\tpr_info("} not the end {");
\t}
\treturn '}';
}

static void __init f_attr(void) __releases(lock)
{
\t// a comment } in the body
}

#define F_MACRO(x) { x }
int f_same(void) { return 0; }
#ifdef CONFIG_X
int f_twice(int a)
{
}
#else
int f_twice(void)
{
}
#endif

static const struct vfio_device_ops lc_ops = {
\t.init\t= f_proto,
\t.name = "{",
};

struct vfio_device_ops lc_plain_ops = {
\t.release = f_attr,
};

static int lc_table[2] __attribute__((aligned(8))) = { 1, 2 };

static int lc_open(void)
{
""".split("\n")


class TestFunctionNameAt(unittest.TestCase):
    SRC = ("static const struct ops o = {\n"
           "\t.x = 1,\n"
           "};\n"
           "#define M(a) { a }\n"
           "static int probe(struct dev *d)\n"
           "{\n"
           "\tif (d) {\n"
           "\t\treturn 1\n"
           "\t}\n"
           "\treturn 0;\n"
           "}\n").split("\n")

    def test_body_lines(self):
        """From the opening brace to the closing one, nested blocks too."""
        for line in (6, 8, 11):
            self.assertEqual(text.function_name_at(self.SRC, line), "probe")

    def test_not_a_body(self):
        """An initialiser, a macro's braces and the declaration's line are
        no function body."""
        for line in (2, 4, 5):
            self.assertIsNone(text.function_name_at(self.SRC, line))


class TestDefinitions(unittest.TestCase):
    def fn(self, name, line=None):
        d = text.function_def(SHAPES, name, line)
        self.assertIsNotNone(d, name)
        return d

    def test_prototype_and_comment_are_no_definition(self):
        d = self.fn("f_proto")
        # static inline, the return type on the line before the name
        self.assertEqual((d.head, d.line, d.open, d.close), (7, 8, (9, 0), (14, 0)))
        self.assertEqual(d.params, "struct x *a")
        self.assertTrue(d.decl.startswith("static inline int\nf_proto("))
        self.assertIsNone(text.function_def(SHAPES, "f_comment"))
        self.assertIsNone(text.function_def(SHAPES, "lc_state"))
        # an initialiser whose declaration has parentheses
        self.assertIsNone(text.function_def(SHAPES, "__attribute__"))

    def test_braces_in_strings_chars_comments_nest(self):
        d = self.fn("f_proto")
        self.assertEqual(text.def_body(SHAPES, d).split("\n")[-2:], ["\treturn '}';", ""])
        self.assertEqual(self.fn("f_attr").close, (19, 0))

    def test_attributes_and_one_line_body(self):
        d = self.fn("f_attr")
        self.assertEqual((d.head, d.line, d.params), (16, 16, "void"))
        d = self.fn("f_same")
        self.assertEqual((d.open, d.close), ((22, 17), (22, 29)))
        self.assertEqual(text.def_body(SHAPES, d), " return 0; ")

    def test_directives_pass_over(self):
        self.assertIsNone(text.function_def(SHAPES, "F_MACRO"))
        # both arms of an #ifdef: the first, or the one spatch names
        self.assertEqual(self.fn("f_twice").line, 24)
        self.assertEqual(self.fn("f_twice", 28).params, "void")
        self.assertIsNone(text.function_def(SHAPES, "f_twice", 27))

    def test_open_at_the_end(self):
        d = self.fn("lc_open")
        self.assertEqual(d.close[0], len(SHAPES))

    def test_ops_initialiser(self):
        d = text.ops_initialiser(SHAPES, "lc_ops")
        self.assertEqual((d.head, d.close), (33, (36, 0)))
        self.assertEqual([l.strip() for l in text.def_body(SHAPES, d).split("\n") if l.strip()],
                         [".init\t= f_proto,", '.name = "{",'])
        self.assertIsNotNone(text.ops_initialiser(SHAPES, "lc_ops", const=True))
        self.assertIsNotNone(text.ops_initialiser(SHAPES, "lc_plain_ops"))
        self.assertIsNone(text.ops_initialiser(SHAPES, "lc_plain_ops", const=True))
        self.assertIsNone(text.ops_initialiser(SHAPES, "lc_ops", tag="pci_driver"))
        self.assertIsNone(text.ops_initialiser(SHAPES, "f_proto"))

    def test_function_at(self):
        self.assertEqual(text.function_at(SHAPES, 11).name, "f_proto")
        self.assertEqual(text.function_at(SHAPES, 7).name, "f_proto")
        self.assertIsNone(text.function_at(SHAPES, 4))
        self.assertIsNone(text.function_at(SHAPES, 34))
        self.assertEqual(text.fn_bounds(SHAPES, 12), (9, 14))
        self.assertEqual(text.fn_end(SHAPES, 4), len(SHAPES))

    def test_callers_share_it(self):
        # the rules' lookups answer from it (shapes, allochelper, rtops)
        from lclib import allochelper, rtops, shapes
        src = "\n".join(SHAPES)
        self.assertEqual(shapes.function(src, "f_proto")[:2], (9, 14))
        self.assertEqual(allochelper.def_line(src, "f_proto"), 8)
        self.assertEqual(rtops.ops_span(SHAPES, "lc_ops"), (32, 35))


if __name__ == "__main__":
    unittest.main()
