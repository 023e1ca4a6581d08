// SPDX-License-Identifier: GPL-2.0-only
/*
 * lcedu: an out-of-tree vfio-pci-core variant driver in the OLD vfio life
 * cycle, for QEMU's "edu" teaching device (1234:11e8).
 *
 * It counts how often user space opened the device, the kind of small
 * private state a variant driver keeps beside the core device.  It is the
 * *input* of the conversion: it allocates its structure itself (kzalloc +
 * vfio_pci_core_init_device) and frees it itself
 * (vfio_pci_core_uninit_device + kfree).
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

struct lcedu_device {
	struct vfio_pci_core_device core;
	atomic_t opens;
};

static int lcedu_open_device(struct vfio_device *vdev)
{
	struct vfio_pci_core_device *core =
		container_of(vdev, struct vfio_pci_core_device, vdev);
	struct lcedu_device *edu =
		container_of(core, struct lcedu_device, core);
	int ret;

	ret = vfio_pci_core_enable(core);
	if (ret)
		return ret;
	atomic_inc(&edu->opens);
	vfio_pci_core_finish_enable(core);
	return 0;
}

static const struct vfio_device_ops lcedu_ops = {
	.name		= "lcedu-vfio-pci",
	.open_device	= lcedu_open_device,
	.close_device	= vfio_pci_core_close_device,
	.ioctl		= vfio_pci_core_ioctl,
	.device_feature	= vfio_pci_core_ioctl_feature,
	.read		= vfio_pci_core_read,
	.write		= vfio_pci_core_write,
	.mmap		= vfio_pci_core_mmap,
	.request	= vfio_pci_core_request,
	.match		= vfio_pci_core_match,
};

static int lcedu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lcedu_device *edu;
	int ret;

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	vfio_pci_core_init_device(&edu->core, pdev, &lcedu_ops);
	atomic_set(&edu->opens, 0);

	dev_set_drvdata(&pdev->dev, &edu->core);
	ret = vfio_pci_core_register_device(&edu->core);
	if (ret)
		goto out_free;
	return 0;

out_free:
	vfio_pci_core_uninit_device(&edu->core);
	kfree(edu);
	return ret;
}

static void lcedu_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *core = dev_get_drvdata(&pdev->dev);
	struct lcedu_device *edu = container_of(core, struct lcedu_device, core);

	pci_info(pdev, "lcedu: opened %d times\n", atomic_read(&edu->opens));
	vfio_pci_core_unregister_device(&edu->core);
	vfio_pci_core_uninit_device(&edu->core);
	kfree(edu);
}

static const struct pci_device_id lcedu_table[] = {
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(0x1234, 0x11e8) },
	{}
};
MODULE_DEVICE_TABLE(pci, lcedu_table);

static struct pci_driver lcedu_driver = {
	.name			= "lcedu",
	.id_table		= lcedu_table,
	.probe			= lcedu_probe,
	.remove			= lcedu_remove,
	.err_handler		= &vfio_pci_core_err_handlers,
	.driver_managed_dma	= true,
};
module_pci_driver(lcedu_driver);

MODULE_DESCRIPTION("vfio-lifecycle example: vfio-pci-core variant for QEMU edu, old life cycle");
MODULE_LICENSE("GPL");
