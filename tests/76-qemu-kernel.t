#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# python3 -m lifecycle qemu-kernel (lifecycle/qemu/kernel.py), the build of make check's test kernel that runs
# beside the bisect, on a stand-in tree whose Makefile records what Kbuild
# would be asked (the real build is the 6.0.1 check's): its own checkout
# at the base plus every patch, kept while it holds them and reset when
# not; allnoconfig with the test-kernel fragment, every symbol verified;
# the status file; a patch that does not apply named; and make check
# (python3 -m lifecycle check), stopping early, stopping this build too.
set -eu
. "$(dirname "$0")/tap.sh"
plan 18

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
k=$tmp/k
mkdir -p "$k"
cat >"$k/Makefile" <<'EOF'
# stands in for Kbuild: each target leaves a trace in $(O)
# allnoconfig takes the fragment (=n: not set), less the line REFUSE
allnoconfig:
	sed 's/^\(CONFIG_[A-Z0-9_]*\)=n$$/# \1 is not set/' "$(KCONFIG_ALLCONFIG)" | \
		grep -v -x -e "$(REFUSE)" >"$(O)/.config"
	echo "allnoconfig ARCH=$(ARCH) CC=$(CC)" >>"$(O)/trace"
defconfig:
	i=0; while [ ! -f "$(O)/../o-qemu/started" ] && [ $$i -lt 100 ]; do sleep 0.1; i=$$((i + 1)); done
	exit 1
bzImage:
	if [ -f "$(O)/slow" ]; then touch "$(O)/started"; sleep 67; fi
	echo "bzImage $$(cat file.c)" >>"$(O)/trace"
modules:
	echo modules >>"$(O)/trace"
modules_install:
	mkdir -p "$(INSTALL_MOD_PATH)/lib/modules"
	echo "modules_install $(INSTALL_MOD_PATH)" >>"$(O)/trace"
EOF
echo base >"$k/file.c"
# its Kconfig defines the fragment's symbols, but one (a symbol of a later
# family, which this tree's Kconfig does not have)
sed -n 's/^CONFIG_\([A-Z0-9_]*\)=.*/config \1/p' "$TOP/qemu/kernel/test-kernel.config" |
	grep -v -x 'config RANDOMIZE_KSTACK_OFFSET' >"$k/Kconfig"
git -C "$k" init -q
git -C "$k" add -A
git -C "$k" -c user.name=T -c user.email=t@example.org commit -q -m base
base=$(git -C "$k" rev-parse HEAD)
# two patches in series, and one that applies to neither state
for n in 1 2; do
	printf 'diff --git a/file.c b/file.c\n--- a/file.c\n+++ b/file.c\n@@ -1 +1 @@\n-%s\n+%s\n' \
		"$([ "$n" = 1 ] && echo base || echo one)" "$([ "$n" = 1 ] && echo one || echo two)" \
		>"$tmp/000$n-change.patch"
done
printf 'diff --git a/file.c b/file.c\n--- a/file.c\n+++ b/file.c\n@@ -1 +1 @@\n-nothing\n+else\n' \
	>"$tmp/0003-stale.patch"
qk() { PYTHONPATH="$TOP" python3 -m lifecycle qemu-kernel "$k" "$base" "$tmp/src" "$tmp/out" "$tmp/status" "$@"; }

rc=0
PYTHONPATH="$TOP" python3 -m lifecycle qemu-kernel "$k" "$base" 2>"$tmp/err" || rc=$?
is "$rc" 1 "too few arguments: exit 1"
like "$(cat "$tmp/err")" "usage:" "too few arguments: the usage"

rc=0
qk "$tmp/0001-change.patch" "$tmp/0002-change.patch" >"$tmp/log" 2>&1 || rc=$?
is "$rc" 0 "base + both patches: exit 0"
like "$(cat "$tmp/status")" "^ok [0-9]+$" "status: ok and the seconds"
like "$(cat "$tmp/log")" "not in this tree's Kconfig, left out: CONFIG_RANDOMIZE_KSTACK_OFFSET" \
	"a symbol this tree's Kconfig does not have: left out, said, not a failure"
# bzImage and modules come from one make -j run: their order is not fixed
is "$(sed -n '1p;$p' "$tmp/out/trace" 2>/dev/null; sed '1d;$d' "$tmp/out/trace" | sort)" \
	"allnoconfig ARCH=x86 CC=gcc
modules_install $tmp/out/mods
bzImage two
modules" "allnoconfig, then the final tree's bzImage and modules, then modules_install"
cmp -s "$tmp/out/lc-fragment.config" "$TOP/qemu/kernel/test-kernel.config" && rc=0 || rc=1
ok "$rc" "allnoconfig got qemu/kernel/test-kernel.config"
is "$(git -C "$k" status --porcelain)" "" "the user's tree is not written to"

# the same series again: the checkout is kept as it is (Kbuild would
# rebuild what includes a file written anew); a file changed in it, or
# another series, and it is reset
touch -d '2000-01-01' "$tmp/src/file.c"
: >"$tmp/out/trace"
rc=0
qk "$tmp/0001-change.patch" "$tmp/0002-change.patch" >"$tmp/log" 2>&1 || rc=$?
is "$rc:$(stat -c %Y "$tmp/src/file.c"):$(grep -c -e allnoconfig -e 'bzImage two' "$tmp/out/trace")" \
	"0:946684800:1" \
	"the same series: the checkout is kept, the config too, the build runs"
echo changed >"$tmp/src/file.c"
qk "$tmp/0001-change.patch" "$tmp/0002-change.patch" >"$tmp/log" 2>&1 || rc=$?
is "$rc:$(cat "$tmp/src/file.c")" "0:two" "a file changed in the checkout: it is reset and patched again"

# a symbol Kconfig refuses is named, fails the build, and leaves no
# .config behind for the next run
rm -f "$tmp/out/.config"
rc=0
REFUSE=CONFIG_KASAN=y qk "$tmp/0001-change.patch" "$tmp/0002-change.patch" >"$tmp/log" 2>&1 || rc=$?
is "$rc:$(cut -d' ' -f1 "$tmp/status")" "3:build" "a refused symbol: exit 3, status build"
like "$(cat "$tmp/log")" "did not accept: CONFIG_KASAN=y" "the refused symbol is named"
ok "$([ ! -f "$tmp/out/.config" ]; echo $?)" "and no .config is left for the next run"

# a second run: the config is made again, the checkout is reset to the base
# (a stray file goes), and a patch that does not apply is named
: >"$tmp/out/trace"
echo stray >"$tmp/src/stray.c"
rc=0
qk "$tmp/0001-change.patch" "$tmp/0003-stale.patch" >"$tmp/log" 2>&1 || rc=$?
is "$rc" 3 "a patch that does not apply: exit 3"
like "$(cat "$tmp/status")" "^apply 0003-stale.patch [0-9]+$" "status names the patch"
is "$(cat "$tmp/src/file.c"; [ ! -e "$tmp/src/stray.c" ] || echo stray)" "one" \
	"the checkout was reset to the base, and the patches before it applied"

# make check starts this build first, in a process group of its own;
# when it stops early (here: the bisect's defconfig fails once the test
# kernel's make is running), the build stops with it
name=lc-qk-test-$$
out=$TOP/drivers-out/$name
trap 'rm -rf "$tmp" "$out"' EXIT
mkdir -p "$out/series" "$out/check/o-qemu"
touch "$out/check/o-qemu/slow"
printf 'Subject: [PATCH 0/1] test\n\nbase-commit: %s\n' "$base" >"$out/series/0000-cover-letter.patch"
cp "$tmp/0001-change.patch" "$out/series/"
rc=0
(cd "$TOP" && python3 -m lifecycle check --name "$name" "$k") >"$tmp/log" 2>&1 || rc=$?
ok "$([ -f "$out/check/o-qemu/started" ] && [ "$rc" -ne 0 ] && echo 0 || echo 1)" \
	"make check failed while the test kernel was building"
i=0
while pgrep -f "sleep 67" >/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$([ $i -lt 50 ] && echo gone || echo left)" gone "the test kernel's build stopped with it"
[ $i -lt 50 ] || diag "$(cat "$tmp/log")"
tap_exit
