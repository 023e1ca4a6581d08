# SPDX-License-Identifier: GPL-2.0-only
"""lclib.unregister: which remove gets vfio_unregister_group_dev(), and
where (the rule's facts handed in by hand, no spatch)."""

import os
import tempfile
import unittest

from lclib import text
from lclib import unregister as U

SRC = """struct st {
	struct vfio_device vdev;
};

static int p(struct mdev_device *mdev)
{
	struct st *s = kzalloc(sizeof(*s), GFP_KERNEL);

	return vfio_register_group_dev(&s->vdev);
}

static void stop(struct st *s)
{
	%s
}

static void r(struct mdev_device *mdev)
{
	struct st *s = dev_get_drvdata(&mdev->dev);

	if (!s)
		return;
	stop(s);
	kfree(s);
}
"""


class Plan(unittest.TestCase):
    def facts(self, stop_body, remove="r"):
        fd, name = tempfile.mkstemp(suffix=".c")
        with os.fdopen(fd, "w") as fh:
            fh.write(SRC % stop_body)
        self.addCleanup(os.unlink, name)
        text.forget()
        U.forget_file()
        U.registration(name, "p", "vfio_register_group_dev", "s", "vdev", 9)
        U.driver_fns("p", remove)
        for fn, line in (("p", 5), ("stop", 12), ("r", 17)):
            U.defined(fn, line)
        if "vfio_unregister_group_dev" in stop_body:
            U.unregisters_in("stop")
        return name

    def test_fires_before_the_first_teardown(self):
        name = self.facts("s->n = 0;")
        fx = U.fixes(name)
        self.assertEqual(len(fx), 1)
        self.assertEqual((fx[0]["remove"], fx[0]["x"], fx[0]["teardown"], fx[0]["line"]),
                         ("r", "s", "kfree", 24))
        self.assertTrue(fx[0]["blank"])
        self.assertEqual(U.fix_names(name, True)["F"], "kfree")
        self.assertEqual(U.fix_names(name, False)["R"], U.NOTHING)

    def test_unregistered_through_a_helper(self):
        self.assertEqual(U.fixes(self.facts("vfio_unregister_group_dev(&s->vdev);")), [])

    def test_no_remove(self):
        self.assertEqual(U.fixes(self.facts("s->n = 0;", remove=None)), [])

    def test_teardown_names(self):
        for n in ("kfree", "vfio_uninit_group_dev", "foo_destroy_bar", "put_device"):
            self.assertTrue(U.TEARDOWN.search(n), n)
        for n in ("WARN_ON", "freeze_queue", "foo_get", "mutex_lock"):
            self.assertFalse(U.TEARDOWN.search(n), n)


if __name__ == "__main__":
    unittest.main()
