#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# make check's arch fragments name the symbols of every family's drivers;
# a tree of an older family lacks some (a variant driver that came
# later).  kconfig_unknown (lifecycle/common.py) lists the fragment's symbols
# that no Kconfig file of the tree defines, so that make check leaves
# them out, said, while any other symbol that does not take still stops
# it.  On a stand-in source tree written here.
set -eu
. "$(dirname "$0")/tap.sh"

plan 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/drivers/vfio/pci" "$tmp/src/arch/x86"
printf 'menuconfig VFIO\n\ttristate "VFIO"\n' >"$tmp/src/drivers/vfio/Kconfig"
printf 'if VFIO\nconfig VFIO_PCI\n\ttristate "pci"\n  config VFIO_PCI_CORE\n\ttristate\nendif\n' >"$tmp/src/drivers/vfio/pci/Kconfig"
printf 'config X86_64\n\tdef_bool y\n' >"$tmp/src/arch/x86/Kconfig.cpu"
# a file that is not a Kconfig file names a symbol: it does not count
printf 'config LC_NOT_KCONFIG\n' >"$tmp/src/drivers/vfio/README"
cat >"$tmp/frag" <<'EOT'
# a comment
CONFIG_VFIO=m
CONFIG_VFIO_PCI=m
CONFIG_VFIO_PCI_CORE=m
CONFIG_X86_64=y
CONFIG_LC_LATER_VARIANT=m
CONFIG_LC_NOT_KCONFIG=y
# CONFIG_WERROR is not set
EOT
got=$(cd "$TOP" && python3 -c 'import sys; from lifecycle.common import kconfig_unknown; print(*kconfig_unknown(*sys.argv[1:]))' "$tmp/src" "$tmp/frag")
is "$got" "CONFIG_LC_LATER_VARIANT CONFIG_LC_NOT_KCONFIG" \
	"the symbols no Kconfig file defines, and only those (menuconfig, indented, Kconfig.* count)"
printf 'CONFIG_VFIO=m\n' >"$tmp/config"
got=$(cd "$TOP" && python3 -c 'import sys; from lifecycle.common import config_refused; print(*config_refused(*sys.argv[1:]))' "$tmp/config" "$tmp/frag")
is "$got" "CONFIG_VFIO_PCI=m CONFIG_VFIO_PCI_CORE=m CONFIG_X86_64=y CONFIG_LC_LATER_VARIANT=m CONFIG_LC_NOT_KCONFIG=y" \
	"config_refused still lists every line that did not take"
