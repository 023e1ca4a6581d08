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
};

static int lcd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcd_device *lcd;
	int ret;

	lcd = kzalloc(sizeof(*lcd), GFP_KERNEL);
	if (!lcd)
		return -ENOMEM;
	vfio_pci_core_init_device(&lcd->core_device, pdev, &lcd_ops);
	ret = vfio_pci_core_register_device(&lcd->core_device);
	if (ret) {
		vfio_pci_core_uninit_device(&lcd->core_device);
		kfree(lcd);
		return ret;
	}
	dev_set_drvdata(&pdev->dev, &lcd->core_device);
	return 0;
}

static void lcd_remove(struct pci_dev *pdev)
{
	struct lcd_device *lcd = container_of(dev_get_drvdata(&pdev->dev),
					      struct lcd_device, core_device);

	vfio_pci_core_unregister_device(&lcd->core_device);
	vfio_pci_core_uninit_device(&lcd->core_device);
	kfree(lcd);
}
