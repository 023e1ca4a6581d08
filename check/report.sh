#!/bin/sh
# The report of check/check-series.sh: drivers-out/<name>/report.txt (plain
# text, for mail and terminals) and report.html (the same matrix, coloured),
# from what the run left in drivers-out/<name>/check/{state,logs}.
#
# Usage: check/report.sh OUT BASE "ARCHES" "BROKEN-AT-BASE" CYCLES
# Timings come in the environment: t_src t_cfg t_base t_patches t_qk
# (the test kernel's build, beside the bisect) t_qkw (the wait for it after
# the bisect) t_qr t_total (seconds).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
: "${t_src:=0}" "${t_cfg:=0}" "${t_base:=0}" "${t_patches:=0}" "${t_qk:=0}" "${t_qkw:=0}" "${t_qr:=0}" "${t_total:=0}"

out=$1
base=$2
arches=$3
broken=$4
cycles=$5
cdir=$out/check
st=$cdir/state
logs=$cdir/logs
txt=$out/report.txt
html=$out/report.html
tab=$(printf '\t')
name=$(basename "$out")
np=$(grep -c . "$st/rows" || true)
bsubj=$(git -C "$cdir/src" log -1 --format='%h %s' "$base")
nbuild=$(cut -f 4 "$st/rows" | tr ' ' '\n' | grep -c ':' || true)
pass=$(cut -f 3 "$st/rows" | grep -c '^PASS$' || true)
qres=$(sed -n 's/^life cycle\t//p' "$st/qemu" | head -n 1)

# cell ARCH BUILDS: "ok 12s", "FAIL 3s" or "-"
cell() {
	for b in $2; do
		case "$b" in "$1":*)
			echo "$b" | awk -F : '{ print $2 " " $3 }'
			return 0 ;;
		esac
	done
	echo "-"
}

naive_line() {
	[ -f "$cdir/naive.txt" ] || return 0
	read -r ns nd <"$cdir/naive.txt"
	bis=$((t_base + t_patches))
	est=$((ns * nbuild))
	echo "Naive way: one full x86_64 kernel build (defconfig + check/configs/x86_64.config,"
	echo "no ccache) took ${ns}s (measured $nd); a full build for each of the $nbuild"
	echo "patch/arch builds above would take about ${est}s, against ${bis}s for the base"
	echo "and bisect stages here: $(awk -v a="$est" -v b="$bis" 'BEGIN { printf "%.0f", (b ? a / b : 0) }')x."
}

{
	echo "vfio-lifecycle make check: $name"
	echo
	echo "series:  drivers-out/$name/series, $np patches on $bsubj"
	echo "builds:  $arches, each defconfig + check/configs/<arch>.config, W=1;"
	echo "         sparse C=2 before/after; the tree's checkpatch.pl; ccache"
	[ -z "$broken" ] || echo "NOTE:    the base itself does not build on: $broken (see check/logs/base-*.log)"
	echo
	printf '%-4s %-7s %-9s %-9s %-9s %-6s %-10s %-8s %s\n' \
		'#' verdict x86_64 arm64 s390 sparse checkpatch lines subject
	while IFS=$tab read -r pn subj v builds snew cp lines; do
		case "$v" in
		PASS | FAIL)
			printf '%-4s %-7s %-9s %-9s %-9s %-6s %-10s %-8s %s\n' "$pn" "$v" \
				"$(cell x86_64 "$builds")" "$(cell arm64 "$builds")" \
				"$(cell s390 "$builds")" "+$snew" "$cp" "$lines" "$subj" ;;
		*) printf '%-4s %s: %s\n' "$pn" "$v" "$subj" ;;
		esac
	done <"$st/rows"
	echo
	echo "$pass of $np patches pass.  sparse: new warnings after the patch; checkpatch:"
	echo "errors/warnings/checks; lines: added lines of C the compiler saw / all added."
	echo
	echo "Details"
	while IFS=$tab read -r pn subj rest; do
		[ -s "$logs/$pn.details" ] || continue
		echo "$pn $subj"
		cat "$logs/$pn.details"
	done <"$st/rows"
	echo
	if [ -s "$st/qemu" ]; then
		echo "Final tree in QEMU (x86_64 test kernel: kmemleak, KASAN, failslab; $cycles rounds):"
		sed 's/\t/: /' "$st/qemu" | sed 's/^/  /'
	else
		echo "Final tree in QEMU: not run"
	fi
	echo
	echo "Time (${t_total}s in all, $(ncpus) CPUs): checkout ${t_src}s, configs ${t_cfg}s,"
	echo "base build + sparse ${t_base}s, patches ${t_patches}s; QEMU kernel ${t_qk}s beside"
	echo "them (waited for ${t_qkw}s after them); QEMU runs ${t_qr}s."
	naive_line
} >"$txt"

# The same as HTML: one row per patch, a cell per check.
esc() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}
# td TEXT: a cell, green when TEXT says so ("ok ...", PASS, +0: the callers
# prefix a passing count with "ok"), grey for "-", red otherwise.
td() {
	case "$1" in
	ok* | PASS* | +0) c=ok ;;
	-) c=na ;;
	*) c=bad ;;
	esac
	printf '<td class="%s">%s</td>' "$c" "$(echo "$1" | esc)"
}
{
	cat <<EOF
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>make check: $name</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; }
td.ok { background: #d9f2d9; } td.bad { background: #f7caca; }
td.na { background: #eee; color: #888; }
pre { background: #f6f6f6; padding: 0.6em; }
</style></head><body>
<h1>make check: $(echo "$name" | esc)</h1>
<p>$np patches on <code>$(echo "$bsubj" | esc)</code>; $pass pass.
QEMU: $(echo "${qres:-not run}" | esc).</p>
<table><tr><th>#</th><th>verdict</th><th>x86_64</th><th>arm64</th><th>s390</th>
<th>sparse (new)</th><th>checkpatch E/W/C</th><th>lines compiled</th><th>subject</th></tr>
EOF
	while IFS=$tab read -r pn subj v builds snew cp lines; do
		printf '<tr><td>%s</td>' "$pn"
		case "$v" in
		PASS | FAIL)
			td "$v"
			td "$(cell x86_64 "$builds")"
			td "$(cell arm64 "$builds")"
			td "$(cell s390 "$builds")"
			td "+$snew"
			case "$cp" in 0/*) td "ok $cp" ;; *) td "$cp" ;; esac
			case "$lines" in
			*/*)
				if [ "${lines%/*}" = "${lines#*/}" ]; then
					td "ok $lines"
				else
					td "$lines"
				fi ;;
			esac
			;;
		*) printf '<td class="bad" colspan="7">%s</td>' "$(echo "$v" | esc)" ;;
		esac
		printf '<td>%s</td></tr>\n' "$(echo "$subj" | esc)"
	done <"$st/rows"
	echo "</table>"
	echo "<h2>Details, QEMU and time</h2><pre>"
	sed -n '/^Details$/,$p' "$txt" | esc
	echo "</pre></body></html>"
} >"$html"

step REPORT "${txt#"$LC_TOP"/} (and report.html)"
sed -n '/^#    verdict/,/^$/p' "$txt"
sed -n '/^Final tree/,$p' "$txt"
