// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a platform front end of the lctail mid-layer.  Its label is
 * allocated before the library is called and freed after it.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "lctail.h"

static int lctail_a_irq(struct lctail_state *st, int i)
{
	return platform_get_irq_optional(to_platform_device(st->parent), i);
}

static int lctail_a_probe(struct platform_device *pdev)
{
	struct lctail_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	st->label = kasprintf(GFP_KERNEL, "lctail-a-%d", pdev->id);
	if (!st->label) {
		kfree(st);
		return -ENOMEM;
	}
	st->need_table = true;
	st->get_irq = lctail_a_irq;

	ret = lctail_probe_common(st, &pdev->dev);
	if (ret) {
		kfree(st->label);
		kfree(st);
		return ret;
	}

	platform_set_drvdata(pdev, st);
	return 0;
}

static int lctail_a_remove(struct platform_device *pdev)
{
	struct lctail_state *st = platform_get_drvdata(pdev);

	lctail_remove_common(st);
	kfree(st->label);
	kfree(st);
	return 0;
}

static struct platform_driver lctail_a_driver = {
	.probe = lctail_a_probe,
	.remove = lctail_a_remove,
	.driver = {
		.name = "lctail-a",
	},
};
module_platform_driver(lctail_a_driver);
MODULE_LICENSE("GPL");
