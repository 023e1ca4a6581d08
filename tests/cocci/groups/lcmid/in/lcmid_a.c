// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a platform front end of the lcmid mid-layer.  Its label is
 * allocated before the library is called and freed after it.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "lcmid.h"

static int lcmid_a_irq(struct lcmid_state *st, int i)
{
	return platform_get_irq_optional(to_platform_device(st->parent), i);
}

static int lcmid_a_probe(struct platform_device *pdev)
{
	struct lcmid_state *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	st->label = kasprintf(GFP_KERNEL, "lcmid-a-%d", pdev->id);
	if (!st->label) {
		kfree(st);
		return -ENOMEM;
	}
	st->need_table = true;
	st->get_irq = lcmid_a_irq;

	ret = lcmid_probe_common(st, &pdev->dev);
	if (ret) {
		kfree(st->label);
		kfree(st);
		return ret;
	}

	platform_set_drvdata(pdev, st);
	return 0;
}

static int lcmid_a_remove(struct platform_device *pdev)
{
	struct lcmid_state *st = platform_get_drvdata(pdev);

	lcmid_remove_common(st);
	kfree(st->label);
	kfree(st);
	return 0;
}

static struct platform_driver lcmid_a_driver = {
	.probe = lcmid_a_probe,
	.remove = lcmid_a_remove,
	.driver = {
		.name = "lcmid-a",
	},
};
module_platform_driver(lcmid_a_driver);
MODULE_LICENSE("GPL");
