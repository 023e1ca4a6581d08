#!/bin/sh
# The final tree of a series (its base + every patch) as the x86_64 test
# kernel of make check: allnoconfig + qemu/kernel/test-kernel.config,
# bzImage, modules, modules_install into OUT/mods.
#
# It has its own checkout, apart from the bisect's, so that check-series.sh
# can start it first, at a low priority, and let it build beside the
# bisect: a bisect is mostly one-CPU work (Kbuild's set-up of each make
# run, checkpatch, a patch of one or two objects), and this build takes the
# other CPU's idle time instead of running alone after it.
#
# Usage: qemu/qemu-kernel.sh KERNEL BASE SRC OUT STATUS PATCH...
#   KERNEL  the user's tree (cloned --shared, never written to)
#   BASE    the series' base commit
#   SRC     the checkout to use (made if missing; reset to BASE and patched
#           unless it holds BASE and these patches already)
#   OUT     the build directory (kept: a second run is warm)
#   STATUS  written last: "<status> <seconds>", status "ok", "apply <patch>"
#           (a patch did not apply: the bisect reports it) or "build"
# Progress and Kbuild's output go to stdout.  Exit 0 when STATUS is ok.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$LC_TOP/qemu/test-kernel-lib.sh"

[ $# -ge 6 ] || die "usage: $0 KERNEL BASE SRC OUT STATUS PATCH..."
kernel=$1
base=$2
src=$3
out=$4
status=$5
shift 5
t0=$(date +%s)
rm -f "$status"

# done_with STATUS: record STATUS and the time, and stop
done_with() {
	echo "$1 $(( $(date +%s) - t0 ))" >"$status"
	[ "$1" = ok ] || exit 3
	exit 0
}

# The checkout is kept when it holds this base and these patches already
# (a warm run): reset and patched again, its patched files would be newer
# than their objects, and Kbuild would rebuild all that includes them.
# What it holds: the base, the patches' text, and the tree git records
# of it after they applied (a file changed or added since shows there).
series=$(cat "$@" | sha256sum | cut -d' ' -f1)
tree_of() {
	git -C "$src" add -A && git -C "$src" write-tree
}
held=$src/.git/lc-series
if [ -f "$held" ] && [ "$(git -C "$src" rev-parse HEAD)" = "$base" ] &&
	[ "$(cat "$held")" = "$series $(tree_of)" ]; then
	step SOURCE "qemu: $src holds the base and the series already"
else
	step SOURCE "qemu: $src at the base, then the series"
	rm -f "$held"
	checkout_at "$kernel" "$src" "$base"
	for p in "$@"; do
		git -C "$src" apply "$p" || done_with "apply $(basename "$p")"
	done
	echo "$series $(tree_of)" >"$held"
fi

# No ccache: a cold build would pay its hashing and storing on every
# object, and a warm one rebuilds nothing (the checkout above, and OUT,
# are kept).
frag=$LC_TOP/qemu/kernel/test-kernel.config
if [ ! -f "$out/.config" ] || [ -n "$(find "$frag" -newer "$out/.config")" ]; then
	step CONFIG "qemu: allnoconfig + qemu/kernel/test-kernel.config"
	# a refused symbol: no .config, so the next run configures again
	tk_configure "$src" "$out" "$frag" || { rm -f "$out/.config"; done_with build; }
fi
step BUILD "qemu: bzImage modules"
tk_make "$src" "$out" bzImage modules || done_with build
rm -rf "$out/mods"
tk_make "$src" "$out" INSTALL_MOD_PATH="$out/mods" modules_install || done_with build
done_with ok
