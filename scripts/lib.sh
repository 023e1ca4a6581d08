# shellcheck shell=sh
# Common helpers for the vfio-lifecycle shell glue.  Sourced, never run.
#
# Progress lines follow Kbuild's short form ("  STEP    target") so that a
# long run reads like a kernel build; errors go to stderr with the script's
# name so that a user can tell which step refused.

# Where the repository lives, whatever the caller's working directory.
LC_TOP=$(cd "$(dirname "$0")/.." && pwd)
while [ ! -f "$LC_TOP/scripts/lib.sh" ] && [ "$LC_TOP" != / ]; do
	LC_TOP=$(dirname "$LC_TOP")
done

# Everything big (unpacked kernels, builds, initramfs) lives outside the repo.
# shellcheck disable=SC2034 # used by the scripts that source this file
LC_CACHE=${VFIO_LC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-lifecycle}

# The calls of the old life cycle, as an extended regular expression.
# shellcheck disable=SC2034 # used by the scripts that source this file
LC_OLD_RE='vfio_init_group_dev|vfio_uninit_group_dev|vfio_pci_core_init_device|vfio_pci_core_uninit_device'

# step STEP TARGET: one progress line.
step() {
	printf '  %-8s %s\n' "$1" "$2"
}

# die MESSAGE...: clear error and non-zero exit.
die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# warn MESSAGE...
warn() {
	printf '%s: warning: %s\n' "${0##*/}" "$*" >&2
}

# need_cmd CMD...: fail early, naming the Debian package route.
need_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found; run 'make deps' first"
	done
}

# ncpus: parallelism for builds.
ncpus() {
	getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2
}

# checkout_at KERNEL DIR COMMIT: DIR as a shared clone of KERNEL (made if
# missing; KERNEL is only read) with COMMIT checked out and nothing else:
# local changes and stray files of an earlier run are dropped.
checkout_at() {
	[ -d "$2/.git" ] || git clone -q --shared --no-checkout "$1" "$2"
	git -C "$2" checkout -q -f --detach "$3"
	git -C "$2" clean -q -fd
}

# The x86_64 test kernel, built by scripts/test-kernel.sh (Debian's 6.1)
# and check/qemu-kernel.sh (make check's final tree), the same way.
#
# tk_make SRC OUT ARGS...: Kbuild for it, CC from TK_CC (default gcc).
# Kbuild's check-local-export is off: it runs nm and a bash loop on every
# object, a tenth of the CPU of this kernel's build (measured on 6.0.1
# with process accounting), and checks the tree's exports, not what the
# guests run.  The bisect's builds of make check keep it, on every object
# a series touches.  (A kernel without the check ignores the setting.)
tk_make() {
	tk_src=$1
	tk_out=$2
	shift 2
	make -C "$tk_src" O="$tk_out" ARCH=x86 CC="${TK_CC:-gcc}" -j"${J:-$(ncpus)}" \
		cmd_check_local_export= "$@"
}

# tk_configure SRC OUT FRAGMENT...: OUT/.config as allnoconfig with the
# fragments (KCONFIG_ALLCONFIG=OUT/lc-fragment.config), and every symbol
# of them verified: a symbol Kconfig refused to set is named on stderr and
# the status is 1, not a silent drift.  (=n: the symbol is not set.)
tk_configure() {
	tc_src=$1
	tc_out=$2
	shift 2
	mkdir -p "$tc_out"
	cat "$@" >"$tc_out/lc-fragment.config"
	KCONFIG_ALLCONFIG=$tc_out/lc-fragment.config tk_make "$tc_src" "$tc_out" -s allnoconfig ||
		return 1
	tc_bad=
	while IFS= read -r tc_l; do
		case "$tc_l" in
		CONFIG_*=n)
			! grep -q "^${tc_l%=n}=" "$tc_out/.config" || tc_bad="$tc_bad $tc_l" ;;
		CONFIG_*=*)
			grep -qx "$tc_l" "$tc_out/.config" || tc_bad="$tc_bad $tc_l" ;;
		esac
	done <"$tc_out/lc-fragment.config"
	[ -n "$tc_bad" ] || return 0
	warn "Kconfig did not accept:$tc_bad (see $tc_out/.config)"
	return 1
}
