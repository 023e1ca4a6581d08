// SPDX-License-Identifier: GPL-2.0-only
/*
 * lcfb: an out-of-tree mediated "frame buffer" in the OLD vfio life cycle.
 *
 * Each mdev is a PCI-looking device with a 256-byte config space, an
 * 8-byte register file in BAR0 and a 2 MiB frame embedded in its state:
 * too big for kmalloc, so a helper allocates the state with vzalloc and
 * remove frees it with vfree.  The first and last bytes of the frame are
 * stamped at probe and checked at remove, so a state that was not the
 * one set up (or was freed early) shows up in the kernel log.
 *
 * This file is the *input* of the conversion.  It uses the mdev parent
 * API of Linux 6.1, so once converted it builds and runs there.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mutex.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

#define LCFB_NAME		"lcfb"
#define LCFB_MAX		2
#define LCFB_FRAME_SIZE		(2 << 20)
#define LCFB_STAMP		0x5a
#define LCFB_CFG_SIZE	256
#define LCFB_BAR0_SIZE	8
#define LCFB_VENDOR		0x1af4
#define LCFB_DEVICE		0x10fd
#define LCFB_SHIFT		40
#define LCFB_INDEX(off)	((off) >> LCFB_SHIFT)
#define LCFB_OFFSET(off)	((off) & ((1ULL << LCFB_SHIFT) - 1))

struct lcfb_state {
	struct vfio_device vdev;
	struct mdev_device *mdev;
	struct mutex lock;		/* serializes register access */
	u8 *config;
	u8 regs[LCFB_BAR0_SIZE];
	u8 frame[LCFB_FRAME_SIZE];
};

static atomic_t lcfb_avail = ATOMIC_INIT(LCFB_MAX);
static struct class *lcfb_class;
static struct device *lcfb_parent_dev;
static struct mdev_parent lcfb_parent;

static void lcfb_fill_config(u8 *cfg)
{
	*(__le16 *)&cfg[PCI_VENDOR_ID] = cpu_to_le16(LCFB_VENDOR);
	*(__le16 *)&cfg[PCI_DEVICE_ID] = cpu_to_le16(LCFB_DEVICE);
	cfg[PCI_CLASS_DEVICE] = 0x03;		/* display controller */
	cfg[PCI_CLASS_DEVICE + 1] = 0x00;
	*(__le32 *)&cfg[PCI_BASE_ADDRESS_0] = cpu_to_le32(PCI_BASE_ADDRESS_SPACE_IO);
}

static ssize_t lcfb_access(struct lcfb_state *st, char __user *ubuf,
			   size_t count, loff_t *ppos, bool write)
{
	unsigned int index = LCFB_INDEX(*ppos);
	loff_t off = LCFB_OFFSET(*ppos);
	u8 *base;
	size_t size;

	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		base = st->config;
		size = LCFB_CFG_SIZE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		base = st->regs;
		size = LCFB_BAR0_SIZE;
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

static ssize_t lcfb_read(struct vfio_device *vdev, char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct lcfb_state *st = container_of(vdev, struct lcfb_state,
						 vdev);

	return lcfb_access(st, buf, count, ppos, false);
}

static ssize_t lcfb_write(struct vfio_device *vdev, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	struct lcfb_state *st = container_of(vdev, struct lcfb_state,
						 vdev);

	return lcfb_access(st, (char __user *)buf, count, ppos, true);
}

static long lcfb_ioctl(struct vfio_device *vdev, unsigned int cmd,
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
			info.size = LCFB_CFG_SIZE;
			break;
		case VFIO_PCI_BAR0_REGION_INDEX:
			info.size = LCFB_BAR0_SIZE;
			break;
		default:
			info.size = 0;
			break;
		}
		info.offset = (u64)info.index << LCFB_SHIFT;
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

static const struct vfio_device_ops lcfb_ops = {
	.name = "vfio-lcfb",
	.read = lcfb_read,
	.write = lcfb_write,
	.ioctl = lcfb_ioctl,
};

/* The state is too big for kmalloc: a helper gets it from vmalloc. */
static struct lcfb_state *lcfb_alloc_state(void)
{
	return vzalloc(sizeof(struct lcfb_state));
}

static int lcfb_probe(struct mdev_device *mdev)
{
	struct lcfb_state *st;
	int ret;

	if (atomic_dec_if_positive(&lcfb_avail) < 0)
		return -ENOSPC;

	st = lcfb_alloc_state();
	if (!st) {
		ret = -ENOMEM;
		goto err_avail;
	}
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcfb_ops);

	mutex_init(&st->lock);
	st->mdev = mdev;
	st->frame[0] = LCFB_STAMP;
	st->frame[LCFB_FRAME_SIZE - 1] = LCFB_STAMP;
	st->config = kzalloc(LCFB_CFG_SIZE, GFP_KERNEL);
	if (!st->config) {
		ret = -ENOMEM;
		goto err_state;
	}
	lcfb_fill_config(st->config);

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_config;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_config:
	kfree(st->config);
err_state:
	vfio_uninit_group_dev(&st->vdev);
	vfree(st);
err_avail:
	atomic_inc(&lcfb_avail);
	return ret;
}

static void lcfb_remove(struct mdev_device *mdev)
{
	struct lcfb_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	WARN_ON(st->frame[0] != LCFB_STAMP ||
		st->frame[LCFB_FRAME_SIZE - 1] != LCFB_STAMP);
	kfree(st->config);
	vfio_uninit_group_dev(&st->vdev);
	vfree(st);
	atomic_inc(&lcfb_avail);
}

static unsigned int lcfb_get_available(struct mdev_type *mtype)
{
	return atomic_read(&lcfb_avail);
}

static struct mdev_type lcfb_type = {
	.sysfs_name = "1",
	.pretty_name = "lcfb 2 MiB frame",
};

static struct mdev_type *lcfb_types[] = { &lcfb_type };

static struct mdev_driver lcfb_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = LCFB_NAME,
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = lcfb_probe,
	.remove = lcfb_remove,
	.get_available = lcfb_get_available,
};

/*
 * The parent device belongs to a class of the same name: mdev names the
 * type directories "<class>-<type>", here "lcfb-1".
 */
static int __init lcfb_init(void)
{
	int ret;

	lcfb_class = class_create(THIS_MODULE, LCFB_NAME);
	if (IS_ERR(lcfb_class))
		return PTR_ERR(lcfb_class);
	lcfb_parent_dev = device_create(lcfb_class, NULL, 0, NULL,
					LCFB_NAME);
	if (IS_ERR(lcfb_parent_dev)) {
		ret = PTR_ERR(lcfb_parent_dev);
		goto err_class;
	}
	ret = mdev_register_driver(&lcfb_driver);
	if (ret)
		goto err_device;
	ret = mdev_register_parent(&lcfb_parent, lcfb_parent_dev,
				   &lcfb_driver, lcfb_types,
				   ARRAY_SIZE(lcfb_types));
	if (ret)
		goto err_driver;
	return 0;

err_driver:
	mdev_unregister_driver(&lcfb_driver);
err_device:
	device_destroy(lcfb_class, 0);
err_class:
	class_destroy(lcfb_class);
	return ret;
}

static void __exit lcfb_exit(void)
{
	mdev_unregister_parent(&lcfb_parent);
	mdev_unregister_driver(&lcfb_driver);
	device_destroy(lcfb_class, 0);
	class_destroy(lcfb_class);
}

module_init(lcfb_init);
module_exit(lcfb_exit);
MODULE_DESCRIPTION("vfio-lifecycle example: mdev with a vmalloc'd state from a helper, old life cycle");
MODULE_LICENSE("GPL");
