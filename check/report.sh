#!/bin/sh
# The report of check/check-series.sh: drivers-out/<name>/report.txt (plain
# text, for mail and terminals) and report.html (the same matrix, coloured),
# rendered by check/report.py from the run's typed records alone
# (drivers-out/<name>/check/records.json; words in check/templates/).
#
# Usage: check/report.sh OUT
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

out=$1
txt=$out/report.txt
python3 "$LC_TOP/check/report.py" "$out"
step REPORT "${txt#"$LC_TOP"/} (and report.html)"
sed -n '/^#    verdict/,/^$/p' "$txt"
sed -n '/^Final tree/,$p' "$txt"
