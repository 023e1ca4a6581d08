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
	struct completion vdev_released;
	int id;
};

static void lcd_release_dev(struct vfio_device *vdev)
{
	struct lcd_state *st = container_of(vdev, struct lcd_state, vdev);

	/*
	 * The structure belongs to the parent, which frees or reuses it once
	 * the put in remove returns; the put waits for this.
	 */
	complete(&st->vdev_released);
}

static const struct vfio_device_ops lcd_ops = {
	.name = "lcd",
	.release = lcd_release_dev,
};

static int lcd_probe(struct device *dev)
{
	struct lcd_state *st;
	int ret;

	st = devm_kzalloc(dev, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	init_completion(&st->vdev_released);
	ret = vfio_init_device(&st->vdev, dev, &lcd_ops);
	if (ret)
		goto err_uninit_init;
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(dev, st);
	return 0;

err_uninit:
	vfio_put_device(&st->vdev);
	wait_for_completion(&st->vdev_released);
err_uninit_init:
	return ret;
}

static void lcd_remove(struct device *dev)
{
	struct lcd_state *st = dev_get_drvdata(dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
	wait_for_completion(&st->vdev_released);
}
