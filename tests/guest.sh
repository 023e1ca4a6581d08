# shellcheck shell=sh
# Shared by the QEMU tests: run the harness once and keep what it said.
#
#   guest_run NAME [lifecycle qemu options]   -> $GUEST_OUT, $GUEST_RC, $GUEST_LOG

guest_run() {
	name=$1
	shift
	GUEST_LOG=${VFIO_LC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-lifecycle}/logs/test-$name.log
	t0=$(date +%s)
	GUEST_OUT=$(PYTHONPATH="$TOP" python3 -m lifecycle qemu --log "$GUEST_LOG" "$@" 2>&1) &&
		GUEST_RC=0 || GUEST_RC=$?
	diag "$name: harness exit $GUEST_RC in $(( $(date +%s) - t0 ))s, log $GUEST_LOG"
	printf '%s\n' "$GUEST_OUT" | grep -E '^  [A-Z]+ |^RESULT' | sed 's/^/#   /'
}

# The harness's verdict line.
guest_result() {
	printf '%s\n' "$GUEST_OUT" | grep '^RESULT: ' | tail -n 1
}

# Count the guest's TAP lines of one kind in the serial log.
guest_count() {
	grep -cE "$1" "$GUEST_LOG" || true
}
