// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a second front end of the lctail mid-layer, with nothing of its
 * own to undo.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "lctail.h"

static int lctail_b_irq(struct lctail_state *st, int i)
{
	return 0;
}

static int lctail_b_init_dev(struct vfio_device *core_vdev)
{
	struct lctail_state *st =
		container_of(core_vdev, struct lctail_state, vdev);
	struct platform_device *pdev = to_platform_device(core_vdev->dev);

	st->label = pdev->name;
	st->get_irq = lctail_b_irq;

	return lctail_init_common(st);
}

static void lctail_b_release_dev(struct vfio_device *core_vdev)
{
	struct lctail_state *st =
		container_of(core_vdev, struct lctail_state, vdev);

	lctail_release_common(st);
	vfio_free_device(core_vdev);
}

static const struct vfio_device_ops lctail_b_ops = {
	.name		= "vfio-lctail",
	.open_device	= lctail_open_device,
	.close_device	= lctail_close_device,
	.read		= lctail_read,
	.init = lctail_b_init_dev,
	.release = lctail_b_release_dev,
};

static int lctail_b_probe(struct platform_device *pdev)
{
	struct lctail_state *st;
	int ret;

	st = vfio_alloc_device(lctail_state, vdev, &pdev->dev, &lctail_b_ops);
	if (IS_ERR(st))
		return PTR_ERR(st);

	ret = lctail_probe_common(st, &pdev->dev);
	if (ret) {
		vfio_put_device(&st->vdev);
		return ret;
	}
	platform_set_drvdata(pdev, st);
	return 0;
}

static int lctail_b_remove(struct platform_device *pdev)
{
	struct lctail_state *st = platform_get_drvdata(pdev);

	lctail_remove_common(st);
	vfio_put_device(&st->vdev);
	return 0;
}

static struct platform_driver lctail_b_driver = {
	.probe = lctail_b_probe,
	.remove = lctail_b_remove,
	.driver = {
		.name = "lctail-b",
	},
};
module_platform_driver(lctail_b_driver);
MODULE_LICENSE("GPL");
