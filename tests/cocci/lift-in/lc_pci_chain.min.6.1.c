// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core variant whose set-up cannot fail (a helper that
 * records features) and whose registration failure unwinds inline: the
 * callbacks chain to vfio_pci_core_init_dev()/vfio_pci_core_release_dev().
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio_pci_core.h>

struct lcc_device {
	struct vfio_pci_core_device core_device;
	u32 features;
};

static void lcc_set_features(struct lcc_device *lcc)
{
	lcc->features = 1;
}

static void lcc_clear_features(struct lcc_device *lcc)
{
	lcc->features = 0;
}

static const struct vfio_device_ops lcc_ops = {
	.name		= "lcc-vfio-pci",
	.open_device	= vfio_pci_core_open_device,
	.close_device	= vfio_pci_core_close_device,
	.init = vfio_pci_core_init_dev,
	.release = vfio_pci_core_release_dev,
};

static int lcc_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcc_device *lcc;
	int ret;

	lcc = vfio_alloc_device(lcc_device, core_device.vdev, &pdev->dev,
				&lcc_ops);
	if (IS_ERR(lcc))
		return PTR_ERR(lcc);
	lcc_set_features(lcc);
	dev_set_drvdata(&pdev->dev, &lcc->core_device);
	ret = vfio_pci_core_register_device(&lcc->core_device);
	if (ret) {
		lcc_clear_features(lcc);
		vfio_put_device(&lcc->core_device.vdev);
		return ret;
	}
	return 0;
}

static void lcc_remove(struct pci_dev *pdev)
{
	struct lcc_device *lcc = container_of(dev_get_drvdata(&pdev->dev),
					      struct lcc_device, core_device);

	vfio_pci_core_unregister_device(&lcc->core_device);
	lcc_clear_features(lcc);
	vfio_put_device(&lcc->core_device.vdev);
}
