#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# cocci/vfio_missing_unregister.cocci: a vfio_device that probe registers
# and remove never unregisters gets vfio_unregister_group_dev() in remove.
# tests/cocci/unregister/in/*.c are old-style drivers written here; one
# with tests/cocci/unregister/expected/X.c must be fixed into exactly
# that (and say so on one MISSING-UNREGISTER: line), and a second run on
# the result must find nothing; one without must come out untouched and
# silent (unregistered through a helper, vfio-pci-core's own pair, no
# remove at all).  Report mode names the registration's line.  make
# convert M= applies the fix first (a copy of the toolkit and a stand-in
# kernel, as tests/63): fixes.patch holds it alone, the module's patch
# has the fix and the conversion, the verdicts and the file's record say
# so.
set -eu
. "$(dirname "$0")/tap.sh"

D=$TOP/tests/cocci/unregister
SP=$TOP/cocci/vfio_missing_unregister.cocci
PYTHONPATH=$TOP/cocci${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH
inputs=$(cd "$D/in" && ls -- *.c)
fires=$(cd "$D/expected" && ls -- *.c)
plan $(($(echo "$inputs" | wc -w) * 2 + $(echo "$fires" | wc -w) * 2 + 1 + 5))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fix IN OUT LOG: the rule in patch mode; OUT is IN when nothing changed
fix() {
	rm -f "$2"
	spatch --very-quiet -D patch --no-includes --include-headers \
		--sp-file "$SP" "$1" -o "$2" >"$3" 2>&1 || { sed 's/^/#   /' "$3"; return 1; }
	[ -f "$2" ] || cp "$1" "$2"
}

for f in $inputs; do
	x=${f%.c}
	fix "$D/in/$f" "$tmp/$f" "$tmp/$x.log"
	said=$(grep -c '^MISSING-UNREGISTER: ' "$tmp/$x.log" || true)
	if [ -f "$D/expected/$f" ]; then
		ref=$D/expected/$f
		is "$said" 1 "$x: fires once"
	else
		ref=$D/in/$f
		is "$said" 0 "$x: does not fire"
	fi
	d=$(diff -u "$ref" "$tmp/$f" 2>&1) && rc=0 || rc=1
	ok "$rc" "$x: output matches ${ref#"$TOP"/}"
	[ "$rc" -eq 0 ] || printf '%s\n' "$d" | head -n 30 | sed 's/^/#   /'
done

for f in $fires; do
	x=${f%.c}
	# the line printed is the input's tear-down call, in the remove named,
	# and the golden output inserts right before it
	rm_fn=$(sed -n 's/^MISSING-UNREGISTER: \([a-z_0-9]*\) .*/\1/p' "$tmp/$x.log")
	line=$(sed -n 's/^MISSING-UNREGISTER: [^ ]* [^ ]* [^ ]* [^ ]* [^ ]* [^ ]* \([0-9]*\) .*/\1/p' "$tmp/$x.log")
	def=$(grep -n "^[a-z].*[ *]$rm_fn(" "$D/in/$f" | head -n 1 | cut -d: -f1)
	after=$(diff "$D/in/$f" "$D/expected/$f" | sed -n 's/^\([0-9]*\)a.*/\1/p')
	[ -n "$def" ] && [ -n "$line" ] && [ "$def" -lt "$line" ] && [ "$after" = $((line - 1)) ] && rc=0 || rc=1
	ok "$rc" "$x: the fix goes in $rm_fn(), right before line $line"
	fix "$D/expected/$f" "$tmp/again-$f" "$tmp/again-$x.log"
	said=$(grep -c '^MISSING-UNREGISTER: ' "$tmp/again-$x.log" || true)
	cmp -s "$D/expected/$f" "$tmp/again-$f" && [ "$said" -eq 0 ] && rc=0 || rc=1
	ok "$rc" "$x: a second run finds nothing"
done

# report mode: file:line of the registration, for make coccicheck
spatch --very-quiet -D report --no-includes --include-headers --sp-file "$SP" \
	"$D/in/lu_never.c" >"$tmp/report" 2>&1 || true
reg=$(grep -n 'vfio_register_emulated_iommu_dev(&st->vdev)' "$D/in/lu_never.c" | cut -d: -f1)
like "$(cat "$tmp/report")" "lu_never.c:$reg:[0-9]+-[0-9]+: lun_probe\(\) registers &st->vdev .* but lun_remove\(\) hands it to lun_destroy_state\(\) without vfio_unregister_group_dev\(\)" \
	"report mode: the registration's line and what remove does instead"

# make convert M=: the fix first
c=$tmp/cm
mkdir -p "$c/top" "$c/fk/include/linux" "$c/fk/include/generated" "$c/fk/scripts/mod" "$c/lun" "$c/luh"
cp -r "$TOP/scripts" "$TOP/cocci" "$TOP/lifecycle" "$c/top/"
printf 'modules:\n\t@echo fake kbuild\n' >"$c/fk/Makefile"
: >"$c/fk/.config"
: >"$c/fk/include/generated/autoconf.h"
: >"$c/fk/Module.symvers"
printf '#!/bin/sh\n' >"$c/fk/scripts/mod/modpost"
chmod +x "$c/fk/scripts/mod/modpost"
printf 'struct vfio_device *_vfio_alloc_device(void);\nvoid vfio_free_device(struct vfio_device *d);\n' \
	>"$c/fk/include/linux/vfio.h"
cp "$D/in/lu_never.c" "$c/lun/"
echo 'obj-m := lu_never.o' >"$c/lun/Kbuild"
cp "$D/in/lu_helper.c" "$c/luh/"
echo 'obj-m := lu_helper.o' >"$c/luh/Kbuild"
(cd "$c/top" && sh scripts/convert-module.sh M="$c/lun" KERNEL="$c/fk") >"$c/lun.txt" 2>&1 || true
o=$c/top/drivers-out/modules/lun
diff -u "$D/in/lu_never.c" "$D/expected/lu_never.c" | tail -n +3 >"$c/want"
tail -n +3 "$o/fixes.patch" 2>/dev/null | diff - "$c/want" >/dev/null && rc=0 || rc=1
ok "$rc" "make convert: fixes.patch is the rule's fix alone"
grep -q '^+	vfio_unregister_group_dev(&st->vdev);$' "$o/lun.patch" &&
	grep -q '^+.*vfio_alloc_device(' "$o/lun.patch" && rc=0 || rc=1
ok "$rc" "make convert: the module's patch has the fix and the conversion on top"
like "$(head -n 1 "$o/conversion.log")" '^lu_never\.c: fixed first: lun_remove\(\) never unregistered the vfio_device lun_probe\(\) registers' \
	"make convert: the verdicts say the fix came first"
fx=$(python3 -c 'import json, sys; print([json.loads(l).get("fixed_first", "") for l in open(sys.argv[1])][0])' \
	"$o/cocci-logs/conversion.json" 2>&1 || true)
like "$fx" '^lun_remove\(\) never unregistered .* vfio_unregister_group_dev\(&st->vdev\) added before lun_destroy_state\(\)' \
	"make convert: the file's record says so (fixed_first)"
(cd "$c/top" && sh scripts/convert-module.sh M="$c/luh" KERNEL="$c/fk") >"$c/luh.txt" 2>&1 || true
o=$c/top/drivers-out/modules/luh
[ -f "$o/conversion.log" ] && [ ! -e "$o/fixes.patch" ] && ! grep -q 'fixed first' "$o/conversion.log" &&
	! grep -q 'FIX' "$c/luh.txt" && rc=0 || rc=1
ok "$rc" "make convert: no fix for a module that unregisters through a helper"
tap_exit
