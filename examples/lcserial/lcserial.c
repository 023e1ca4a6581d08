// SPDX-License-Identifier: GPL-2.0-only
/*
 * lcserial: an out-of-tree mediated device in the OLD vfio life cycle.
 *
 * Each mdev is a PCI-looking device with a 256-byte config space and an
 * 8-byte register file in BAR0 (byte 7 is a scratch register, like a
 * 16550's).  The parent offers a fixed number of instances, reserved
 * before the state is allocated and given back when it goes away.
 *
 * This file is the *input* of the conversion: it allocates its state
 * itself (kzalloc + vfio_init_group_dev) and frees it itself
 * (vfio_uninit_group_dev + kfree).  It uses the mdev parent API of Linux
 * 6.1, so once converted by vfio-lifecycle it builds and runs there.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

#define LCSERIAL_NAME		"lcserial"
#define LCSERIAL_MAX		4
#define LCSERIAL_CFG_SIZE	256
#define LCSERIAL_BAR0_SIZE	8
#define LCSERIAL_VENDOR		0x1af4
#define LCSERIAL_DEVICE		0x10fe
#define LCSERIAL_SHIFT		40
#define LCSERIAL_INDEX(off)	((off) >> LCSERIAL_SHIFT)
#define LCSERIAL_OFFSET(off)	((off) & ((1ULL << LCSERIAL_SHIFT) - 1))

struct lcserial_state {
	struct vfio_device vdev;
	struct mdev_device *mdev;
	struct mutex lock;		/* serializes register access */
	u8 *config;
	u8 regs[LCSERIAL_BAR0_SIZE];
};

static atomic_t lcserial_avail = ATOMIC_INIT(LCSERIAL_MAX);
static struct class *lcserial_class;
static struct device *lcserial_parent_dev;
static struct mdev_parent lcserial_parent;

static void lcserial_fill_config(u8 *cfg)
{
	*(__le16 *)&cfg[PCI_VENDOR_ID] = cpu_to_le16(LCSERIAL_VENDOR);
	*(__le16 *)&cfg[PCI_DEVICE_ID] = cpu_to_le16(LCSERIAL_DEVICE);
	cfg[PCI_CLASS_DEVICE] = 0x07;		/* communication controller */
	cfg[PCI_CLASS_DEVICE + 1] = 0x00;
	*(__le32 *)&cfg[PCI_BASE_ADDRESS_0] = cpu_to_le32(PCI_BASE_ADDRESS_SPACE_IO);
}

static ssize_t lcserial_access(struct lcserial_state *st, char __user *ubuf,
			       size_t count, loff_t *ppos, bool write)
{
	unsigned int index = LCSERIAL_INDEX(*ppos);
	loff_t off = LCSERIAL_OFFSET(*ppos);
	u8 *base;
	size_t size;

	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		base = st->config;
		size = LCSERIAL_CFG_SIZE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		base = st->regs;
		size = LCSERIAL_BAR0_SIZE;
		break;
	default:
		return -EINVAL;
	}
	if (off >= size || count > size - off)
		return -EINVAL;

	mutex_lock(&st->lock);
	if (write && copy_from_user(base + off, ubuf, count))
		count = -EFAULT;
	else if (!write && copy_to_user(ubuf, base + off, count))
		count = -EFAULT;
	mutex_unlock(&st->lock);
	if ((ssize_t)count > 0)
		*ppos += count;
	return count;
}

static ssize_t lcserial_read(struct vfio_device *vdev, char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct lcserial_state *st = container_of(vdev, struct lcserial_state,
						 vdev);

	return lcserial_access(st, buf, count, ppos, false);
}

static ssize_t lcserial_write(struct vfio_device *vdev, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct lcserial_state *st = container_of(vdev, struct lcserial_state,
						 vdev);

	return lcserial_access(st, (char __user *)buf, count, ppos, true);
}

static long lcserial_ioctl(struct vfio_device *vdev, unsigned int cmd,
			   unsigned long arg)
{
	unsigned long minsz;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO: {
		struct vfio_device_info info;

		minsz = offsetofend(struct vfio_device_info, num_irqs);
		if (copy_from_user(&info, (void __user *)arg, minsz))
			return -EFAULT;
		if (info.argsz < minsz)
			return -EINVAL;
		info.flags = VFIO_DEVICE_FLAGS_PCI;
		info.num_regions = VFIO_PCI_NUM_REGIONS;
		info.num_irqs = 0;
		return copy_to_user((void __user *)arg, &info, minsz) ?
			-EFAULT : 0;
	}
	case VFIO_DEVICE_GET_REGION_INFO: {
		struct vfio_region_info info;

		minsz = offsetofend(struct vfio_region_info, offset);
		if (copy_from_user(&info, (void __user *)arg, minsz))
			return -EFAULT;
		if (info.argsz < minsz)
			return -EINVAL;
		switch (info.index) {
		case VFIO_PCI_CONFIG_REGION_INDEX:
			info.size = LCSERIAL_CFG_SIZE;
			break;
		case VFIO_PCI_BAR0_REGION_INDEX:
			info.size = LCSERIAL_BAR0_SIZE;
			break;
		default:
			info.size = 0;
			break;
		}
		info.offset = (u64)info.index << LCSERIAL_SHIFT;
		info.flags = info.size ? VFIO_REGION_INFO_FLAG_READ |
					 VFIO_REGION_INFO_FLAG_WRITE : 0;
		return copy_to_user((void __user *)arg, &info, minsz) ?
			-EFAULT : 0;
	}
	case VFIO_DEVICE_RESET:
		return 0;
	}
	return -ENOTTY;
}

static const struct vfio_device_ops lcserial_ops = {
	.name = "vfio-lcserial",
	.read = lcserial_read,
	.write = lcserial_write,
	.ioctl = lcserial_ioctl,
};

static int lcserial_probe(struct mdev_device *mdev)
{
	struct lcserial_state *st;
	int ret;

	/* One instance is reserved before anything is allocated. */
	if (atomic_dec_if_positive(&lcserial_avail) < 0)
		return -ENOSPC;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st) {
		ret = -ENOMEM;
		goto err_avail;
	}
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcserial_ops);

	mutex_init(&st->lock);
	st->mdev = mdev;
	st->config = kzalloc(LCSERIAL_CFG_SIZE, GFP_KERNEL);
	if (!st->config) {
		ret = -ENOMEM;
		goto err_state;
	}
	lcserial_fill_config(st->config);

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_config;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_config:
	kfree(st->config);
err_state:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
err_avail:
	atomic_inc(&lcserial_avail);
	return ret;
}

static void lcserial_remove(struct mdev_device *mdev)
{
	struct lcserial_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	kfree(st->config);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st);
	atomic_inc(&lcserial_avail);
}

static unsigned int lcserial_get_available(struct mdev_type *mtype)
{
	return atomic_read(&lcserial_avail);
}

static struct mdev_type lcserial_type = {
	.sysfs_name = "1",
	.pretty_name = "lcserial single port",
};

static struct mdev_type *lcserial_types[] = { &lcserial_type };

static struct mdev_driver lcserial_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = LCSERIAL_NAME,
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = lcserial_probe,
	.remove = lcserial_remove,
	.get_available = lcserial_get_available,
};

/*
 * The parent device belongs to a class of the same name: mdev names the
 * type directories "<class>-<type>", here "lcserial-1".
 */
static int __init lcserial_init(void)
{
	int ret;

	lcserial_class = class_create(THIS_MODULE, LCSERIAL_NAME);
	if (IS_ERR(lcserial_class))
		return PTR_ERR(lcserial_class);
	lcserial_parent_dev = device_create(lcserial_class, NULL, 0, NULL,
					    LCSERIAL_NAME);
	if (IS_ERR(lcserial_parent_dev)) {
		ret = PTR_ERR(lcserial_parent_dev);
		goto err_class;
	}
	ret = mdev_register_driver(&lcserial_driver);
	if (ret)
		goto err_device;
	ret = mdev_register_parent(&lcserial_parent, lcserial_parent_dev,
				   &lcserial_driver, lcserial_types,
				   ARRAY_SIZE(lcserial_types));
	if (ret)
		goto err_driver;
	return 0;

err_driver:
	mdev_unregister_driver(&lcserial_driver);
err_device:
	device_destroy(lcserial_class, 0);
err_class:
	class_destroy(lcserial_class);
	return ret;
}

static void __exit lcserial_exit(void)
{
	mdev_unregister_parent(&lcserial_parent);
	mdev_unregister_driver(&lcserial_driver);
	device_destroy(lcserial_class, 0);
	class_destroy(lcserial_class);
}

module_init(lcserial_init);
module_exit(lcserial_exit);
MODULE_DESCRIPTION("vfio-lifecycle example: mdev serial-like device, old life cycle");
MODULE_LICENSE("GPL");
