// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: a vfio-pci-core device embedded in a bigger structure that the
 * parent owns (found from the parent's driver data, never allocated nor
 * freed here); the registration failure unwinds inline.  vfio-pci-core's
 * @release frees the object, which is not the driver's to free: refused.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio_pci_core.h>

struct lcp_port {
	int id;
	struct vfio_pci_core_device core_device;
};

struct lcp_parent {
	struct lcp_port port[2];
};

static const struct vfio_device_ops lcp_ops = {
	.name		= "lcp-vfio-pci",
	.open_device	= vfio_pci_core_open_device,
	.close_device	= vfio_pci_core_close_device,
};

static int lcp_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcp_parent *parent = dev_get_drvdata(pdev->dev.parent);
	struct lcp_port *port = &parent->port[PCI_FUNC(pdev->devfn) & 1];
	int ret;

	vfio_pci_core_init_device(&port->core_device, pdev, &lcp_ops);
	dev_set_drvdata(&pdev->dev, &port->core_device);
	ret = vfio_pci_core_register_device(&port->core_device);
	if (ret) {
		vfio_pci_core_uninit_device(&port->core_device);
		return ret;
	}
	return 0;
}

static void lcp_remove(struct pci_dev *pdev)
{
	struct lcp_port *port = container_of(dev_get_drvdata(&pdev->dev),
					     struct lcp_port, core_device);

	vfio_pci_core_unregister_device(&port->core_device);
	vfio_pci_core_uninit_device(&port->core_device);
}
