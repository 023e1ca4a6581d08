# shellcheck shell=sh
# The independent life-cycle check of a converted file
# (cocci/vfio_lifecycle_check.cocci), sourced by scripts/cocci-convert.sh,
# which calls lifecycle_verdict on each converted output just before it
# writes the "converted" verdict.  A finding turns the file back to
# unconverted: the original is kept and the findings are the reason.
#
# Uses the runner's variables: target (6.1 or 6.2), out, logs, report,
# status, parent_hdrs.
# shellcheck disable=SC2154,SC2034

# lifecycle_findings RESULT NAME LOG SRC: the checker's report lines on
# RESULT (the conversion of SRC) for the target API, with NAME for the
# file, into LOG.found; a spatch failure is a tool failure (exit 5, RESULT
# removed), never a verdict.  RESULT is thrown away when there is a
# finding, so the lines are SRC's (lclib/linemap.py: a line the
# conversion wrote says so and gives the nearest input line).
# Not to be run in $(...): the exit must end the runner.
lifecycle_findings() {
	lc_defs="-D report"
	[ "$target" = 6.1 ] || lc_defs="$lc_defs -D core_frees"
	# shellcheck disable=SC2086 # $lc_defs holds several options
	if ! spatch --very-quiet $lc_defs --no-includes --include-headers \
		--sp-file "$LC_TOP/cocci/vfio_lifecycle_check.cocci" "$1" >"$3.check" 2>&1 ||
		grep -qE '^(EXN|Traceback|Fatal error)' "$3.check"; then
		rm -f "$1"
		tool_failed "spatch (life-cycle check of $2, stage cocci/vfio_lifecycle_check.cocci) failed; see $3.check"
	fi
	# report lines name RESULT: say NAME instead
	grep -F "$1:" "$3.check" | while IFS= read -r lc_line; do
		printf '%s%s\n' "$2" "${lc_line#"$1"}"
	done >"$3.conv"
	if ! python3 -m lclib.linemap "$4" "$1" <"$3.conv" >"$3.found"; then
		rm -f "$1"
		tool_failed "mapping the life-cycle findings of $2 back to its lines (lclib/linemap.py) failed"
	fi
}

# lifecycle_verdict NAME SRC RESULT LOG: nothing when the checker finds
# nothing in RESULT (the conversion of SRC); else the verdict of NAME is
# NOT CONVERTED with the findings (the original kept as OUTDIR/NAME,
# RESULT removed, status 3), and it returns 1.
lifecycle_verdict() {
	lifecycle_findings "$3" "$1" "$4" "$2"
	lc_found=$(cat "$4.found")
	[ -n "$lc_found" ] || return 0
	lc_why=
	# An input that initialises with vfio_init_group_dev() and never
	# uninitialises, with .open in its ops, is of the API generation
	# before vfio_uninit_group_dev() and open_device: its .release is a
	# close callback and its kfree() pairs with no uninit.
	if python3 -m lclib.checker --pre-uninit "$2" &&
		printf '%s\n' "$lc_found" | grep -q ': life-cycle old-ops: '; then
		lc_why="pre-uninit API generation (5.13/5.14): no vfio_uninit_group_dev(); ops .open/.release are open/close; "
	fi
	rm -f "$3"
	cp "$1" "$out/$1"
	# a header that the conversion gave a member (parent-owned) goes back
	# as it was, and out of the groups (series-kernel.sh)
	if [ -f "$logs/groups" ]; then
		cp "$logs/groups" "$logs/groups.was"
		while read -r lc_h lc_f; do
			[ "$lc_f" = "$1" ] || continue
			cp "$lc_h" "$out/$lc_h"
			verdict_drop "$lc_h"
			verdict "$lc_h" nothing member-withdrawn "no old vfio calls; the completion member for $1 is withdrawn with it"
			parent_hdrs="$parent_hdrs $lc_h "
		done <"$logs/groups.was"
		awk -v f="$1" '$2 != f' "$logs/groups.was" >"$logs/groups"
		rm -f "$logs/groups.was"
	fi
	printf '%s\n' "$lc_found" | sed '1d; s/^/  /' | verdict "$1" not-converted lifecycle \
		"${lc_why}the life-cycle checker found: $(printf '%s\n' "$lc_found" | head -n 1)" details=-
	status=3
	return 1
}
