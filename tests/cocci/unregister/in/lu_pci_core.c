// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core variant driver.  It registers with
 * vfio_pci_core_register_device() and unregisters with its pair,
 * vfio_pci_core_unregister_device(), never with
 * vfio_unregister_group_dev(): the rule must not fire.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio_pci_core.h>

struct lpc_device {
	struct vfio_pci_core_device core_device;
	int flags;
};

static const struct vfio_device_ops lpc_ops = {
	.name = "vfio-lpc",
};

static int lpc_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lpc_device *lpc;
	int ret;

	lpc = kzalloc(sizeof(*lpc), GFP_KERNEL);
	if (!lpc)
		return -ENOMEM;
	vfio_pci_core_init_device(&lpc->core_device, pdev, &lpc_ops);
	dev_set_drvdata(&pdev->dev, &lpc->core_device);
	ret = vfio_pci_core_register_device(&lpc->core_device);
	if (ret)
		goto out_free;
	return 0;

out_free:
	vfio_pci_core_uninit_device(&lpc->core_device);
	kfree(lpc);
	return ret;
}

static void lpc_remove(struct pci_dev *pdev)
{
	struct lpc_device *lpc = dev_get_drvdata(&pdev->dev);

	vfio_pci_core_unregister_device(&lpc->core_device);
	vfio_pci_core_uninit_device(&lpc->core_device);
	kfree(lpc);
}

static struct pci_driver lpc_driver = {
	.name		= "vfio-lpc",
	.probe		= lpc_probe,
	.remove		= lpc_remove,
};
