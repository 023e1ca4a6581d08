#!/bin/sh
# Install the Debian packages the toolkit needs, and only those missing.
#
# Idempotent: a machine that has everything prints one line and touches
# nothing.  Runs apt-get as root directly, otherwise through sudo.
set -eu
. "$(dirname "$0")/lib.sh"

PKGS="coccinelle sparse qemu-system-x86 busybox-static flex bison bc
libelf-dev libssl-dev cpio ccache gcc make libc6-dev linux-libc-dev
gcc-aarch64-linux-gnu gcc-s390x-linux-gnu linux-source-6.1 xz-utils
git perl kmod shellcheck procps util-linux b4 strace"

missing=
for p in $PKGS; do
	# dpkg-query reports "install ok installed" only for a fully set up package.
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
	step DEPS "all $(echo "$PKGS" | wc -w) packages present"
	exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
	die "missing packages:$missing (and no apt-get: install them by hand)"

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 ||
		die "missing packages:$missing; run 'make deps' as root"
	SUDO=sudo
fi

step DEPS "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent on a fresh machine; refresh once.
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086 # word splitting of the package list is intended
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
step DEPS "installed:$missing"
