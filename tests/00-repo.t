#!/bin/sh
# The repository itself: layout, shell hygiene, dependency installer.
set -eu
. "$(dirname "$0")/tap.sh"
plan 5

missing=
for d in cocci core-patch drivers-out check scripts tests .ci Makefile README.md \
	.ci/run drivers-out/README.md; do
	[ -e "$TOP/$d" ] || missing="$missing $d"
done
is "$missing" "" "top-level layout present"

# drivers-out/ holds generated output only: nothing tracked but its README.
tracked=$(git -C "$TOP" ls-files drivers-out | grep -v '^drivers-out/README.md$' || true)
is "$tracked" "" "drivers-out/ tracks nothing but README.md"

# Runnable scripts have a shell shebang; the sourced helpers have none.
runnable=$(cd "$TOP" && git ls-files | while read -r f; do
	if head -n1 "$f" 2>/dev/null | grep -qE '^#!.*(ba)?sh'; then echo "$f"; fi
done)
scripts="$runnable scripts/lib.sh scripts/test-kernel-lib.sh tests/tap.sh tests/guest.sh"
# shellcheck disable=SC2086 # one word per file
out=$(cd "$TOP" && shellcheck -x $scripts 2>&1) && rc=0 || rc=$?
ok "$rc" "shellcheck clean on $(echo "$scripts" | wc -w) scripts"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | head -n 30 | sed 's/^/#   /'

# Every script that runs shell must stop on errors.
# (The guest's /init is the exception: it must go on to report a verdict.)
noset=$(for f in $runnable; do
	[ "$f" != check/guest/init ] || continue
	grep -qE '^set -eu' "$TOP/$f" || echo "$f"
done || true)
is "$noset" "" "scripts use 'set -eu'"

out=$(sh "$TOP/scripts/deps.sh" 2>&1)
like "$out" '^  DEPS +all [0-9]+ packages present$' "deps is idempotent once installed"
tap_exit
