// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core variant whose ops are chosen at run time.  The
 * fast ops need a set-up of the allocated state that can fail; when it
 * does, probe warns and carries on with the plain ops.  Converted: the
 * set-up moves into the @init of the fast ops, and a failed allocation
 * with them falls back to one with the plain ops, with the same warning.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

struct lcq_parent {
	int gen;
};

struct lcq_device {
	struct vfio_pci_core_device core_device;
	struct lcq_parent *parent;
	struct mutex state_lock;
	int slot;
};

static struct lcq_parent *lcq_get_parent(struct pci_dev *pdev)
{
	return pci_get_drvdata(pdev->physfn);
}

static int lcq_open_device(struct vfio_device *core_vdev)
{
	struct lcq_device *lcq =
		container_of(core_vdev, struct lcq_device, core_device.vdev);

	vfio_pci_core_finish_enable(&lcq->core_device);
	return 0;
}

static const struct vfio_migration_ops lcq_mig_ops = {
	.migration_set_state = NULL,
};

static const struct vfio_device_ops lcq_fast_ops = {
	.name		= "lcq-fast",
	.open_device	= lcq_open_device,
	.close_device	= vfio_pci_core_close_device,
	.ioctl		= vfio_pci_core_ioctl,
};

static const struct vfio_device_ops lcq_ops = {
	.name		= "lcq",
	.open_device	= lcq_open_device,
	.close_device	= vfio_pci_core_close_device,
	.ioctl		= vfio_pci_core_ioctl,
};

static int lcq_fast_setup(struct lcq_device *lcq, struct pci_dev *pdev,
			  struct lcq_parent *parent)
{
	int slot = pci_iov_vf_id(pdev);

	if (slot < 0)
		return slot;
	lcq->slot = slot;
	lcq->parent = parent;
	mutex_init(&lcq->state_lock);
	return 0;
}

static int lcq_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcq_device *lcq;
	struct lcq_parent *parent;
	int ret;

	lcq = kzalloc(sizeof(*lcq), GFP_KERNEL);
	if (!lcq)
		return -ENOMEM;

	parent = lcq_get_parent(pdev);
	if (parent && parent->gen >= 2) {
		ret = lcq_fast_setup(lcq, pdev, parent);
		if (!ret) {
			vfio_pci_core_init_device(&lcq->core_device, pdev,
						  &lcq_fast_ops);
			lcq->core_device.vdev.mig_ops = &lcq_mig_ops;
		} else {
			pci_warn(pdev, "no fast path, using the plain ops\n");
			vfio_pci_core_init_device(&lcq->core_device, pdev,
						  &lcq_ops);
		}
	} else {
		vfio_pci_core_init_device(&lcq->core_device, pdev, &lcq_ops);
	}

	dev_set_drvdata(&pdev->dev, &lcq->core_device);
	ret = vfio_pci_core_register_device(&lcq->core_device);
	if (ret)
		goto out_free;
	return 0;

out_free:
	vfio_pci_core_uninit_device(&lcq->core_device);
	kfree(lcq);
	return ret;
}

static void lcq_remove(struct pci_dev *pdev)
{
	struct lcq_device *lcq = container_of(dev_get_drvdata(&pdev->dev),
					      struct lcq_device, core_device);

	vfio_pci_core_unregister_device(&lcq->core_device);
	vfio_pci_core_uninit_device(&lcq->core_device);
	kfree(lcq);
}

static struct pci_driver lcq_driver = {
	.name		= "lcq-vfio-pci",
	.probe		= lcq_probe,
	.remove		= lcq_remove,
	.driver_managed_dma = true,
};
module_pci_driver(lcq_driver);

MODULE_LICENSE("GPL");
