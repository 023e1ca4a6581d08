/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture: a driver whose state comes from a helper of another file of
 * the module, which allocates it two calls deep (lho_state.c).
 */
#ifndef LHO_H
#define LHO_H

#include <linux/vfio.h>

struct lho_state {
	struct vfio_device vdev;
	int id;
	u8 *buf;
};

int lho_create_state(struct lho_state *st, int id);
void lho_destroy_state(struct lho_state *st);

#endif
