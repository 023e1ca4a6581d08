#!/bin/sh
# Convert C files of the old vfio life cycle with cocci/vfio_alloc_device.cocci
# and judge each result: converted, nothing to convert, or not converted
# (the original is kept and the old-form sites are listed).  Never writes
# next to the inputs: results go to OUTDIR, one file per input (same
# relative path); verdicts and spatch logs go to OUTDIR/.cocci/.
#
# Usage: scripts/cocci-convert.sh [--target auto|6.1|6.2] [--kernel TREE]
#                                 --out OUTDIR FILE...
#   --target 6.1: drivers free their object in @release (vfio_free_device)
#   --target 6.2: the core frees the object; no @release needed for that
#   --target auto (default): read TREE/include/linux/vfio.h
#
# Exit status: 0 when every file was converted or had nothing to convert,
# 3 when some file needs a human, 1 on bad input.
set -eu
. "$(dirname "$0")/lib.sh"

target=auto
kernel=
out=
while [ $# -gt 0 ]; do
	case "$1" in
	--target) target=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ -n "$out" ] || die "--out OUTDIR is required"
[ $# -gt 0 ] || die "no input files"
need_cmd spatch

# The target API decides who frees the object.
if [ "$target" = auto ]; then
	[ -n "$kernel" ] || die "--target auto needs --kernel TREE"
	target=$(sh "$LC_TOP/scripts/target-api.sh" "$kernel")
fi
case "$target" in
6.1) defs="-D patch" ;;
6.2) defs="-D patch -D core_frees" ;;
old) die "the target tree still has the old vfio core API (vfio_init_group_dev): nothing to convert to" ;;
*) die "unknown target API '$target' (6.1 or 6.2)" ;;
esac

OLD_RE='vfio_init_group_dev|vfio_uninit_group_dev|vfio_pci_core_init_device|vfio_pci_core_uninit_device'
SP=$LC_TOP/cocci/vfio_alloc_device.cocci
logs=$out/.cocci
mkdir -p "$logs"
report=$logs/conversion.txt
: >"$report"
status=0

for f in "$@"; do
	[ -f "$f" ] || die "$f: no such file"
	dst=$out/$f
	log=$logs/$(echo "$f" | tr / _).log
	mkdir -p "$(dirname "$dst")"
	if ! grep -qE "\\<($OLD_RE)\\>" "$f"; then
		cp "$f" "$dst"
		echo "$f: nothing to convert (no old vfio calls in this file)" >>"$report"
		continue
	fi
	# A file that already calls the new API and keeps the old one behind
	# the preprocessor supports both on purpose: leave it alone.
	if grep -qE '\<(vfio_alloc_device|vfio_init_device)\>' "$f" &&
		grep -qE '^[[:space:]]*#[[:space:]]*(if|ifdef|ifndef|elif)\>' "$f"; then
		cp "$f" "$dst"
		echo "$f: nothing to convert (both APIs behind #if; left as is)" >>"$report"
		continue
	fi
	step SPATCH "$f"
	# shellcheck disable=SC2086 # $defs holds several options
	# --keep-comments: a comment next to a moved or removed line stays.
	if ! spatch --very-quiet $defs --no-includes --include-headers --keep-comments \
		--sp-file "$SP" "$f" -o "$dst.new" >"$log" 2>&1; then
		cp "$f" "$dst"
		echo "$f: NOT CONVERTED: spatch failed (see $log)" >>"$report"
		status=3
		continue
	fi
	# spatch writes no file when nothing matched.
	[ -f "$dst.new" ] || cp "$f" "$dst.new"
	# What is left is asked of spatch itself (report mode), so that
	# comments and strings naming the old calls do not count.
	left=$(spatch --very-quiet -D report --no-includes --include-headers \
		--sp-file "$SP" "$dst.new" 2>/dev/null | grep -c ': old vfio life cycle' || true)
	if [ "$left" -ne 0 ]; then
		# Never half-converted: keep the original, list the sites.
		rm -f "$dst.new"
		cp "$f" "$dst"
		{
			echo "$f: NOT CONVERTED: pattern not understood; old-form sites:"
			spatch --very-quiet -D report --no-includes --include-headers \
				--sp-file "$SP" "$f" 2>/dev/null | sed 's/^/  /'
			echo "  (allocation outside the init call's function, ops chosen at run"
			echo "   time, a mid-layer init without the free, or a structure owned"
			echo "   by a parent: these need the idiomatic rules or a human)"
		} >>"$report"
		status=3
		continue
	fi
	if cmp -s "$f" "$dst.new"; then
		mv "$dst.new" "$dst"
		echo "$f: nothing to convert (old names only in comments)" >>"$report"
		continue
	fi
	mv "$dst.new" "$dst"
	echo "$f: converted (minimal, target $target)" >>"$report"
done

cat "$report"
exit $status
