#!/bin/sh
# make convert's entry side: where the output goes and what it may
# replace, paths as users write them (blanks, parentheses, '+', symbolic
# links), read-only modules, subdirectories, unconfigured kernels,
# refusals that write nothing, an interrupted run that keeps the old
# output, and the outcome named in the last line through make.
#
# Most runs build against a stand-in kernel (the 6.1 vfio API, configured
# and "built", whose kbuild only echoes): the entry side without a real
# build.  One run builds against the Debian 6.1 test kernel.
set -eu
. "$(dirname "$0")/tap.sh"
plan 58

tmp=$(mktemp -d)
chmod 755 "$tmp"
mods=$TOP/drivers-out/modules
holder=
cleanup() {
	[ -z "$holder" ] || kill "$holder" 2>/dev/null || true
	chmod -R u+w "$tmp" 2>/dev/null || true
	rm -rf "$tmp" "$mods"/t64-* "$TOP/drivers-out/t64-series"
}
trap cleanup EXIT
FIX=$TOP/tests/cocci/modules

# fakek DIR [RECIPE]: a stand-in kernel tree in DIR
fakek() {
	mkdir -p "$1/include/linux" "$1/include/generated" "$1/scripts/mod"
	printf 'modules:\n\t%s\n' "${2:-@echo fake kbuild}" >"$1/Makefile"
	echo 'void *_vfio_alloc_device(void); void vfio_free_device(void *);' \
		>"$1/include/linux/vfio.h"
	: >"$1/.config"
	: >"$1/include/generated/autoconf.h"
	: >"$1/Module.symvers"
	printf '#!/bin/sh\n' >"$1/scripts/mod/modpost"
	chmod +x "$1/scripts/mod/modpost"
}
fk=$tmp/fk
fakek "$fk"
# mod PATH FIXTURE: a copy of tests/cocci/modules/FIXTURE at $tmp/PATH
mod() {
	mkdir -p "$(dirname "$tmp/$1")"
	cp -r "$FIX/$2" "$tmp/$1"
}
conv() { (cd "$TOP" && python3 -m lifecycle convert "$@" 2>&1); }
mk() { (cd "$TOP" && make --no-print-directory convert "$@" 2>&1); }
# flat TEXT: TEXT on one line (the exit code and a later line in one match)
flat() { printf '%s\n' "$1" | tr '\n' ' '; }
# what the refused runs below could write in drivers-out (names, sizes,
# times): the outputs and locks named after their modules (t64-*, tree,
# orig, the repository's own name).  Only those: make test-quick runs two
# test files at once, and another one writes elsewhere in drivers-out.
snap() {
	(cd "$TOP/drivers-out" && for p in t64-* modules/t64-* modules/tree* modules/orig* \
		"modules/$(basename "$TOP")"*; do
		[ -e "$p" ] || [ -L "$p" ] || continue
		find "$p" -printf '%p %s %T@\n'
	done) | LC_ALL=C sort | sha256sum
}

# -- one output namespace of its own (drivers-out/modules/<name>) --
mkdir -p "$TOP/drivers-out/t64-series"
echo keep >"$TOP/drivers-out/t64-series/sentinel"
mod t64-series lcmini
out=$(conv M="$tmp/t64-series" KERNEL="$fk") && rc=0 || rc=$?
is "$rc" 0 "a module named like a series converts"
is "$(cat "$TOP/drivers-out/t64-series/sentinel" 2>&1)" keep "and leaves the series of that name alone"
ok "$([ -s "$mods/t64-series/t64-series.patch" ]; echo $?)" "output in drivers-out/modules/t64-series/"
is "$(cat "$mods/t64-series/.vfio-lifecycle-output")" convert "the output carries make convert's marker"

mkdir -p "$mods/t64-foreign"
echo mine >"$mods/t64-foreign/notes"
mod t64-foreign lcmini
before=$(snap)
out=$(conv M=drivers-out/modules/t64-series/orig KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^1:.*is inside drivers-out/' "M inside drivers-out/: refused"
ln -s "$mods/t64-series" "$tmp/t64-outlink"
out=$(conv M="$tmp/t64-outlink/tree" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^1:.*is inside drivers-out/' "M inside drivers-out/ through a symbolic link: refused"
out=$(conv M="$TOP" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^1:.*contains drivers-out/' "M containing drivers-out/: refused"
out=$(conv M="$tmp/t64-foreign" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^1:.*drivers-out/modules/t64-foreign exists and is not the output of make convert' \
	"an output directory that is not make convert's: refused"
is "$(snap)" "$before" "refusals write nothing in drivers-out/"
# the snapshot sees a write where a refused run could make one, and not
# another test's output beside it
echo x >"$mods/tree.t64"
ok "$([ "$(snap)" != "$before" ]; echo $?)" "  (the snapshot sees a file named after a refused module)"
rm -f "$mods/tree.t64"
echo x >"$TOP/drivers-out/lc-t64-other"
is "$(snap)" "$before" "  (and not another test's file in drivers-out/)"
rm -f "$TOP/drivers-out/lc-t64-other"

# a second run on the same output refuses while the first holds the lock
sh -c 'exec 9>"$1" && flock 9 && exec sleep 60' sh "$mods/t64-series.lock" &
holder=$!
i=0
while flock -n "$mods/t64-series.lock" true && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
out=$(conv M="$tmp/t64-series" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^1:.*drivers-out/modules/t64-series is in use by another run' "a held lock: refused"
kill "$holder"
wait "$holder" 2>/dev/null || true
holder=

# -- paths as given to make --
mod 'a b(c)/t64-paren' lcmini
out=$(mk M="$tmp/a b(c)/t64-paren" KERNEL="$fk") && rc=0 || rc=$?
is "$rc" 0 "make convert M='.../a b(c)/...': exit 0"
like "$out" 'PATCH    drivers-out/modules/t64-paren/t64-paren\.patch' "  output named after the module"
ln -s "$fk" "$tmp/k (x)"
out=$(mk M="$tmp/a b(c)/t64-paren" KERNEL="$tmp/k (x)") && rc=0 || rc=$?
like "$rc:$(flat "$out")" "^0:.*BUILD    t64-paren against $tmp/k \\(x\\)" "make convert KERNEL='.../k (x)' (a symbolic link): built"
cp -r "$fk" "$tmp/k 2"
out=$(mk M="$tmp/a b(c)/t64-paren" KERNEL="$tmp/k 2") && rc=0 || rc=$?
like "$rc:$(flat "$out")" "^2:.*kbuild cannot build in $tmp/k 2 " "a kernel in a path with a blank: refused, saying why"
mkdir -p "$tmp/my copy/drivers-out"
cp -r "$TOP/scripts" "$TOP/cocci" "$TOP/lifecycle" "$tmp/my copy/"
out=$(cd "$tmp/my copy" && python3 -m lifecycle convert M="$tmp/a b(c)/t64-paren" KERNEL="$fk" 2>&1) && rc=0 || rc=$?
like "$rc:$(flat "$out")" "^1:.*kbuild cannot build in $tmp/my copy/drivers-out/modules/t64-paren " \
	"the toolkit itself in a path with a blank: refused, saying why"
mod "it's/t64-quote" lcmini
out=$(mk M="$tmp/it's/t64-quote" KERNEL="$fk") && rc=0 || rc=$?
is "$rc" 0 "make convert M=<a path with a quote>: exit 0"
# the other targets' KERNEL= reaches their script as one word, too
for t in series check; do
	out=$(cd "$TOP" && make --no-print-directory "$t" KERNEL="$tmp/no such(dir)" 2>&1) && rc=0 || rc=$?
	like "$rc:$(flat "$out")" "^2:.*(: |=)$tmp/no such\\(dir\\)" "make $t KERNEL='.../no such(dir)': the script names the path"
done
mod real/t64-target lcmini
ln -s "$tmp/real/t64-target" "$tmp/t64-link"
out=$(conv M="$tmp/t64-link" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^0:.*PATCH    drivers-out/modules/t64-link/' "M a symbolic link: converted, named as given"
ln -s "$tmp/real" "$tmp/lnparent"
out=$(conv M="$tmp/lnparent/t64-target/" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^0:.*PATCH    drivers-out/modules/t64-target/' "M under a symbolically linked parent: converted"
mod t64-a+b lcmini
out=$(conv M="$tmp/t64-a+b" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^0:.*NAME     t64-a\+b: output in drivers-out/modules/t64-a_b' "a '+' in the name: a safe output name, said"
ok "$([ -s "$mods/t64-a_b/t64-a_b.patch" ]; echo $?)" "  and the output is there"
out=$(conv M="$FIX/lcmini/lcmini.c" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^1:.*M=.*lcmini\.c is a file, not a directory' "M a file: says so"
out=$(conv M="$tmp/t64-a+b" KERNEL="$fk/Makefile") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^1:.*KERNEL=.*/Makefile is a file, not a directory' "KERNEL a file: says so"

# -- make's own variables stay with the scripts: a kernel's make that saw
# the user's M= (or KERNEL=) in MAKEFLAGS would build the wrong thing --
# shellcheck disable=SC2016 # $(MAKEFLAGS) is make's, in the stand-in's recipe
fakek "$tmp/fkmf" '@echo "fake kbuild MAKEFLAGS=$(MAKEFLAGS)"'
mod t64-mf lcmini
out=$(mk M="$tmp/t64-mf" KERNEL="$tmp/fkmf") && rc=0 || rc=$?
mf=$(grep 'fake kbuild MAKEFLAGS=' "$mods/t64-mf/build.log" || true)
ok "$([ "$rc" -eq 0 ] && [ -n "$mf" ] && ! printf '%s' "$mf" | grep -q -e KERNEL= -e "$tmp/t64-mf"; echo $?)" \
	"make convert: the kernel's make gets none of make's command-line variables"
[ -n "$mf" ] || printf '%s\n' "$out" | sed 's/^/# /'
[ -z "$mf" ] || printf '# %s\n' "$mf"

# -- the outcome through make: make exits 2, the last line says which --
# last_before_make OUTPUT: the line before make's own error line
last_before_make() { printf '%s\n' "$1" | grep -E -B1 '^make(\[[0-9]+\])?: \*\*\*' | head -n 1; }
out=$(mk M="$tmp/no-such-module" KERNEL="$fk") && rc=0 || rc=$?
is "$rc" 2 "make convert of bad input: make's exit 2"
like "$(last_before_make "$out")" '^  RESULT   bad input \(exit 1\): M=.*no such directory' \
	"  the last line before make's error: RESULT bad input (exit 1)"
like "$out" 'make(\[[0-9]+\])?: \*\*\* \[Makefile:[0-9]+: convert\] Error 1' "  make's error names the same code"
mod t64-human lcneedshuman
out=$(mk M="$tmp/t64-human" KERNEL="$fk") && rc=0 || rc=$?
is "$rc" 2 "make convert of a module that needs a human: make's exit 2"
like "$(last_before_make "$out")" '^  RESULT   needs a human \(exit 3\): see drivers-out/modules/t64-human/conversion\.log' \
	"  the last line before make's error: RESULT needs a human (exit 3)"
out=$(conv M="$tmp/t64-human" KERNEL="$fk") && rc=0 || rc=$?
is "$rc" 3 "the script itself exits 3"
fkf=$tmp/fk-fail
fakek "$fkf" '@echo "lcneedshuman.c:1: error: stand-in" && false'
out=$(conv M="$tmp/t64-human" KERNEL="$fkf") && rc=0 || rc=$?
like "$rc:$(printf '%s\n' "$out" | tail -n 1)" '^3:  RESULT   needs a human \(exit 3\): .*the build failed too' \
	"needs a human and the build fails: still exit 3, both said"
out=$(conv M="$tmp/t64-series" KERNEL="$fkf") && rc=0 || rc=$?
like "$rc:$(printf '%s\n' "$out" | tail -n 1)" '^4:  RESULT   build failed \(exit 4\): see drivers-out/modules/t64-series/build\.log' \
	"a converted module that does not build: exit 4"

# -- kernels that are not configured and built: said before anything --
for miss in .config include/generated/autoconf.h scripts/mod/modpost Module.symvers; do
	k=$tmp/k-$(echo "$miss" | tr / _)
	fakek "$k"
	rm -f "$k/$miss"
	before=$(snap)
	out=$(conv M="$tmp/t64-a+b" KERNEL="$k") && rc=0 || rc=$?
	todo='make olddefconfig && make modules_prepare'
	[ "$miss" != Module.symvers ] || todo='make \(modules_prepare does not write Module.symvers\)'
	like "$rc:$(flat "$out")" "^1:.*KERNEL=$k is not configured and built \\(no $miss\\): run $todo there, or name an O= build dir" \
		"KERNEL without $miss: refused, saying what to run"
	is "$(snap)" "$before" "  and nothing written"
done

# -- sources in subdirectories: converted, paths kept; hidden ones skipped --
mkdir -p "$tmp/t64-sub/drv" "$tmp/t64-sub/.pc"
cp "$FIX/lcmini/lcmini.c" "$tmp/t64-sub/drv/"
cp "$FIX/lcneedshuman/lcneedshuman.c" "$tmp/t64-sub/.pc/"
echo 'obj-m += drv/' >"$tmp/t64-sub/Kbuild"
echo 'obj-m += lcmini.o' >"$tmp/t64-sub/drv/Kbuild"
out=$(conv M="$tmp/t64-sub" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^0:.*drv/lcmini\.c: converted' "a source in a subdirectory: converted"
like "$(cat "$mods/t64-sub/t64-sub.patch")" '^\+\+\+ b/drv/lcmini\.c' "  the patch keeps its path"
ok "$([ -f "$mods/t64-sub/tree/drv/Kbuild" ] && [ ! -e "$mods/t64-sub/tree/.pc" ]; echo $?)" \
	"  the subdirectory's Kbuild is copied, a hidden directory is not"

# -- the kernel style of what the rules added, as make series gives it --
mkdir -p "$tmp/t64-style"
cp "$TOP/tests/cocci/style/lc_style_aligned.c" "$tmp/t64-style/"
echo 'obj-m += lc_style_aligned.o' >"$tmp/t64-style/Kbuild"
out=$(conv M="$tmp/t64-style" KERNEL="$fk") && rc=0 || rc=$?
like "$rc:$(flat "$out")" '^0:.*lc_style_aligned\.c: converted' "a driver whose ops align their initialisers: converted"
p=$(cat "$mods/t64-style/t64-style.patch")
like "$p" "$(printf '\n[+]\t[.]release\t= ')" "  the added .release aligned like its neighbours"
like "$p" '[+]err_put_vdev:' "  the label that now drops the reference renamed for it"

# -- a run cut short keeps the old output; its temporary directory goes --
keep=$(cd "$mods/t64-series" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum) || keep=none
fks=$tmp/fk-slow
fakek "$fks" 'sleep 60'
# a session of its own: TERM goes to the run and its make, as from a terminal
(cd "$TOP" && exec setsid python3 -m lifecycle convert M="$tmp/t64-series" KERNEL="$fks") >"$tmp/cut.out" 2>&1 &
pid=$!
i=0
until grep -q 'BUILD' "$tmp/cut.out" || [ $i -ge 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
ok "$(ls -d "$mods"/t64-series.new.* >/dev/null 2>&1; echo $?)" "a run builds in drivers-out/modules/t64-series.new.*"
kill -TERM "-$pid"
wait "$pid" && rc=0 || rc=$?
is "$rc" 143 "interrupted (TERM): exit 143"
is "$(cd "$mods/t64-series" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum)" "$keep" \
	"  the old output is as it was"
is "$(ls -d "$mods"/t64-series.new.* 2>/dev/null || true)" "" "  the temporary directory is gone"

# -- a read-only module converted by a user other than root --
if [ "$(id -u)" -eq 0 ]; then
	r=$tmp/repo
	mkdir -p "$r/drivers-out" "$tmp/home"
	cp -r "$TOP/scripts" "$TOP/cocci" "$TOP/lifecycle" "$r/"
	mod ro/t64-ro lcneedshuman
	mod ro/t64-ro/sub lcmini
	chown -R 65534:65534 "$r" "$tmp/home"
	chmod -R a-w "$tmp/ro"
	# (python3 found by nobody's own PATH search: a root-only one is skipped)
	out=$(cd "$r" && HOME=$tmp/home setpriv --reuid=65534 --regid=65534 --clear-groups \
		sh -c 'exec python3 -m lifecycle convert "$@"' sh M="$tmp/ro/t64-ro" KERNEL="$fk" 2>&1) && rc=0 || rc=$?
	like "$rc:$(flat "$out")" '^3:.*lcneedshuman\.c: NOT CONVERTED: pattern not understood' \
		"read-only module, user nobody: the verdict, not a write error"
	like "$out" 'sub/lcmini\.c: converted' "  its converted file was written"
else
	ok 0 "# SKIP not root: cannot switch to user nobody"
	ok 0 "# SKIP not root"
fi

# -- against the Debian 6.1 test kernel: blanks, '(' and '+' in M --
mod 'r e(a)l/t64-real+1' lcmini
out=$(mk M="$tmp/r e(a)l/t64-real+1") && rc=0 || rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
is "$rc" 0 "make convert M='.../r e(a)l/t64-real+1' against the test kernel: exit 0"
like "$out" 'built with W=1 C=2 \(sparse\), 0 warning' "  W=1 and sparse clean"
ok "$([ -f "$mods/t64-real_1/tree/lcmini.ko" ]; echo $?)" "  lcmini.ko in drivers-out/modules/t64-real_1/tree"
tap_exit
