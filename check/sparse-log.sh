#!/bin/sh
# Kbuild's CHECK= in make check: sparse on one source file, its messages
# kept in $LC_SPARSE_DIR, one log per file headed like Kbuild's quiet
# "CHECK" line.  This lets one make run build an object with W=1, check
# it with C=2 and preprocess it: every make run pays seconds of Kbuild
# set-up before it compiles anything, and a log per file keeps checks
# that run in parallel from interleaving.  Sparse's exit status is not
# the build's: what it says is a finding, read from the log.
#
# With LC_CPP set (the arch's gcc) and the .i named in LC_WANT_I (a
# space-separated list of paths in the build directory), the file is also
# preprocessed to <object>.i as Kbuild's own "make x.i" would
# ($(CPP) $(c_flags)): Kbuild passes $(CHECKFLAGS) $(c_flags) <file>, and
# c_flags starts with the -Wp,-MMD,<depfile> that is left out here so the
# build's dependencies stay as they are.  A kernel whose c_flags start
# otherwise gets no .i from here; make check then asks Kbuild for it.
set -eu
for f; do :; done
log=$LC_SPARSE_DIR/$(printf '%s' "$f" | tr '/' '%').log
{
	echo "  CHECK   $f"
	sparse "$@" 2>&1 || :
} >"$log"
[ -n "${LC_CPP:-}" ] || exit 0
case "$f" in "${srctree:-}"/*.c) ;; *) exit 0 ;; esac
i=${f#"$srctree"/}
i=${i%.c}.i
case " ${LC_WANT_I:-} " in *" $i "*) ;; *) exit 0 ;; esac
[ -d "$(dirname "$i")" ] || exit 0
seen=
n=$#
while [ "$n" -gt 0 ]; do
	a=$1
	shift
	n=$((n - 1))
	# the last is the source file, given on its own below
	[ "$n" -gt 0 ] || break
	if [ -n "$seen" ]; then
		set -- "$@" "$a"
	else
		case "$a" in -Wp,-MMD,*) seen=yes ;; esac
	fi
done
[ -n "$seen" ] || exit 0
$LC_CPP -E "$@" -o "$i" "$f" 2>/dev/null || rm -f "$i"
