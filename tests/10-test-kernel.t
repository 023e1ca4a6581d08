#!/bin/sh
# The QEMU test kernel: built from Debian's 6.1 source, configured as the
# fragment says, and cached.
set -eu
. "$(dirname "$0")/tap.sh"
plan 6

out=$(sh "$TOP/scripts/test-kernel.sh" 2>&1) && rc=0 || rc=$?
ok "$rc" "test kernel builds (or is cached)"
[ "$rc" -eq 0 ] || { printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'; bail "no test kernel"; }
printf '%s\n' "$out" | sed 's/^/# /'

KOUT=$(sh "$TOP/scripts/test-kernel.sh" --print-dir)
ok "$([ -s "$KOUT/arch/x86/boot/bzImage" ]; echo $?)" "bzImage exists"

# Each symbol of the fragment, checked against the final .config.
bad=
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) grep -q "^${line%=n}=" "$KOUT/.config" && bad="$bad $line" ;;
	CONFIG_*=*) grep -qx "$line" "$KOUT/.config" || bad="$bad $line" ;;
	esac
done <"$TOP/check/kernel/test-kernel.config"
is "$bad" "" "every fragment symbol is in .config"

mods=$(find "$KOUT/mods/lib/modules" -name 'm*.ko' -path '*vfio-mdev*' -printf '%f\n' | sort | tr '\n' ' ')
is "$mods" "mbochs.ko mdpy.ko mtty.ko " "mdev samples built as modules"

# Cached: a second run rebuilds nothing and leaves the image untouched.
before=$(stat -c %Y "$KOUT/arch/x86/boot/bzImage")
out=$(sh "$TOP/scripts/test-kernel.sh" 2>&1)
after=$(stat -c %Y "$KOUT/arch/x86/boot/bzImage")
like "$out" '^  CACHED ' "second run is a cache hit"

SRC=$(dirname "$(dirname "$KOUT")")/linux-6.1
st=$(git -C "$SRC" status --porcelain | head -n 5)
is "$st|$before" "|$after" "source tree is a clean git tree, image unchanged"
tap_exit
