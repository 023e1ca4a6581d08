// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a 5.13/5.14-era driver (no vfio_uninit_group_dev()) whose
 * remove unregisters, then calls a destroy function of its own that
 * frees the state.  The free is in a function that neither initialises
 * nor unregisters the device: the rewrite cannot tell it is the last
 * use, so the file is refused, naming the shape and the line of the free.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcd_state {
	struct vfio_device vdev;
	int opened;
};

static int lcd_open(struct vfio_device *vdev)
{
	struct lcd_state *st = container_of(vdev, struct lcd_state, vdev);

	st->opened = 1;
	return 0;
}

static void lcd_release(struct vfio_device *vdev)
{
	struct lcd_state *st = container_of(vdev, struct lcd_state, vdev);

	st->opened = 0;
}

static const struct vfio_device_ops lcd_ops = {
	.name = "lcd",
	.open = lcd_open,
	.release = lcd_release,
};

static void lcd_destroy(struct lcd_state *st)
{
	st->opened = -1;
	kfree(st);
}

static int lcd_probe(struct mdev_device *mdev)
{
	struct lcd_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcd_ops);
	ret = vfio_register_group_dev(&st->vdev);
	if (ret) {
		lcd_destroy(st);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, st);
	return 0;
}

static void lcd_remove(struct mdev_device *mdev)
{
	struct lcd_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	lcd_destroy(st);
}
