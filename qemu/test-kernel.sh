#!/bin/sh
# Build the QEMU test kernel: Debian's linux-source-6.1, unpacked once into
# the cache as a git tree, configured as allnoconfig + the flavour's config
# fragments, built out of tree with ccache.
#
# Flavours: base  qemu/kernel/test-kernel.config (kmemleak, KASAN, failslab)
#           kobj  base + qemu/kernel/kobject-release.config
#
# Cached: a stamp records the source, the fragments and this script; when it
# matches and the images exist, nothing is rebuilt.
#
# Usage: qemu/test-kernel.sh [--flavour base|kobj] [--print-dir|--print-src|--source]
#   --source: only unpack the source (checkpatch and coccicheck need no build)
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
. "$LC_TOP/qemu/test-kernel-lib.sh"

flavour=base
print_dir=
while [ $# -gt 0 ]; do
	case "$1" in
	--flavour) flavour=${2:-}; shift 2 ;;
	--print-dir) print_dir=1; shift ;;
	--print-src) print_dir=src; shift ;;
	--source) print_dir=unpack; shift ;;
	*) die "usage: $0 [--flavour base|kobj] [--print-dir|--print-src|--source]" ;;
	esac
done

TARBALL=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
FRAGMENTS=$LC_TOP/qemu/kernel/test-kernel.config
case "$flavour" in
base) ;;
kobj) FRAGMENTS="$FRAGMENTS $LC_TOP/qemu/kernel/kobject-release.config" ;;
*) die "unknown flavour '$flavour' (base or kobj)" ;;
esac
SRC=$LC_CACHE/linux-6.1
OUT=$LC_CACHE/build/x86_64-$flavour

case "$print_dir" in
1) echo "$OUT"; exit 0 ;;
src) echo "$SRC"; exit 0 ;; # the 6.1 source as a git tree (one commit)
esac

need_cmd tar xz git make gcc ccache flex bison bc sha256sum
[ -f "$TARBALL" ] ||
	die "$TARBALL not found; run 'make deps' (Debian package linux-source-6.1)"

# The source's identity: Debian version of the package when known, plus size.
ident=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
ident="$ident $(wc -c <"$TARBALL")"

# --- unpack once, atomically, as a git tree
if [ "$(cat "$SRC/.lc-source" 2>/dev/null || true)" != "$ident" ]; then
	step UNPACK "$TARBALL -> $SRC"
	t0=$(date +%s)
	rm -rf "$SRC" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -C "$SRC.tmp" --strip-components=1 -xf "$TARBALL"
	step GIT "$SRC"
	(
		cd "$SRC.tmp"
		git init -q
		git config core.autocrlf false
		git config gc.auto 0
		# -f: Debian's .gitignore ignores everything at the top level.
		git add -A -f .
		# Fixed identity and date: the same tarball gives the same commit.
		GIT_AUTHOR_NAME=vfio-lifecycle GIT_AUTHOR_EMAIL=vfio-lifecycle@localhost \
		GIT_COMMITTER_NAME=vfio-lifecycle GIT_COMMITTER_EMAIL=vfio-lifecycle@localhost \
		GIT_AUTHOR_DATE='2022-12-11 00:00:00 +0000' \
		GIT_COMMITTER_DATE='2022-12-11 00:00:00 +0000' \
			git commit -q -m "Linux 6.1 (Debian linux-source-6.1 ${ident% *})"
	)
	echo "$ident" >"$SRC.tmp/.lc-source"
	mv "$SRC.tmp" "$SRC"
	step DONE "$SRC ($(( $(date +%s) - t0 ))s)"
fi
[ "$print_dir" != unpack ] || exit 0

# --- the stamp: what this build is made of
# shellcheck disable=SC2086 # one word per fragment
stamp=$( { echo "$ident"; cat $FRAGMENTS "$0" "$LC_TOP/qemu/test-kernel-lib.sh"; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$OUT/.lc-stamp" 2>/dev/null || true)" = "$stamp" ] &&
	[ -f "$OUT/arch/x86/boot/bzImage" ] && [ -d "$OUT/mods/lib/modules" ]; then
	step CACHED "$OUT/arch/x86/boot/bzImage"
	exit 0
fi

mkdir -p "$OUT" "$LC_CACHE/ccache"
export CCACHE_DIR="$LC_CACHE/ccache"
# Paths relative to the cache, so that the flavours' builds share hits.
export CCACHE_BASEDIR="$LC_CACHE" CCACHE_NOHASHDIR=1
ccache -M 5G >/dev/null
# Reproducible build metadata, so that ccache hits across rebuilds.
export KBUILD_BUILD_TIMESTAMP='2022-12-11' KBUILD_BUILD_USER=lc KBUILD_BUILD_HOST=lc

step CONFIG "$flavour: allnoconfig + $(for f in $FRAGMENTS; do printf '%s ' "${f##*/}"; done)"
rm -f "$OUT/.lc-stamp"
export TK_CC="ccache gcc"
# shellcheck disable=SC2086 # one word per fragment
tk_configure "$SRC" "$OUT" $FRAGMENTS >/dev/null || exit 1

step BUILD "$flavour: bzImage modules ($(ncpus) jobs, ccache; ~7 min cold on 2 cores)"
t0=$(date +%s)
tk_make "$SRC" "$OUT" -s bzImage modules
rm -rf "$OUT/mods"
tk_make "$SRC" "$OUT" -s INSTALL_MOD_PATH="$OUT/mods" modules_install >/dev/null
echo "$stamp" >"$OUT/.lc-stamp"
step DONE "$OUT/arch/x86/boot/bzImage ($(( $(date +%s) - t0 ))s)"
