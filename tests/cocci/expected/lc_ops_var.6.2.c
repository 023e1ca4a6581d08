// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: probe chooses the ops at run time into a local variable (the
 * address of one of two ops structures of the file), then allocates and
 * initialises with it.  Converted (minimal): vfio_alloc_device() takes
 * the variable, and both ops get the @release; the lift takes one ops
 * structure, so the set-up stays in probe, the reason naming the line.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio.h>

struct lov_state {
	struct vfio_device vdev;
	void *buf;
};

static const struct vfio_device_ops lov_ro_ops = {
	.name = "lov-ro",
};

static const struct vfio_device_ops lov_rw_ops = {
	.name = "lov-rw",
};

static int lov_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct vfio_device_ops *ops;
	struct lov_state *st;
	int ret;

	if (pdev->is_virtfn)
		ops = &lov_ro_ops;
	else
		ops = &lov_rw_ops;

	st = vfio_alloc_device(lov_state, vdev, &pdev->dev, ops);
	if (IS_ERR(st))
		return PTR_ERR(st);
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
	vfio_put_device(&st->vdev);
	return ret;
}

static void lov_remove(struct pci_dev *pdev)
{
	struct lov_state *st = dev_get_drvdata(&pdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	kfree(st->buf);
	vfio_put_device(&st->vdev);
}

static struct pci_driver lov_driver = {
	.name = "lov",
	.probe = lov_probe,
	.remove = lov_remove,
};
module_pci_driver(lov_driver);
MODULE_LICENSE("GPL");
