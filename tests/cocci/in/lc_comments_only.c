// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: already in the new life cycle; the old names survive only in
 * this comment (vfio_init_group_dev, vfio_uninit_group_dev) and in a
 * string.  Nothing to convert.
 */
#include <linux/module.h>
#include <linux/vfio.h>

struct lcn_state {
	struct vfio_device vdev;
};

static const struct vfio_device_ops lcn_ops = {
	.name = "was vfio_init_group_dev",
	.release = vfio_free_device,
};

static int lcn_probe(struct device *dev)
{
	struct lcn_state *st;

	st = vfio_alloc_device(lcn_state, vdev, dev, &lcn_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
	return vfio_register_group_dev(&st->vdev);
}
