#!/bin/sh
# Print which vfio_device life-cycle API a kernel tree has, from its
# include/linux/vfio.h (never from the version number: vendor trees
# backport).
#   old  vfio_init_group_dev(): drivers allocate (before Linux 6.1)
#   6.1  vfio_alloc_device() + vfio_free_device() in the driver's @release
#   6.2  vfio_alloc_device(), the core frees the object (Linux 6.2 and later)
#
# Usage: scripts/target-api.sh TREE
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: $0 TREE"
h=$1/include/linux/vfio.h
if [ ! -f "$1/Makefile" ] || [ ! -d "$1/include/linux" ]; then
	die "$1 is not a kernel tree (no Makefile and include/linux/)"
fi
[ -f "$h" ] || die "$1 has no include/linux/vfio.h: no vfio in this tree"

has() { grep -qE "$1" "$h"; }
if has '\<_?vfio_alloc_device\>'; then
	if has '\<vfio_free_device\>'; then
		echo 6.1
	else
		echo 6.2
	fi
elif has '\<vfio_init_group_dev\>'; then
	echo old
else
	die "$h: neither vfio_init_group_dev() nor vfio_alloc_device(): unknown vfio API"
fi
