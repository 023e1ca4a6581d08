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

static int lcmid_b_probe(struct platform_device *pdev)
{
	struct lcmid_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	st->label = pdev->name;
	st->get_irq = lcmid_b_irq;

	ret = lcmid_probe_common(st, &pdev->dev);
	if (ret) {
		kfree(st);
		return ret;
	}
	platform_set_drvdata(pdev, st);
	return 0;
}

static int lcmid_b_remove(struct platform_device *pdev)
{
	struct lcmid_state *st = platform_get_drvdata(pdev);

	lcmid_remove_common(st);
	kfree(st);
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
