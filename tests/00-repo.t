#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The repository itself: layout, shell hygiene, dependency installer.
set -eu
. "$(dirname "$0")/tap.sh"
plan 9

missing=
for d in cocci core-patch drivers-out check qemu scripts tests .ci Makefile README.md \
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
scripts="$runnable scripts/lib.sh tests/tap.sh tests/guest.sh tests/standin.sh"
# shellcheck disable=SC2086 # one word per file
out=$(cd "$TOP" && shellcheck -x $scripts 2>&1) && rc=0 || rc=$?
ok "$rc" "shellcheck clean on $(echo "$scripts" | wc -w) scripts"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | head -n 30 | sed 's/^/#   /'

# Every script that runs shell must stop on errors.
# (The guest's /init is the exception: it must go on to report a verdict.)
noset=$(for f in $runnable; do
	[ "$f" != qemu/guest/init ] || continue
	grep -qE '^set -eu' "$TOP/$f" || echo "$f"
done || true)
is "$noset" "" "scripts use 'set -eu'"

# The README says what the tool does and how to run it; details live in
# docs/, measured figures in docs/performance.md.
n=$(wc -c <"$TOP/README.md")
ok "$([ "$n" -le 8000 ]; echo $?)" "README.md within 8,000 characters ($n)"
# Every docs/ page the README links to exists.
dead=$(grep -oE '\]\([a-z][a-zA-Z0-9/_.-]*\.md\)' "$TOP/README.md" | sed 's/^](//; s/)$//' |
	while read -r l; do [ -f "$TOP/$l" ] || echo "$l"; done)
is "$dead" "" "the README's links lead to files"

# Rule logic lives in cocci/lclib/: no .cocci file carries more than 100
# lines of Python rules (their headers and all, up to the next SmPL rule).
over=$(for f in "$TOP"/cocci/*.cocci; do
	n=$(awk '/^@[^@]*@ *$/ && !/^@@/{p = ($0 ~ /python/)} p' "$f" | wc -l)
	[ "$n" -le 100 ] || echo "${f##*/}:$n"
done)
is "$over" "" "no .cocci file has more than 100 lines of Python rules"

# Every module and rule the repository names by its path is there: a
# comment or data file that still names a module's old place sends the
# reader to nothing.  (A path after a '/' or a '$' is a test's own copy.)
gone=$(cd "$TOP" && git grep -ohE \
	'(^|[^/A-Za-z0-9_.$-])(lifecycle/[A-Za-z0-9_/]+\.py|cocci/[A-Za-z0-9_/]+\.(cocci|py|tsv))' |
	grep -oE '(lifecycle|cocci)/.*' | sort -u |
	while read -r f; do [ -e "$f" ] || echo "$f"; done)
is "$gone" "" "every lifecycle/ module and cocci/ file named by its path exists"

out=$(sh "$TOP/scripts/deps.sh" 2>&1)
like "$out" '^  DEPS +all [0-9]+ packages present$' "deps is idempotent once installed"
tap_exit
