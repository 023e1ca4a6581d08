#!/bin/sh
# Convert an out-of-tree module of the old vfio life cycle: copy its
# sources to drivers-out/<name>/tree, convert them there with the semantic
# patches, write drivers-out/<name>/<name>.patch, and build the result
# against the target kernel.  The module directory itself is never touched.
#
# Usage: scripts/convert-module.sh M=<module dir> [KERNEL=<target tree>]
#   KERNEL: a configured and built kernel tree (or its O= build directory)
#           to build against; default: the QEMU test kernel (Debian 6.1).
set -eu
. "$(dirname "$0")/lib.sh"

mod=
kernel=
for a in "$@"; do
	case "$a" in
	M=*) mod=${a#M=} ;;
	KERNEL=*) kernel=${a#KERNEL=} ;;
	*) die "usage: $0 M=<module dir> [KERNEL=<target tree>]" ;;
	esac
done
[ -n "$mod" ] || die "M=<module dir> is required"
[ -d "$mod" ] || die "$mod: no such directory"
mod=$(cd "$mod" && pwd)
name=$(basename "$mod")
ls "$mod"/*.c >/dev/null 2>&1 || die "$mod has no .c files"

if [ -z "$kernel" ]; then
	sh "$LC_TOP/scripts/test-kernel.sh" >/dev/null
	kernel=$(sh "$LC_TOP/scripts/test-kernel.sh" --print-dir)
fi
[ -d "$kernel" ] || die "$kernel: no such directory"
kernel=$(cd "$kernel" && pwd)
# An O= build directory points at its source through the 'source' link.
src=$kernel
[ -e "$kernel/source" ] && src=$(cd "$kernel/source" && pwd)
api=$(sh "$LC_TOP/scripts/target-api.sh" "$src")
case "$api" in
6.1 | 6.2) ;;
old) die "$src still has the old vfio core API (vfio_init_group_dev() in include/linux/vfio.h): nothing to convert to; name a Linux 6.1 or later tree as KERNEL=" ;;
*) die "$src: cannot tell the vfio core API from include/linux/vfio.h" ;;
esac

out=$LC_TOP/drivers-out/$name
rm -rf "$out"
mkdir -p "$out/orig" "$out/tree"
(cd "$mod" && find . -maxdepth 1 -type f \( -name '*.[ch]' -o -name Makefile -o -name Kbuild \) \
	-exec cp {} "$out/orig/" \;)
cp "$out"/orig/* "$out/tree/"

step CONVERT "$name (target API $api)"
files=$(find "$out/orig" -maxdepth 1 -name '*.c' -printf '%f\n' | LC_ALL=C sort)
rc=0
# The verdicts name the logs where they will be (cocci-logs, below).
# shellcheck disable=SC2086 # one word per file
(cd "$out/orig" && LC_LOGS_SHOWN=drivers-out/$name/cocci-logs sh "$LC_TOP/scripts/cocci-convert.sh" \
	--target "$api" --out "$out/tree" $files) >"$out/conversion.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
	sed 's/^/  /' "$out/conversion.log" >&2
	[ "$rc" -ne 5 ] || tool_failed "the conversion failed; log: drivers-out/$name/conversion.log"
	die "conversion failed (exit $rc); log: drivers-out/$name/conversion.log"
fi
# The build must not see the converter's logs.
mv "$out/tree/.cocci" "$out/cocci-logs"
grep -v '^  SPATCH' "$out/conversion.log" | sed 's/^/  /'
# Labels instead of timestamps: the same input gives the same patch, which
# applies with -p1 inside the module directory.
: >"$out/$name.patch"
for f in $files; do
	diff -u --label "a/$f" --label "b/$f" "$out/orig/$f" "$out/tree/$f" \
		>>"$out/$name.patch" || true
done
step PATCH "drivers-out/$name/$name.patch ($(grep -c '^[-+][^-+]' "$out/$name.patch" || true) changed lines)"

step BUILD "$name against $kernel"
# W=1 for the compiler's extra warnings, C=2 to run sparse on every file.
if make -C "$kernel" M="$out/tree" W=1 C=2 modules >"$out/build.log" 2>&1; then
	warn_n=$(grep -c 'warning:' "$out/build.log" || true)
	step OK "built with W=1 C=2 (sparse), $warn_n warning(s); log: drivers-out/$name/build.log"
else
	grep -E 'error:|Error' "$out/build.log" | head -n 20 | sed 's/^/  /'
	step FAIL "build failed; log: drivers-out/$name/build.log"
	rc=4
fi
[ "$rc" -eq 3 ] && echo "needs a human: see drivers-out/$name/conversion.log"
exit "$rc"
