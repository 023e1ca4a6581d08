#!/bin/sh
# make check KERNEL=: on a three-patch series written here against the
# Debian 6.1 tree of the test kernel (samples/vfio-mdev/mtty.c, x86_64):
# a clean patch passes; a patch with an undeclared global, code under an
# unset CONFIG_ and a checkpatch error fails on sparse and checkpatch and
# lists the lines the compiler never saw; a patch that does not compile
# fails the bisect build with the compiler's error.  report.txt and
# report.html say so, and are what lifecycle/check/report.py renders from the typed
# records (check/records.json: one per patch/arch/check) and logs alone.  (The final-tree QEMU stage is left out here: the
# guest tests cover it on the test kernel; it runs on the 6.0.1 series.)
set -eu
. "$(dirname "$0")/tap.sh"
plan 21

PYTHONPATH="$TOP" python3 -m lifecycle test-kernel >/dev/null
SRC=$(PYTHONPATH="$TOP" python3 -m lifecycle test-kernel --print-src)
tmp=$(mktemp -d)
name=lc-check-test-$$
out=$TOP/drivers-out/$name
trap 'rm -rf "$tmp" "$out"' EXIT

# the user's tree: a clone of the 6.1 tree, patches made through its index
k=$tmp/k
git clone -q --shared --no-checkout "$SRC" "$k"
git -C "$k" read-tree HEAD
base=$(git -C "$k" rev-parse HEAD)
f=samples/vfio-mdev/mtty.c
# change SUBJECT: commit mtty.c with $tmp/add appended
change() {
	git -C "$k" show "HEAD:$f" >"$tmp/mtty.c"
	cat "$tmp/add" >>"$tmp/mtty.c"
	h=$(git -C "$k" hash-object -w "$tmp/mtty.c")
	git -C "$k" update-index --cacheinfo "100644,$h,$f"
	c=$(GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=T \
		GIT_COMMITTER_EMAIL=t@example.org git -C "$k" commit-tree \
		"$(git -C "$k" write-tree)" -p HEAD -m "$1

A change written for the make check test.

Signed-off-by: T <t@example.org>")
	git -C "$k" update-ref HEAD "$c"
}
cat >"$tmp/add" <<'EOF'

static inline int lc_check_one(void)
{
	return 1;
}
EOF
change "vfio/mtty: Add a helper that compiles"
cat >"$tmp/add" <<'EOF'

int lc_check_two(void)
{
	return 2;
}

#ifdef CONFIG_LC_CHECK_NEVER_SET
static int lc_check_three(void)
{
	int x=3;
	return x;
}
#endif
EOF
change "vfio/mtty: Add an undeclared global and dead code"
cat >"$tmp/add" <<'EOF'

static int lc_check_four(void)
{
	return lc_no_such_symbol;
}
EOF
change "vfio/mtty: Break the build"
git -C "$k" format-patch -q --cover-letter --base="$base" -o "$out/series" "$base..HEAD"

head_before=$(git -C "$k" rev-parse HEAD)
(cd "$TOP" && python3 -m lifecycle check --no-qemu --name "$name" "$k") >"$tmp/log" 2>&1 && rc=0 || rc=$?
sed 's/^/# /' "$tmp/log" | tail -n 8
is "$rc" 3 "a series with failing patches: exit 3"
r=$out/report.txt
[ -f "$r" ] && [ -f "$out/report.html" ] && rc=0 || rc=1
ok "$rc" "report.txt and report.html written"
row() { grep "^$1 " "$r" || true; }
like "$(row 0001)" '^0001 PASS +ok [0-9]+s +- +- +\+0 +0/0/0 +4/4 ' "clean patch: passes, x86_64 only, 4/4 lines compiled"
like "$(row 0002)" '^0002 FAIL ' "second patch fails"
like "$(row 0002)" ' \+1 +1/' "second patch: one new sparse warning, one checkpatch error"
like "$(row 0002)" ' 4/9 ' "second patch: 4 of its 9 lines of C compiled"
sed -n '/^0002 vfio/,/^0003 vfio/p' "$r" >"$tmp/d2"
like "$(cat "$tmp/d2")" "symbol 'lc_check_two' was not declared" "the new sparse warning is shown"
like "$(cat "$tmp/d2")" 'never compiled: samples/vfio-mdev/mtty.c:[0-9]+:.*int x=3;' "the dead line is listed as never compiled"
like "$(cat "$tmp/d2")" "checkpatch ERROR:.*spaces required around that '='" "the checkpatch error is shown"
like "$(cat "$tmp/d2")" 'x86_64 W=1: .*no previous prototype for .lc_check_two' "the W=1 warning is listed"
like "$(row 0003)" '^0003 FAIL +FAIL ' "third patch: the build fails"
sed -n '/^0003 vfio/,$p' "$r" >"$tmp/d3"
like "$(cat "$tmp/d3")" "mtty.c:[0-9]+:[0-9]+: error: .lc_no_such_symbol. undeclared" "with the compiler's error"
grep -o 'class="bad"' "$out/report.html" | wc -l >"$tmp/nbad"
ok "$([ "$(cat "$tmp/nbad")" -ge 4 ] && echo 0 || echo 1)" "report.html marks the failing cells"
[ "$(git -C "$k" rev-parse HEAD)" = "$head_before" ] &&
	[ "$(ls -A "$k")" = .git ] && rc=0 || rc=1
ok "$rc" "the user's tree is only read"

# the records: "PATCH CHECK ARCH STATUS FIGURES" per patch record (seconds
# said to be a whole number, not given: they vary), then the others
rj=$out/check/records.json
python3 - "$rj" >"$tmp/recs" <<'EOF2'
import json, sys
recs = [json.loads(line) for line in open(sys.argv[1])]
keys = {"patch", "subject", "arch", "check", "status", "figures", "log"}
print("keys missing:", sum(1 for r in recs if not keys <= set(r)))
seen = set()
dup = 0
for r in recs:
    k = (r["patch"], r["arch"], r["check"])
    dup += k in seen
    seen.add(k)
print("twice:", dup)
for r in recs:
    f = r["figures"]
    vary = r["check"] == "timings"
    fs = ",".join("%s=%s" % (k, "int" if (vary or k == "seconds")
                  and isinstance(v, int) else v) for k, v in sorted(f.items()))
    if r["check"] == "qemu":
        fs += " results=%d" % len(r["results"])
    print(r["patch"] or "-", r["check"], r["arch"] or "-", r["status"] or "-", fs,
          r["log"] or "-")
EOF2
sed 's/^/# /' "$tmp/recs"
is "$(sed -n 1,2p "$tmp/recs" | paste -sd' ' -)" "keys missing: 0 twice: 0" \
	"records: each has patch, subject, arch, check, status, figures, log; none twice"
is "$(grep '^0001 ' "$tmp/recs")" "0001 apply - ok  -
0001 build x86_64 ok seconds=int logs/0001-x86_64.build.log
0001 sparse x86_64 ok new=0 logs/0001-x86_64.sparse.log
0001 checkpatch - ok checks=0,errors=0,warnings=0 logs/0001.checkpatch
0001 lines-compiled - ok compiled=4,total=4 logs/0001.never
0001 verdict - pass  logs/0001.details" "records of the clean patch: one per check, x86_64 only"
like "$(grep '^0002 ' "$tmp/recs" | paste -sd'|' -)" \
	"sparse x86_64 fail new=1 .*checkpatch - fail checks=[0-9]+,errors=1,.*lines-compiled - fail compiled=4,total=9 .*verdict - fail" \
	"records of the second patch: sparse, checkpatch and lines fail with their counts"
like "$(grep '^0003 ' "$tmp/recs" | paste -sd'|' -)" "0003 build x86_64 fail seconds=int .*0003 verdict - fail" \
	"records of the third patch: the build fails"
like "$(grep -v '^0' "$tmp/recs" | sed 1,2d | paste -sd'|' -)" \
	"^- qemu - skip cycles=[0-9]+ results=0 logs/qemu.log\\|- timings - - base=int,cfg=int,cpus=int,patches=int,qk=int,qkw=int,qr=int,src=int,total=int -\\|- run - - cycles=[0-9]+ -$" \
	"a QEMU record (not run here), a timings record, a run record"
# rendered again from the records and the logs alone: the same bytes
mkdir -p "$tmp/r/check"
cp -r "$rj" "$out/check/logs" "$tmp/r/check/"
python3 -m lifecycle.check.report "$tmp/r"
cmp "$tmp/r/report.txt" "$r" && cmp "$tmp/r/report.html" "$out/report.html" && rc=0 || rc=1
ok "$rc" "report.txt and report.html are what the records render to"
# and a record changed changes the report: nothing else feeds it
sed 's/"subject": "vfio\/mtty: Add a helper that compiles"/"subject": "a subject from the records"/' \
	"$rj" >"$tmp/r/check/records.json"
python3 -m lifecycle.check.report "$tmp/r"
like "$(grep '^0001 ' "$tmp/r/report.txt")" ' a subject from the records$' \
	"the report's row follows the record"
tap_exit
