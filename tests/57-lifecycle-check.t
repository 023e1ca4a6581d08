#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The independent life-cycle checker (cocci/vfio_lifecycle_check.cocci,
# logic in cocci/lclib/checker.py) and its place in the converter.
#  - tests/cocci/checker/planted/<class>.c holds one planted bug: the
#    checker reports that class and no other (core-frees.c with the 6.2
#    target, -D core_frees; it is clean for 6.1);
#  - the golden outputs (tests/cocci/expected/*.<api>.c, the groups'
#    expected.<api>/) and tests/cocci/checker/clean/*.c report nothing;
#  - the converter (convert-files) runs the checker on its output: a finding
#    turns the file back to NOT CONVERTED (original kept, exit 3); the
#    pre-uninit generation (tests/cocci/in/lc_pre_uninit.c) converts
#    cleanly through its pre-stage, and not without it; a
#    header a parent-owned conversion edited comes back with it; a
#    checker that fails is a tool failure (exit 5), never a verdict;
#  - the findings name the lines of the input the user has, not those
#    of the conversion thrown away (lclib/linemap.py), on both targets;
#  - the kernel's make coccicheck runs it (when the test kernel's tree
#    is there).
set -eu
. "$(dirname "$0")/tap.sh"

CK=$TOP/tests/cocci/checker
SP=$TOP/cocci/vfio_lifecycle_check.cocci
PYTHONPATH=$TOP/cocci${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH
planted=$(cd "$CK/planted" && ls -- *.c)
clean61=$(cd "$TOP/tests/cocci" && ls expected/*.6.1.c groups/*/expected.6.1/*)
clean62=$(cd "$TOP/tests/cocci" && ls expected/*.6.2.c groups/*/expected.6.2/*)
cleanhw=$(cd "$CK/clean" && ls -- *.c)
n=$(($(echo "$planted" "$clean61" "$clean62" "$cleanhw" | wc -w) + 1 + 1 + 2 * 3 + 2 * 2 + 1 + 3 + 3 + 3 + 1))
plan $n

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check FILE [DEFS...]: the checker's report lines on FILE
check() {
	ck_f=$1
	shift
	spatch --very-quiet -D report "$@" --no-includes --include-headers \
		--sp-file "$SP" "$ck_f" 2>&1
}
# classes OUTPUT: the classes reported, sorted, one a line
classes() {
	printf '%s\n' "$1" | sed -n 's/^[^ ]*: life-cycle \([a-z-]*\): .*/\1/p' | LC_ALL=C sort -u
}

for f in $planted; do
	# <class>.c, or <class>+<variant>.c for another shape of the same class
	x=${f%.c}
	x=${x%%+*}
	defs=
	[ "$x" != core-frees ] || defs="-D core_frees"
	# shellcheck disable=SC2086 # $defs is one option or none
	out=$(check "$CK/planted/$f" $defs)
	is "$(classes "$out")" "$x" "planted $x: reported as $x and nothing else"
	[ "$(classes "$out")" = "$x" ] || printf '%s\n' "$out" | sed 's/^/#   /'
done
out=$(check "$CK/planted/core-frees.c")
is "$out" "" "planted core-frees: nothing to report for a 6.1 target"

for f in $clean61; do
	out=$(check "$TOP/tests/cocci/$f")
	is "$out" "" "clean 6.1: $f"
done
for f in $clean62; do
	out=$(check "$TOP/tests/cocci/$f" -D core_frees)
	is "$out" "" "clean 6.2: $f"
done
for f in $cleanhw; do
	out=$(check "$CK/clean/$f")
	is "$out" "" "clean: checker/clean/$f"
done

out=$(cd "$CK" && python3 -m unittest -q test_checker 2>&1) && rc=0 || rc=$?
ok "$rc" "python unit tests of lclib/checker.py"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'

# The converter: the pre-uninit generation is converted through its
# pre-stage (cocci/vfio_pre_uninit.cocci), never with a kfree() or a
# second .release left; without the pre-stage the minimal rule alone
# leaves both, and the checker says so.
for api in 6.1 6.2; do
	(cd "$TOP/tests/cocci/in" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
		--out "$tmp/pu$api" lc_pre_uninit.c >"$tmp/pu$api.log" 2>&1) && rc=0 || rc=$?
	is "$rc" 0 "$api lc_pre_uninit: exit 0 (converted)"
	v=$(sed -n 's|^lc_pre_uninit.c: ||p' "$tmp/pu$api/.cocci/conversion.txt")
	like "$v" "^converted \\(idiomatic, target $api: .*; no vfio_uninit_group_dev\\(\\) in the input: the frees after the unregister and on the failure paths become the put; lcp_ops: \\.open/\\.release \\(5\\.13/5\\.14 open/close\\) renamed \\.open_device/\\.close_device\\)\$" \
		"$api lc_pre_uninit: converted, the verdict names the shape and the renaming"
	o=$tmp/pu$api/lc_pre_uninit.c
	rel=$(grep -c '\.release =' "$o" || true)
	want=1
	[ "$api" = 6.1 ] || want=0
	! grep -q 'kfree(' "$o" && [ "$rel" -eq "$want" ] && grep -q '\.close_device = lcp_close,' "$o" && rc=0 || rc=1
	ok "$rc" "$api lc_pre_uninit: no kfree() left, $want .release, the close callback kept as .close_device"
	# the minimal rule without the pre-stage: the checker finds the
	# kfree() and the old .open/.release
	# shellcheck disable=SC2046 # one option a word
	spatch --very-quiet -D patch $( [ "$api" = 6.1 ] || echo -D core_frees) --no-includes \
		--include-headers --sp-file "$TOP/cocci/vfio_alloc_device.cocci" \
		"$TOP/tests/cocci/in/lc_pre_uninit.c" -o "$tmp/bare$api.c" >/dev/null 2>&1 || true
	# shellcheck disable=SC2046 # one option a word
	out=$(check "$tmp/bare$api.c" $( [ "$api" = 6.1 ] || echo -D core_frees))
	c=$(classes "$out")
	printf '%s\n' "$c" | grep -qx kfree && printf '%s\n' "$c" | grep -qx old-ops && rc=0 || rc=1
	ok "$rc" "$api lc_pre_uninit without the pre-stage: the checker reports kfree and old-ops"
	[ "$rc" -eq 0 ] || printf '#   got: %s\n' "$c"
	# the conversion has fewer lines before the register call, input
	# line 39 (the conversion's 38 on 6.1, 37 on 6.2)
	(cd "$CK/old" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
		--out "$tmp/nl$api" never_unregistered_late.c >/dev/null 2>&1) || true
	like "$(cat "$tmp/nl$api/.cocci/conversion.txt")" \
		'^never_unregistered_late\.c: NOT CONVERTED: the life-cycle checker found: never_unregistered_late\.c:39:[0-9]+-[0-9]+: life-cycle no-unregister: vfio_register_emulated_iommu_dev\(\)' \
		"$api never_unregistered_late: the finding gives the input's line (39)"
done

# A checker finding on a pre-uninit file the pre-stage rewrote: the
# refusal names the shape too (a leak of the driver's own after the init)
mkdir -p "$tmp/pl"
sed 's/^\tvfio_init_group_dev(&st->vdev, &mdev->dev, &lcp_ops);$/&\n\tif (!mdev->type)\n\t\treturn -ENODEV;/' \
	"$TOP/tests/cocci/in/lc_pre_uninit.c" >"$tmp/pl/lc_pre_leak.c"
(cd "$tmp/pl" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 --out "$tmp/plo" lc_pre_leak.c >/dev/null 2>&1) || true
like "$(cat "$tmp/plo/.cocci/conversion.txt")" \
	'^lc_pre_leak\.c: NOT CONVERTED: no vfio_uninit_group_dev\(\) anywhere \(API generation before 5\.15, or a missing uninit\), uninit placed before its frees; the life-cycle checker found: lc_pre_leak\.c:52:[0-9]+-[0-9]+: life-cycle error-leak: ' \
	"pre-uninit file refused by the checker after the pre-stage: the shape named"

# An old driver's own bug that the conversion keeps (never unregistered).
(cd "$CK/old" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 \
	--out "$tmp/nu" never_unregistered.c >/dev/null 2>&1) && rc=0 || rc=$?
is "$rc" 3 "never_unregistered: exit 3"
like "$(cat "$tmp/nu/.cocci/conversion.txt")" \
	'^never_unregistered\.c: NOT CONVERTED: the life-cycle checker found: never_unregistered\.c:[0-9]+:[0-9]+-[0-9]+: life-cycle no-unregister: ' \
	"never_unregistered: NOT CONVERTED with the finding"
cmp -s "$CK/old/never_unregistered.c" "$tmp/nu/never_unregistered.c" && rc=0 || rc=1
ok "$rc" "never_unregistered: the original is kept"

# The same in a parent-owned driver whose structure is in a header: the
# completion member the conversion added there is withdrawn with it.
(cd "$CK/old/hdr" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 \
	--out "$tmp/nh" lcnh_ops.c >/dev/null 2>&1) && rc=0 || rc=$?
like "$(cat "$tmp/nh/.cocci/conversion.txt")" \
	'^lcnh_ops\.c: NOT CONVERTED: the life-cycle checker found: lcnh_ops\.c:[0-9]+:[0-9]+-[0-9]+: life-cycle no-unregister: ' \
	"parent-owned, header: the driver NOT CONVERTED with the finding"
cmp -s "$CK/old/hdr/lcnh.h" "$tmp/nh/lcnh.h" && cmp -s "$CK/old/hdr/lcnh_ops.c" "$tmp/nh/lcnh_ops.c" &&
	rc=0 || rc=1
ok "$rc" "parent-owned, header: driver and header kept as they were"
v=$(sed -n 's|^lcnh\.h: ||p' "$tmp/nh/.cocci/conversion.txt")
grep -q 'lcnh' "$tmp/nh/.cocci/groups" 2>/dev/null && rc=1 || rc=0
case "$v" in "nothing to convert"*) ;; *) rc=1 ;; esac
ok "$rc" "parent-owned, header: the header's verdict is nothing to convert, and no group joins it to the driver"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$tmp/nh/.cocci/conversion.txt"

# A checker that fails is a tool failure, not a verdict.
mkdir -p "$tmp/bin"
real=$(command -v spatch)
cat >"$tmp/bin/spatch" <<EOF
#!/bin/sh
case " \$* " in *vfio_lifecycle_check.cocci*) echo "simulated failure" >&2; exit 1 ;; esac
exec "$real" "\$@"
EOF
chmod +x "$tmp/bin/spatch"
(cd "$TOP/tests/cocci/in" && PATH=$tmp/bin:$PATH PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 \
	--out "$tmp/tf" lc_direct.c >"$tmp/tf.log" 2>&1) && rc=0 || rc=$?
is "$rc" 5 "checker failure: exit 5 (tool failure)"
grep -q 'tool failure: spatch (life-cycle check of lc_direct.c' "$tmp/tf.log" &&
	! grep -q '^lc_direct.c: converted' "$tmp/tf/.cocci/conversion.txt" && rc=0 || rc=1
ok "$rc" "checker failure: named, and no converted verdict"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$tmp/tf.log"
[ ! -e "$tmp/tf/lc_direct.c" ] && rc=0 || rc=1
ok "$rc" "checker failure: no output file written"

# Under the kernel's own make coccicheck.
KSRC=$(dirname "$(dirname "$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --print-dir)")")/linux-6.1
if [ -f "$KSRC/scripts/coccicheck" ]; then
	cp -r "$CK/planted" "$tmp/cc"
	out=$(make -s -C "$KSRC" coccicheck MODE=report COCCI="$SP" M="$tmp/cc" 2>&1 |
		grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' | sed 's|^[^ ]*/||' || true)
	got=$(printf '%s\n' "$out" | sed -n 's/^\([a-z+-]*\)\.c:.*: life-cycle \([a-z-]*\): .*/\1 \2/p' | LC_ALL=C sort -u)
	want=$(for f in $planted; do
		c=${f%.c}
		[ "$f" = core-frees.c ] || echo "$c ${c%%+*}"
	done | LC_ALL=C sort)
	is "$got" "$want" "make coccicheck MODE=report: each planted file reports its class (6.1 target)"
else
	echo "ok $((TAP_N + 1)) - make coccicheck # SKIP no kernel tree at $KSRC"
	TAP_N=$((TAP_N + 1))
fi
tap_exit
