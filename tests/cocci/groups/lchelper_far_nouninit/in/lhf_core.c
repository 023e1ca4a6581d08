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

static struct lhf_state *__lhf_create(struct lhf_parent *parent, int id)
{
	struct lhf_state *st;
	int ret;

	st = vzalloc(sizeof(*st));
	if (!st)
		return ERR_PTR(-ENOMEM);

	st->id = id;
	st->parent = parent;
	st->buf = kzalloc(64, GFP_KERNEL);
	if (!st->buf) {
		ret = -ENOMEM;
		goto out_free;
	}
	return st;

out_free:
	vfree(st);
	return ERR_PTR(ret);
}

/**
 * lhf_create - create a state under its parent
 * @parent: the parent that counts its states
 * @id: the state's number
 *
 * Returns:
 * pointer to the new state, error pointer if failed.
 */
struct lhf_state *lhf_create(struct lhf_parent *parent, int id)
{
	struct lhf_state *st;

	mutex_lock(&parent->lock);
	st = __lhf_create(parent, id);
	if (!IS_ERR(st))
		parent->count++;
	mutex_unlock(&parent->lock);

	return st;
}

void lhf_destroy(struct lhf_state *st)
{
	struct lhf_parent *parent = st->parent;

	mutex_lock(&parent->lock);
	parent->count--;
	mutex_unlock(&parent->lock);
	kfree(st->buf);
	vfree(st);
}
