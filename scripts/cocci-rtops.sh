# shellcheck shell=sh
# Ops chosen at run time (cocci/vfio_runtime_ops.cocci, lclib/rtops.py),
# sourced by scripts/cocci-convert.sh: a probe that allocates its state
# and then inits it with one of two ops is converted as a whole by that
# rule, before the usual stages, which cannot (the allocation needs the
# ops).  A variant the rule refuses keeps its reason for the verdict of
# the usual stages ("why:" line, reason code run-time-ops).
#
# Uses the runner's variables: target, out, logs, defs, status, pending.
# shellcheck disable=SC2154,SC2034

# runtime_ops NAME SRC RESULT LOG: true when the rule converted SRC (the
# input NAME) into RESULT; rt_how is then the verdict text.  A refusal
# goes to LOG.rtwhy, as a why line of the verdict.  A failing spatch is a
# tool failure (exit 5).  Not to be run in $(...).
runtime_ops() {
	rm -f "$4.rtwhy" "$3"
	rt_cf=0
	[ "$target" = 6.1 ] || rt_cf=1
	if ! LC_RTOPS_OUT=$3 LC_RTOPS_CORE_FREES=$rt_cf spatch --very-quiet -D report --no-includes \
		--include-headers --sp-file "$LC_TOP/cocci/vfio_runtime_ops.cocci" "$2" >"$4.rtops" 2>&1 ||
		grep -qE '^(EXN|Traceback|Fatal error|Error in Python)' "$4.rtops"; then
		rm -f "$3"
		stage_failed "spatch failed on $1 in the run-time ops stage (cocci/vfio_runtime_ops.cocci); log: $4.rtops"
	fi
	sed -n 's/^RTOPS-REFUSED: \([a-z-]*\) \([0-9]*\): \(.*\)/'"$(printf '%s' "$1" | sed 's/[|&\\]/\\&/g')"':\2: why: \3 [\1]/p' "$4.rtops" >"$4.rtwhy"
	[ -s "$4.rtwhy" ] || rm -f "$4.rtwhy"
	rt_line=$(sed -n 's/^RTOPS: //p' "$4.rtops")
	[ -n "$rt_line" ] && [ -f "$3" ] || return 1
	# shellcheck disable=SC2086 # the words of the line
	set -- "$@" $rt_line
	rel=vfio_pci_core_release_dev
	grep -q '^[[:space:]]*\.init = vfio_pci_core_init_dev,' "$3" || rel=vfio_free_device
	[ "$target" = 6.1 ] || [ $rel = vfio_pci_core_release_dev ] || rel=
	# the variant, for the record (the message and its rules follow it)
	v_rtops=$5
	case $5 in
	fallback)
		v_init=$6 v_release=$rel v_level=idiomatic
		rt_how="idiomatic, run-time ops, target $target: $6() (@init of $8) runs $7(); when it fails, probe allocates with $9 instead" ;;
	choice)
		v_init='' v_release=$rel v_level=idiomatic
		rt_how="idiomatic, run-time ops, target $target: the ops ($6 or $7) are chosen before the allocation; nothing to move into @init/@release" ;;
	*)
		v_init='' v_release=$rel v_level=minimal v_reasons="run-time-ops-setup:set-up at line $8 stays in probe"
		rt_how="minimal, run-time ops, target $target: the ops ($6 or $7) are chosen before the allocation; not idiomatic: the set-up of the state in probe (line $8) stays there, two ops would need an @init each" ;;
	esac
	return 0
}

# rtops_done NAME DST LOG EOL: the life-cycle check and the verdict of a
# file runtime_ops converted (DST.new), as convert_file ends.
rtops_done() {
	lifecycle_verdict "$1" "$src" "$2.new" "$3" || return 0
	pending=
	put_result "$2" "$3" "$4"
	verdict "$1" converted converted "$rt_how" target="$target" level="$v_level" \
		init="$v_init" release="$v_release" reasons="$v_reasons" moved='' group='' runtime_ops="$v_rtops"
}
