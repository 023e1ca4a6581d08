# shellcheck shell=sh
# Common helpers for the vfio-lifecycle shell glue.  Sourced, never run.
#
# Progress lines follow Kbuild's short form ("  STEP    target") so that a
# long run reads like a kernel build; errors go to stderr with the script's
# name so that a user can tell which step refused.

# Where the repository lives, whatever the caller's working directory.
LC_TOP=$(cd "$(dirname "$0")/.." && pwd)
while [ ! -f "$LC_TOP/scripts/lib.sh" ] && [ "$LC_TOP" != / ]; do
	LC_TOP=$(dirname "$LC_TOP")
done

# Everything big (unpacked kernels, builds, initramfs) lives outside the repo.
# shellcheck disable=SC2034 # used by the scripts that source this file
LC_CACHE=${VFIO_LC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-lifecycle}

# The rules' Python library (cocci/lclib) is imported by spatch's embedded
# Python; under the kernel's make coccicheck, set PYTHONPATH=<repo>/cocci.
PYTHONPATH=$LC_TOP/cocci${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

# The calls of the old life cycle, as an extended regular expression.
# shellcheck disable=SC2034 # used by the scripts that source this file
LC_OLD_RE='vfio_init_group_dev|vfio_uninit_group_dev|vfio_pci_core_init_device|vfio_pci_core_uninit_device'

# The command's own stdout and stderr, kept as fds 7 and 6 for the last
# line and the errors: a trap can run while a shell function's output is
# redirected to a file (G mailinfo >pinfo), and would write its line there.
exec 7>&1 6>&2

# step STEP TARGET: one progress line.
step() {
	printf '  %-8s %s\n' "$1" "$2"
}

# Exit codes of the toolkit's commands, the same for every script (the
# README's table).  make turns any of them into its own 2, so each command
# also says its outcome in its last line (outcome()).
# shellcheck disable=SC2034 # used by the scripts that source this file
LC_EXIT_OK=0		# done
LC_EXIT_INPUT=1		# bad input: refused, nothing written
# shellcheck disable=SC2034
LC_EXIT_HUMAN=3		# done, but something needs a human (listed)
# shellcheck disable=SC2034
LC_EXIT_BUILD=4		# make convert: the converted module does not build
LC_EXIT_TOOL=5		# a tool (spatch, git, make) failed: an error, never a verdict

# die MESSAGE...: bad input; clear error, exit 1.
die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&6
	exit "$LC_EXIT_INPUT"
}

# tool_failed MESSAGE...: a tool failed (name it, the file and the stage);
# exit 5.  Never turned into a verdict.
tool_failed() {
	printf '%s: error: tool failure: %s\n' "${0##*/}" "$*" >&6
	exit "$LC_EXIT_TOOL"
}

# outcome CODE TEXT: the command's last line, naming the outcome that
# make reports only as "Error CODE", then exit CODE.
outcome() {
	case "$1" in
	0) oc_word="done" ;;
	1) oc_word="bad input" ;;
	3) oc_word="needs a human" ;;
	4) oc_word="build failed" ;;
	5) oc_word="tool failure" ;;
	*) oc_word="exit $1" ;;
	esac
	printf '  %-8s %s (exit %s)%s\n' RESULT "$oc_word" "$1" "${2:+: $2}" >&7
	exit "$1"
}

# lock_out DIR: hold DIR.lock for the rest of this process (flock on fd 9),
# or refuse when another run holds it: two runs never share an output.
lock_out() {
	mkdir -p "$(dirname "$1")"
	exec 9>"$1.lock"
	flock -n 9 || die "${1#"$LC_TOP"/} is in use by another run (lock ${1#"$LC_TOP"/}.lock); wait for it to finish"
}

# warn MESSAGE...
warn() {
	printf '%s: warning: %s\n' "${0##*/}" "$*" >&2
}

# need_cmd CMD...: fail early, naming the Debian package route.
need_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found; run 'make deps' first"
	done
}

# ncpus: parallelism for builds.
ncpus() {
	getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2
}

# checkout_at KERNEL DIR COMMIT: DIR as a shared clone of KERNEL (made if
# missing; KERNEL is only read) with COMMIT checked out and nothing else:
# local changes and stray files of an earlier run are dropped.
checkout_at() {
	[ -d "$2/.git" ] || git clone -q --shared --no-checkout "$1" "$2"
	git -C "$2" checkout -q -f --detach "$3"
	git -C "$2" clean -q -fd
}

# config_refused CONFIG FRAGMENT...: the fragments' lines that CONFIG (a
# .config) does not hold, one a line: CONFIG_X=v must be there as is,
# CONFIG_X=n means not set.
config_refused() {
	cr_c=$1
	shift
	cat "$@" | while IFS= read -r cr_l; do
		case "$cr_l" in
		CONFIG_*=n)
			! grep -q "^${cr_l%=n}=" "$cr_c" || echo "$cr_l" ;;
		CONFIG_*=*)
			grep -qx "$cr_l" "$cr_c" || echo "$cr_l" ;;
		esac
	done
}

# kconfig_unknown SRC FRAGMENT...: the fragments' symbols that no Kconfig
# file of the source tree SRC defines (a symbol of another base family,
# e.g. a driver that arrived later): one per line, sorted
kconfig_unknown() {
	ku_s=$1
	shift
	{
		grep -rhoE --include='Kconfig*' '^[[:space:]]*(menu)?config [A-Za-z0-9_]+' "$ku_s" |
			awk '{ print "K CONFIG_" $2 }'
		sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/F \1/p' "$@"
	} | awk '$1 == "K" { k[$2] = 1; next } !($2 in k) { print $2 }' | sort -u
}

# config_refused_known UNKNOWN CONFIG FRAGMENT...: config_refused, less the
# lines of the symbols in UNKNOWN (kconfig_unknown's output, left out on
# purpose): what the tree's Kconfig has but did not take
config_refused_known() {
	crk_u=$1
	shift
	config_refused "$@" | while IFS= read -r crk_l; do
		printf '%s\n' "$crk_u" | grep -qx "${crk_l%%=*}" || printf '%s\n' "$crk_l"
	done
}

# missing_unregister IN OUT LOG NAME: cocci/vfio_missing_unregister.cocci
# on IN (NAME in messages); when it fires, OUT is the fixed file and the
# rule's MISSING-UNREGISTER fields are printed (one line); else fails,
# OUT absent.  A failing spatch is a tool failure, its log's end shown.
missing_unregister() {
	rm -f "$2"
	spatch --very-quiet -D patch --no-includes --include-headers \
		--sp-file "$LC_TOP/cocci/vfio_missing_unregister.cocci" "$1" \
		-o "$2" >"$3" 2>&1 ||
		tool_failed "spatch (cocci/vfio_missing_unregister.cocci) failed on $4; its log ends:
$(tail -n 15 "$3")"
	mu_l=$(sed -n 's/^MISSING-UNREGISTER: //p' "$3" | head -n 1)
	if [ -f "$2" ] && [ -n "$mu_l" ]; then
		printf '%s\n' "$mu_l"
		return 0
	fi
	rm -f "$2"
	return 1
}

# style_pass ORIG CONV LOG FILE...: the kernel style of what the rules
# added to each converted FILE (CONV/FILE, with ORIG/FILE as it was):
# initialisers aligned like their neighbours, labels named for what they
# now undo (cocci/lclib/style.py); its notes go to LOG
style_pass() {
	sp_o=$1
	sp_c=$2
	sp_l=$3
	shift 3
	for sp_f in "$@"; do
		python3 -m lclib.style "$sp_o/$sp_f" "$sp_c/$sp_f" >>"$sp_l" ||
			tool_failed "python3 -m lclib.style on $sp_f"
	done
}

# out_name KERNEL: the name of KERNEL's output, drivers-out/<name>/ (make
# series and make check): its basename, any character but letters,
# digits, . _ - made a -, not hidden; "modules" is make convert's
# (drivers-out/modules/), so a tree called so gets "modules-series".
out_name() {
	on_n=$(basename "$1" | sed 's/[^A-Za-z0-9._-]/-/g; s/^\./-/')
	[ "$on_n" != modules ] || on_n=modules-series
	echo "$on_n"
}
