#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# A refusal names the shape it found and its line (report mode's "why:"
# lines, quoted by the converter, lifecycle/converter*.py), never a generic reason:
# the fixtures of tests/cocci/in/ for an allocation in a helper, devm
# state, a bare struct vfio_device and a wrapper of the old call, plus
# variants of them written here.  The golden test (50) checks their
# verdicts and outputs; this one the words of the refusals (and a helper
# copy of a file with no uninit, through the pre-uninit stage).
set -eu
. "$(dirname "$0")/tap.sh"
plan 18

IN=$TOP/tests/cocci/in
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cp "$IN/lc_helper_errptr.c" "$IN/lc_helper_msg.c" "$IN/lc_wrapper.c" "$IN/lc_devm_state.c" "$IN/lc_bare_vdev.c" .
# a bare vfio_device allocated with another size: left, and named
sed 's/kzalloc(sizeof(\*vdev), /kzalloc(4096, /' lc_bare_vdev.c >lc_bare_size.c
# a helper that allocates and does nothing else, in a shape the minimal
# rule does not move (assigned, tested, returned): the helper rewrite
# (cocci/vfio_alloc_helper.cocci) takes it
sed -e 's/return ERR_PTR(-ENOMEM);/return NULL;/' lc_helper_errptr.c |
	awk '/st->buf = kzalloc/ { skip = 5 } skip > 0 { skip--; next } { print }' |
	sed -e 's/if (IS_ERR(st))/if (!st)/' -e 's/return PTR_ERR(st);/return -ENOMEM;/' >lc_helper_plain.c
# a helper-allocated state and no vfio_uninit_group_dev() anywhere: the
# helper rewrite's copy goes through the pre-uninit stage too
cp "$IN/lc_helper_null.c" .
grep -v '^[[:space:]]*vfio_uninit_group_dev(' lc_helper_null.c >lc_helper_nouninit.c

for api in 6.1 6.2; do
	PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api --out "out$api" \
		lc_helper_msg.c lc_helper_plain.c lc_wrapper.c lc_devm_state.c \
		lc_bare_vdev.c lc_bare_size.c >"log$api" 2>&1 || true
done
r61=out6.1/.cocci/conversion.txt
r62=out6.2/.cocci/conversion.txt

# why FILE REPORT: the why lines of FILE in REPORT, one line
why() {
	awk -v f="$1: " 'index($0, f) == 1 { on = 1; next } /^[^ ]/ { on = 0 } on' "$2" |
		sed -n 's/^ *[^ ]*: why: //p' | paste -sd'|' -
}

for r in $r61 $r62; do
	api=${r%%/*}; api=${api#out}
	like "$(why lc_helper_msg.c "$r")" '^allocation in helper lhm_alloc\(\) \(line 27\): it returns ERR_PTR\(\); it frees st on its own failure path; it also sets up st->buf; not rewritten: its caller checks the result \(line 44\)' \
		"$api: helper returning ERR_PTR whose caller logs: named, with its line and why not rewritten"
	like "$(grep '^lc_helper_plain.c: ' "$r")" '^lc_helper_plain.c: converted \(.*; helper lhe_alloc\(\) sets up the state it is given, the caller allocates it \(line 36\)\)$' \
		"$api: helper that only allocates, in another shape: rewritten and converted"
	is "$(why lc_wrapper.c "$r")" "old call in wrapper lcw_init_vdev() (lc_wrapper.c:21); its callers: lcw_probe() (line 32); the allocation and the init call must meet in one function (inline the wrapper)" \
		"$api: wrapper: named with file:line and its callers, no mid-layer or elsewhere reason"
	like "$(why lc_bare_size.c "$r")" '^bare struct vfio_device allocated by the driver \(line 20\): vdev has no container structure' \
		"$api: bare vfio_device of another size: named"
	like "$(grep '^lc_bare_vdev.c: ' "$r")" '^lc_bare_vdev.c: converted \(minimal' "$api: bare vfio_device of its own size: converted"
	ok "$(grep -c 'no known shape\|allocated and freed elsewhere' "$r" || true)" "$api: no generic reason for these shapes"
done
like "$(why lc_devm_state.c $r62)" '^devm-managed state \(line 26\): devres frees the structure .* 6.2\+ core frees every vfio_device' \
	"6.2: devm state: named, not 'a parent owns it'"
like "$(grep '^lc_devm_state.c: ' $r61)" '^lc_devm_state.c: converted \(idiomatic, parent-owned' \
	"6.1: devm state: converted like a parent-owned structure (no free, the put waits)"
# the helper copy of a file with no uninit: the same result as with them
for api in 6.1 6.2; do
	PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api --out "nu$api" lc_helper_nouninit.c >/dev/null 2>&1 || true
	like "$(cat "nu$api/.cocci/conversion.txt")" "^lc_helper_nouninit.c: converted \\(idiomatic, .*; helper lhn_create\\(\\) sets up the state it is given.*; no vfio_uninit_group_dev\\(\\) in the input: " \
		"$api: helper-allocated state, no uninit: the helper copy goes through the pre-uninit stage"
	[ "$(grep -c 'vfio_uninit_group_dev' lc_helper_nouninit.c)" -eq 0 ] &&
		cmp -s "$TOP/tests/cocci/expected/lc_helper_null.$api.c" "nu$api/lc_helper_nouninit.c" && rc=0 || rc=1
	ok "$rc" "$api: ... and converts to lc_helper_null's golden"
done
tap_exit
