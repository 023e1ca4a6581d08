// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core variant that publishes its driver data only
 * after the registration.  Since 5.19 the core's registration reads it,
 * and nothing between the two uses it: the converted probe sets it first.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio_pci_core.h>

struct lcd_device {
	struct vfio_pci_core_device core_device;
	u32 flags;
};

static const struct vfio_device_ops lcd_ops = {
	.name		= "lcd-vfio-pci",
	.open_device	= vfio_pci_core_open_device,
	.close_device	= vfio_pci_core_close_device,
	.init = vfio_pci_core_init_dev,
	.release = vfio_pci_core_release_dev,
};

static int lcd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcd_device *lcd;
	int ret;

	lcd = vfio_alloc_device(lcd_device, core_device.vdev, &pdev->dev,
				&lcd_ops);
	if (IS_ERR(lcd))
		return PTR_ERR(lcd);
	dev_set_drvdata(&pdev->dev, &lcd->core_device);
	ret = vfio_pci_core_register_device(&lcd->core_device);
	if (ret) {
		vfio_put_device(&lcd->core_device.vdev);
		return ret;
	}
	return 0;
}

static void lcd_remove(struct pci_dev *pdev)
{
	struct lcd_device *lcd = container_of(dev_get_drvdata(&pdev->dev),
					      struct lcd_device, core_device);

	vfio_pci_core_unregister_device(&lcd->core_device);
	vfio_put_device(&lcd->core_device.vdev);
}
