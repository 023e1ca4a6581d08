// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state is devm_kzalloc() memory (devres frees it when the
 * device unbinds); probe initialises the vfio_device in it and remove
 * only uninitialises it.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcd_state {
	struct vfio_device vdev;
	int id;
};

static const struct vfio_device_ops lcd_ops = {
	.name = "lcd",
};

static int lcd_probe(struct device *dev)
{
	struct lcd_state *st;
	int ret;

	st = devm_kzalloc(dev, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, dev, &lcd_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(dev, st);
	return 0;

err_uninit:
	vfio_uninit_group_dev(&st->vdev);
	return ret;
}

static void lcd_remove(struct device *dev)
{
	struct lcd_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
}
