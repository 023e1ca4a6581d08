# shellcheck shell=sh
# Mid-layer groups for scripts/cocci-convert.sh (sourced there, after
# convert_file is defined).  A library file whose exported helper
# initialises a vfio_device its callers allocated is converted together
# with its header and every caller in its directory, or not at all:
#   1. cocci/vfio_midlayer_lib.cocci splits the helpers (init/release
#      helpers for the callers' @init/@release) and prints a manifest;
#   2. the header gets the new prototypes (from the manifest);
#   3. each caller is rewritten into the ordinary old form by
#      cocci/vfio_midlayer_variant.cocci and converted by convert_file,
#      with the library's register/unregister helpers named for the lift.
# If any member fails, every member is written back unchanged and reported.
# Uses cocci-convert.sh's variables (out, logs, records, target, status).
# shellcheck disable=SC2154,SC2034

SP_MIDLIB=$LC_TOP/cocci/vfio_midlayer_lib.cocci
SP_MIDVAR=$LC_TOP/cocci/vfio_midlayer_variant.cocci
MID_DONE=

# midlayer_member FILE: true when FILE was handled by a group.
midlayer_member() {
	case " $MID_DONE " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# mid_refuse LIB WHY: remember why LIB is no mid-layer conversion, for the
# file's own verdict.
mid_refuse() {
	echo "$2" >"$logs/$(echo "$1" | tr / _).midwhy"
}

# mid_header HEADER MR PROTOS OUT: HEADER with the lines of PROTOS after
# the prototype of MR.
mid_header() {
	hl=$(grep -n "\\<$2[[:space:]]*(" "$1" | head -n 1 | cut -d: -f1)
	[ -n "$hl" ] || return 1
	# the prototype may span lines: up to the first ';'
	he=$(awk -v s="$hl" 'NR >= s && /;/ { print NR; exit }' "$1")
	[ -n "$he" ] || return 1
	sed "${he}r $3" "$1" >"$4"
}

# mid_realign FILE FN...: the parameter lines of FN's definition lined up
# under its opening parenthesis again ("static " went from the first line).
mid_realign() {
	mf=$1
	shift
	awk -v fns=" $* " '
	function width(s,   i, w) {
		w = 0
		for (i = 1; i <= length(s); i++)
			w = substr(s, i, 1) == "\t" ? w - w % 8 + 8 : w + 1
		return w
	}
	function indent(w,   s) {
		s = ""
		while (w >= 8) { s = s "\t"; w -= 8 }
		while (w-- > 0) s = s " "
		return s
	}
	cont && /^[ \t]/ {
		sub(/^[ \t]+/, "")
		$0 = indent(col) $0
		if (index($0, ")")) cont = 0
		print
		next
	}
	{ cont = 0 }
	/^[A-Za-z_]/ && !/;[ \t]*$/ && !/\)/ {
		if (match($0, /[A-Za-z_][A-Za-z_0-9]*\(/)) {
			fn = substr($0, RSTART, RLENGTH - 1)
			if (index(fns, " " fn " ")) {
				col = width(substr($0, 1, RSTART + RLENGTH - 1))
				cont = 1
			}
		}
	}
	{ print }' "$mf" >"$mf.al" && mv "$mf.al" "$mf"
}

# midlayer_groups FILE...: find and convert the groups among the inputs.
midlayer_groups() {
	for lib in "$@"; do
		[ -f "$lib" ] || continue
		grep -q '\<vfio_init_group_dev\>' "$lib" || continue
		lname=$(echo "$lib" | tr / _)
		mlog=$logs/$lname.midlayer
		mtmp=$logs/mid-$lname
		rm -rf "$mtmp"
		mkdir -p "$mtmp"
		# "no modified files" (exit 255) is no failure: no mid-layer here
		if ! spatch --very-quiet -D patch --no-includes --include-headers \
			--sp-file "$SP_MIDLIB" "$lib" -o "$mtmp/lib.c" >"$mlog" 2>&1 &&
			! grep -q 'no modified files' "$mlog"; then
			rm -rf "$mtmp"
			stage_failed "spatch failed on $lib in the mid-layer stage (cocci/vfio_midlayer_lib.cocci); log: $mlog"
		fi
		why=$(sed -n 's/^MIDLAYER-REFUSED: //p' "$mlog" | head -n 1)
		if [ -n "$why" ]; then
			mid_refuse "$lib" "mid-layer not split: $why"
			continue
		fi
		man=$(sed -n 's/^MIDLAYER: //p' "$mlog")
		if [ -z "$man" ] || [ ! -f "$mtmp/lib.c" ]; then
			continue
		fi
		# shellcheck disable=SC2086 # the manifest is seven words
		set -- $man
		mprobe=$1 mremove=$2 initc=$3 relc=$4 mfld=$6
		dir=$(dirname "$lib")
		callers=$(grep -lw "$mprobe" "$dir"/*.c 2>/dev/null | sed 's|^\./||' | grep -vxF "$lib" || true)
		header=$(grep -lw "$mprobe" "$dir"/*.h 2>/dev/null | sed 's|^\./||' || true)
		if [ -z "$callers" ]; then
			mid_refuse "$lib" "mid-layer $mprobe(): no caller in $dir/ to give the ops to"
			continue
		fi
		if [ "$(printf '%s\n' "$header" | grep -c .)" -ne 1 ]; then
			mid_refuse "$lib" "mid-layer $mprobe(): not declared in exactly one header of $dir/"
			continue
		fi
		step MIDLAYER "$lib ($(echo "$callers" | paste -sd' ' -))"
		ok=1
		reasons=
		# 1. the library, tidied (a failing spatch ends the run: exit 5)
		tidy "$mtmp/lib.c" "$initc,$mprobe,$relc,$mremove" "" "$mlog.tidy" "$lib"
		# shellcheck disable=SC2046 # one callback name per word
		mid_realign "$mtmp/lib.c" $(sed -n 's/^MID-CB: //p' "$mlog")
		# 2. the header
		sed -n 's/^MID-PROTO: //p' "$mlog" >"$mtmp/protos"
		if [ $ok = 1 ] && ! mid_header "$header" "$mremove" "$mtmp/protos" "$mtmp/header.h"; then
			ok=0 reasons="no prototype of $mremove() in $header"
		fi
		# 3. the callers
		LC_MID_PROBE=$mprobe LC_MID_REMOVE=$mremove LC_MID_INITC=$initc
		LC_MID_RELC=$relc LC_MID_FLD=$mfld
		LC_MID_OPS=$(sed -n 's/^MID-OPS: //p' "$mlog")
		LC_LIFT_REGISTER=$mprobe LC_LIFT_UNREGISTER=$mremove
		export LC_MID_PROBE LC_MID_REMOVE LC_MID_INITC LC_MID_RELC LC_MID_FLD \
			LC_MID_OPS LC_LIFT_REGISTER LC_LIFT_UNREGISTER
		for c in $callers; do
			[ $ok = 1 ] || break
			cx=$mtmp/$(echo "$c" | tr / _)
			if ! spatch --very-quiet -D patch --no-includes --include-headers \
				--sp-file "$SP_MIDVAR" "$c" -o "$cx" >"$mlog.$(basename "$c")" 2>&1 &&
				! grep -q 'no modified files' "$mlog.$(basename "$c")"; then
				rm -rf "$mtmp"
				stage_failed "spatch failed on $c in the mid-layer caller stage (cocci/vfio_midlayer_variant.cocci); log: $mlog.$(basename "$c")"
			fi
			if [ ! -f "$cx" ] || cmp -s "$c" "$cx"; then
				ok=0 reasons="$c: its probe/remove do not call $mprobe()/$mremove() the known way (kzalloc, then 'ret = $mprobe(st, dev); if (ret) ...')"
				break
			fi
			if [ "$(grep -c "\\<$relc(" "$cx")" -lt 2 ]; then
				ok=0 reasons="$c: no remove that calls $mremove() and then frees the state"
				break
			fi
			# spatch indents the blank line after an added block; the
			# original has no such line, the result must not either
			if ! grep -q '^[[:space:]][[:space:]]*$' "$c"; then
				sed 's/^[[:space:]]*$//' "$cx" >"$cx.t" && mv "$cx.t" "$cx"
			fi
			mkdir -p "$(dirname "$out/$c")"
			convert_file "$cx" "$c"
			python3 "$LC_TOP/scripts/lcverdict.py" last "$records" >>"$mtmp/verdicts"
			if ! converted "$c"; then
				ok=0 reasons="$c: $(python3 "$LC_TOP/scripts/lcverdict.py" field "$records" "$c" verdict)"
			fi
		done
		unset LC_MID_PROBE LC_MID_REMOVE LC_MID_INITC LC_MID_RELC LC_MID_FLD \
			LC_MID_OPS LC_LIFT_REGISTER LC_LIFT_UNREGISTER
		members="$lib $header $callers"
		MID_DONE="$MID_DONE $(echo "$members" | tr '\n' ' ')"
		# Verdicts: the callers' lines are replaced by the group's.
		for m in $callers; do
			verdict_drop "$m"
		done
		if [ $ok = 1 ]; then
			mkdir -p "$(dirname "$out/$lib")" "$(dirname "$out/$header")"
			cp "$mtmp/lib.c" "$out/$lib"
			cp "$mtmp/header.h" "$out/$header"
			# the members go into one patch of a series
			echo "$lib $header $(echo "$callers" | tr '\n' ' ')" >>"$logs/groups"
			# shellcheck disable=SC2086 # one file a word
			mgroup=$(printf '%s\n' $lib $header $callers)
			verdict "$lib" converted midlayer \
				"idiomatic, target $target: mid-layer; $initc(), $relc() for the callers' @init/@release, ops moved to them: $(echo "$callers" | paste -sd' ' -)" \
				target="$target" level=idiomatic init="$initc" release="$relc" group="$mgroup"
			verdict "$header" converted midlayer-header \
				"idiomatic, target $target: prototypes of the mid-layer helpers and callbacks" \
				target="$target" level=idiomatic group="$mgroup"
			python3 "$LC_TOP/scripts/lcverdict.py" add "$records" json=- <"$mtmp/verdicts" ||
				tool_failed "scripts/lcverdict.py could not record the mid-layer callers' verdicts"
			verdicts_render
		else
			for m in $members; do
				mkdir -p "$(dirname "$out/$m")"
				cp "$m" "$out/$m"
				verdict "$m" not-converted midlayer-group "mid-layer group of $lib: $reasons"
			done
			status=3
		fi
	done
}
