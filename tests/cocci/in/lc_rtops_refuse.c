// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: ops chosen at run time by a set-up of the allocated state, as
 * in lc_rtops_fallback.c, but the set-up is given a parent that probe
 * claims (a count taken): an @init of the fast ops would have to claim it
 * again, a second count the driver never gives back.  Refused
 * (run-time-ops), naming the line of the choice.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

struct lcv_parent {
	int gen;
};

struct lcv_device {
	struct vfio_pci_core_device core_device;
	struct lcv_parent *parent;
	struct mutex state_lock;
	int slot;
};

static atomic_t lcv_claims = ATOMIC_INIT(0);

static struct lcv_parent *lcv_claim_parent(struct pci_dev *pdev)
{
	atomic_inc(&lcv_claims);
	return pci_get_drvdata(pdev->physfn);
}

static int lcv_open_device(struct vfio_device *core_vdev)
{
	struct lcv_device *lcv =
		container_of(core_vdev, struct lcv_device, core_device.vdev);

	vfio_pci_core_finish_enable(&lcv->core_device);
	return 0;
}

static const struct vfio_migration_ops lcv_mig_ops = {
	.migration_set_state = NULL,
};

static const struct vfio_device_ops lcv_fast_ops = {
	.name		= "lcv-fast",
	.open_device	= lcv_open_device,
	.close_device	= vfio_pci_core_close_device,
	.ioctl		= vfio_pci_core_ioctl,
};

static const struct vfio_device_ops lcv_ops = {
	.name		= "lcv",
	.open_device	= lcv_open_device,
	.close_device	= vfio_pci_core_close_device,
	.ioctl		= vfio_pci_core_ioctl,
};

static int lcv_fast_setup(struct lcv_device *lcv, struct pci_dev *pdev,
			  struct lcv_parent *parent)
{
	int slot = pci_iov_vf_id(pdev);

	if (slot < 0)
		return slot;
	lcv->slot = slot;
	lcv->parent = parent;
	mutex_init(&lcv->state_lock);
	return 0;
}

static int lcv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcv_device *lcv;
	struct lcv_parent *parent;
	int ret;

	lcv = kzalloc(sizeof(*lcv), GFP_KERNEL);
	if (!lcv)
		return -ENOMEM;

	parent = lcv_claim_parent(pdev);
	if (parent && parent->gen >= 2) {
		ret = lcv_fast_setup(lcv, pdev, parent);
		if (!ret) {
			vfio_pci_core_init_device(&lcv->core_device, pdev,
						  &lcv_fast_ops);
			lcv->core_device.vdev.mig_ops = &lcv_mig_ops;
		} else {
			pci_warn(pdev, "no fast path, using the plain ops\n");
			vfio_pci_core_init_device(&lcv->core_device, pdev,
						  &lcv_ops);
		}
	} else {
		vfio_pci_core_init_device(&lcv->core_device, pdev, &lcv_ops);
	}

	dev_set_drvdata(&pdev->dev, &lcv->core_device);
	ret = vfio_pci_core_register_device(&lcv->core_device);
	if (ret)
		goto out_free;
	return 0;

out_free:
	vfio_pci_core_uninit_device(&lcv->core_device);
	kfree(lcv);
	return ret;
}

static void lcv_remove(struct pci_dev *pdev)
{
	struct lcv_device *lcv = container_of(dev_get_drvdata(&pdev->dev),
					      struct lcv_device, core_device);

	vfio_pci_core_unregister_device(&lcv->core_device);
	vfio_pci_core_uninit_device(&lcv->core_device);
	kfree(lcv);
}

static struct pci_driver lcv_driver = {
	.name		= "lcv-vfio-pci",
	.probe		= lcv_probe,
	.remove		= lcv_remove,
	.driver_managed_dma = true,
};
module_pci_driver(lcv_driver);

MODULE_LICENSE("GPL");
