/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture: the header of a mid-layer library shared by two front ends.
 */
#ifndef LCMID_H
#define LCMID_H

#include <linux/vfio.h>
#include <linux/mutex.h>

struct lcmid_state {
	struct vfio_device vdev;
	struct device *parent;
	const char *label;
	void *table;
	struct mutex lock;
	bool need_table;
	int (*get_irq)(struct lcmid_state *st, int i);
};

int lcmid_probe_common(struct lcmid_state *st, struct device *dev);
void lcmid_remove_common(struct lcmid_state *st);
int lcmid_init_common(struct lcmid_state *st);
void lcmid_release_common(struct lcmid_state *st);
int lcmid_open_device(struct vfio_device *core_vdev);
void lcmid_close_device(struct vfio_device *core_vdev);
ssize_t lcmid_read(struct vfio_device *core_vdev, char __user *buf,
		   size_t count, loff_t *ppos);

#endif
