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
	struct vfio_pci_core_device core;
	u32 quirks;
};

static const struct vfio_device_ops lcp_ops = {
	.name		= "lcp-vfio-pci",
	.open_device	= vfio_pci_core_open_device,
	.close_device	= vfio_pci_core_close_device,
	.init = vfio_pci_core_init_dev,
	.release = vfio_pci_core_release_dev,
};

static const struct vfio_device_ops lcp_plain_ops = {
	.name		= "lcp-plain",
	.close_device	= vfio_pci_core_close_device,
	.init = vfio_pci_core_init_dev,
	.release = vfio_pci_core_release_dev,
};

static int lcp_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcp_device *lcp;
	int ret;

	lcp = vfio_alloc_device(lcp_device, core.vdev, &pdev->dev, &lcp_ops);
	if (IS_ERR(lcp))
		return PTR_ERR(lcp);
	lcp->quirks = id->driver_data;

	dev_set_drvdata(&pdev->dev, &lcp->core);
	ret = vfio_pci_core_register_device(&lcp->core);
	if (ret) {
		vfio_put_device(&lcp->core.vdev);
		return ret;
	}
	return 0;
}

static void lcp_remove(struct pci_dev *pdev)
{
	struct lcp_device *lcp = container_of(dev_get_drvdata(&pdev->dev),
					      struct lcp_device, core);

	vfio_pci_core_unregister_device(&lcp->core);
	vfio_put_device(&lcp->core.vdev);
}

static int lcp_plain_probe(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev;
	int ret;

	vdev = vfio_alloc_device(vfio_pci_core_device, vdev, &pdev->dev,
				 &lcp_plain_ops);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	ret = vfio_pci_core_register_device(vdev);
	if (ret)
		goto out_free;
	return 0;

out_free:
	vfio_put_device(&vdev->vdev);
	return ret;
}
