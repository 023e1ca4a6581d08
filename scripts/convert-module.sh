#!/bin/sh
# Convert an out-of-tree module of the old vfio life cycle: copy its
# sources to drivers-out/modules/<name>/orig and tree, convert tree with
# the semantic patches, write drivers-out/modules/<name>/<name>.patch, and
# build the result against the target kernel.  The module directory itself
# is never touched.
#
# Usage: scripts/convert-module.sh M=<module dir> [KERNEL=<target tree>]
#   M:      the module's directory; its .c/.h files, Kbuild and Makefile,
#           in subdirectories too (same relative paths; hidden directories
#           are skipped), are converted; the Kbuild file decides the build.
#           It must not lie inside drivers-out/ (the output) nor contain it.
#   KERNEL: a configured and built kernel tree (or its O= build directory)
#           to build against; default: the QEMU test kernel (Debian 6.1).
#
# The output goes to drivers-out/modules/<name>/, <name> being M's base
# name with every character other than A-Z a-z 0-9 . _ - made a '_'.  A new
# run builds in a temporary directory next to it and replaces the old
# output only once it is complete; a refusal writes nothing.  Two runs on
# the same output refuse each other (lock drivers-out/modules/<name>.lock).
#
# Exit status (the last line, "  RESULT   <outcome> (exit N)", says which;
# through make every non-zero one becomes make's "Error N" and make exits 2):
#   0  done: converted (or nothing to convert) and built
#   1  bad input: refused, nothing written
#   3  needs a human: some file was left as it was (see conversion.log)
#   4  the converted module does not build (see build.log)
#   5  a tool (the converter, spatch) failed: an error, never a verdict
set -eu
. "$(dirname "$0")/lib.sh"

# cd prints the directory when CDPATH finds it: not in $(cd ... && pwd)
unset CDPATH
usage="usage: $0 M=<module dir> [KERNEL=<target tree>] (exit codes: $0 --help)"

# Bad input: the message on stderr, and (through finish) the RESULT line.
die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&6
	why=$*
	exit "$LC_EXIT_INPUT"
}

why=
work=
# shellcheck disable=SC2317 # run by the EXIT trap
finish() {
	rc=$?
	if [ -n "$work" ] && [ -d "$work" ]; then
		rm -rf "$work"
	fi
	case "$rc" in
	1) outcome 1 "${why:-see the error above}" ;;
	*) outcome "$rc" "$why" ;;
	esac
}
trap finish EXIT
trap 'why=interrupted; exit 130' INT
trap 'why=terminated; exit 143' HUP TERM

mod=
kernel=
for a in "$@"; do
	case "$a" in
	M=*) mod=${a#M=} ;;
	KERNEL=*) kernel=${a#KERNEL=} ;;
	-h | --help)
		trap - EXIT
		sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
		exit 0 ;;
	*) die "$usage" ;;
	esac
done

# dir_of WHAT PATH KIND: dir_p=PATH's physical directory (symbolic links
# resolved), or a refusal naming WHAT (M or KERNEL) that says what is
# wrong with PATH.  dir_l=PATH as cd takes it (a leading - made ./-).
dir_of() {
	case "$2" in
	-*) dir_l=./$2 ;;
	*) dir_l=$2 ;;
	esac
	if [ -d "$dir_l" ]; then
		dir_p=$(cd -P "$dir_l" && pwd -P) || die "$1=$2: cannot enter the directory"
	elif [ -e "$dir_l" ]; then
		die "$1=$2 is a file, not a directory: name the $3 directory"
	elif [ -L "$dir_l" ]; then
		die "$1=$2 is a dangling symbolic link"
	else
		die "$1=$2: no such directory"
	fi
}

[ -n "$mod" ] || die "M=<module dir> is required ($usage)"
dir_of M "$mod" module
mod_p=$dir_p
# The name the user gave (a symbolic link's own name, not its target's).
name=$(basename "$(cd "$dir_l" && pwd)")
[ "$name" != / ] || name=root
# (drivers-out/ may not exist yet in a copy of the toolkit: its parent then)
dout_p=$(cd -P "$LC_TOP" && pwd -P)/drivers-out
[ ! -d "$LC_TOP/drivers-out" ] || dout_p=$(cd -P "$LC_TOP/drivers-out" && pwd -P)
case "$mod_p/" in
"$dout_p"/*)
	die "M=$mod is inside drivers-out/, the toolkit's output: convert the module from its own directory" ;;
esac
case "$dout_p/" in
"${mod_p%/}"/*)
	die "M=$mod contains drivers-out/, the toolkit's output: name the module's own directory" ;;
esac

# The module's sources, relative to M, one a line: hidden directories are
# skipped, symbolic links followed.
srcs=$(cd "$mod_p" && find -L . -mindepth 1 \( -name '.*' -prune \) -o -type f \
	\( -name '*.[ch]' -o -name Makefile -o -name Kbuild \) -print 2>/dev/null |
	sed 's,^\./,,' | LC_ALL=C sort)
files=$(printf '%s\n' "$srcs" | grep '\.c$' || true)
[ -n "$files" ] || die "$mod has no .c files"
printf '%s\n' "$srcs" | grep -qE '(^|/)(Kbuild|Makefile)$' ||
	die "$mod has no Kbuild or Makefile: kbuild needs one naming the module's objects (obj-m += <name>.o)"
bad=$(printf '%s\n' "$srcs" | grep -v '^[A-Za-z0-9._/+-]*$' || true)
[ -z "$bad" ] || die "$mod: kbuild cannot build file names with spaces or shell characters: $(printf '%s\n' "$bad" | head -n 3 | paste -sd' ' -)"

# The output directory's name: what kbuild and the shell take as is.
safe=$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_')
case "$safe" in [.-]*) safe=_$safe ;; esac
rel=drivers-out/modules/$safe
final=$LC_TOP/$rel
marker=.vfio-lifecycle-output
# never replace what is not make convert's own output
if [ -e "$final" ] || [ -L "$final" ]; then
	if [ -L "$final" ] || [ ! -d "$final" ] ||
		[ "$(cat "$final/$marker" 2>/dev/null)" != convert ]; then
		die "$rel exists and is not the output of make convert (no $marker in it): move it away first"
	fi
fi

if [ -n "$kernel" ]; then
	dir_of KERNEL "$kernel" "kernel tree's (or its O= build)"
else
	sh "$LC_TOP/scripts/test-kernel.sh" >/dev/null
	kernel=$(sh "$LC_TOP/scripts/test-kernel.sh" --print-dir)
	dir_of KERNEL "$kernel" "kernel tree's"
fi
kernel_p=$dir_p
# An O= build directory points at its source through the 'source' link.
src=$kernel_p
[ -e "$kernel_p/source" ] && src=$(cd -P "$kernel_p/source" && pwd -P)
api=$(sh "$LC_TOP/scripts/target-api.sh" "$src" 2>&1) || die "${api#*error: }"
case "$api" in
6.1 | 6.2) ;;
old) die "$src still has the old vfio core API (vfio_init_group_dev() in include/linux/vfio.h): nothing to convert to; name a Linux 6.1 or later tree as KERNEL=" ;;
*) die "$src: cannot tell the vfio core API from include/linux/vfio.h" ;;
esac
# Without these, make -C KERNEL M=... fails with make's own words only.
notyet=
todo="make olddefconfig && make modules_prepare"
[ -f "$kernel_p/.config" ] || notyet=.config
[ -n "$notyet" ] || [ -f "$kernel_p/include/generated/autoconf.h" ] ||
	notyet=include/generated/autoconf.h
[ -n "$notyet" ] || [ -x "$kernel_p/scripts/mod/modpost" ] || notyet=scripts/mod/modpost
if [ -z "$notyet" ] && [ ! -f "$kernel_p/Module.symvers" ]; then
	# modules_prepare does not write it; without it modpost cannot check
	# the module's symbols
	notyet=Module.symvers
	todo="make (modules_prepare does not write Module.symvers)"
fi
[ -z "$notyet" ] ||
	die "KERNEL=$kernel is not configured and built (no $notyet): run $todo there, or name an O= build dir"
# kbuild puts both paths unquoted into make and shell commands.
case "$kernel_p" in
*[![:alnum:]/._+-]*)
	die "KERNEL=$kernel: kbuild cannot build in $kernel_p (a space or a shell character in the path)" ;;
esac
case "$final" in
*[![:alnum:]/._+-]*)
	die "kbuild cannot build in $final (a space or a shell character in the toolkit's own path): use a checkout at a plain path" ;;
esac

# Nothing is written before this line.
lock_out "$final"
# Under the lock, a temporary directory left is a killed run's.
rm -rf "$final".new.* "$final".old.*
work=$final.new.$$
mkdir "$work"
out=$work
mkdir -p "$out/orig" "$out/tree"
# Contents only: a read-only module gives writable copies.
for f in $srcs; do
	mkdir -p "$(dirname "$out/orig/$f")" "$(dirname "$out/tree/$f")"
	cat "$mod_p/$f" >"$out/orig/$f"
	cat "$mod_p/$f" >"$out/tree/$f"
done
[ "$safe" = "$name" ] || step NAME "$name: output in $rel"

# A remove that never unregisters the vfio_device its probe registered
# is fixed first (cocci/vfio_missing_unregister.cocci), as make series
# does: fixed/ is the conversion's input, fixes.patch the fix alone, and
# the module's patch has both.
mkdir -p "$out/fixed"
for f in $srcs; do
	mkdir -p "$(dirname "$out/fixed/$f")"
	cat "$out/orig/$f" >"$out/fixed/$f"
done
fixed=
for f in $files; do
	# not in $(...): a failing spatch ends the run (exit 5)
	if missing_unregister "$out/orig/$f" "$out/fixed.new" "$out/fixes.log" "$f" >"$out/fixes.why"; then
		fl=$(cat "$out/fixes.why")
		mv "$out/fixed.new" "$out/fixed/$f"
		cat "$out/fixed/$f" >"$out/tree/$f"
		# shellcheck disable=SC2086 # the rule's fields, one a word
		set -- $fl
		fixed="$fixed$f: fixed first: $1() never unregistered the vfio_device $2() registers ($3()): vfio_unregister_group_dev(&$4->$5) added before $6() (fixes.patch; cocci/vfio_missing_unregister.cocci)
"
	fi
done
rm -f "$out/fixed.new" "$out/fixes.log" "$out/fixes.why"
if [ -n "$fixed" ]; then
	printf '%s' "$fixed" | sed 's/^/  FIX      /'
	: >"$out/fixes.patch"
	for f in $files; do
		diff -u --label "a/$f" --label "b/$f" "$out/orig/$f" "$out/fixed/$f" \
			>>"$out/fixes.patch" || true
	done
fi

step CONVERT "$name (target API $api)"
rc=0
# The verdicts name the logs where they will be (cocci-logs, below).
# shellcheck disable=SC2086 # one word per file (names checked above)
(cd "$out/fixed" && LC_LOGS_SHOWN=$rel/cocci-logs PYTHONPATH=$LC_TOP:$PYTHONPATH python3 -m lifecycle convert-files \
	--target "$api" --out "$out/tree" $files) >"$out/conversion.log" 2>&1 || rc=$?
case "$rc" in
0 | 3) ;;
*)
	sed 's/^/  /' "$out/conversion.log" >&2
	tool_failed "the converter (convert-files) on $mod exited $rc; its log is above" ;;
esac
# the kernel style of what the rules added, as make series gives it, on
# the files the records say were converted (scripts/lcverdict.py)
converted=$(python3 "$LC_TOP/scripts/lcverdict.py" paths "$out/tree/.cocci/conversion.json" --status converted) ||
	tool_failed "scripts/lcverdict.py could not read the records (.cocci/conversion.json) of $mod"
# shellcheck disable=SC2086 # one word per file (names checked above)
style_pass "$out/fixed" "$out/tree" "$out/tree/.cocci/style.log" $converted
# The build must not see the converter's logs.
mv "$out/tree/.cocci" "$out/cocci-logs"
rm -rf "$out/fixed"
if [ -n "$fixed" ]; then
	# the verdicts say the fix came first: a line of its own before the
	# verdicts, and "fixed_first" in the file's record
	{ printf '%s' "$fixed"; cat "$out/conversion.log"; } >"$out/conversion.log.new"
	mv "$out/conversion.log.new" "$out/conversion.log"
	printf '%s' "$fixed" | python3 -c '
import sys
sys.path.insert(0, sys.argv[2])
import lcjsonl
fx = dict(l.split(": fixed first: ", 1) for l in sys.stdin.read().splitlines())
recs = lcjsonl.load(sys.argv[1])
for r in recs:
    if r.get("path") in fx:
        r["fixed_first"] = fx[r["path"]]
lcjsonl.save(sys.argv[1], recs)
' "$out/cocci-logs/conversion.json" "$LC_TOP/scripts" || tool_failed "the records (cocci-logs/conversion.json) of the fixes"
fi
grep -v '^  SPATCH' "$out/conversion.log" | sed 's/^/  /'
# Labels instead of timestamps: the same input gives the same patch, which
# applies with -p1 inside the module directory.  Every source counts: the
# converter may edit a header next to a driver.
: >"$out/$safe.patch"
for f in $srcs; do
	diff -u --label "a/$f" --label "b/$f" "$out/orig/$f" "$out/tree/$f" \
		>>"$out/$safe.patch" || true
done
step PATCH "$rel/$safe.patch ($(grep -c '^[-+][^-+]' "$out/$safe.patch" || true) changed lines)"

step BUILD "$name against $kernel"
# W=1 for the compiler's extra warnings, C=2 to run sparse on every file.
if make -C "$kernel_p" M="$out/tree" W=1 C=2 modules >"$out/build.log" 2>&1; then
	warn_n=$(grep -c 'warning:' "$out/build.log" || true)
	built=
	step OK "built with W=1 C=2 (sparse), $warn_n warning(s); log: $rel/build.log"
else
	grep -E 'error:|Error' "$out/build.log" | head -n 20 | sed 's/^/  /'
	step FAIL "build failed; log: $rel/build.log"
	# a file left in the old form cannot build against a new core:
	# the human it needs comes first
	if [ "$rc" -eq 3 ]; then
		built=" (the build failed too: $rel/build.log)"
	else
		rc=4
	fi
fi

# Complete: replace the old output (only make convert's own) in one step.
echo convert >"$out/$marker"
if [ -d "$final" ]; then
	[ "$(cat "$final/$marker" 2>/dev/null)" = convert ] ||
		die "$rel appeared during the run and is not the output of make convert: left as it is; the new output was dropped"
	mv "$final" "$final.old.$$"
	mv "$work" "$final"
	rm -rf "$final.old.$$"
else
	mv "$work" "$final"
fi
work=
case "$rc" in
0) why="$rel: built; the verdicts are in $rel/conversion.log" ;;
3) why="see $rel/conversion.log (files left as they were, and why)$built" ;;
4) why="see $rel/build.log" ;;
esac
exit "$rc"
