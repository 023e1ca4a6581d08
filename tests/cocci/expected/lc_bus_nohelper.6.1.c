// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a driver on a bus the rules do not know ("lcbus") whose device
 * structure is opaque (the bus header declares it and its accessors):
 * the struct device comes from lcbus_get_dev(), and nothing leads back
 * from it to the bus device.
 * Probe's set-up reads the bus device, so it cannot move into @init:
 * converted at the minimal level, the reason naming the type and the
 * line that passed the device.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/lcbus.h>

struct lcn_state {
	struct vfio_device vdev;
	u32 *regs;
};

static const struct vfio_device_ops lcn_ops = {
	.name = "vfio-lcn",
	.release = vfio_free_device,
};

static int lcn_probe(struct lcbus_device *ldev)
{
	struct lcn_state *st;
	int ret;

	st = vfio_alloc_device(lcn_state, vdev, lcbus_get_dev(ldev), &lcn_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	st->regs = kcalloc(lcbus_nregs(ldev), sizeof(u32), GFP_KERNEL);
	if (!st->regs) {
		ret = -ENOMEM;
		goto err_uninit;
	}
	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_regs;
	dev_set_drvdata(lcbus_get_dev(ldev), st);
	return 0;

err_regs:
	kfree(st->regs);
err_uninit:
	vfio_put_device(&st->vdev);
	return ret;
}

static void lcn_remove(struct lcbus_device *ldev)
{
	struct lcn_state *st = dev_get_drvdata(lcbus_get_dev(ldev));

	vfio_unregister_group_dev(&st->vdev);
	kfree(st->regs);
	vfio_put_device(&st->vdev);
}
