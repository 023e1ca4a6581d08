// SPDX-License-Identifier: GPL-2.0-only
/* Fixture: the parent side of lcph.h; no vfio calls, left as it is. */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "lcph.h"

static int lcph_port_probe(struct platform_device *pdev)
{
	struct lcph_chan *ch;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	atomic_set(&ch->avail, 1);
	platform_set_drvdata(pdev, ch);
	return 0;
}

static int lcph_port_remove(struct platform_device *pdev)
{
	kfree(platform_get_drvdata(pdev));
	return 0;
}

static struct platform_driver lcph_port_driver = {
	.probe = lcph_port_probe,
	.remove = lcph_port_remove,
	.driver = { .name = "lcph-port" },
};
module_platform_driver(lcph_port_driver);
MODULE_LICENSE("GPL");
