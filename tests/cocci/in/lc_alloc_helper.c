// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state (with a large buffer) is allocated by a helper that
 * only calls vzalloc, in the declaration of the state, and freed with
 * vfree.  The allocation moves into the declaration (vfio_alloc_device()
 * allocates with kvzalloc) and the helper, now unused, goes.
 */
#include <linux/module.h>
#include <linux/vmalloc.h>
#include <linux/vfio.h>

struct lch_state {
	struct vfio_device vdev;
	u8 frame[1 << 20];
};

static const struct vfio_device_ops lch_ops = {
	.name = "lch",
};

static struct lch_state *lch_new_state(void)
{
	return vzalloc(sizeof(struct lch_state));
}

static int lch_probe(struct device *dev)
{
	struct lch_state *st = lch_new_state();
	int ret;

	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lch_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		vfio_uninit_group_dev(&st->vdev);
		vfree(st);
	}
	return ret;
}

static void lch_remove(struct lch_state *st)
{
	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	vfree(st);
}
