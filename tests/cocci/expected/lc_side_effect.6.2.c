// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a local whose initialiser has a side effect (it takes an id)
 * is used by the set-up and again after the registration.  Copying the
 * declaration into @init would take a second id: only the minimal level
 * is the same program.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/idr.h>
#include <linux/vfio.h>

struct lcs_state {
	struct vfio_device vdev;
	int id;
};

static DEFINE_IDA(lcs_ida);

static const struct vfio_device_ops lcs_ops = {
	.name = "lcs",
};

static int lcs_probe(struct device *dev)
{
	int id = ida_alloc(&lcs_ida, GFP_KERNEL);
	struct lcs_state *st;
	int ret;

	if (id < 0)
		return -ENOSPC;
	st = vfio_alloc_device(lcs_state, vdev, dev, &lcs_ops);
	if (IS_ERR(st)) {
		ret = PTR_ERR(st);
		goto err_id;
	}
	st->id = id;
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_info(dev, "lcs%d\n", id);
	dev_set_drvdata(dev, st);
	return 0;

err_uninit:
	vfio_put_device(&st->vdev);
err_id:
	ida_free(&lcs_ida, id);
	return ret;
}

static void lcs_remove(struct device *dev)
{
	struct lcs_state *st = dev_get_drvdata(dev);
	int id = st->id;

	vfio_unregister_group_dev(&st->vdev);
	ida_free(&lcs_ida, id);
	vfio_put_device(&st->vdev);
}
