#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The converter's typed records: OUTDIR/.cocci/conversion.json holds one
# JSON object a verdict (one a line) with its fields (status, level,
# target, callbacks, completion member, reason codes with their text,
# group, what moved), and conversion.txt is exactly what
# lifecycle/convert/verdict.py renders of them.  Fixtures of tests/cocci/ on the
# 6.1 target: single files (converted at each level, parent-owned,
# refused, nothing to convert), a mid-layer group and a parent-owned
# structure defined in a header.
set -eu
. "$(dirname "$0")/tap.sh"
plan 10

IN=$TOP/tests/cocci/in
G=$TOP/tests/cocci/groups
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

single="lc_direct.c lc_unsafe_undo.c lc_parent_owned.c lc_parent_teardown.c lc_wrapper.c lc_comments_only.c lc_pci_drvdata_late.c lc_pci_drvdata_far.c lc_bare_vdev.c"
# shellcheck disable=SC2086 # one file a word
(cd "$IN" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 --out "$tmp/one" $single \
	>/dev/null 2>&1) || true
for g in lcmid lcparent_hdr; do
	# shellcheck disable=SC2046 # file names without blanks, one per word
	(cd "$G/$g/in" && PYTHONPATH=$TOP python3 -m lifecycle convert-files --target 6.1 --out "$tmp/$g" \
		$(find . -maxdepth 1 -name '*.c' -printf '%f\n' | LC_ALL=C sort) >/dev/null 2>&1) || true
done

# check DIR: "ok" when DIR's records parse, have every field with its
# type, and render to DIR's conversion.txt byte for byte; else why not
check() {
	python3 - "$1/.cocci" <<'PY'
import json, os, sys
from lifecycle.convert import verdict as lcverdict
d = sys.argv[1]
recs = []
with open(os.path.join(d, "conversion.json")) as fh:
    for l in fh:
        recs.append(json.loads(l))
with open(os.path.join(d, "conversion.txt")) as fh:
    txt = fh.read()
bad = []
if not recs:
    bad.append("no records")
for r in recs:
    for k in ("path", "status", "code", "text"):
        if not isinstance(r.get(k), str) or not r[k]:
            bad.append("%s: no %s" % (r.get("path"), k))
    for k in lcverdict.LISTS:
        if not isinstance(r.get(k), list):
            bad.append("%s: %s is not a list" % (r["path"], k))
    if r["status"] not in lcverdict.STATUS or r["code"] not in lcverdict.CODES:
        bad.append("%s: status %s, code %s" % (r["path"], r["status"], r["code"]))
    if r["status"] == "converted":
        if r["target"] != "6.1" or r["level"] not in ("idiomatic", "idiomatic-in-part", "minimal"):
            bad.append("%s: target %s, level %s" % (r["path"], r["target"], r["level"]))
    elif not r["reasons"] or not all(x.get("code") and x.get("text") for x in r["reasons"]):
        bad.append("%s: refused or nothing without a reason" % r["path"])
if lcverdict.render(recs) != txt:
    bad.append("conversion.txt is not render(conversion.json)")
print("; ".join(bad) or "ok")
PY
}

# field DIR PATH EXPR: EXPR (Python, over the record r) for PATH's record
field() {
	python3 - "$1/.cocci/conversion.json" "$2" "$3" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
r = [x for x in recs if x["path"] == sys.argv[2]]
print(eval(sys.argv[3], {"r": r[0]}) if len(r) == 1 else "%d records" % len(r))
PY
}

for d in one lcmid lcparent_hdr; do
	is "$(check "$tmp/$d")" ok "$d: records complete, conversion.txt rendered from them"
done
is "$(field "$tmp/one" lc_direct.c '(r["status"], r["level"], r["init"], r["release"], r["parent"])')" \
	"('converted', 'idiomatic', ['lcd_init_dev'], ['lcd_release_dev'], False)" \
	"idiomatic: level and callbacks"
is "$(field "$tmp/one" lc_unsafe_undo.c '(r["level"], [x["code"] for x in r["reasons"]])')" \
	"('minimal', ['remove-misses-undo'])" "minimal: the lift's reason code"
is "$(field "$tmp/one" lc_parent_owned.c '(r["parent"], r["completion"], r["level"])')" \
	"(True, 'vdev_released', 'idiomatic')" "parent-owned: the completion member"
is "$(field "$tmp/one" lc_bare_vdev.c '(r["level"], [x["code"] for x in r["reasons"]])')" \
	"('minimal', ['bare-state'])" "a bare vfio_device: minimal for its true reason, not 'no probe/remove pair'"
is "$(field "$tmp/one" lc_pci_drvdata_far.c '(r["status"], r["code"], len(r["reasons"]))')" \
	"('not-converted', 'lift', 1)" "refused: status, code, reason"
like "$(field "$tmp/one" lc_pci_drvdata_late.c 'r["moved"]')" "drvdata set before vfio_pci_core_register_device" \
	"what moved besides set-up and tear-down"
is "$(field "$tmp/lcmid" "$(sed -n 's/^\([^:]*\): converted (idiomatic, target 6.1: mid-layer.*/\1/p' "$tmp/lcmid/.cocci/conversion.txt")" \
	'len(r["group"]) >= 3 and r["code"] == "midlayer"')" True "mid-layer: the group"
tap_exit
