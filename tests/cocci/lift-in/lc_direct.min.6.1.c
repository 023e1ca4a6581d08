// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the direct form.  kzalloc + vfio_init_group_dev() in probe,
 * an early return before the allocation, a goto ladder, uninit + kfree on
 * the ladder and in remove, and a field freed after the uninit call.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcd_state {
	struct vfio_device vdev;
	u8 *regs;
	int id;
};

static int lcd_count;

static const struct vfio_device_ops lcd_ops = {
	.name = "vfio-lcd",
	.release = vfio_free_device,
};

static int lcd_probe(struct mdev_device *mdev)
{
	struct lcd_state *st;
	int ret;

	if (lcd_count > 8)
		return -ENOSPC;

	st = vfio_alloc_device(lcd_state, vdev, &mdev->dev, &lcd_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	st->regs = kzalloc(64, GFP_KERNEL);
	if (!st->regs) {
		ret = -ENOMEM;
		goto err_uninit;
	}
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_regs;
	dev_set_drvdata(&mdev->dev, st);
	lcd_count++;
	return 0;

err_regs:
	kfree(st->regs);
err_uninit:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcd_remove(struct mdev_device *mdev)
{
	struct lcd_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	kfree(st->regs);
	vfio_put_device(&st->vdev);
	lcd_count--;
}
