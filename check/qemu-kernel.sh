#!/bin/sh
# The final tree of a series (its base + every patch) as the x86_64 test
# kernel of make check: allnoconfig + check/kernel/test-kernel.config,
# bzImage, modules, modules_install into OUT/mods.
#
# It has its own checkout, apart from the bisect's, so that check-series.sh
# can start it first, at a low priority, and let it build beside the
# bisect: a bisect is mostly one-CPU work (Kbuild's set-up of each make
# run, checkpatch, a patch of one or two objects), and this build takes the
# other CPU's idle time instead of running alone after it.
#
# Usage: check/qemu-kernel.sh KERNEL BASE SRC OUT STATUS PATCH...
#   KERNEL  the user's tree (cloned --shared, never written to)
#   BASE    the series' base commit
#   SRC     the checkout to use (made if missing; reset to BASE every run)
#   OUT     the build directory (kept: a second run is warm)
#   STATUS  written last: "<status> <seconds>", status "ok", "apply <patch>"
#           (a patch did not apply: the bisect reports it) or "build"
# Progress and Kbuild's output go to stdout.  Exit 0 when STATUS is ok.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

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

kmake() {
	make -C "$src" O="$out" ARCH=x86 CC="ccache gcc" -j"${J:-$(ncpus)}" "$@"
}

step SOURCE "qemu: $src at the base, then the series"
checkout_at "$kernel" "$src" "$base"
for p in "$@"; do
	git -C "$src" apply "$p" || done_with "apply $(basename "$p")"
done

frag=$LC_TOP/check/kernel/test-kernel.config
mkdir -p "$out"
if [ ! -f "$out/.config" ] || [ -n "$(find "$frag" -newer "$out/.config")" ]; then
	step CONFIG "qemu: allnoconfig + check/kernel/test-kernel.config"
	cp "$frag" "$out/lc-fragment.config"
	KCONFIG_ALLCONFIG=$out/lc-fragment.config kmake -s allnoconfig || done_with build
fi
step BUILD "qemu: bzImage modules"
kmake bzImage modules || done_with build
rm -rf "$out/mods"
kmake INSTALL_MOD_PATH="$out/mods" modules_install || done_with build
done_with ok
