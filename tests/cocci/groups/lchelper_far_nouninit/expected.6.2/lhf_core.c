// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture: the state's life apart from its vfio_device.  __lhf_create()
 * allocates it and frees it on its failure path (a label); lhf_create()
 * returns what __lhf_create() returns, counting the states under the
 * parent's lock; lhf_destroy() undoes both and frees the state.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "lhf.h"

static int __lhf_create(struct lhf_state *st, struct lhf_parent *parent,
			int id)
{
	int ret;

	st->id = id;
	st->parent = parent;
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		ret = -ENOMEM;
		goto out_free;
	}
	return 0;

out_free:
	return ret;
}

/**
 * lhf_create - create a state under its parent
 * @st: the zeroed state to set up (the vfio core allocates it)
 * @parent: the parent that counts its states
 * @id: the state's number
 *
 * Returns:
 * zero on success, negative error code if failed.
 */
int lhf_create(struct lhf_state *st, struct lhf_parent *parent, int id)
{
	int ret;

	mutex_lock(&parent->lock);
	ret = __lhf_create(st, parent, id);
	if (!ret)
		parent->count++;
	mutex_unlock(&parent->lock);

	return ret;
}

void lhf_destroy(struct lhf_state *st)
{
	struct lhf_parent *parent = st->parent;

	mutex_lock(&parent->lock);
	parent->count--;
	mutex_unlock(&parent->lock);
	kfree(st->buf);
}
