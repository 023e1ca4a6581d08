// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state's life, apart from its vfio_device: created with an
 * ERR_PTR on failure (freed on its own failure path), destroyed and freed.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "lho.h"

static struct lho_state *__lho_create(int id)
{
	struct lho_state *st;

	st = vzalloc(sizeof(*st));
	if (!st)
		return ERR_PTR(-ENOMEM);
	st->id = id;
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		vfree(st);
		return ERR_PTR(-ENOMEM);
	}
	return st;
}

struct lho_state *lho_create_state(int id)
{
	if (id < 0)
		return ERR_PTR(-EINVAL);
	return __lho_create(id);
}

void lho_destroy_state(struct lho_state *st)
{
	kfree(st->buf);
	vfree(st);
}
