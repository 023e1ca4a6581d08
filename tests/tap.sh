# shellcheck shell=sh
# Minimal TAP producer for the shell tests (run under prove).
#
#   . "$(dirname "$0")/tap.sh"
#   plan 3; ok "$cond" "name"; is "$got" "$want" "name"; like "$s" RE "name"
#
# Every assertion compares real output; a test file that dies half way
# leaves fewer results than planned, which prove reports as a failure.

TAP_N=0
TAP_FAILED=0
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
# the package's modules run as python3 -m lifecycle.<module> from any directory
PYTHONPATH=$TOP${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

# Converter runs are replayed from a cache keyed by all their inputs
# (tests/lib/convert_cache.py; tests/.cache/ is ignored by git).  Empty
# (LC_TEST_CACHE= prove ...): every conversion runs.
LC_TEST_CACHE=${LC_TEST_CACHE-$TOP/tests/.cache/convert}
export LC_TEST_CACHE

plan() { echo "1..$1"; }

_tap_result() {
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

# ok STATUS NAME: pass when STATUS (an exit code) is 0.
ok() { _tap_result "$1" "$2"; }

# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then
		_tap_result 0 "$3"
	else
		_tap_result 1 "$3"
		diag "got:  '$1'"
		diag "want: '$2'"
	fi
}

# like STRING ERE NAME
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_tap_result 0 "$3"
	else
		_tap_result 1 "$3"
		diag "no match for /$2/ in:"
		printf '%s\n' "$1" | tail -n 15 | sed 's/^/#   /'
	fi
}

diag() { printf '# %s\n' "$*"; }

# bail MESSAGE: stop the whole run (a prerequisite is missing).
bail() {
	echo "Bail out! $*"
	exit 255
}

tap_exit() { [ "$TAP_FAILED" -eq 0 ]; }
