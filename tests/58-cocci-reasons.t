#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The converter's verdicts name the shape and the line (test 50 checks
# the verdict word and the output; this checks what it says):
#  - a vfio-pci-core device the probe does not allocate (a parent owns
#    it): refused, the core's release would free it;
#  - the driver data set after vfio_pci_core_register_device() (the 6.1
#    core needs it before): moved before it when nothing between can use
#    it, else refused with the line of the set;
#  - every fixture of tests/cocci/in/ whose golden verdict is "not
#    converted" (for a target): its report names the shape found and a
#    line of the input (the table below; a refused fixture missing from
#    it fails), never "no known shape";
#  - a bus device the callbacks cannot find again: the lift's refusal
#    names the parameter's type and the line that passed the device;
#  - every fixture whose golden verdict is "minimal" because the lift
#    refused (LIFTS below; one missing from it fails): each reason after
#    "not idiomatic:" names a line, the line of the input.
set -eu
. "$(dirname "$0")/tap.sh"
EXP=$TOP/tests/cocci/expected
# SHAPES: fixture, target (both, 6.1, 6.2), what its report must say (an
# ERE over the report's lines for the file, joined by '|')
SHAPES='lc_devm_state	6.2	lc_devm_state\.c:29:[0-9-]+: why: devm-managed state \(line 26\)
lc_guard_split	both	NOT CONVERTED: old calls under different preprocessor branches.*vfio_uninit_group_dev\(\) line 32: under #ifdef HAVE_VFIO_UNINIT_GROUP_DEV \(line 31\)
lc_helper_keep	both	lc_helper_keep\.c:51:[0-9-]+: why: allocation in helper lhk_new\(\) \(line 28\): .*not rewritten: .*why: helper lhk_new\(\) \(called line 48\) not rewritten: it frees st other than right before a return \(line 33\)
lc_helper_msg	both	lc_helper_msg\.c:48:[0-9-]+: why: allocation in helper lhm_alloc\(\) \(line 27\): it returns ERR_PTR\(\).*not rewritten: its caller checks the result \(line 44\) with more than a bare return
lc_midlayer	both	lc_midlayer\.c:21:[0-9-]+: why: mid-layer: .core. comes in as a parameter, its callers allocate it
lc_parent_owned	6.2	lc_parent_owned\.c:34:[0-9-]+: why: the structure is not allocated here \(a parent owns it\)
lc_parent_teardown	6.2	lc_parent_teardown\.c:34:[0-9-]+: why: the structure is not allocated here \(a parent owns it\)
lc_ops_call	both	lc_ops_call\.c:42: why: ops chosen at run time \(line 42\): the ops are the value ops
lc_pci_drvdata_far	both	NOT CONVERTED: drvdata set after vfio_pci_core_register_device\(\) \(line 45\)
lc_pci_parent	both	lc_pci_parent\.c:33:[0-9-]+: why: parent-owned vfio-pci-core device \(line 33\)
lc_pre_uninit_destroy	both	NOT CONVERTED: no vfio_uninit_group_dev\(\) anywhere \(API generation before 5\.15, or a missing uninit\): lcd_destroy\(\) frees the state st \(line 43\) but neither initialises nor unregisters it
lc_pre_uninit_goto	both	NOT CONVERTED: no vfio_uninit_group_dev\(\) anywhere \(API generation before 5\.15, or a missing uninit\): the free of st \(line 58\) in lcg_probe\(\) is also reached from before the init \(goto err, line 49\)
lc_runtime_ops	both	lc_runtime_ops\.c:40:[0-9-]+: why: ops chosen at run time: init calls with lcr_fast_ops, lcr_slow_ops.*why: ops chosen at run time \(line 39\): neither a choice that does not read the state nor .*\[run-time-ops\]
lc_rtops_refuse	both	why: ops chosen at run time \(line 86\): the set-up reads the local parent, whose value \(lcv_claim_parent\(pdev\)\) @init cannot compute again without side effects \[run-time-ops\]
lc_wrapper	both	lc_wrapper\.c:21:[0-9-]+: why: old call in wrapper lcw_init_vdev\(\) \(lc_wrapper\.c:21\); its callers: lcw_probe\(\) \(line 32\)'
# LIFTS: fixture, what its "not idiomatic" reason must say (an ERE), on
# both targets; the lines are those of tests/cocci/in/<fixture>.c
LIFTS='lc_bare_vdev	the state is a bare vfio_device \(allocated line 20\)
lc_bus_nohelper	uses parameter .ldev. of lcn_probe\(\), a struct lcbus_device, .*the device passed \(line 33\)
lc_rtops_choice	the set-up of the state in probe \(line 38\) stays there
lc_ops_var	the ops are held in a variable, chosen at run time \(line 41\)
lc_pci_variant	no remove path \(unregister \+ vfio_put_device\) for struct vfio_pci_core_device \(allocated line 63\)
lc_side_effect	local .id. of lcs_probe\(\) is initialised by ida_alloc\(\) \(line 26\) and still used there
lc_two_ops_order	uses parameter .flags. of lct_probe_full\(\) \(line 48\)
lc_unsafe_undo	lcu_probe\(\) undoes .kfree\(st->buf\);. \(line 41\) when registration fails, lcu_remove\(\) does not'
# refused API: the fixtures whose golden verdict for API is "not converted"
refused() {
	for f in "$IN"/*.c; do
		x=${f##*/}; x=${x%.c}
		vf=$EXP/$x.verdict
		[ ! -f "$EXP/$x.$1.verdict" ] || vf=$EXP/$x.$1.verdict
		[ "$(head -n 1 "$vf")" != "not converted" ] || echo "$x"
	done
}
# expected API: the fixtures SHAPES lists for API
expected() {
	printf '%s\n' "$SHAPES" | awk -F'\t' -v a="$1" '$2 == "both" || $2 == a { print $1 }'
}
# minimal API: the fixtures whose golden level for API is "minimal"
minimal() {
	for f in "$IN"/*.c; do
		x=${f##*/}; x=${x%.c}
		vf=$EXP/$x.verdict
		[ ! -f "$EXP/$x.$1.verdict" ] || vf=$EXP/$x.$1.verdict
		[ "$(sed -n 2p "$vf")" != minimal ] || echo "$x"
	done
}
n=0
for api in 6.1 6.2; do
	n=$((n + 1 + $(expected $api | wc -l) + 2 + $(printf '%s\n' "$LIFTS" | wc -l)))
done
plan $((8 + n + 6))

IN=$TOP/tests/cocci/in
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# verdict API FILE: the converter's report for FILE (the lines under it too)
verdict() {
	(cd "$IN" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target "$1" \
		--out "$tmp/$1-$2" "$2" >/dev/null 2>&1) || true
	sed "s|^$2: ||" "$tmp/$1-$2/.cocci/conversion.txt"
}

for api in 6.1 6.2; do
	v=$(verdict $api lc_pci_parent.c)
	like "$v" "why: parent-owned vfio-pci-core device \\(line 33\\): vfio-pci-core's release frees the object, which the parent owns" \
		"$api parent-owned pci-core device: refused, naming the shape and the line"

	v=$(verdict $api lc_pci_drvdata_far.c)
	like "$v" "^NOT CONVERTED: drvdata set after vfio_pci_core_register_device\\(\\) \\(line 45\\): a 6.1 core needs it before\$" \
		"$api drvdata set after the registration, a call between: refused with the line"

	v=$(verdict $api lc_pci_drvdata_late.c)
	like "$v" "^converted \\(idiomatic, .*lcd_probe\\(\\): drvdata set before vfio_pci_core_register_device\\(\\) \\(was after it, line 37\\)" \
		"$api drvdata set right after the registration: moved, saying from where"
	# in the output, the set comes before the registration
	d=$(grep -n 'dev_set_drvdata(&pdev->dev, &lcd->core_device);' "$tmp/$api-lc_pci_drvdata_late.c/lc_pci_drvdata_late.c" | cut -d: -f1)
	r=$(grep -n 'vfio_pci_core_register_device(&lcd->core_device);' "$tmp/$api-lc_pci_drvdata_late.c/lc_pci_drvdata_late.c" | cut -d: -f1)
	[ -n "$d" ] && [ -n "$r" ] && [ "$d" -lt "$r" ] && rc=0 || rc=1
	ok "$rc" "$api drvdata set ($d) before the registration ($r)"
done

# section REPORT FILE: FILE's verdict line and the lines under it, joined
section() {
	awk -v f="$2: " 'index($0, f) == 1 { on = 1; print; next } /^[^ ]/ { on = 0 } on' "$1" |
		paste -sd'|' -
}
for api in 6.1 6.2; do
	is "$(refused $api | LC_ALL=C sort | paste -sd' ' -)" "$(expected $api | LC_ALL=C sort | paste -sd' ' -)" \
		"$api: every fixture refused on this target has its shape in the table"
	files=$(expected $api | sed 's/$/.c/')
	# shellcheck disable=SC2086 # one word per file
	(cd "$IN" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
		--out "$tmp/shapes-$api" $files >/dev/null 2>&1) || true
	r=$tmp/shapes-$api/.cocci/conversion.txt
	for x in $(expected $api); do
		want=$(printf '%s\n' "$SHAPES" | awk -F'\t' -v x="$x" '$1 == x { print $3 }')
		got=$(section "$r" "$x.c")
		case "$got" in *"no known shape"*) got="$got [generic reason]" ;; esac
		if printf '%s\n' "$got" | grep -Eq -- "$want" && ! printf '%s\n' "$got" | grep -q 'generic reason'; then
			rc=0
		else
			rc=1
		fi
		ok "$rc" "$api $x: refused, naming the shape and the line"
		[ "$rc" -eq 0 ] || printf '#   got: %s\n#   want: %s\n' "$got" "$want"
	done
done

# the lift's refusals: a line each
for api in 6.1 6.2; do
	files=$(minimal $api | sed 's/$/.c/')
	# shellcheck disable=SC2086 # one word per file
	(cd "$IN" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target $api \
		--out "$tmp/lifts-$api" $files >/dev/null 2>&1) || true
	r=$tmp/lifts-$api/.cocci/conversion.txt
	# the fixtures the lift refused (not those where it found no pair)
	got=$(sed -n 's/^\([^:]*\)\.c: converted (minimal, .*; not idiomatic: \(.*\))$/\1 \2/p' "$r" |
		grep -v ' no probe/remove pair found$' | cut -d' ' -f1 | LC_ALL=C sort | paste -sd' ' -)
	is "$got" "$(printf '%s\n' "$LIFTS" | cut -f1 | LC_ALL=C sort | paste -sd' ' -)" \
		"$api: every fixture the lift refused has its reason in the table"
	# every reason (';' between them, not the ';' of a quoted statement)
	# names a line
	bad=$(sed -n 's/^\([^:]*\): converted (minimal, .*; not idiomatic: \(.*\))$/\1: \2/p' "$r" |
		grep -v ' no probe/remove pair found$' | while IFS= read -r l; do
			printf '%s\n' "${l#*: }" | sed "s/;\\([^']\\)/\\n\\1/g" | grep -v 'line [0-9][0-9]*' | sed "s|^|${l%%: *}: |"
		done)
	is "$bad" "" "$api: every reason of the lift names a line"
	for x in $(printf '%s\n' "$LIFTS" | cut -f1); do
		want=$(printf '%s\n' "$LIFTS" | awk -F'\t' -v x="$x" '$1 == x { print $2 }')
		v=$(sed -n "s|^$x\\.c: ||p" "$r")
		like "$v" "not idiomatic: .*$want" "$api $x: the lift's refusal names the input's line"
	done
done

# a bus device reached through an accessor: the lift's refusal names the
# type and the line that passed the device (the file stays minimal)
for api in 6.1 6.2; do
	v=$(verdict $api lc_bus_nohelper.c)
	like "$v" "^converted \\(minimal, target $api; not idiomatic: uses parameter 'ldev' of lcn_probe\\(\\), a struct lcbus_device, .*the device passed \\(line 33\\) is lcbus_get_dev\\(ldev\\)" \
		"$api bus device not found again: the type and the line named"
	# a parameter that is no device: the line of the function taking it
	like "$(verdict $api lc_pci_variant.c)" "not idiomatic: .*uses parameter 'id' of lcp_probe\\(\\) \\(line 27\\), which the callback cannot find again" \
		"$api parameter not found again: its function's line named"
	like "$(verdict $api lc_two_ops_order.c)" "not idiomatic: uses parameter 'flags' of lct_probe_full\\(\\) \\(line 48\\), which the callback cannot find again" \
		"$api parameter not found again (another fixture): its function's line named"
done
tap_exit
