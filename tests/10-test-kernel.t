#!/bin/sh
# The QEMU test kernels: built from Debian's 6.1 source, configured as the
# fragments say, and cached.  Two flavours: base, and kobj (base + delayed
# kobject release).
set -eu
. "$(dirname "$0")/tap.sh"
plan 12

for flavour in base kobj; do
	# A cold build takes minutes: show its progress lines as they come.
	rcfile=$(mktemp)
	{ PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --flavour $flavour 2>&1; echo $? >"$rcfile"; } |
		sed -u 's/^/# /'
	rc=$(cat "$rcfile")
	rm -f "$rcfile"
	ok "$rc" "$flavour: test kernel builds (or is cached)"
	[ "$rc" -eq 0 ] || bail "no $flavour test kernel"

	KOUT=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --flavour $flavour --print-dir)
	ok "$([ -s "$KOUT/arch/x86/boot/bzImage" ]; echo $?)" "$flavour: bzImage exists"

	# Each symbol of the fragments, checked against the final .config.
	frags=$TOP/qemu/kernel/test-kernel.config
	[ $flavour = base ] || frags="$frags $TOP/qemu/kernel/kobject-release.config"
	bad=
	# shellcheck disable=SC2086 # one word per fragment, one per symbol
	syms=$(grep -h '^CONFIG_' $frags)
	# shellcheck disable=SC2086
	for line in $syms; do
		case "$line" in
		CONFIG_*=n) ! grep -q "^${line%=n}=" "$KOUT/.config" || bad="$bad $line" ;;
		*) grep -qx "$line" "$KOUT/.config" || bad="$bad $line" ;;
		esac
	done
	is "$bad" "" "$flavour: every fragment symbol is in .config"

	mods=$(find "$KOUT/mods/lib/modules" -name '*.ko' -path '*vfio-mdev*' -printf '%f\n' | sort | tr '\n' ' ')
	is "$mods" "mbochs.ko mdpy.ko mtty.ko " "$flavour: mdev samples built as modules"

	# Cached: a second run rebuilds nothing and leaves the image untouched.
	before=$(stat -c %Y "$KOUT/arch/x86/boot/bzImage")
	out=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --flavour $flavour 2>&1)
	after=$(stat -c %Y "$KOUT/arch/x86/boot/bzImage")
	like "$out|$before" "^  CACHED .*\|$after\$" "$flavour: second run is a cache hit, image untouched"
done

# Delayed kobject release is on in kobj only.
base=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --flavour base --print-dir)
kobj=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --flavour kobj --print-dir)
is "$(grep -c '^CONFIG_DEBUG_KOBJECT_RELEASE=y' "$base/.config" "$kobj/.config" | tr '\n' ' ')" \
	"$base/.config:0 $kobj/.config:1 " "DEBUG_KOBJECT_RELEASE only in kobj"

SRC=$(dirname "$(dirname "$base")")/linux-6.1
st=$(git -C "$SRC" status --porcelain | head -n 5)
is "$st" "" "source tree is a clean git tree after both builds"
tap_exit
