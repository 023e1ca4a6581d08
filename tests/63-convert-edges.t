#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The converter's edge cases (python3 -m lifecycle convert-files run directly on the
# small drivers of tests/cocci/edges/, target 6.1; no kernel, no QEMU):
#   - what a file calls is decided from its code tokens (cocci/lclib/ctext.py,
#     unit tests in tests/python/), not from comments, strings or an #if
#     somewhere in the file;
#   - old calls under #if: all in one branch (converted, guards kept) or
#     refused naming the guard; never half converted;
#   - a function spatch cannot parse: the file stays as it was, the
#     verdict names the function and the parse error;
#   - a failing spatch in any stage is a tool failure (exit 5) naming the
#     file and the stage, not a verdict; nothing more is written, and a
#     rerun gives what a normal run gives;
#   - CR LF sources come back CR LF; non-UTF-8 ones are refused, saying
#     which byte, with no Python traceback;
#   - make convert's verdicts name logs that exist.
set -eu
. "$(dirname "$0")/tap.sh"
plan 43

E=$TOP/tests/cocci/edges
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cp "$E"/*.c "$TOP/tests/cocci/in/lc_direct.c" .

# convert OUT FILE...: run the converter; its stdout+stderr in OUT.txt,
# its exit status in rc
convert() {
	co=$1
	shift
	rc=0
	PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 --out "$co" "$@" >"$co.txt" 2>&1 || rc=$?
}
# verdict OUT FILE: the report's lines for FILE
verdict() {
	awk -v p="$2: " 'index($0, p) == 1 { v = 1; print; next } /^  / && v { print; next } { v = 0 }' \
		"$1/.cocci/conversion.txt"
}

# 1. lclib.ctext's unit tests
r=$(cd "$TOP" && PYTHONPATH=$TOP/cocci python3 -m unittest discover -s tests/python 2>&1) && rc=0 || rc=$?
ok "$rc" "lclib.ctext unit tests (tests/python)"
[ "$rc" -eq 0 ] || printf '%s\n' "$r" | tail -n 20 | sed 's/^/#   /'

# 2. a comment and a string name the new API, and an #ifdef has nothing to
# do with the life cycle: converted all the same
convert o1 le_comment_new.c
like "$(verdict o1 le_comment_new.c)" '^le_comment_new\.c: converted \(' \
	"new API named only in a comment and a string, an unrelated #ifdef: converted"
cmp -s "$E/expected/le_comment_new.6.1.c" o1/le_comment_new.c && r=0 || r=1
ok "$r" "le_comment_new.c: output matches expected/le_comment_new.6.1.c"

# 3. one old call under a version guard, the others not: refused, naming
# the guard and its line; the file as it was
convert o2 le_guard_uninit.c
v=$(verdict o2 le_guard_uninit.c)
like "$v" '^le_guard_uninit\.c: NOT CONVERTED: old calls under different preprocessor branches' \
	"old call under #ifdef, others not: refused"
like "$v" 'vfio_uninit_group_dev\(\) line 45: under #ifdef LEG_HAS_UNINIT \(line 44\)' \
	"the refusal names the guard and its line"
cmp -s le_guard_uninit.c o2/le_guard_uninit.c && r=0 || r=1
ok "$r" "le_guard_uninit.c: left as it was"
is "$rc" 3 "refused guard: exit 3"

# 4. every old call under the same condition (two blocks): converted, the
# guards kept around the new calls
convert o3 le_guard_whole.c
like "$(verdict o3 le_guard_whole.c)" '^le_guard_whole\.c: converted \(' \
	"all old calls under one condition: converted"
cmp -s "$E/expected/le_guard_whole.6.1.c" o3/le_guard_whole.c && r=0 || r=1
ok "$r" "le_guard_whole.c: output matches expected/le_guard_whole.6.1.c"

# 5. a missing ';' in probe: spatch cannot parse probe; remove alone
# would be converted.  The file stays, the verdict says why.
convert o4 le_parse.c
v=$(verdict o4 le_parse.c)
like "$v" "^le_parse\\.c: NOT CONVERTED: spatch cannot parse lep_probe\\(\\) \\(parse error at line 29, near 'if'\\)" \
	"parse error in probe: refused, naming the function and the line"
cmp -s le_parse.c o4/le_parse.c && r=0 || r=1
ok "$r" "le_parse.c: left as it was (remove not converted alone)"
is "$rc" 3 "parse error: exit 3"
pl=$(printf '%s\n' "$v" | sed -n 's/.*(parse errors: \([^)]*\)).*/\1/p')
[ -n "$pl" ] && grep -q 'parse error' "$pl" && r=0 || r=1
ok "$r" "the parse-error log the verdict names exists and holds the error"

# 6. a failing spatch, stage by stage: exit 5 naming the file and the
# stage, nothing written for it or after it, and a rerun without the
# failure is the same as a normal run
mkdir bin
real=$(command -v spatch)
cat >bin/spatch <<EOF
#!/bin/sh
# fails (exit 1, or killed) for the file LCW_FILE with the rule LCW_SP
sp= hit=
for a in "\$@"; do
	case "\$a" in
	*/"\${LCW_SP:-none}") sp=1 ;;
	*"\${LCW_FILE:-none}"*) hit=1 ;;
	esac
done
if [ -n "\$sp" ] && [ -n "\$hit" ]; then
	echo "spatch wrapper: failing on purpose" >&2
	[ "\${LCW_HOW:-}" != kill ] || kill -9 \$\$
	exit 1
fi
exec "$real" "\$@"
EOF
chmod +x bin/spatch
convert norm lc_direct.c le_simple.c
is "$rc" 0 "normal run of lc_direct.c le_simple.c: exit 0"
for stage in minimal:vfio_alloc_device.cocci:exit idiomatic:vfio_init_release.cocci:kill \
	tidy:vfio_tidy.cocci:exit mid-layer:vfio_midlayer_lib.cocci:exit; do
	name=${stage%%:*}
	sp=${stage#*:}
	how=${sp#*:}
	sp=${sp%:*}
	rm -rf "f-$name"
	PATH=$tmp/bin:$PATH LCW_SP=$sp LCW_FILE=lc_direct.c LCW_HOW=$how \
		convert "f-$name" lc_direct.c le_simple.c
	like "$rc:$(tr '\n' ' ' <"f-$name.txt")" "^5:.*tool failure: spatch failed on lc_direct\\.c in the $name stage" \
		"spatch fails ($how) on lc_direct.c in the $name stage: exit 5, names the file and the stage"
	w=$(find "f-$name" -path "f-$name/.cocci" -prune -o -type f -print | LC_ALL=C sort | paste -sd' ' -)
	is "$w" "" "$name stage failure: no result written (no lc_direct.c, no le_simple.c, no temporary)"
	convert "f-$name" lc_direct.c le_simple.c
	r=0
	for f in lc_direct.c le_simple.c .cocci/conversion.txt; do
		cmp -s "norm/$f" "f-$name/$f" || r=1
	done
	ok "$r" "$name stage failure: the rerun is byte-identical to a normal run"
done

# the pre-uninit stage (a file with no uninit): its spatch failing is a
# tool failure too, never a refusal
cp "$TOP/tests/cocci/in/lc_pre_uninit.c" .
PATH=$tmp/bin:$PATH LCW_SP=vfio_pre_uninit.cocci LCW_FILE=lc_pre_uninit.c LCW_HOW=kill \
	convert f-pu lc_pre_uninit.c
like "$rc:$(tr '\n' ' ' <f-pu.txt)" "^5:.*tool failure: spatch failed on lc_pre_uninit\\.c in the pre-uninit stage" \
	"spatch killed on lc_pre_uninit.c in the pre-uninit stage: exit 5, names the file and the stage"
w=$(find f-pu -path f-pu/.cocci -prune -o -type f -print | paste -sd' ' -)
is "$w" "" "pre-uninit stage failure: no result written"

# 7. CR LF: converted with LF, the result all CR LF again
sed 's/$/\r/' le_simple.c >le_crlf.c
convert o5 le_crlf.c
like "$(verdict o5 le_crlf.c)" '^le_crlf\.c: converted \(' "CR LF input: converted"
tr -d '\r' <o5/le_crlf.c | cmp -s "$E/expected/le_simple.6.1.c" - && r=0 || r=1
ok "$r" "CR LF input: the result is the LF conversion"
is "$(grep -vc "$(printf '\r')\$" o5/le_crlf.c || true)" 0 "CR LF input: every line of the result ends in CR LF"
# mixed line ends: refused, the file as it was
{ head -n 10 le_simple.c | sed 's/$/\r/'; tail -n +11 le_simple.c; } >le_mixed.c
convert o6 le_mixed.c
like "$(verdict o6 le_mixed.c)" '^le_mixed\.c: NOT CONVERTED: mixed line endings \(10 of 45 lines' \
	"mixed line endings: refused, saying so"
cmp -s le_mixed.c o6/le_mixed.c && r=0 || r=1
ok "$r" "mixed line endings: left as it was"

# 8. Latin-1: refused with the byte and its line, no traceback anywhere
{ head -n 3 le_simple.c; printf ' * Copyright Ren\351 Lat\n'; tail -n +4 le_simple.c; } >le_latin1.c
convert o7 le_latin1.c
like "$(verdict o7 le_latin1.c)" '^le_latin1\.c: NOT CONVERTED: not UTF-8: byte 0xE9 at line 4' \
	"Latin-1 input: refused, naming the byte and its line"
cmp -s le_latin1.c o7/le_latin1.c && r=0 || r=1
ok "$r" "Latin-1 input: left as it was"
t=$(grep -rl Traceback o7 o7.txt || true)
is "$t" "" "Latin-1 input: no Python traceback in any log"
# a Latin-1 comment in a file with nothing to convert is no problem
printf '/* Ren\351 */\nint x;\n' >le_latin1_none.c
convert o8 le_latin1_none.c
like "$(verdict o8 le_latin1_none.c)" '^le_latin1_none\.c: nothing to convert' \
	"Latin-1 without old calls: nothing to convert"

# 9. the old names in a comment and a string only: nothing to convert
cp "$TOP/tests/cocci/in/lc_comments_only.c" .
convert o9 lc_comments_only.c
like "$(verdict o9 lc_comments_only.c)" '^lc_comments_only\.c: nothing to convert \(old names only in comments or strings\)' \
	"old names in a comment and a string only: nothing to convert, says why"
is "$(grep -c SPATCH o9.txt || true)" 0 "old names in comments only: spatch not even run"

# 10. make convert: the logs its verdicts name exist once the run is over
# (a copy of the toolkit, so that drivers-out/ is the copy's)
mkdir -p top fake/include/linux fake/include/generated fake/scripts/mod lep
cp -r "$TOP/scripts" "$TOP/cocci" "$TOP/lifecycle" top/
# configured and built, as make convert checks before it writes anything
: >fake/Makefile
: >fake/.config
: >fake/include/generated/autoconf.h
: >fake/Module.symvers
printf '#!/bin/sh\n' >fake/scripts/mod/modpost
chmod +x fake/scripts/mod/modpost
echo 'obj-m := le_parse.o' >lep/Kbuild
printf 'struct vfio_device *_vfio_alloc_device(void);\nvoid vfio_free_device(struct vfio_device *d);\n' \
	>fake/include/linux/vfio.h
cp le_parse.c lep/
rc=0
(cd top && python3 -m lifecycle convert M="$tmp/lep" KERNEL="$tmp/fake") >cm.txt 2>&1 || rc=$?
like "$(cat top/drivers-out/modules/lep/conversion.log)" 'le_parse\.c: NOT CONVERTED: spatch cannot parse lep_probe' \
	"make convert: the parse error is the verdict"
pl=$(sed -n 's/.*(parse errors: \([^)]*\)).*/\1/p' top/drivers-out/modules/lep/conversion.log)
like "$pl" '^drivers-out/modules/lep/cocci-logs/' "make convert: the verdict names the log where it will be"
[ -n "$pl" ] && [ -f "top/$pl" ] && r=0 || r=1
ok "$r" "make convert: the log the verdict names exists ($pl)"

# 11. an include guard is no preprocessor branch of the old calls, and a
# header that names them in a comment has nothing to convert
printf '#ifndef LEH_H\n#define LEH_H\n/* vfio_init_group_dev() */\n#endif\n' >leh.h
convert o10 leh.h
like "$(verdict o10 leh.h)" '^leh\.h: nothing to convert' "header with an include guard, old name in a comment: nothing to convert"
tap_exit
