#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The tests' cache of converter runs (tests/lib/convert_cache.py, used
# when LC_TEST_CACHE is set, as tests/tap.sh does) must never replay a run
# whose inputs changed, and must replay a run byte for byte:
#  - every file the converter reads (found by running it under strace:
#    the rules, their library, the scripts, the input and the header next
#    to it, what OUTDIR held, the target tree's vfio.h) and every file of
#    cocci/, scripts/ and lifecycle/ changes the key when one byte of it changes; so do
#    the options, the environment the converter reads and spatch itself;
#  - a run through the cache (a miss, then a hit, into other temporary
#    directories) writes the same files, output and exit status as a run
#    without it; a changed input is a miss, and converts anew.
set -eu
. "$(dirname "$0")/tap.sh"

plan 12

command -v strace >/dev/null 2>&1 || bail "strace is missing (make deps installs it)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A copy of the repository's converter (cocci/, scripts/, lifecycle/,
# tests/lib/), so
# that its files can be changed, and a working directory with a
# parent-owned driver whose structure is in a header next to it (the
# converter reads the header and writes it to OUTDIR).
R=$tmp/repo
mkdir -p "$R/tests" "$tmp/in" "$tmp/k/include/linux"
cp -r "$TOP/cocci" "$TOP/scripts" "$TOP/lifecycle" "$R/"
cp -r "$TOP/tests/lib" "$R/tests/"
find "$R" -name __pycache__ -prune -exec rm -rf {} +
cp "$TOP/tests/cocci/groups/lcparent_hdr/in/"* "$tmp/in/"
drv=lcph_ops.c
printf 'VERSION = 6\n' >"$tmp/k/Makefile"
printf 'void vfio_free_device(struct vfio_device *device);\nstruct vfio_device *_vfio_alloc_device(void);\n' \
	>"$tmp/k/include/linux/vfio.h"
mkdir -p "$tmp/out0" "$tmp/a"
echo 'an earlier result' >"$tmp/out0/old.txt"
echo 'an earlier result' >"$tmp/a/old.txt"

# The files the converter opens, under strace (not the cache: it runs
# the converter itself); its result is the reference of an uncached run.
(cd "$tmp/in" && LC_TEST_CACHE='' strace -f -qq --seccomp-bpf -o "$tmp/trace" -e trace=open,openat \
	env PYTHONPATH="$R" python3 -m lifecycle convert-files --kernel "$tmp/k" --out "$tmp/a" "$drv" \
	>"$tmp/a.std" 2>&1) && rc=0 || rc=$?
echo "exit $rc" >>"$tmp/a.std"
is "$rc" 0 "the traced run converts $drv"
sed -n 's/^[0-9]* *open[a-z]*([A-Z_]*, *"\([^"]*\)".*= [0-9].*/\1/p' "$tmp/trace" |
	while read -r p; do
		case "$p" in /*) ;; *) continue ;; esac
		[ -f "$p" ] || continue
		p=$(realpath "$p")
		case "$p" in
		# OUTDIR: what the run wrote (old.txt, there before, is added below)
		"$R"/*/__pycache__/* | "$tmp"/a/*) ;;
		"$R"/* | "$tmp"/in/* | "$tmp"/k/*) echo "$p" ;;
		esac
	done | LC_ALL=C sort -u >"$tmp/read"
# a relative open (the input, its header) is under the working directory
sed -n 's/^[0-9]* *open[a-z]*([A-Z_]*, *"\([^/"][^"]*\)".*= [0-9].*/\1/p' "$tmp/trace" |
	while read -r p; do
		[ -f "$tmp/in/$p" ] && realpath "$tmp/in/$p"
	done | LC_ALL=C sort -u >>"$tmp/read"
grep -q "/cocci/vfio_alloc_device.cocci\$" "$tmp/read" && grep -q "/cocci/lclib/" "$tmp/read" &&
	grep -q "/in/$drv\$" "$tmp/read" && grep -q '/in/.*\.h$' "$tmp/read" &&
	grep -q '/k/include/linux/vfio.h$' "$tmp/read" && rc=0 || rc=1
ok "$rc" "strace sees the rules, lclib, the input, its header and the tree's vfio.h read"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$tmp/read"
{
	echo "$tmp/out0/old.txt"
	find "$R/cocci" "$R/scripts" -type f ! -path '*/__pycache__/*'
	find "$R/lifecycle" -type f ! -path '*/__pycache__/*' ! -path "$R/lifecycle/tests/*"
	echo "$R/tests/lib/convert_cache.py"
} >>"$tmp/read"
LC_ALL=C sort -u -o "$tmp/read" "$tmp/read"

# key [ENV=VALUE...] -- ARG...: the cache's key for the run
key() {
	(cd "$tmp/in" && env LC_TEST_CACHE="$tmp/cache" "$@")
}
args="--kernel $tmp/k --out $tmp/out0 $drv"
# shellcheck disable=SC2086 # $args: one word each
base=$(key python3 "$R/tests/lib/convert_cache.py" --key "$R/lifecycle/convert/files.py" $args)
like "$base" '^[0-9a-f]{64}$' "a run has a key"
# shellcheck disable=SC2086
again=$(key python3 "$R/tests/lib/convert_cache.py" --key "$R/lifecycle/convert/files.py" $args)
is "$again" "$base" "the same run has the same key"

# One byte more in each file read: a new key, every time (one Python
# for all the keys: the cache's own key function, as the --key run uses)
n=$(grep -c . "$tmp/read")
# shellcheck disable=SC2086 # $args: one word each
missed=$(cd "$tmp/in" && LC_TEST_CACHE="$tmp/cache" python3 - "$R" "$base" "$tmp/read" $args <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/tests/lib")
import convert_cache
base = sys.argv[2]
for p in open(sys.argv[3]).read().split():
    with open(p, "rb") as f:
        saved = f.read()
    with open(p, "ab") as f:
        f.write(b" ")
    try:
        k = convert_cache.Run(sys.argv[1] + "/lifecycle/convert/files.py", sys.argv[4:]).key()
    finally:
        with open(p, "wb") as f:
            f.write(saved)
    if k == base:
        print(p)
PY
)
is "${missed:-none}" none "each of the $n files the converter reads changes the key"
[ "$n" -gt 40 ] && rc=0 || rc=1
ok "$rc" "the files read are many ($n): strace and the walk found them"

# The options, the environment the converter reads, spatch.
missed=
for v in "--target 6.2 $args" "--level minimal $args" "--kernel $tmp/k --out $tmp/out0 ./$drv"; do
	# shellcheck disable=SC2086
	k=$(key python3 "$R/tests/lib/convert_cache.py" --key "$R/lifecycle/convert/files.py" $v)
	[ "$k" != "$base" ] || missed="$missed [$v]"
done
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nexec %s "$@"\n' "$(command -v spatch)" >"$tmp/bin/spatch"
chmod +x "$tmp/bin/spatch"
for e in LC_LOGS_SHOWN=elsewhere LC_ALL=C.UTF-8 PYTHONPATH=/nowhere "PATH=$tmp/bin:$PATH"; do
	# shellcheck disable=SC2086
	k=$(key "$e" python3 "$R/tests/lib/convert_cache.py" --key "$R/lifecycle/convert/files.py" $args)
	[ "$k" != "$base" ] || missed="$missed [$e]"
done
is "${missed:-none}" none "options, environment and another spatch change the key"

# conv CACHE OUT: the driver converted into OUT (after old.txt), through
# the cache in CACHE ('' for none); its output and status in OUT.std.
conv() {
	mkdir -p "$2"
	echo 'an earlier result' >"$2/old.txt"
	(cd "$tmp/in" && LC_TEST_CACHE=$1 LC_TEST_CACHE_LOG=$tmp/cache.log \
		PYTHONPATH="$R" python3 -m lifecycle convert-files --kernel "$tmp/k" --out "$2" "$drv" >"$2.std" 2>&1) &&
		echo "exit 0" >>"$2.std" || echo "exit $?" >>"$2.std"
}
# tree OUT: every file of OUT with its mode, and OUT's output, OUT named
# OUT (spatch's temporary file names in its logs are new every run)
tree() {
	(cd "$1" && find . -printf '%y %m %p\n' | LC_ALL=C sort &&
		find . -type f | LC_ALL=C sort | xargs cat && cat "$1.std") |
		sed -e "s|$1|OUT|g" -e 's|cocci-output-[0-9]*-[0-9a-f]*-|cocci-output-|g'
}
conv "$tmp/cache" "$tmp/b"
conv "$tmp/cache" "$tmp/c"
is "$(cut -d' ' -f1 "$tmp/cache.log" | paste -sd' ' -)" "miss hit" "a run is stored, then replayed"
grep -q ' converted' "$tmp/a.std" && [ -f "$tmp/a/lcph.h" ] && rc=0 || rc=1
ok "$rc" "the uncached run converts the driver and its header"
tree "$tmp/a" >"$tmp/a.tree"
tree "$tmp/b" >"$tmp/b.tree"
tree "$tmp/c" >"$tmp/c.tree"
cmp -s "$tmp/a.tree" "$tmp/b.tree" && cmp -s "$tmp/a.tree" "$tmp/c.tree" && rc=0 || rc=1
ok "$rc" "without the cache, stored, replayed: the same files, modes, output and status"
[ "$rc" -eq 0 ] || diff "$tmp/a.tree" "$tmp/c.tree" | head -n 20 | sed 's/^/#   /'

# A changed input is converted anew: one comment more
echo '/* one line more */' >>"$tmp/in/$drv"
conv "$tmp/cache" "$tmp/d"
is "$(tail -n 1 "$tmp/cache.log" | cut -d' ' -f1)" miss "a changed input misses the cache"
grep -q ' converted' "$tmp/d.std" && tail -n 1 "$tmp/d/$drv" | grep -q 'one line more' && rc=0 || rc=1
ok "$rc" "and is converted anew"
tap_exit
