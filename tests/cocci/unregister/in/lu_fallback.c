// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: no driver initialiser names the function that registers (a
 * library: its caller's probe calls lfb_attach(), its remove calls
 * lfb_detach()).  The remove is found as the function that gets the same
 * structure from the driver data and tears it down; it never
 * unregisters.  The call goes before the uninit, after the blank line
 * that ends the declarations (no second blank line).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lfb_state {
	struct vfio_device core;
	void *buf;
};

static const struct vfio_device_ops lfb_ops = {
	.name = "vfio-lfb",
};

int lfb_attach(struct device *dev, struct lfb_state *lfb)
{
	int ret;

	vfio_init_group_dev(&lfb->core, dev, &lfb_ops);
	dev_set_drvdata(dev, lfb);
	ret = vfio_register_group_dev(&lfb->core);
	if (ret)
		vfio_uninit_group_dev(&lfb->core);
	return ret;
}
EXPORT_SYMBOL_GPL(lfb_attach);

void lfb_detach(struct device *dev)
{
	struct lfb_state *lfb = dev_get_drvdata(dev);

	vfio_uninit_group_dev(&lfb->core);
	kfree(lfb->buf);
}
EXPORT_SYMBOL_GPL(lfb_detach);
