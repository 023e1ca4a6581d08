// SPDX-License-Identifier: GPL-2.0-only
/*
 * Negative control for the QEMU harness: a use-after-free or a double free
 * on load, the two ways a @release that touches the state after
 * vfio_free_device() goes wrong.  KASAN must report it.
 *
 *   insmod lc_planted_uaf.ko              read after kfree()
 *   insmod lc_planted_uaf.ko double_free=1 kfree() twice
 */
#include <linux/module.h>
#include <linux/slab.h>

static bool double_free;
module_param(double_free, bool, 0444);
MODULE_PARM_DESC(double_free, "free twice instead of reading after free");

struct lc_state {
	int magic;
	char pad[60];
};

static int __init lc_planted_uaf_init(void)
{
	struct lc_state *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int magic;

	if (!s)
		return -ENOMEM;
	s->magic = 0x1c;
	kfree(s);
	/* Keep the compiler from seeing through the planted bug. */
	OPTIMIZER_HIDE_VAR(s);
	if (double_free) {
		pr_info("lc_planted_uaf: freeing twice\n");
		kfree(s);
		return 0;
	}
	magic = READ_ONCE(s->magic);
	pr_info("lc_planted_uaf: read %#x after free\n", magic);
	return 0;
}

static void __exit lc_planted_uaf_exit(void)
{
}

module_init(lc_planted_uaf_init);
module_exit(lc_planted_uaf_exit);
MODULE_DESCRIPTION("vfio-lifecycle test: planted use-after-free / double free");
MODULE_LICENSE("GPL");
