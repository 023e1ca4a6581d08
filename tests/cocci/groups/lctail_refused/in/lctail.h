/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture: the header of a mid-layer library shared by two front ends,
 * with the domain the library takes before registering.
 */
#ifndef LCTAIL_H
#define LCTAIL_H

#include <linux/vfio.h>
#include <linux/mutex.h>

struct lctail_state {
	struct vfio_device vdev;
	struct device *parent;
	const char *label;
	void *table;
	struct mutex lock;
	bool need_table;
	int (*get_irq)(struct lctail_state *st, int i);
};

struct lctail_domain;
struct lctail_domain *lctail_domain_get(struct device *dev);
struct lctail_domain *lctail_domain_of(struct device *dev);
void lctail_domain_put(struct lctail_domain *dom, struct device *dev);
void lctail_domain_forget(struct device *dev);

int lctail_probe_common(struct lctail_state *st, struct device *dev);
void lctail_remove_common(struct lctail_state *st);

#endif
