# shellcheck shell=sh
# What the toolkit's remaining shell needs (scripts/deps.sh, which runs
# before anything else is known to be installed, and qemu/mkinitramfs.sh,
# the initramfs builder).  Sourced, never run.  Everything else is the
# Python package lifecycle/ (its common.py is the ground of the commands).

# Where the repository lives, whatever the caller's working directory.
LC_TOP=$(cd "$(dirname "$0")/.." && pwd)
while [ ! -f "$LC_TOP/scripts/lib.sh" ] && [ "$LC_TOP" != / ]; do
	LC_TOP=$(dirname "$LC_TOP")
done

# Everything big (unpacked kernels, builds, initramfs) lives outside the
# repo (lifecycle/common.py's CACHE: the same rule).
# shellcheck disable=SC2034 # used by the scripts that source this file
LC_CACHE=${VFIO_LC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-lifecycle}

# step STEP TARGET: one progress line, Kbuild's short form.
step() {
	printf '  %-8s %s\n' "$1" "$2"
}

# die MESSAGE...: bad input; clear error, exit 1.
die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# need_cmd CMD...: fail early, naming the Debian package route.
need_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found; run 'make deps' first"
	done
}
