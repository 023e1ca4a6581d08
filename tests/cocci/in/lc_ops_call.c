// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: probe takes the ops from a function (which ops it may return is
 * not visible where the variable is set), then allocates and initialises
 * with them.  Refused as ops chosen at run time, naming the line; never
 * "no known shape".
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lox_state {
	struct vfio_device vdev;
	void *buf;
};

static const struct vfio_device_ops lox_ro_ops = {
	.name = "lox-ro",
};

static const struct vfio_device_ops lox_rw_ops = {
	.name = "lox-rw",
};

static const struct vfio_device_ops *lox_pick_ops(struct pci_dev *pdev)
{
	return pdev->is_virtfn ? &lox_ro_ops : &lox_rw_ops;
}

static int lox_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct vfio_device_ops *ops;
	struct lox_state *st;
	int ret;

	ops = lox_pick_ops(pdev);

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	vfio_init_group_dev(&st->vdev, &pdev->dev, ops);
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		ret = -ENOMEM;
		goto out_uninit;
	}
	ret = vfio_register_group_dev(&st->vdev);
	if (ret)
		goto out_buf;
	dev_set_drvdata(&pdev->dev, st);
	return 0;

out_buf:
	kfree(st->buf);
out_uninit:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	return ret;
}

static void lox_remove(struct pci_dev *pdev)
{
	struct lox_state *st = dev_get_drvdata(&pdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	kfree(st->buf);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
}

static struct pci_driver lox_driver = {
	.name = "lox",
	.probe = lox_probe,
	.remove = lox_remove,
};
module_pci_driver(lox_driver);
MODULE_LICENSE("GPL");
