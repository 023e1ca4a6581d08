#!/bin/sh
# Boot the test kernel in QEMU, run guest tests, and turn what happened into
# one verdict.  The guest reports through isa-debug-exit; a guest that hangs
# is killed at the timeout, and one that dies without a verdict (panic,
# reboot) fails too.  Even a passing guest fails if the serial log shows a
# kernel error, so a broken guest-side check cannot hide one.
#
# Usage: qemu/qemu-run.sh [--tests LIST] [--cycles N] [--timeout SECONDS]
#                          [--log FILE] [--flavour base|kobj] [--unload]
#                          [--keep-loaded] [--parallel] [--extra-ko FILE.ko]...
#                          [--kernel-out DIR] [--virtual-clock] [--prepare]
#   LIST: comma-separated, from mtty mdpy mbochs pci leak uaf double_free
#         badtype hang
#   --extra-ko: a module to add to the guest's /lib/modules/<rel>/extra/
#         (repeatable); an mdev parent module M.ko is then exercised by the
#         test "xmdev-M" (parent M, type M-1, UART scratch register in BAR0)
#   --kernel-out: boot a kernel built elsewhere instead of the test kernel
#         (an O= build directory with arch/x86/boot/bzImage and its modules
#         installed under DIR/mods, e.g. a user's base with the converted
#         drivers); built with qemu/kernel/test-kernel.config, the guest
#         tests run on it unchanged
#   --keep-loaded: the mdev parent modules are loaded once and stay (the
#         default on the base flavour unloads them every round)
#   --parallel: the tests of LIST run at the same time in the guest (an
#         exerciser process each; the guest has 2 CPUs)
#   --virtual-clock: under TCG, guest time runs on QEMU's instruction
#         counter and jumps over idle periods (-icount shift=auto,sleep=off):
#         the guest still sees every msleep()/ssleep() pass, but a sleeping
#         guest costs no wall time.  A PCI bus reset sleeps 1 s in the guest,
#         so this turns vfio-pci's open/reset/close from ~3 s to milliseconds.
#         The guest then runs on one host thread; ignored under KVM
#   --prepare: build the kernel (if ours) and the initramfs, then stop; lets
#         a caller start several boots of the same kernel at once without
#         them racing to rebuild the initramfs
#   --flavour: test kernel flavour (qemu/test-kernel.sh); on kobj the mdev
#         parent modules stay loaded unless --unload (see
#         qemu/kernel/kobject-release.config for why)
#
# Prints "RESULT: PASS" or "RESULT: FAIL: <class>: <detail>" as its last line
# (class: guest, timeout, crash, log) and exits 0 on pass, 1 on fail,
# 2 when the harness itself could not run.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

tests=mtty,pci
cycles=3
timeout=
log=
flavour=base
unload=
extra=
kout=
parallel=0
vclock=0
prepare=0
usage() {
	echo "usage: $0 [--tests LIST] [--cycles N] [--timeout S] [--log FILE]" \
		"[--flavour base|kobj] [--unload] [--extra-ko FILE.ko]..." \
		"[--kernel-out DIR] [--virtual-clock] [--prepare]" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--tests) tests=$2; shift 2 ;;
	--cycles) cycles=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--flavour) flavour=$2; shift 2 ;;
	--unload) unload=1; shift ;;
	--keep-loaded) unload=0; shift ;;
	--parallel) parallel=1; shift ;;
	--virtual-clock) vclock=1; shift ;;
	--prepare) prepare=1; shift ;;
	--kernel-out) kout=$2; shift 2 ;;
	--extra-ko)
		[ -f "$2" ] || die "--extra-ko $2: no such file"
		extra="$extra $(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
		shift 2 ;;
	*) usage ;;
	esac
done
case "$cycles" in ''|*[!0-9]*) die "--cycles takes a number" ;; esac

case "$flavour" in
base) : "${unload:=1}" ;;
kobj) : "${unload:=0}" ;;
*) usage ;;
esac

need_cmd qemu-system-x86_64 timeout
if [ -n "$kout" ]; then
	if [ ! -f "$kout/arch/x86/boot/bzImage" ] || [ ! -d "$kout/mods/lib/modules" ]; then
		echo "qemu-run.sh: error: --kernel-out $kout: needs arch/x86/boot/bzImage and modules installed in $kout/mods (make INSTALL_MOD_PATH=$kout/mods modules_install)" >&2
		exit 2
	fi
	KOUT=$(cd "$kout" && pwd)
	kstamp=$KOUT/arch/x86/boot/bzImage
	flavour=ext-$(echo "$KOUT" | sha256sum | cut -c1-12)
else
	sh "$LC_TOP/qemu/test-kernel.sh" --flavour "$flavour" || exit 2
	KOUT=$(sh "$LC_TOP/qemu/test-kernel.sh" --flavour "$flavour" --print-dir)
	kstamp=$KOUT/.lc-stamp
fi

# The initramfs is rebuilt only when one of its inputs changed.
CPIO=$LC_CACHE/initramfs-$flavour.cpio
if [ ! -f "$CPIO" ] || [ -n "$(find "$LC_TOP/qemu/guest" \
	"$LC_TOP/qemu/negative" "$LC_TOP/qemu/mkinitramfs.sh" \
	"$LC_TOP/qemu/kernel/known-core-warnings" \
	"$kstamp" -newer "$CPIO" -type f | head -1)" ]; then
	sh "$LC_TOP/qemu/mkinitramfs.sh" "$KOUT" "$CPIO" || exit 2
fi

[ "$prepare" = 0 ] || exit 0

# Extra modules travel in a second cpio archive appended to the first: the
# kernel unpacks both into the same root.
initrd=$CPIO
if [ -n "$extra" ]; then
	krel=$(cat "$KOUT/include/config/kernel.release")
	xroot=$(mktemp -d)
	mkdir -p "$xroot/lib/modules/$krel/extra"
	# shellcheck disable=SC2086 # one word per module
	cp $extra "$xroot/lib/modules/$krel/extra/"
	initrd=$LC_CACHE/initramfs-$flavour-run$$.cpio
	(cd "$xroot" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$initrd.x"
	cat "$CPIO" "$initrd.x" >"$initrd"
	rm -rf "$xroot" "$initrd.x"
	trap 'rm -f "$initrd"' EXIT
fi

# KVM when this machine really offers it, software emulation otherwise
# (slower: a longer default timeout).  A /dev/kvm without vmx/svm in the
# CPU flags is a sandbox's stub that starts guests which never run.
# LC_ACCEL=kvm|tcg overrides the guess.
accel=${LC_ACCEL:-}
if [ -z "$accel" ]; then
	accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
		grep -qwE 'vmx|svm' /proc/cpuinfo; then
		accel=kvm
	fi
fi
case "$accel" in
kvm) accel="-accel kvm -cpu host"; : "${timeout:=300}" ;;
tcg)
	accel="-accel tcg -cpu max"
	[ "$vclock" = 0 ] || accel="$accel -icount shift=auto,sleep=off"
	: "${timeout:=900}" ;;
*) die "LC_ACCEL must be kvm or tcg" ;;
esac

# Guest memory: 512 MiB holds every test (100 rounds of the four devices
# side by side included).  More costs time, not space: kmemleak's scans
# (one before the tests, two after) walk all of it, and under TCG a boot
# and its tests (the negative controls) took 29.5 s with 1536 MiB, 15.7 s
# with 512.
# LC_GUEST_MEM=<MiB> overrides it.
mem=${LC_GUEST_MEM:-512}

[ -n "$log" ] || log=$LC_CACHE/logs/$flavour-$(echo "$tests" | tr , -).log
mkdir -p "$(dirname "$log")"
: >"$log"

step QEMU "$tests x$cycles ($flavour, unload=$unload, ${accel#-accel }, ${mem} MiB, timeout ${timeout}s)"
step LOG "$log"
start=$(date +%s)
rc=0
# shellcheck disable=SC2086 # $accel is several options
timeout -k 10 "$timeout" qemu-system-x86_64 $accel \
	-machine q35 -smp 2 -m "$mem" \
	-nodefaults -display none -monitor none -no-reboot \
	-serial "file:$log" \
	-kernel "$KOUT/arch/x86/boot/bzImage" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 kasan_multi_shot lctests=$tests lccycles=$cycles lcunload=$unload lcparallel=$parallel" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-device pcie-root-port,id=rp0,chassis=1 \
	-device edu,bus=rp0 </dev/null &
qpid=$!
# Progress while the guest runs: each test as it starts, each test's summary
# and every failing round, straight from the serial log.
tail -n +1 -f --pid=$qpid "$log" 2>/dev/null |
	grep --line-buffered -E '^(LC-TEST: |# [a-z0-9_-]+: [0-9]+ of [0-9]+ rounds|not ok )' |
	sed -u 's/^/  GUEST    /' &
wait $qpid || rc=$?
wait
secs=$(( $(date +%s) - start ))

ok=$(grep -c '^ok ' "$log" || true)
notok=$(grep -c '^not ok ' "$log" || true)
step GUEST "$ok rounds ok, $notok not ok, ${secs}s"

# isa-debug-exit makes QEMU exit with (code << 1) | 1.
case $rc in
1) verdict=PASS ;;
3) verdict="FAIL: guest: $(grep '^LC-FAIL: ' "$log" | head -1 | cut -c10-)" ;;
124|137) verdict="FAIL: timeout: no verdict after ${timeout}s (guest hung)" ;;
0) verdict="FAIL: crash: guest stopped without a verdict (panic or reboot)" ;;
*) echo "RESULT: FAIL: harness: qemu exited $rc"
   tail -n 20 "$log"
   exit 2 ;;
esac

# Belt and braces: the log itself must be clean for a pass (the same
# judge as the guest's: known kernel-core warnings are counted, not failed).
judged=$(awk -v known="$LC_TOP/qemu/kernel/known-core-warnings" \
	-f "$LC_TOP/qemu/guest/judge-log.awk" "$log" | grep -v '^BAD: LC-' || true)
if [ "$verdict" = PASS ] &&
	bad=$(echo "$judged" | sed -n 's/^BAD: //p' | head -n 1) && [ -n "$bad" ]; then
	verdict="FAIL: log: $bad"
fi
echo "$judged" | sed -n 's/^KNOWN: //p' | sort | uniq -c |
	sed 's/^ *\([0-9]*\) /  KNOWN    \1x /' || true

if [ "$verdict" != PASS ]; then
	grep -E '^(LC-FAIL|not ok|# FAIL)' "$log" | head -n 40 || true
	echo "--- last lines of $log"
	tail -n 25 "$log"
	echo "RESULT: $verdict"
	exit 1
fi
echo "RESULT: PASS"
