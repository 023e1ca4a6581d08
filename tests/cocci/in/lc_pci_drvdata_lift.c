// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core variant with set-up for @init (a helper that
 * records features) that publishes its driver data only after the
 * registration: the set-up moves into @init and the set before the
 * registration, which the 5.19+ core reads.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio_pci_core.h>

struct lce_device {
	struct vfio_pci_core_device core_device;
	u32 features;
};

static void lce_set_features(struct lce_device *lce)
{
	lce->features = 1;
}

static void lce_clear_features(struct lce_device *lce)
{
	lce->features = 0;
}

static const struct vfio_device_ops lce_ops = {
	.name		= "lce-vfio-pci",
	.open_device	= vfio_pci_core_open_device,
	.close_device	= vfio_pci_core_close_device,
};

static int lce_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lce_device *lce;
	int ret;

	lce = kzalloc(sizeof(*lce), GFP_KERNEL);
	if (!lce)
		return -ENOMEM;
	vfio_pci_core_init_device(&lce->core_device, pdev, &lce_ops);
	lce_set_features(lce);
	ret = vfio_pci_core_register_device(&lce->core_device);
	if (ret) {
		lce_clear_features(lce);
		vfio_pci_core_uninit_device(&lce->core_device);
		kfree(lce);
		return ret;
	}
	dev_set_drvdata(&pdev->dev, &lce->core_device);
	return 0;
}

static void lce_remove(struct pci_dev *pdev)
{
	struct lce_device *lce = container_of(dev_get_drvdata(&pdev->dev),
					      struct lce_device, core_device);

	vfio_pci_core_unregister_device(&lce->core_device);
	lce_clear_features(lce);
	vfio_pci_core_uninit_device(&lce->core_device);
	kfree(lce);
}
