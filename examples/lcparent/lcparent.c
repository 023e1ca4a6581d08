// SPDX-License-Identifier: GPL-2.0-only
/*
 * lcparent: an out-of-tree mediated device in the OLD vfio life cycle
 * whose per-device structures belong to the parent, not to the device.
 *
 * The module allocates a pool of slots when it loads and frees it when it
 * unloads; each mdev borrows a slot, with the vfio_device embedded in it,
 * and gives it back on remove.  The vfio core must never free a slot, so
 * the converted driver uses vfio_init_device() and an @release that frees
 * nothing.  Registers as in lcserial: config space plus an 8-byte BAR0.
 *
 * This file is the *input* of the conversion.  It uses the mdev parent
 * API of Linux 6.1, so once converted it builds and runs there.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

#define LCPARENT_NAME		"lcparent"
#define LCPARENT_MAX		4
#define LCPARENT_CFG_SIZE	256
#define LCPARENT_BAR0_SIZE	8
#define LCPARENT_VENDOR		0x1af4
#define LCPARENT_DEVICE		0x10fc
#define LCPARENT_SHIFT		40
#define LCPARENT_INDEX(off)	((off) >> LCPARENT_SHIFT)
#define LCPARENT_OFFSET(off)	((off) & ((1ULL << LCPARENT_SHIFT) - 1))

struct lcparent_state {
	struct vfio_device vdev;
	bool busy;			/* lent to an mdev */
	struct mdev_device *mdev;
	struct mutex lock;		/* serializes register access */
	u8 *config;
	u8 regs[LCPARENT_BAR0_SIZE];
};

static atomic_t lcparent_avail = ATOMIC_INIT(LCPARENT_MAX);
static struct lcparent_state *lcparent_slots;	/* the pool, LCPARENT_MAX */
static DEFINE_MUTEX(lcparent_slots_lock);
static struct class *lcparent_class;
static struct device *lcparent_parent_dev;
static struct mdev_parent lcparent_parent;

static void lcparent_fill_config(u8 *cfg)
{
	*(__le16 *)&cfg[PCI_VENDOR_ID] = cpu_to_le16(LCPARENT_VENDOR);
	*(__le16 *)&cfg[PCI_DEVICE_ID] = cpu_to_le16(LCPARENT_DEVICE);
	cfg[PCI_CLASS_DEVICE] = 0x07;		/* communication controller */
	cfg[PCI_CLASS_DEVICE + 1] = 0x00;
	*(__le32 *)&cfg[PCI_BASE_ADDRESS_0] = cpu_to_le32(PCI_BASE_ADDRESS_SPACE_IO);
}

static ssize_t lcparent_access(struct lcparent_state *st, char __user *ubuf,
			       size_t count, loff_t *ppos, bool write)
{
	unsigned int index = LCPARENT_INDEX(*ppos);
	loff_t off = LCPARENT_OFFSET(*ppos);
	u8 *base;
	size_t size;

	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		base = st->config;
		size = LCPARENT_CFG_SIZE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		base = st->regs;
		size = LCPARENT_BAR0_SIZE;
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

static ssize_t lcparent_read(struct vfio_device *vdev, char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct lcparent_state *st = container_of(vdev, struct lcparent_state,
						 vdev);

	return lcparent_access(st, buf, count, ppos, false);
}

static ssize_t lcparent_write(struct vfio_device *vdev, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct lcparent_state *st = container_of(vdev, struct lcparent_state,
						 vdev);

	return lcparent_access(st, (char __user *)buf, count, ppos, true);
}

static long lcparent_ioctl(struct vfio_device *vdev, unsigned int cmd,
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
			info.size = LCPARENT_CFG_SIZE;
			break;
		case VFIO_PCI_BAR0_REGION_INDEX:
			info.size = LCPARENT_BAR0_SIZE;
			break;
		default:
			info.size = 0;
			break;
		}
		info.offset = (u64)info.index << LCPARENT_SHIFT;
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

static const struct vfio_device_ops lcparent_ops = {
	.name = "vfio-lcparent",
	.read = lcparent_read,
	.write = lcparent_write,
	.ioctl = lcparent_ioctl,
};

static struct lcparent_state *lcparent_get_slot(void)
{
	struct lcparent_state *st = NULL;
	int i;

	mutex_lock(&lcparent_slots_lock);
	for (i = 0; i < LCPARENT_MAX; i++) {
		if (!lcparent_slots[i].busy) {
			st = &lcparent_slots[i];
			st->busy = true;
			break;
		}
	}
	mutex_unlock(&lcparent_slots_lock);
	return st;
}

static void lcparent_put_slot(struct lcparent_state *st)
{
	mutex_lock(&lcparent_slots_lock);
	st->busy = false;
	mutex_unlock(&lcparent_slots_lock);
}

static int lcparent_probe(struct mdev_device *mdev)
{
	struct lcparent_state *st;
	int ret;

	if (atomic_dec_if_positive(&lcparent_avail) < 0)
		return -ENOSPC;
	st = lcparent_get_slot();
	if (!st) {
		ret = -ENOSPC;
		goto err_avail;
	}

	st->config = kzalloc(LCPARENT_CFG_SIZE, GFP_KERNEL);
	if (!st->config) {
		ret = -ENOMEM;
		goto err_slot;
	}
	lcparent_fill_config(st->config);
	memset(st->regs, 0, sizeof(st->regs));
	st->mdev = mdev;

	memset(&st->vdev, 0, sizeof(st->vdev));
	vfio_init_group_dev(&st->vdev, &mdev->dev, &lcparent_ops);
	mutex_init(&st->lock);

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_uninit;
	dev_set_drvdata(&mdev->dev, st);
	return 0;

err_uninit:
	vfio_uninit_group_dev(&st->vdev);
	kfree(st->config);
err_slot:
	lcparent_put_slot(st);
err_avail:
	atomic_inc(&lcparent_avail);
	return ret;
}

static void lcparent_remove(struct mdev_device *mdev)
{
	struct lcparent_state *st = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&st->vdev);
	vfio_uninit_group_dev(&st->vdev);
	kfree(st->config);
	lcparent_put_slot(st);
	atomic_inc(&lcparent_avail);
}

static unsigned int lcparent_get_available(struct mdev_type *mtype)
{
	return atomic_read(&lcparent_avail);
}

static struct mdev_type lcparent_type = {
	.sysfs_name = "1",
	.pretty_name = "lcparent pooled port",
};

static struct mdev_type *lcparent_types[] = { &lcparent_type };

static struct mdev_driver lcparent_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = LCPARENT_NAME,
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = lcparent_probe,
	.remove = lcparent_remove,
	.get_available = lcparent_get_available,
};

/*
 * The parent device belongs to a class of the same name: mdev names the
 * type directories "<class>-<type>", here "lcparent-1".
 */
static int __init lcparent_init(void)
{
	int ret;

	lcparent_slots = kcalloc(LCPARENT_MAX, sizeof(*lcparent_slots),
				 GFP_KERNEL);
	if (!lcparent_slots)
		return -ENOMEM;
	lcparent_class = class_create(THIS_MODULE, LCPARENT_NAME);
	if (IS_ERR(lcparent_class)) {
		ret = PTR_ERR(lcparent_class);
		goto err_slots;
	}
	lcparent_parent_dev = device_create(lcparent_class, NULL, 0, NULL,
					    LCPARENT_NAME);
	if (IS_ERR(lcparent_parent_dev)) {
		ret = PTR_ERR(lcparent_parent_dev);
		goto err_class;
	}
	ret = mdev_register_driver(&lcparent_driver);
	if (ret)
		goto err_device;
	ret = mdev_register_parent(&lcparent_parent, lcparent_parent_dev,
				   &lcparent_driver, lcparent_types,
				   ARRAY_SIZE(lcparent_types));
	if (ret)
		goto err_driver;
	return 0;

err_driver:
	mdev_unregister_driver(&lcparent_driver);
err_device:
	device_destroy(lcparent_class, 0);
err_class:
	class_destroy(lcparent_class);
err_slots:
	kfree(lcparent_slots);
	return ret;
}

static void __exit lcparent_exit(void)
{
	mdev_unregister_parent(&lcparent_parent);
	mdev_unregister_driver(&lcparent_driver);
	device_destroy(lcparent_class, 0);
	class_destroy(lcparent_class);
	kfree(lcparent_slots);
}

module_init(lcparent_init);
module_exit(lcparent_exit);
MODULE_DESCRIPTION("vfio-lifecycle example: mdev whose structures the parent owns, old life cycle");
MODULE_LICENSE("GPL");
