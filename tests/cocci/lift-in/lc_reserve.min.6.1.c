// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: instances reserved from a counter before the allocation and
 * given back on every failure and in remove; private state set up after
 * init (a lock, a buffer) with a goto ladder; remove also undoes what
 * probe did after registration (a list), which must stay in remove.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/vfio.h>
#include <linux/mdev.h>

struct lcr_state {
	struct vfio_device vdev;
	struct mutex lock;
	struct list_head node;
	u8 *buf;
	int slots;
};

static atomic_t lcr_avail = ATOMIC_INIT(4);
static LIST_HEAD(lcr_list);
static DEFINE_MUTEX(lcr_list_lock);

static const struct vfio_device_ops lcr_dev_ops = {
	.name = "vfio-lcr",
	.release = vfio_free_device,
};

static int lcr_probe(struct mdev_device *mdev)
{
	struct lcr_state *st;
	int slots = 1;
	int ret;

	if (atomic_sub_return(slots, &lcr_avail) < 0) {
		atomic_add(slots, &lcr_avail);
		return -ENOSPC;
	}

	st = vfio_alloc_device(lcr_state, vdev, &mdev->dev, &lcr_dev_ops);
	if (IS_ERR(st)) {
		ret = PTR_ERR(st);
		goto err_slots;
	}

	st->slots = slots;
	mutex_init(&st->lock);
	/* one page of register space */
	st->buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!st->buf) {
		ret = -ENOMEM;
		goto err_init;
	}

	ret = vfio_register_emulated_iommu_dev(&st->vdev);
	if (ret)
		goto err_buf;
	dev_set_drvdata(&mdev->dev, st);
	mutex_lock(&lcr_list_lock);
	list_add(&st->node, &lcr_list);
	mutex_unlock(&lcr_list_lock);
	return 0;

err_buf:
	kfree(st->buf);
err_init:
	vfio_put_device(&st->vdev);
err_slots:
	atomic_add(slots, &lcr_avail);
	return ret;
}

static void lcr_remove(struct mdev_device *mdev)
{
	struct lcr_state *st = dev_get_drvdata(&mdev->dev);
	int slots = st->slots;

	vfio_unregister_group_dev(&st->vdev);
	mutex_lock(&lcr_list_lock);
	list_del(&st->node);
	mutex_unlock(&lcr_list_lock);
	kfree(st->buf);
	mutex_destroy(&st->lock);
	vfio_put_device(&st->vdev);
	atomic_add(slots, &lcr_avail);
}
