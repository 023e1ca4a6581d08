#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The converter's typed records: OUTDIR/.cocci/conversion.json holds one
# JSON object a verdict (one a line) with its fields (status, level,
# target, callbacks, completion member, reason codes with their text,
# group, what moved, why not idiomatic, the ops chosen at run time and
# their set-up function), and conversion.txt is exactly what
# lifecycle/convert/verdict.py renders of them.  Fixtures of tests/cocci/ on the
# 6.1 target: single files (converted at each level, parent-owned,
# run-time ops, refused, nothing to convert), a mid-layer group and a parent-owned
# structure defined in a header.
set -eu
. "$(dirname "$0")/tap.sh"
plan 13

IN=$TOP/tests/cocci/in
G=$TOP/tests/cocci/groups
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

single="lc_direct.c lc_unsafe_undo.c lc_parent_owned.c lc_parent_teardown.c lc_wrapper.c lc_comments_only.c lc_pci_drvdata_late.c lc_pci_drvdata_far.c lc_bare_vdev.c lc_rtops_fallback.c lc_rtops_choice.c"
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
import json, os, re, sys
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
    for k in ("why", "setup"):
        if r.get(k, 0) is not None and (not isinstance(r.get(k), str) or not r[k]):
            bad.append("%s: %s is neither a text nor null" % (r["path"], k))
    if r["status"] == "converted":
        if r["target"] != "6.1" or r["level"] not in ("idiomatic", "idiomatic-in-part", "minimal"):
            bad.append("%s: target %s, level %s" % (r["path"], r["target"], r["level"]))
        # the message's fields say what the verdict says (no pre-stage
        # note follows it here)
        if ("not idiomatic: " in r["text"]) != bool(r["why"] and r["level"] == "minimal") or \
                (r["why"] and not r["text"].endswith(r["why"])):
            bad.append("%s: why %r, verdict %r" % (r["path"], r["why"], r["text"]))
        if bool(r["runtime_ops"]) != (len(r["ops"]) == 2) or \
                any(not re.search(r"\b%s\b" % re.escape(o), r["text"]) for o in r["ops"]):
            bad.append("%s: runtime_ops %s, ops %s" % (r["path"], r["runtime_ops"], r["ops"]))
        if bool(r["setup"]) != (r["runtime_ops"] == "fallback"):
            bad.append("%s: setup %s" % (r["path"], r["setup"]))
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
is "$(field "$tmp/one" lc_unsafe_undo.c 'r["why"]')" \
	"lcu_probe() undoes 'kfree(st->buf);' (line 41) when registration fails, lcu_remove() does not" \
	"minimal: why not idiomatic, without the status words"
is "$(field "$tmp/one" lc_rtops_fallback.c '(r["runtime_ops"], r["init"], r["ops"], r["setup"], r["why"])')" \
	"('fallback', ['lcq_fast_init_dev'], ['lcq_fast_ops', 'lcq_ops'], 'lcq_fast_setup', None)" \
	"run-time ops, fallback: the ops probe allocates with first, the other, the set-up function"
is "$(field "$tmp/one" lc_rtops_choice.c '(r["runtime_ops"], r["level"], r["ops"], r["setup"], r["why"])')" \
	"('choice-minimal', 'minimal', ['lcs_ro_ops', 'lcs_rw_ops'], None, 'the set-up of the state in probe (line 38) stays there, two ops would need an @init each')" \
	"run-time ops, chosen before the allocation: the two ops and why not idiomatic"
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
