# SPDX-License-Identifier: GPL-2.0-only
"""lclib.style: alignment of what the rules added, labels named for what
they undo."""

import unittest

from lclib import style

ALIGNED = """static const struct vfio_device_ops x_ops = {
\t.name\t\t= "x",
\t.read\t\t= x_read,
\t.open_device\t= x_open,
};
"""

UNALIGNED = """static const struct vfio_device_ops x_ops = {
\t.name = "x",
\t.read = x_read,
};
"""

PROBE_OLD = """static int x_probe(struct mdev_device *mdev)
{
\tint ret;

\tret = vfio_register_emulated_iommu_dev(&st->vdev);
\tif (ret)
\t\tgoto out_free;
\treturn 0;
out_free:
\tvfio_uninit_group_dev(&st->vdev);
\tkfree(st);
\treturn ret;
}
"""

PROBE_NEW = """static int x_probe(struct mdev_device *mdev)
{
\tint ret;

\tret = vfio_register_emulated_iommu_dev(&st->vdev);
\tif (ret)
\t\tgoto out_free;
\treturn 0;
out_free:
\tvfio_put_device(&st->vdev);
\treturn ret;
}
"""


def add_ops(text):
    return text.replace("};", "\t.init = x_init,\n\t.release = x_release,\n};")


class TestAlign(unittest.TestCase):
    def test_aligned_block(self):
        out, rep = style.restyle(ALIGNED, add_ops(ALIGNED))
        self.assertIn("\t.init\t\t= x_init,\n\t.release\t= x_release,\n};", out)
        self.assertEqual(rep, ["align 5", "align 6"])

    def test_unaligned_block_stays(self):
        new = add_ops(UNALIGNED)
        out, rep = style.restyle(UNALIGNED, new)
        self.assertEqual(out, new)
        self.assertEqual(rep, [])

    def test_old_lines_untouched(self):
        # an initialiser that was there before keeps its one space
        old = ALIGNED.replace("\t.read\t\t= x_read,", "\t.read = x_read,")
        out, _ = style.restyle(old, add_ops(old))
        self.assertIn("\t.read = x_read,\n", out)
        self.assertIn("\t.init\t\t= x_init,\n", out)

    def test_block_of_added_lines_only(self):
        # a block the rules wrote whole: only its aligned lines are models
        new = "int a;\n" + add_ops(ALIGNED)
        out, rep = style.restyle("int a;\n", new)
        self.assertIn("\t.release\t= x_release,", out)
        self.assertEqual(len(rep), 2)

    def test_member_aligned(self):
        old = "struct s {\n\tstruct vfio_device\tvdev;\n\tstruct mutex\t\tlock;\n\tu8\t\t\t*regs;\n};\n"
        new = old.replace("\tstruct vfio_device\tvdev;\n", "\tstruct vfio_device vdev;\n")
        out, rep = style.restyle(old, new)
        self.assertEqual(out, old)
        self.assertEqual(rep, ["align 2"])

    def test_member_unaligned_stays(self):
        old = "struct s {\n\tstruct mutex lock;\n\tu8 *regs;\n};\n"
        new = old.replace("\tu8 *regs;\n", "\tu8 *regs;\n\tstruct completion done;\n")
        self.assertEqual(style.restyle(old, new), (new, []))

    def test_local_variables_untouched(self):
        old = "static int f(void)\n{\n\tstruct mutex\t\tlock;\n\treturn 0;\n}\n"
        new = old.replace("\treturn 0;", "\tint ret;\n\treturn 0;")
        self.assertEqual(style.restyle(old, new), (new, []))


class TestLabels(unittest.TestCase):
    def test_renamed(self):
        out, rep = style.restyle(PROBE_OLD, PROBE_NEW)
        self.assertIn("\t\tgoto out_put_vdev;\n", out)
        self.assertIn("\nout_put_vdev:\n\tvfio_put_device(&st->vdev);", out)
        self.assertNotIn("out_free", out)
        self.assertEqual(rep, ["label out_free out_put_vdev x_probe"])

    def test_target_unchanged(self):
        self.assertEqual(style.restyle(PROBE_NEW, PROBE_NEW), (PROBE_NEW, []))

    def test_name_taken(self):
        new = PROBE_NEW.replace("\tint ret;", "\tint ret, out_put_vdev = 0;")
        old = PROBE_OLD.replace("\tint ret;", "\tint ret, out_put_vdev = 0;")
        self.assertEqual(style.restyle(old, new), (new, []))

    def test_macro_names_label(self):
        mac = "#define BAIL() goto out_free\n"
        self.assertEqual(style.restyle(mac + PROBE_OLD, mac + PROBE_NEW),
                         (mac + PROBE_NEW, []))

    def test_new_function_skipped(self):
        # a function the rules wrote has no label of its own to compare
        new = PROBE_NEW.replace("x_probe", "x_init_dev")
        self.assertEqual(style.restyle(PROBE_OLD, new), (new, []))

    def test_other_function_untouched(self):
        other = "static void y(void)\n{\n\tgoto out_free;\nout_free:\n\treturn;\n}\n"
        out, _ = style.restyle(PROBE_OLD + other, PROBE_NEW + other)
        self.assertTrue(out.endswith(other))


if __name__ == "__main__":
    unittest.main()
