// SPDX-License-Identifier: GPL-2.0-only
/*
 * Negative control for the QEMU harness: leaks one allocation on load.
 *
 * The pointer is dropped on purpose, so kmemleak must report the object as
 * unreferenced.  A harness that passes with this module loaded cannot see
 * the leaks a bad conversion would cause (a @release that forgets to free).
 */
#include <linux/module.h>
#include <linux/slab.h>

static int __init lc_planted_leak_init(void)
{
	void *p = kmalloc(192, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	/* Make the object recognisable in the kmemleak report. */
	memset(p, 0x6c, 192);
	pr_info("lc_planted_leak: leaking 192 bytes\n");
	/* Keep the compiler from dropping the stores and the allocation. */
	barrier_data(p);
	return 0;
}

static void __exit lc_planted_leak_exit(void)
{
}

module_init(lc_planted_leak_init);
module_exit(lc_planted_leak_exit);
MODULE_DESCRIPTION("vfio-lifecycle test: planted memory leak");
MODULE_LICENSE("GPL");
