# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of cocci/lclib/checker.py (no spatch): run by
tests/57-lifecycle-check.t with cocci/ on PYTHONPATH."""

import io
import unittest

from lclib import checker


def pos(line, col=1, name="x.c"):
    return (name, line, col, col + 4)


class PreUninit(unittest.TestCase):
    def test_init_without_uninit(self):
        self.assertTrue(checker.pre_uninit(
            "vfio_init_group_dev(&st->vdev, dev, &ops);\nkfree(st);\n"))

    def test_uninit_in_a_comment_does_not_count(self):
        self.assertTrue(checker.pre_uninit(
            "/* no vfio_uninit_group_dev() yet */\n"
            "// vfio_uninit_group_dev(&st->vdev);\n"
            "vfio_init_group_dev(&st->vdev, dev, &ops);\n"))

    def test_with_uninit(self):
        self.assertFalse(checker.pre_uninit(
            "vfio_init_group_dev(&st->vdev, dev, &ops);\n"
            "vfio_uninit_group_dev(&st->vdev);\n"))

    def test_init_only_in_a_comment(self):
        self.assertFalse(checker.pre_uninit("/* vfio_init_group_dev() */\n"))


class Judge(unittest.TestCase):
    def setUp(self):
        checker.set_target("6.1")
        checker.set_mode("report")

    def run_end(self):
        out = io.StringIO()
        checker.end_of_file(out)
        return out.getvalue()

    def test_second_release_is_reported_once_at_the_later_line(self):
        checker.release_init(pos(12), "ops", "old_close")
        checker.release_init(pos(11), "ops", "vfio_free_device")
        checker.release_init(pos(12), "ops", "old_close")
        out = self.run_end().splitlines()
        self.assertEqual(len(out), 1)
        self.assertTrue(out[0].startswith("x.c:12:1-5: life-cycle double-release: "))
        self.assertIn("vfio_free_device, line 11", out[0])

    def test_register_without_unregister(self):
        checker.register(pos(5), "vfio_register_group_dev")
        self.assertIn("life-cycle no-unregister", self.run_end())
        checker.register(pos(5), "vfio_register_group_dev")
        checker.unregister(pos(9))
        self.assertEqual(self.run_end(), "")

    def test_kfree_only_of_allocated_tags(self):
        checker.alloc(pos(3), "a_state")
        checker.free_of_object(pos(7), "kfree", "other_state")
        self.assertEqual(self.run_end(), "")
        checker.alloc(pos(3), "a_state")
        checker.free_of_object(pos(7), "kvfree", "a_state")
        self.assertIn("x.c:7:1-5: life-cycle kfree: kvfree() of struct a_state", self.run_end())

    def test_return_after_free_is_fine(self):
        checker.after_free(pos(1), pos(4), pos(5), "rel", "vdev", "return;")
        self.assertEqual(self.run_end(), "")

    def test_vfio_free_device_as_release_on_62(self):
        checker.set_target("6.2")
        checker.release_init(pos(8), "ops", "vfio_free_device")
        self.assertIn("life-cycle core-frees", self.run_end())

    def test_unknown_class_is_an_error(self):
        self.assertRaises(ValueError, checker.finding, pos(1), "nope", "m")

    def test_org_mode(self):
        checker.set_mode("org")
        checker.null_test(pos(2))
        self.assertTrue(self.run_end().startswith("* TODO [[view:x.c::face=ovl-face1::linb=2::"))


if __name__ == "__main__":
    unittest.main()
