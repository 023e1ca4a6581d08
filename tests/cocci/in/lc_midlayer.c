// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a mid-layer that initialises a vfio_device it did not allocate
 * and uninitialises it without freeing it.  The minimal rules cannot prove
 * a conversion safe here: the file must be reported and left as it is.
 */
#include <linux/module.h>
#include <linux/vfio.h>

struct lcm_core {
	struct vfio_device vdev;
	void *priv;
};

static const struct vfio_device_ops lcm_ops = {
	.name = "vfio-lcm",
};

int lcm_probe_common(struct lcm_core *core, struct device *dev)
{
	vfio_init_group_dev(&core->vdev, dev, &lcm_ops);
	return vfio_register_group_dev(&core->vdev);
}
EXPORT_SYMBOL_GPL(lcm_probe_common);

void lcm_remove_common(struct lcm_core *core)
{
	vfio_unregister_group_dev(&core->vdev);
	vfio_uninit_group_dev(&core->vdev);
}
EXPORT_SYMBOL_GPL(lcm_remove_common);
