# shellcheck shell=sh
# The pre-uninit pre-stage for scripts/cocci-convert.sh (sourced there;
# convert_file calls preuninit_stage on its input, so the copies other
# pre-stages hand to convert_file go through it too).  A file that calls
# vfio_init_group_dev() and never vfio_uninit_group_dev() (the API
# generation before 5.15, or a missing uninit) is rewritten by
# cocci/vfio_pre_uninit.cocci into the ordinary old form (an uninit right
# before each free of the state after the init or an unregister; the
# ops' .open/.release renamed .open_device/.close_device), and that copy
# is what the later stages convert.  lclib/preuninit.py checks the copy;
# when it is refused the file is kept, with reason pre-uninit.
# Uses cocci-convert.sh's variables (out, logs, status).
# shellcheck disable=SC2154,SC2034

SP_PREUNINIT=$LC_TOP/cocci/vfio_pre_uninit.cocci
PU_SHAPE="no vfio_uninit_group_dev() anywhere (API generation before 5.15, or a missing uninit)"
# the file whose input was rewritten (verdict() names the shape in its
# refusals)
pu_named=

# preuninit_stage NAME SRC DST LOG: when SRC (the input of NAME, or a copy
# of it) is of the shape, the rewritten copy's path in pu_src and the
# verdict's note in v_preuninit; else pu_src=SRC.  Returns 1 when the
# rewrite is refused: NAME's verdict is written, DST holds the original.
preuninit_stage() {
	pu_src=$2
	v_preuninit=
	pu_named=
	python3 -m lclib.preuninit applies "$2" "$1" || return 0
	pu_copy=$logs/preuninit-$(echo "$1" | tr / _)
	pu_around=
	if ! spatch --very-quiet -D patch --no-includes --include-headers --keep-comments \
		--sp-file "$SP_PREUNINIT" "$2" -o "$pu_copy" >"$4.preuninit" 2>&1 &&
		! grep -q 'no modified files' "$4.preuninit"; then
		rm -f "$pu_copy"
		# a free that paths around the init reach too: no uninit can go
		# before it; the check of the unchanged copy names the line
		pu_around=$(sed -n 's/.* in \([A-Za-z_0-9]*\) reachable by inconsistent control-flow paths$/\1/p' "$4.preuninit" | head -n 1)
		[ -n "$pu_around" ] ||
			tool_failed "spatch failed on $1 in the pre-uninit stage (cocci/vfio_pre_uninit.cocci); log: $4.preuninit"
	fi
	[ -f "$pu_copy" ] || cp "$2" "$pu_copy"
	if [ -z "$pu_around" ] && cmp -s "$2" "$pu_copy" &&
		! python3 -m lclib.preuninit applies "$2"; then
		# a copy another pre-stage paired already (the user's file had
		# no uninit, the copy has): nothing of this stage's to judge
		rm -f "$pu_copy"
		return 0
	fi
	pu_rc=0
	python3 -m lclib.preuninit check "$2" "$pu_copy" >"$4.pu" 2>"$4.pu.err" || pu_rc=$?
	if [ -n "$pu_around" ] && [ "$pu_rc" -le 1 ]; then
		# the check of the unchanged copy names the free and the goto;
		# its other reasons are only that nothing was rewritten
		grep 'reached from before the init' "$4.pu" >"$4.pu.all" ||
			echo "a free of the state in $pu_around() is reached both through the init and around it: no uninit can go before it" >"$4.pu.all"
		mv "$4.pu.all" "$4.pu"
		pu_rc=1
	fi
	case $pu_rc in
	0)
		if cmp -s "$2" "$pu_copy"; then
			# nothing freed the state after the init or an unregister
			rm -f "$pu_copy"
			return 0
		fi
		pu_src=$pu_copy
		pu_named=$1
		v_preuninit=$(sed 's/^/; /' "$4.pu" | tr -d '\n') ;;
	1)
		rm -f "$pu_copy"
		cp "$1" "$3"
		sed '1d; s/^/  why: /' "$4.pu" | verdict "$1" not-converted pre-uninit \
			"$PU_SHAPE: $(head -n 1 "$4.pu")" details=-
		status=3
		return 1 ;;
	*) tool_failed "lclib.preuninit check failed on $1 (exit $pu_rc): $(cat "$4.pu.err")" ;;
	esac
}
