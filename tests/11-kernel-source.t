#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# python3 -m lifecycle test-kernel --source unpacks the kernel source as a git tree
# (what make test-quick needs for checkpatch and coccicheck) and builds
# nothing; a second call is a no-op.  On a stand-in tarball.
set -eu
. "$(dirname "$0")/tap.sh"
plan 4

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/linux-source-6.1/scripts"
echo '# stand-in' >"$tmp/src/linux-source-6.1/scripts/checkpatch.pl"
tar -C "$tmp/src" -cJf "$tmp/linux-source-6.1.tar.xz" linux-source-6.1

run() {
	VFIO_LC_CACHE=$tmp/cache LINUX_SOURCE_TARBALL=$tmp/linux-source-6.1.tar.xz \
		PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --source 2>&1
}
out=$(run) && rc=0 || rc=$?
is "$rc" 0 "--source succeeds"
ok "$(git -C "$tmp/cache/linux-6.1" cat-file -e HEAD:scripts/checkpatch.pl; echo $?)" \
	"the source is unpacked as a git tree"
ok "$([ ! -e "$tmp/cache/build" ]; echo $?)" "nothing is built"
out=$(run)
is "$out" "" "a second call is a no-op"
tap_exit
