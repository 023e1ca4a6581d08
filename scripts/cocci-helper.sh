# shellcheck shell=sh
# The helper-allocation pre-stage for scripts/cocci-convert.sh (sourced
# there, after convert_file is defined).  A file whose state comes from a
# static helper of the file (returning it, NULL or ERR_PTR() on failure)
# is rewritten by cocci/vfio_alloc_helper.cocci into the ordinary old form
# (the caller allocates, initialises, then calls the helper on the state)
# and that copy is converted by convert_file.  The rewrite is checked
# (lclib/allochelper.py); when it is refused, or its copy is not
# converted, the file is converted as it is (its own verdict), and the
# refusal is one of the reasons quoted there.
# Uses cocci-convert.sh's variables (out, logs, records, status).
# shellcheck disable=SC2154,SC2034

SP_HELPER=$LC_TOP/cocci/vfio_alloc_helper.cocci

# helper_member FILE: true when FILE was converted through the rewrite.
helper_member() {
	hf=$1
	hname=$(echo "$hf" | tr / _)
	hlog=$logs/$hname.helper
	hcopy=$logs/helper-$hname
	hnote=
	grep -q 'vfio_init_group_dev' "$hf" || return 1
	if ! spatch --very-quiet -D patch --no-includes --include-headers --keep-comments \
		--sp-file "$SP_HELPER" "$hf" -o "$hcopy" >"$hlog" 2>&1 &&
		! grep -q 'no modified files' "$hlog"; then
		rm -f "$hcopy"
		tool_failed "spatch failed on $hf in the helper stage (cocci/vfio_alloc_helper.cocci); log: $hlog"
	fi
	hlines=$(sed -n 's/^HELPER: //p' "$hlog")
	if [ -z "$hlines" ] || [ ! -f "$hcopy" ]; then
		rm -f "$hcopy"
		return 1
	fi
	# every helper rewritten: HELPER STATE LINE FIELD
	: >"$hlog.why"
	hfns=
	while read -r hh hst hln hfld; do
		hrc=0
		python3 -m lclib.allochelper check "$hcopy" "$hh" "$hst" "$hf" "$hfld" >"$hlog.one" 2>&1 || hrc=$?
		case $hrc in
		0) ;;
		1) sed "s/^/helper $hh() (called line $hln) not rewritten: /" "$hlog.one" >>"$hlog.why" ;;
		*) tool_failed "lclib.allochelper check failed on $hf (exit $hrc): $(cat "$hlog.one")" ;;
		esac
		hfns="$hfns${hfns:+,}$hh"
		hnote="$hnote; helper $hh() sets up the state it is given, the caller allocates it (line $hln)"
	done <<EOF
$hlines
EOF
	if [ -s "$hlog.why" ]; then
		cp "$hlog.why" "$logs/$hname.midwhy"
		rm -f "$hcopy"
		return 1
	fi
	# braces left around a lone return in the helper go
	tidy "$hcopy" "$hfns" "" "$hlog.tidy" "$hf"
	hsave=$status
	v_helper=$hnote
	convert_file "$hcopy" "$hf"
	v_helper=
	if converted "$hf"; then
		rm -f "$hcopy"
		return 0
	fi
	# the copy was not converted: the file's own verdict, with the copy's
	# reasons (its lines are the copy's)
	copy_why "$hf" "helper rewritten, but its copy was not converted (lines of the copy): " >"$logs/$hname.midwhy"
	status=$hsave
	verdict_drop "$hf"
	rm -f "$hcopy"
	return 1
}
