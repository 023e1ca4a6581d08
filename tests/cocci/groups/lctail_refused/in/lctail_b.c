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

static int lctail_b_probe(struct platform_device *pdev)
{
	struct lctail_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	st->label = pdev->name;
	st->get_irq = lctail_b_irq;

	ret = lctail_probe_common(st, &pdev->dev);
	if (ret) {
		kfree(st);
		return ret;
	}
	platform_set_drvdata(pdev, st);
	return 0;
}

static int lctail_b_remove(struct platform_device *pdev)
{
	struct lctail_state *st = platform_get_drvdata(pdev);

	lctail_remove_common(st);
	kfree(st);
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
