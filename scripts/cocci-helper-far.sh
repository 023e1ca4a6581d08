# shellcheck shell=sh
# The cross-file helper pre-stage for scripts/cocci-convert.sh (sourced
# there, after convert_file is defined).  A file whose state comes from a
# function of another C file of its directory (which allocates it, or
# returns what one function of its file that allocates it returns) is
# rewritten with the functions of that file and the headers declaring
# them (cocci/vfio_alloc_helper_far.cocci, one run per role, the roles
# planned by lclib/allochelper_far.py) into the ordinary old form, and
# that copy is converted by convert_file.  When the plan refuses, a check
# fails, or the copy is not converted, every file is left as it was and
# the file gets its own verdict, the refusal quoted there.
# Uses cocci-convert.sh's variables (out, logs, records, status, defs,
# parent_hdrs).
# shellcheck disable=SC2154,SC2034

SP_FAR=$LC_TOP/cocci/vfio_alloc_helper_far.cocci

# far_spatch IN OUT LOG ARG...: the rule on IN with the role ARG..., the
# result in OUT (IN copied when the role changes nothing); a failing spatch
# is a tool failure.
far_spatch() {
	fs_in=$1 fs_out=$2 fs_log=$3
	shift 3
	rm -f "$fs_out"
	if ! spatch --very-quiet --no-includes --include-headers --keep-comments \
		--sp-file "$SP_FAR" "$@" "$fs_in" -o "$fs_out" >>"$fs_log" 2>&1 &&
		! grep -q 'no modified files' "$fs_log"; then
		rm -f "$fs_out"
		tool_failed "spatch failed on $fs_in in the cross-file helper stage (cocci/vfio_alloc_helper_far.cocci $*); log: $fs_log"
	fi
	[ -f "$fs_out" ] || cp "$fs_in" "$fs_out"
}

# farhelper_member FILE: true when FILE was converted through the rewrite
# (the other file and its headers with it).
farhelper_member() {
	ff=$1
	[ "$(grep -c 'vfio_init_group_dev *(' "$ff")" -eq 1 ] || return 1
	fname=$(echo "$ff" | tr / _)
	fd=$logs/far-$fname
	rm -rf "$fd"
	mkdir -p "$fd"
	fline=$(grep -n 'vfio_init_group_dev *(' "$ff" | cut -d: -f1)
	frc=0
	python3 -m lclib.allochelper_far plan "$ff" "$fline" >"$fd/plan.json" 2>"$fd/plan.err" || frc=$?
	case $frc in
	0) ;;
	3) rm -rf "$fd"; return 1 ;;
	*) tool_failed "lclib.allochelper_far plan failed on $ff (exit $frc): $(cat "$fd/plan.err")" ;;
	esac
	fget() { python3 -m lclib.allochelper_far get "$fd/plan.json" "$1"; }
	if [ -n "$(fget why)" ]; then
		fget why | sed 's/^/cross-file helper rewrite refused: /' >"$logs/$fname.midwhy"
		return 1
	fi
	far=$(fget far)
	fst=$(fget st)
	fchain=$(fget chain)
	fdestroy=$(fget destroy)
	fhdrs=$(fget headers)
	flog=$fd/spatch.log
	: >"$flog"
	# the other file: the allocating function, the ones passing it on,
	# the destroy function
	falloc=$(echo "$fchain" | tail -n 1)
	far_spatch "$far" "$fd/far.0" "$flog" -D far_alloc -D fn="$falloc"
	fi=0
	fprev=
	for fn in $(echo "$fchain" | sed '1!G;h;$!d'); do
		if [ -n "$fprev" ]; then
			far_spatch "$fd/far.$fi" "$fd/far.$((fi + 1))" "$flog" -D far_pass -D fn="$fn" -D next="$fprev" -D st="$fst"
			fi=$((fi + 1))
		fi
		fprev=$fn
	done
	if [ -n "$fdestroy" ]; then
		far_spatch "$fd/far.$fi" "$fd/far.$((fi + 1))" "$flog" -D far_destroy -D fn="$fdestroy"
		fi=$((fi + 1))
	fi
	cp "$fd/far.$fi" "$fd/far.c"
	tidy "$fd/far.c" "$(echo "$fchain" | paste -sd, -)" "" "$fd/tidy.log" "$far"
	# the tidy stage can drop a local a label after the last return still
	# reads (spatch follows control flow): then the untidied text stands,
	# checked in its turn
	if ! python3 -m lclib.allochelper_far check "$fd/far.c" "$fd/plan.json" "$far" >"$fd/check" 2>&1; then
		cp "$fd/far.$fi" "$fd/far.c"
		if ! python3 -m lclib.allochelper_far check "$fd/far.c" "$fd/plan.json" "$far" >"$fd/check" 2>&1; then
			[ -s "$fd/check" ] || tool_failed "lclib.allochelper_far check failed on $far: no reason given"
			sed "s/^/cross-file helper rewrite of $(basename "$far") refused: /" "$fd/check" >"$logs/$fname.midwhy"
			return 1
		fi
	fi
	python3 -m lclib.allochelper_far document "$fd/far.c" "$fd/plan.json" ||
		tool_failed "lclib.allochelper_far document failed on $far"
	# the headers declaring the chain
	hn=0
	for h in $fhdrs; do
		hn=$((hn + 1))
		cp "$h" "$fd/h$hn.0"
		hi=0
		for fn in $fchain; do
			far_spatch "$fd/h$hn.$hi" "$fd/h$hn.$((hi + 1))" "$flog" -D far_proto -D fn="$fn" -D st="$fst"
			hi=$((hi + 1))
		done
		if [ "$h" = "$(fget member_header)" ]; then
			far_spatch "$fd/h$hn.$hi" "$fd/h$hn.$((hi + 1))" "$flog" -D far_member -D tag="$(fget tag)" -D fld="$(fget field)"
			hi=$((hi + 1))
		fi
		cp "$fd/h$hn.$hi" "$fd/h$hn"
	done
	# the converted file: the ordinary old form
	far_spatch "$ff" "$fd/caller.c" "$flog" -D far_caller -D fn="$(fget callee)" \
		-D dfn="${fdestroy:-lc_no_destroy_function}"
	if cmp -s "$ff" "$fd/caller.c"; then
		echo "cross-file helper rewrite refused: the call of $(fget callee)() (line $(fget call_line)) is not followed by the check and the init call the rule takes" >"$logs/$fname.midwhy"
		return 1
	fi
	fsave=$status
	v_helper="; $(echo "$fchain" | sed 's/$/()/' | paste -sd' ' - | sed 's/ / -> /g') of $far set up the state they are given, the caller allocates it (line $(fget call_line))${fdestroy:+; $fdestroy() no longer frees it}"
	fgroup=$(printf '%s\n' "$ff" "$far" $fhdrs | sort -u)
	v_far_group=$fgroup
	convert_file "$fd/caller.c" "$ff"
	v_helper= v_far_group=
	if ! converted "$ff"; then
		copy_why "$ff" "cross-file helper rewrite done, but its copy was not converted (lines of the copy): " \
			>"$logs/$fname.midwhy"
		status=$fsave
		verdict_drop "$ff"
		return 1
	fi
	if ! python3 -m lclib.allochelper_far restore "$out/$ff" "$fd/plan.json"; then
		echo "cross-file helper rewrite done, but the check of $(fget state) could not be put back on the allocation" >"$logs/$fname.midwhy"
		status=$fsave
		verdict_drop "$ff"
		return 1
	fi
	# the other file and the headers: converted with it, one patch
	mkdir -p "$(dirname "$out/$far")"
	cp "$fd/far.c" "$out/$far"
	verdict_drop "$far"
	verdict "$far" converted helper-far "$(echo "$fchain" | sed 's/$/()/' | paste -sd, - | sed 's/,/, /g') set up the state they are given and return an error code; the vfio core allocates it (for $ff)${fdestroy:+; $fdestroy() undoes the set-up and no longer frees it}" \
		target="$target" level=idiomatic group="$fgroup"
	parent_hdrs="$parent_hdrs $far "
	hn=0
	for h in $fhdrs; do
		hn=$((hn + 1))
		cmp -s "$h" "$fd/h$hn" && continue
		mkdir -p "$(dirname "$out/$h")"
		cp "$fd/h$hn" "$out/$h"
		verdict_drop "$h"
		fwhat="prototypes of the functions that set up the state they are given"
		[ "$h" != "$(fget member_header)" ] || fwhat="$fwhat, struct $(fget tag) with its vfio_device first"
		verdict "$h" converted helper-far "$fwhat (for $ff)" \
			target="$target" level=idiomatic group="$fgroup"
		parent_hdrs="$parent_hdrs $h "
	done
	printf '%s\n' "$ff" "$far" $fhdrs | sort -u | paste -sd' ' - >>"$logs/groups"
	return 0
}
