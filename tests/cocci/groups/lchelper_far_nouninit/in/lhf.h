/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture: a driver whose state is created, counted and destroyed by
 * lhf_core.c, one call deeper than the function probe calls; the
 * structure, with its vfio_device last, is declared here.
 */
#ifndef LHF_H
#define LHF_H

#include <linux/mutex.h>
#include <linux/vfio.h>

struct lhf_parent {
	struct mutex lock;
	int count;
};

struct lhf_state {
	int id;
	struct lhf_parent *parent;
	u8 *buf;
	struct vfio_device vdev;
};

struct lhf_state *lhf_create(struct lhf_parent *parent, int id);
void lhf_destroy(struct lhf_state *st);

#endif
