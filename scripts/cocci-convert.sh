#!/bin/sh
# Convert C files of the old vfio life cycle with cocci/vfio_alloc_device.cocci
# and judge each result: converted, nothing to convert, or not converted
# (the original is kept and the old-form sites are listed).  Never writes
# next to the inputs: results go to OUTDIR, one file per input (same
# relative path); verdicts and spatch logs go to OUTDIR/.cocci/.
#
# Usage: scripts/cocci-convert.sh [--target auto|6.1|6.2] [--kernel TREE]
#                                 [--level auto|minimal] --out OUTDIR FILE...
#   --target 6.1: drivers free their object in @release (vfio_free_device)
#   --target 6.2: the core frees the object; no @release needed for that
#   --target auto (default): read TREE/include/linux/vfio.h
#   --level auto (default): after the minimal conversion, move set-up into
#     @init and tear-down into @release where that is provably the same
#     program (cocci/vfio_init_release.cocci, then cocci/vfio_tidy.cocci);
#     the verdict says which level each file got and why
#   --level minimal: stop after vfio_alloc_device()/vfio_put_device()
#
# Exit status: 0 when every file was converted or had nothing to convert,
# 3 when some file needs a human, 1 on bad input, 5 when a tool (spatch,
# lclib.ctext) failed: the message names the file and the stage, and
# nothing more is written.
# LC_LOGS_SHOWN: the directory the verdicts name for the logs (default
# OUTDIR/.cocci), for a caller that moves them (scripts/convert-module.sh).
set -eu
. "$(dirname "$0")/lib.sh"

# The tests' cache of whole runs (tests/lib/convert_cache.py): only the
# tests set LC_TEST_CACHE (a copy of scripts/ alone runs uncached).
if [ -n "${LC_TEST_CACHE:-}" ] && [ -f "$LC_TOP/tests/lib/convert_cache.py" ]; then
	exec python3 "$LC_TOP/tests/lib/convert_cache.py" "$LC_TOP/scripts/cocci-convert.sh" "$@"
fi

target=auto
level=auto
kernel=
out=
while [ $# -gt 0 ]; do
	case "$1" in
	--target) target=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--level) level=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ -n "$out" ] || die "--out OUTDIR is required"
[ $# -gt 0 ] || die "no input files"
need_cmd spatch

# The target API decides who frees the object.
if [ "$target" = auto ]; then
	[ -n "$kernel" ] || die "--target auto needs --kernel TREE"
	target=$(sh "$LC_TOP/scripts/target-api.sh" "$kernel")
fi
case "$target" in
6.1) defs="-D patch" rdefs="-D report" ;;
6.2) defs="-D patch -D core_frees" rdefs="-D report -D core_frees" ;;
old) die "the target tree still has the old vfio core API (vfio_init_group_dev): nothing to convert to" ;;
*) die "unknown target API '$target' (6.1 or 6.2)" ;;
esac

case "$level" in
auto | minimal) ;;
*) die "unknown level '$level' (auto or minimal)" ;;
esac

OLD_RE=$LC_OLD_RE
SP=$LC_TOP/cocci/vfio_alloc_device.cocci
SP_LIFT=$LC_TOP/cocci/vfio_init_release.cocci
SP_TIDY=$LC_TOP/cocci/vfio_tidy.cocci
logs=$out/.cocci
shown_logs=${LC_LOGS_SHOWN:-$logs}
mkdir -p "$logs"
report=$logs/conversion.txt
: >"$report"
records=$logs/conversion.json
: >"$records"
status=0
parent_hdrs=
OLD_NAMES=$(echo "$OLD_RE" | tr '|' ' ')

# ctext OUT CMD FILE ARG...: cocci/lclib/ctext.py CMD on FILE, its output
# in OUT, its exit status in ct_rc: 0 found (or yes), 1 nothing (or no),
# 3 FILE cannot be read as C (why in OUT).  Anything else is a tool
# failure.  True when ct_rc is 0.
ctext() {
	ct_out=$1
	shift
	ct_rc=0
	python3 -m lclib.ctext "$@" >"$ct_out" 2>"$ct_out.err" || ct_rc=$?
	case $ct_rc in
	0) rm -f "$ct_out.err" ;;
	1 | 3) rm -f "$ct_out.err"; return 1 ;;
	*) tool_failed "lclib.ctext $1 failed on $2 (exit $ct_rc): $(cat "$ct_out.err")" ;;
	esac
}

# stage_failed MESSAGE: a stage's tool failed: its unfinished results
# ($pending) go, then exit 5 (tool_failed).
pending=
stage_failed() {
	# shellcheck disable=SC2086 # one file per word
	[ -z "$pending" ] || rm -f $pending
	tool_failed "$*"
}

# verdict PATH STATUS CODE TEXT [KEY=VALUE...]: PATH's verdict, as a
# record in $records (scripts/lcverdict.py says the fields; details=-
# reads the indented lines under the verdict from stdin); conversion.txt
# is rendered anew from the records, so it is a view of them.
verdict() {
	if [ "$2" = not-converted ] && [ "$1" = "${pu_named:-}" ]; then
		# a refusal of the rewritten copy names the shape too
		vd_a=$1 vd_b=$2 vd_c=$3 vd_d=$4
		shift 4
		set -- "$vd_a" "$vd_b" "$vd_c" "$PU_SHAPE, uninit placed before its frees; $vd_d" "$@"
	fi
	python3 "$LC_TOP/scripts/lcverdict.py" add "$records" "$@" ||
		tool_failed "scripts/lcverdict.py could not record the verdict for $1"
	verdicts_render
}

# verdict_drop PATH: PATH's verdicts go (another one replaces them).
verdict_drop() {
	python3 "$LC_TOP/scripts/lcverdict.py" drop "$records" "$1" ||
		tool_failed "scripts/lcverdict.py could not drop the verdict for $1"
	verdicts_render
}

# copy_why PATH PREFIX: the why: lines of PATH's record (a rewritten
# copy's verdict, whose lines are the copy's), each after PREFIX
copy_why() {
	python3 "$LC_TOP/scripts/lcverdict.py" field "$records" "$1" details |
		awk -v p="$2" '/why: / { sub(/^ *[^ ]*why: /, ""); print p $0 }'
}

# converted PATH: PATH's record says converted
converted() {
	[ "$(python3 "$LC_TOP/scripts/lcverdict.py" field "$records" "$1" status)" = converted ]
}

verdicts_render() {
	python3 "$LC_TOP/scripts/lcverdict.py" render "$records" >"$report" ||
		tool_failed "scripts/lcverdict.py could not render $report"
}

# calls_list CALLS: the lines of a ctext calls output, as the verdicts
# list them ("  name() line N[: under #ifdef X (line M)]").
calls_list() {
	awk -F'\t' '{ printf "  %s() line %s%s\n", $1, $2, $4 == "-" ? "" : ": under " $4 }' "$1"
}

# parse_errors SRC PARSELOG CALLS: the functions holding old calls (CALLS,
# ctext calls output) that spatch --parse-c could not parse (PARSELOG),
# "name() (line N, near 'tok')", one a line.
parse_errors() {
	pe_fns=
	pe_old=$(cut -f2 "$3" | while read -r l; do python3 -m lclib.ctext func "$1" "$l" || true; done)
	while IFS=' ' read -r _ pe_line _; do
		[ -n "$pe_line" ] || continue
		pe_fn=$(python3 -m lclib.ctext func "$1" "$pe_line") || continue
		printf '%s\n' "$pe_old" | grep -qxF "$pe_fn" || continue
		pe_near=$(awk -v l="$pe_line" '$0 ~ "line " l "," { getline; print; exit }' "$2" | sed -n "s/^ *around = '\\(.*\\)',\$/\\1/p")
		case "$pe_fns" in *" $pe_fn() "*) continue ;; esac
		pe_fns="$pe_fns $pe_fn() "
		# shellcheck disable=SC2016 # the quotes are text
		echo "$pe_fn() (parse error at line $pe_line${pe_near:+, near '$pe_near'})"
	done <<-EOF
	$(sed -n 's/^ = File ".*", line \([0-9]*\), column .*/x \1 x/p' "$2")
	EOF
}

# tidy FILE FUNCS DECLS LOG [NAME]: cocci/vfio_tidy.cocci on FUNCS of FILE,
# in place, until nothing changes (one simplification can open the way for
# another: braces dropped, then a return folded); at most three rounds.
# A failing spatch is a tool failure (exit 5) naming NAME (the input).
tidy() {
	for _round in 1 2 3; do
		# shellcheck disable=SC2086 # $defs holds several options
		if ! LC_TIDY_FUNCS=$2 LC_TIDY_DECLS=$3 spatch --very-quiet $defs --no-includes \
			--include-headers --sp-file "$SP_TIDY" "$1" -o "$1.tidy" >"$4" 2>&1 &&
			! grep -q 'no modified files' "$4"; then
			rm -f "$1.tidy"
			stage_failed "spatch failed on ${5:-$1} in the tidy stage (cocci/vfio_tidy.cocci); log: $4"
		fi
		[ -f "$1.tidy" ] || return 0
		mv "$1.tidy" "$1"
	done
}

# lift FILE LOG NAME ORIG: the idiomatic stages on FILE (already minimal;
# ORIG is the input it came from), in place when they apply; prints the
# level reached, and why not idiomatic.  Fails, printing why, when the
# driver data is set after a pci-core registration and cannot be moved.
# A failing spatch is a tool failure (exit 5) naming NAME (the input):
# run it in this shell, not in $(...).
lift() {
	lfile=$1 llog=$2 lname=$3
	# shellcheck disable=SC2086 # $defs holds several options
	LC_LIFT_ORIG=$4 spatch --very-quiet $defs --no-includes --include-headers \
		--sp-file "$SP_LIFT" "$lfile" -o "$lfile.lift" >"$llog.lift" 2>&1 ||
		if ! grep -q 'no modified files' "$llog.lift"; then
			rm -f "$lfile.lift"
			stage_failed "spatch failed on $lname in the idiomatic stage (cocci/vfio_init_release.cocci); log: $llog.lift"
		fi
	lfuncs=$(sed -n 's/^LIFTED: //p' "$llog.lift" | tr ' ' '\n' | grep -v '^-$' | paste -sd, -)
	lwhy=$(sed -n 's/^LIFT-REFUSED: //p' "$llog.lift" | paste -sd';' -)
	# for the record: the reasons as code:text (a LIFT-REASON line follows
	# each LIFT-REFUSED), what else moved; one a line
	sed -n 's/^LIFT-REASON: //p' "$llog.lift" >"$llog.codes"
	v_reasons=$(sed -n 's/^LIFT-REFUSED: //p' "$llog.lift" | paste -d: "$llog.codes" -)
	v_moved=$(sed -n 's/^LIFT-MOVED: //p' "$llog.lift")
	# the pci-core registration needs the driver data set before it: a
	# set the rule could not move makes the file need a human
	lorder=$(sed -n 's/^LIFT-ORDER: //p' "$llog.lift" | paste -sd';' -)
	if [ -n "$lorder" ]; then
		rm -f "$lfile.lift"
		echo "$lorder"
		return 1
	fi
	lmoved=$(sed -n 's/^LIFT-MOVED: //p' "$llog.lift" | paste -sd';' -)
	if [ -z "$lfuncs" ] || [ ! -f "$lfile.lift" ]; then
		# only the driver data moved: keep that
		if [ -n "$lmoved" ] && [ -f "$lfile.lift" ]; then
			mv "$lfile.lift" "$lfile"
			lmoved="; $lmoved"
		else
			rm -f "$lfile.lift"
			lmoved='' v_moved=''
		fi
		if [ -z "$lwhy" ] && grep -q '^LIFT-NOTHING: ' "$llog.lift"; then
			# nothing to move: the minimal form is the idiomatic one
			v_level=idiomatic
			echo "idiomatic, target $target: no set-up to move into @init/@release$lmoved"
			return 0
		fi
		# a bare vfio_device (the minimal stage says so): no structure
		# of the driver's own for @init/@release to set up
		if [ -z "$lwhy" ] && grep -q '^ALLOC-BARE: ' "$llog"; then
			lwhy="the state is a bare vfio_device (allocated line $(sed -n 's/^ALLOC-BARE: [^ ]* //p' "$llog" | head -n 1)), with no structure of the driver's own for @init/@release to set up"
			v_reasons="bare-state:$lwhy"
		fi
		# ops in a variable (chosen at run time): callbacks would go
		# into every ops it may hold; the lift takes one ops structure
		lvar=
		! grep -q 'vfio_alloc_device([^;]*, *[A-Za-z_][A-Za-z0-9_]*);' "$lfile" ||
			lvar=$(grep -n 'vfio_init_group_dev([^;]*, *[A-Za-z_][A-Za-z0-9_]*);' "$4" | head -n 1 | cut -d: -f1)
		if [ -z "$lwhy" ] && [ -n "$lvar" ]; then
			lwhy="the ops are held in a variable, chosen at run time (line $lvar): @init/@release would have to go into every ops it may hold"
			v_reasons="ops-variable:$lwhy"
		fi
		[ -n "$lwhy" ] || v_reasons="no-probe-remove:no probe/remove pair found"
		echo "minimal, target $target; not idiomatic: ${lwhy:-no probe/remove pair found}$lmoved"
		return 0
	fi
	[ -z "$lmoved" ] || lmoved="; $lmoved"
	ldecls=$(sed -n 's/^LIFT-UNUSED: //p' "$llog.lift" | paste -sd, -)
	tidy "$lfile.lift" "$lfuncs" "$ldecls" "$llog.tidy" "$lname"
	mv "$lfile.lift" "$lfile"
	lnew=$(sed -n 's/^LIFTED: [^ ]* [^ ]* //p' "$llog.lift" | tr ' ' '\n' | grep -v '^-$' | paste -sd, - | sed 's/,/(), /g')
	v_init=$(sed -n 's/^LIFTED: [^ ]* [^ ]* \([^ ]*\) .*/\1/p' "$llog.lift")
	v_release=$(sed -n 's/^LIFTED: [^ ]* [^ ]* [^ ]* //p' "$llog.lift" | grep -v '^-$' || true)
	v_level=idiomatic
	if [ -n "$lwhy" ]; then
		v_level=idiomatic-in-part
		echo "idiomatic in part, target $target: ${lnew}(); minimal elsewhere: $lwhy$lmoved"
	else
		echo "idiomatic, target $target: ${lnew}()$lmoved"
	fi
}

# parent_owned NAME RESULT LOG: finish a parent-owned conversion of NAME
# (its converted text in RESULT): the completion member that @release
# signals goes into the structure, in RESULT or in the header next to NAME
# that defines it (OUTDIR/<header>, with its own verdict), with a line in
# the structure's kernel-doc.  Prints the verdict; fails, printing why,
# when the structure is nowhere to be found.
parent_owned() {
	read -r ptag pfld pcname <<-EOF || true
	$(sed -n 's/^PARENT-FIELD: //p' "$3" | head -n 1)
	EOF
	plevel=$(sed -n 's/^PARENT-LEVEL: //p' "$3" | head -n 1)
	prel=$(sed -n 's/^\t\.release = \([a-z0-9_]*\),$/\1/p' "$2" | head -n 1)
	if [ -z "$ptag" ] || [ -z "$pcname" ]; then
		echo "parent-owned structure, but the rules did not say which (see $3)"
		return 1
	fi
	pdoc="completed by the @release of @$pfld; puts wait for it"
	if grep -q "^[[:space:]]*struct completion $pcname;" "$2"; then
		pwhere=
		awk -v tag="$ptag" -v after="$pfld" -v member="$pcname" -v text="$pdoc" \
			-f "$LC_TOP/scripts/kdoc-member.awk" "$2" >"$2.kdoc" && mv "$2.kdoc" "$2"
	else
		phdr=
		for h in $(sed -n 's/^#include "\(.*\.h\)"/\1/p' "$1") $(cd "$(dirname "$1")" && ls -- *.h 2>/dev/null); do
			h=$(dirname "$1")/$h
			h=${h#./}
			if [ -f "$h" ] && grep -q "^struct $ptag {" "$h"; then
				phdr=$h
				break
			fi
		done
		if [ -z "$phdr" ]; then
			echo "parent-owned struct $ptag is defined in no header next to $1: nowhere to add the completion its @release must signal"
			return 1
		fi
		phin=$phdr
		[ ! -f "$out/$phdr" ] || phin=$out/$phdr
		mkdir -p "$(dirname "$out/$phdr")"
		if ! spatch --very-quiet -D patch -D tag="$ptag" -D fld="$pfld" -D cname="$pcname" \
			--no-includes --include-headers --keep-comments \
			--sp-file "$LC_TOP/cocci/vfio_parent_field.cocci" "$phin" \
			-o "$out/$phdr.new" >"$3.field" 2>&1 &&
			! grep -q 'no modified files' "$3.field"; then
			rm -f "$out/$phdr.new"
			stage_failed "spatch failed on $phdr (the header of $1) in the parent-field stage (cocci/vfio_parent_field.cocci); log: $3.field"
		fi
		if [ ! -f "$out/$phdr.new" ]; then
			echo "could not add the completion member $pcname to struct $ptag in $phdr (see $3.field)"
			return 1
		fi
		awk -v tag="$ptag" -v after="$pfld" -v member="$pcname" -v text="$pdoc" \
			-f "$LC_TOP/scripts/kdoc-member.awk" "$out/$phdr.new" >"$out/$phdr"
		rm -f "$out/$phdr.new"
		# the header may have been an input of its own ("nothing to
		# convert"): this verdict replaces that one
		verdict_drop "$phdr"
		verdict "$phdr" converted header-member "parent-owned struct $ptag: completion member $pcname, which ${prel:-the @release}() of $1 signals" \
			target="$target" level="${plevel%%:*}" parent=1 completion="$pcname" release="$prel" group="$(printf '%s\n' "$phdr" "$1")"
		v_group=$(printf '%s\n' "$phdr" "$1")
		parent_hdrs="$parent_hdrs $phdr "
		# the header and the driver go into one patch (series-kernel.sh)
		echo "$phdr $1" >>"$logs/groups"
		pwhere=" (in $phdr)"
	fi
	v_parent=1 v_completion=$pcname v_release=$prel
	case "$plevel" in
	idiomatic)
		v_level=idiomatic
		echo "idiomatic, parent-owned, target $target: vfio_init_device(); ${prel:-the @release}() signals $pcname$pwhere, which every vfio_put_device() waits for, so the parent frees or reuses the structure only once no reference is left; probe sets up nothing that the registration failure or remove undoes: nothing to move into @init/@release" ;;
	*)
		v_reasons=$(echo "${plevel#minimal: }" | sed 's/; /\n/g' | sed 's/^/parent-minimal:/')
		echo "parent-owned, minimal, target $target: vfio_init_device(); ${prel:-the @release}() signals $pcname$pwhere, which every vfio_put_device() waits for; not idiomatic: ${plevel#minimal: }" ;;
	esac
}

# put_result DST LOG EOL: DST.new (the converted text, LF) becomes DST,
# with CRLF line endings again when the input had them (EOL crlf)
put_result() {
	if [ "$3" = crlf ]; then
		ctext "$2.eol" tocrlf "$1.new" "$1"
		rm -f "$1.new"
	else
		mv "$1.new" "$1"
	fi
}

# convert_file SRC NAME: the minimal (and idiomatic) stages on SRC, the
# result as OUTDIR/NAME, the verdict for NAME in the report.  SRC is NAME
# itself, or a rewritten copy of it (a mid-layer caller).
convert_file() {
	f=$2
	src=$1
	dst=$out/$f
	# a header a parent-owned conversion already edited keeps that edit
	case "$parent_hdrs" in *" $f "*) return 0 ;; esac
	log=$logs/$(echo "$f" | tr / _).log
	# the typed fields of a converted file's record (lift, parent_owned)
	v_level=minimal v_init='' v_release='' v_completion='' v_reasons='' v_moved='' v_parent='' v_group='' pu_named=
	shown=$shown_logs/$(echo "$f" | tr / _).log
	mkdir -p "$(dirname "$dst")"
	# What the file calls is a question about its code tokens: a comment
	# or a string naming an old call is no call (cocci/lclib/ctext.py).
	# shellcheck disable=SC2086 # one name per word
	if ! ctext "$log.old" calls "$src" $OLD_NAMES; then
		cp "$f" "$dst"
		if [ "$ct_rc" -eq 3 ]; then
			verdict "$f" not-converted unreadable "$(cat "$log.old")"
			status=3
		elif grep -qE "\\<($OLD_RE)\\>" "$src"; then
			verdict "$f" nothing comments-only "old names only in comments or strings"
		else
			verdict "$f" nothing no-old-calls "no old vfio calls in this file"
		fi
		return 0
	fi
	# Old calls under the preprocessor.  A file that calls the new API in
	# its code and keeps every old call behind #if supports both on
	# purpose: leave it alone.  Otherwise every old call must be in the
	# same branch (the same condition), which the result must keep; a
	# guarded file is never half converted.
	guard=
	if cut -f3 "$log.old" | grep -qvx -- -; then
		if ! cut -f3 "$log.old" | grep -qx -- - &&
			ctext "$log.new" calls "$src" vfio_alloc_device vfio_init_device; then
			cp "$f" "$dst"
			verdict "$f" nothing both-apis "both APIs behind #if; left as is"
			return 0
		fi
		if [ "$(cut -f3 "$log.old" | sort -u | wc -l)" -ne 1 ]; then
			cp "$f" "$dst"
			calls_list "$log.old" | verdict "$f" not-converted preprocessor-branches \
				"old calls under different preprocessor branches; converting some would leave a build half converted:" details=-
			status=3
			return 0
		fi
		guard=$(cut -f3 "$log.old" | head -n 1)
	fi
	# spatch and the rules' Python read UTF-8
	if ! ctext "$log.enc" utf8 "$src"; then
		cp "$f" "$dst"
		verdict "$f" not-converted not-utf8 "not UTF-8: $(cat "$log.enc") (the rules read UTF-8; re-encode the file first)"
		status=3
		return 0
	fi
	# CR LF line ends: converted with LF, given back at the end
	ctext "$log.eol" eol "$src"
	eol=$(cat "$log.eol")
	case "$eol" in
	crlf)
		ctext "$log.eol" tolf "$src" "$logs/lf-$(echo "$f" | tr / _)"
		src=$logs/lf-$(echo "$f" | tr / _) ;;
	mixed*)
		cp "$f" "$dst"
		verdict "$f" not-converted mixed-eol "mixed line endings (${eol#mixed } lines end in CR LF); make them all LF or all CR LF first"
		status=3
		return 0 ;;
	esac
	# no uninit anywhere: one before each free of the state first
	preuninit_stage "$f" "$src" "$dst" "$log" || return 0
	src=$pu_src
	step SPATCH "$f"
	pending="$dst.new $dst.new.lift $dst.new.lift.tidy"
	# ops chosen at run time: a rule of its own converts the whole file
	if [ -z "$guard" ] && runtime_ops "$f" "$src" "$dst.new" "$log"; then
		rtops_done "$f" "$dst" "$log" "$eol"
		return 0
	fi
	# shellcheck disable=SC2086 # $defs holds several options
	# --keep-comments: no comment is lost; one next to a moved member or
	# above a removed helper stays where it was, for the reviewer.
	if ! spatch --very-quiet $defs --no-includes --include-headers --keep-comments \
		--sp-file "$SP" "$src" -o "$dst.new" >"$log" 2>&1 &&
		! grep -q 'no modified files' "$log"; then
		stage_failed "spatch failed on $f in the minimal stage (cocci/vfio_alloc_device.cocci); log: $log"
	fi
	# spatch writes no file when nothing matched.
	[ -f "$dst.new" ] || cp "$src" "$dst.new"
	# Never half converted: an old call left in the code of the result
	# keeps the original.  Tokens, not spatch's report mode: that cannot
	# see into a function spatch cannot parse either.
	# shellcheck disable=SC2086 # one name per word
	if ctext "$log.left" calls "$dst.new" $OLD_NAMES || [ "$ct_rc" -eq 3 ]; then
		rm -f "$dst.new"
		cp "$f" "$dst"
		spatch --parse-c "$src" >"$log.parse" 2>&1 || true
		perr=$(parse_errors "$src" "$log.parse" "$log.old")
		if [ -n "$perr" ]; then
			calls_list "$log.old" | verdict "$f" not-converted parse-error \
				"spatch cannot parse $(echo "$perr" | paste -sd';' - | sed 's/;/; /g'), so the old calls there would stay (parse errors: $shown.parse); old calls:" details=-
			status=3
			return 0
		fi
		# shellcheck disable=SC2086 # $rdefs holds several options
		sites=$(spatch --very-quiet $rdefs --no-includes --include-headers \
			--sp-file "$SP" "$src" 2>/dev/null | sed "s|^$src:|$f:|")
		midwhy=$logs/$(echo "$f" | tr / _).midwhy
		{
			printf '%s\n' "$sites" | sed 's/^/  /'
			[ ! -f "$midwhy" ] || sed 's/^/  why: /' "$midwhy"
			[ ! -f "$log.rtwhy" ] || sed 's/^/  /' "$log.rtwhy"
			if ! printf '%s\n' "$sites" | grep -q ': why: ' && [ ! -f "$midwhy" ] && [ ! -f "$log.rtwhy" ]; then
				echo "  (no known shape: none of an allocation in the init call's"
				echo "   function or a helper, devm state, a bare vfio_device, a"
				echo "   wrapper, a mid-layer, run-time ops or a parent-owned one)"
			fi
		} | if [ -f "$log.rtwhy" ]; then
			verdict "$f" not-converted run-time-ops "ops chosen at run time, in a variant the rules cannot convert (see why:); old-form sites:" details=-
		elif printf '%s\n' "$sites" | grep -q ': why: ' || [ -f "$midwhy" ]; then
			# a shape the rules know, in a form they refuse: "not
			# understood" only when nothing matched at all
			verdict "$f" not-converted shape-refused "a known shape, in a form the rules refuse (see why:); old-form sites:" details=-
		else
			verdict "$f" not-converted pattern-not-understood "pattern not understood; old-form sites:" details=-
		fi
		status=3
		return 0
	fi
	if cmp -s "$src" "$dst.new"; then
		rm -f "$dst.new"
		cp "$f" "$dst"
		verdict "$f" nothing comments-only "old names only in comments"
		return 0
	fi
	how="minimal, target $target"
	if [ "$(grep -c '= *vfio_init_device(' "$dst.new")" -gt "$(grep -c '= *vfio_init_device(' "$src")" ]; then
		# the structure belongs to a parent: no allocation to move, and
		# a completion for @release to signal (maybe in a header)
		# not in $(...): it records the header it edits (parent_hdrs)
		if ! parent_owned "$f" "$dst.new" "$log" >"$log.how"; then
			rm -f "$dst.new"
			cp "$f" "$dst"
			verdict "$f" not-converted parent-owned "$(sed "s|$logs/|$shown_logs/|g" "$log.how")"
			status=3
			return 0
		fi
		how=$(cat "$log.how")
	elif [ "$level" = auto ]; then
		# not in $(...): a failing stage ends the run (exit 5)
		if ! lift "$dst.new" "$log" "$f" "$src" >"$log.how"; then
			rm -f "$dst.new"
			cp "$f" "$dst"
			verdict "$f" not-converted lift "$(cat "$log.how")"
			status=3
			return 0
		fi
		how=$(cat "$log.how")
	fi
	# the preprocessor branch of the old calls holds the new ones
	if [ -n "$guard" ]; then
		ctext "$log.guard" calls "$dst.new" vfio_alloc_device vfio_init_device vfio_put_device || true
		if cut -f3 "$log.guard" | grep -qvxF -- "$guard" || ! grep -q . "$log.guard"; then
			rm -f "$dst.new"
			cp "$f" "$dst"
			calls_list "$log.guard" | verdict "$f" not-converted guard \
				"every old call is under $(cut -f4 "$log.old" | head -n 1), but the converted calls would not all be:" details=-
			status=3
			return 0
		fi
	fi
	# the independent life-cycle checker on the result (LF, before the
	# line endings go back): a finding keeps the original
	lifecycle_verdict "$f" "$src" "$dst.new" "$log" || return 0
	pending=
	put_result "$dst" "$log" "$eol"
	verdict "$f" converted converted "$how${v_helper:-}${v_preuninit:-}" target="$target" level="$v_level" parent="$v_parent" \
		init="$v_init" release="$v_release" completion="$v_completion" reasons="$v_reasons" \
		moved="$v_moved" group="${v_group:-${v_far_group:-}}"
	return 0
}

. "$LC_TOP/scripts/cocci-midlayer.sh"
. "$LC_TOP/scripts/cocci-check.sh"
. "$LC_TOP/scripts/cocci-rtops.sh"
. "$LC_TOP/scripts/cocci-helper.sh"
. "$LC_TOP/scripts/cocci-helper-far.sh"
. "$LC_TOP/scripts/cocci-preuninit.sh"

for f in "$@"; do
	[ -f "$f" ] || die "$f: no such file"
done
midlayer_groups "$@"
for f in "$@"; do
	mkdir -p "$(dirname "$out/$f")"
	midlayer_member "$f" && continue
	helper_member "$f" && continue
	farhelper_member "$f" && continue
	convert_file "$f" "$f"
done

cat "$report"
exit $status
