// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core variant driver whose structure embeds the core
 * device (not first), NULL compared explicitly, kvzalloc/kvfree, and a
 * driver that is the core device itself.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio_pci_core.h>

struct lcp_device {
	u32 quirks;
	struct vfio_pci_core_device core;
};

static const struct vfio_device_ops lcp_ops = {
	.name		= "lcp-vfio-pci",
	.open_device	= vfio_pci_core_open_device,
	.close_device	= vfio_pci_core_close_device,
};

static const struct vfio_device_ops lcp_plain_ops = {
	.name		= "lcp-plain",
	.close_device	= vfio_pci_core_close_device,
};

static int lcp_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcp_device *lcp;
	int ret;

	lcp = kvzalloc(sizeof(*lcp), GFP_KERNEL);
	if (lcp == NULL)
		return -ENOMEM;
	vfio_pci_core_init_device(&lcp->core, pdev, &lcp_ops);
	lcp->quirks = id->driver_data;

	dev_set_drvdata(&pdev->dev, &lcp->core);
	ret = vfio_pci_core_register_device(&lcp->core);
	if (ret) {
		vfio_pci_core_uninit_device(&lcp->core);
		kvfree(lcp);
		return ret;
	}
	return 0;
}

static void lcp_remove(struct pci_dev *pdev)
{
	struct lcp_device *lcp = container_of(dev_get_drvdata(&pdev->dev),
					      struct lcp_device, core);

	vfio_pci_core_unregister_device(&lcp->core);
	vfio_pci_core_uninit_device(&lcp->core);
	kvfree(lcp);
}

static int lcp_plain_probe(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev;
	int ret;

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return -ENOMEM;
	vfio_pci_core_init_device(vdev, pdev, &lcp_plain_ops);
	ret = vfio_pci_core_register_device(vdev);
	if (ret)
		goto out_free;
	return 0;

out_free:
	vfio_pci_core_uninit_device(vdev);
	kfree(vdev);
	return ret;
}
