// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a second front end of the lcmid mid-layer, with nothing of its
 * own to undo.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "lcmid.h"

static int lcmid_b_irq(struct lcmid_state *st, int i)
{
	return 0;
}

static int lcmid_b_init_dev(struct vfio_device *core_vdev)
{
	struct lcmid_state *st =
		container_of(core_vdev, struct lcmid_state, vdev);
	struct platform_device *pdev = to_platform_device(core_vdev->dev);

	st->label = pdev->name;
	st->get_irq = lcmid_b_irq;

	return lcmid_init_common(st);
}

static void lcmid_b_release_dev(struct vfio_device *core_vdev)
{
	struct lcmid_state *st =
		container_of(core_vdev, struct lcmid_state, vdev);

	lcmid_release_common(st);
}

static const struct vfio_device_ops lcmid_b_ops = {
	.name		= "vfio-lcmid",
	.open_device	= lcmid_open_device,
	.close_device	= lcmid_close_device,
	.read		= lcmid_read,
	.init = lcmid_b_init_dev,
	.release = lcmid_b_release_dev,
};

static int lcmid_b_probe(struct platform_device *pdev)
{
	struct lcmid_state *st;
	int ret;

	st = vfio_alloc_device(lcmid_state, vdev, &pdev->dev, &lcmid_b_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	ret = lcmid_probe_common(st, &pdev->dev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	platform_set_drvdata(pdev, st);
	return 0;
}

static int lcmid_b_remove(struct platform_device *pdev)
{
	struct lcmid_state *st = platform_get_drvdata(pdev);

	lcmid_remove_common(st);
	vfio_put_device(&st->vdev);
	return 0;
}

static struct platform_driver lcmid_b_driver = {
	.probe = lcmid_b_probe,
	.remove = lcmid_b_remove,
	.driver = {
		.name = "lcmid-b",
	},
};
module_platform_driver(lcmid_b_driver);
MODULE_LICENSE("GPL");
