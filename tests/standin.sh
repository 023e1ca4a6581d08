# shellcheck shell=sh
# A small kernel-shaped tree of the old vfio life cycle, written here, for
# the series tests (70, 71).  Sourced after tap.sh (needs $TOP).

# The old core API, as include/linux/vfio.h declares it.
STANDIN_OLD_H='void vfio_init_group_dev(struct vfio_device *device, struct device *dev,
			 const struct vfio_device_ops *ops);
void vfio_uninit_group_dev(struct vfio_device *device);'

# standin_tree DIR [VFIO_H]: the tree's files (a 6.0.1 Makefile, VFIO_H or
# the old API as vfio.h, a core with vfio_device_put()/try_get() callers,
# two old-form drivers) and an empty git repository with an identity;
# nothing committed (standin_commit)
standin_tree() {
	mkdir -p "$1/include/linux" "$1/drivers/vfio/lcdirect" "$1/samples/vfio-mdev"
	printf 'VERSION = 6\nPATCHLEVEL = 0\nSUBLEVEL = 1\n' >"$1/Makefile"
	printf '%s\n' "${2:-$STANDIN_OLD_H}" >"$1/include/linux/vfio.h"
	cat >"$1/drivers/vfio/vfio_main.c" <<'EOT'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/vfio.h>

static void vfio_device_put(struct vfio_device *device)
{
	complete(&device->comp);
}

static bool vfio_device_try_get(struct vfio_device *device)
{
	return refcount_inc_not_zero(&device->refcount);
}

void vfio_lookup(struct vfio_device *device)
{
	if (vfio_device_try_get(device))
		vfio_device_put(device);
}
EOT
	cp "$TOP/tests/cocci/in/lc_direct.c" "$1/drivers/vfio/lcdirect/lc_direct.c"
	cp "$TOP/tests/cocci/in/lc_reserve.c" "$1/samples/vfio-mdev/mtty.c"
	git -C "$1" init -q
	git -C "$1" config user.name "Test Maintainer"
	git -C "$1" config user.email "test@example.org"
}

# standin_commit DIR SUBJECT: everything in DIR as a commit of a fixed date
# (the series takes its dates from the base: the same bytes every run)
standin_commit() {
	git -C "$1" add -A
	GIT_AUTHOR_DATE=2022-10-05T12:00:00Z GIT_COMMITTER_DATE=2022-10-05T12:00:00Z \
		git -C "$1" commit -q -m "$2"
}

# standin_core_patch DIR OUT: the core patch 0001 made for the stand-in
# (the new API added to vfio.h), committed on a new branch "core" of DIR,
# which stays checked out, and written to OUT as git format-patch
standin_core_patch() {
	git -C "$1" checkout -q -b core
	cat >>"$1/include/linux/vfio.h" <<'EOT'
struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops);
void vfio_free_device(struct vfio_device *device);
void vfio_put_device(struct vfio_device *device);
EOT
	git -C "$1" commit -q -a -m "vfio: Add helpers for the vfio_device life cycle"
	mkdir -p "$2"
	git -C "$1" format-patch -q -o "$2" HEAD~1
}
