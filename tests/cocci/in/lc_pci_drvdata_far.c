// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core variant that publishes its driver data after
 * the registration, with a call in between that reads it back.  Since
 * 5.19 the core's registration needs it set first; moving it past that
 * call is not provably the same program: refused, naming the line.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio_pci_core.h>

struct lcf_device {
	struct vfio_pci_core_device core_device;
	u32 flags;
};

static const struct vfio_device_ops lcf_ops = {
	.name		= "lcf-vfio-pci",
	.open_device	= vfio_pci_core_open_device,
	.close_device	= vfio_pci_core_close_device,
};

static void lcf_announce(struct pci_dev *pdev)
{
	if (!pci_get_drvdata(pdev))
		pci_info(pdev, "first probe\n");
}

static int lcf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcf_device *lcf;
	int ret;

	lcf = kzalloc(sizeof(*lcf), GFP_KERNEL);
	if (!lcf)
		return -ENOMEM;
	vfio_pci_core_init_device(&lcf->core_device, pdev, &lcf_ops);
	ret = vfio_pci_core_register_device(&lcf->core_device);
	if (ret) {
		vfio_pci_core_uninit_device(&lcf->core_device);
		kfree(lcf);
		return ret;
	}
	lcf_announce(pdev);
	pci_set_drvdata(pdev, &lcf->core_device);
	return 0;
}

static void lcf_remove(struct pci_dev *pdev)
{
	struct lcf_device *lcf = container_of(pci_get_drvdata(pdev),
					      struct lcf_device, core_device);

	vfio_pci_core_unregister_device(&lcf->core_device);
	vfio_pci_core_uninit_device(&lcf->core_device);
	kfree(lcf);
}
