// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a driver on a bus the rules do not know ("lcbus"), whose
 * device structure embeds its struct device under another name than
 * "dev" and comes with its own to_lcbus_dev() helper.  Probe's set-up
 * reads the bus device: @init finds it again through the helper.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lcbus_device {
	int nregs;
	struct device lcdev;
};

#define to_lcbus_dev(d) container_of(d, struct lcbus_device, lcdev)

struct lcb_state {
	struct vfio_device vdev;
	u32 *regs;
};

static int lcb_init_dev(struct vfio_device *core_vdev)
{
	struct lcb_state *st = container_of(core_vdev, struct lcb_state, vdev);
	struct lcbus_device *ldev = to_lcbus_dev(core_vdev->dev);

	st->regs = kcalloc(ldev->nregs, sizeof(u32), GFP_KERNEL);
	if (!st->regs)
		return -ENOMEM;
	return 0;
}

static void lcb_release_dev(struct vfio_device *core_vdev)
{
	struct lcb_state *st = container_of(core_vdev, struct lcb_state, vdev);

	kfree(st->regs);
}

static const struct vfio_device_ops lcb_ops = {
	.name = "vfio-lcb",
	.init = lcb_init_dev,
	.release = lcb_release_dev,
};

static int lcb_probe(struct lcbus_device *ldev)
{
	struct lcb_state *st;
	int ret;

	st = vfio_alloc_device(lcb_state, vdev, &ldev->lcdev, &lcb_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_regs;
	dev_set_drvdata(&ldev->lcdev, st);
	return 0;

err_regs:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcb_remove(struct lcbus_device *ldev)
{
	struct lcb_state *st = dev_get_drvdata(&ldev->lcdev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_put_device(&st->vdev);
}
