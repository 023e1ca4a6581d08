// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state's life, apart from its vfio_device: created with an
 * ERR_PTR on failure (freed on its own failure path), destroyed and freed.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "lho.h"

static int __lho_create(struct lho_state *st, int id)
{
	st->id = id;
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf)
		return -ENOMEM;
	return 0;
}

int lho_create_state(struct lho_state *st, int id)
{
	if (id < 0)
		return -EINVAL;
	return __lho_create(st, id);
}

void lho_destroy_state(struct lho_state *st)
{
	kfree(st->buf);
}
