#!/bin/sh
# make check KERNEL=<tree>: prove drivers-out/<name>/series the way the
# kernel's test robots would, before anyone posts it.
#
#   bisect    each patch in order, on a checkout of the series' base, builds
#             what it touches (a .c -> its .o; a header -> every object of
#             the series on that arch, Kbuild rebuilds those including it)
#             with W=1 on the arches its files need (scripts/series-
#             drivers.tsv, check/arch.tsv): defconfig + check/configs/<arch>
#   sparse    C=2 on those objects after each patch, in the same make run
#             as the build (check/sparse-log.sh), compared with their last
#             check (the state before the patch): a new warning fails it
#   checkpatch  the tree's own, on each patch: errors fail, warnings listed
#   lines     every added line of C was seen by the compiler (preprocessor
#             line markers of the .i files); lines never compiled are listed
#   qemu      the final tree as the x86_64 test kernel (check/kernel/
#             test-kernel.config): mtty, mdpy, mbochs and vfio-pci on edu for
#             CYCLES rounds each, the vfio-dev node, fail-nth over each mdev
#             create path, kmemleak/KASAN/dmesg, and the negative controls
#
# Writes drivers-out/<name>/check/records.json, one JSON record per patch,
# arch and check (check/lcrecords.py), and from it report.txt and
# report.html (check/report.py).  Build directories
# (drivers-out/<name>/check/) and ccache are kept: a second run is warm.
#
# Usage: check/check-series.sh [--name NAME] [--cycles N] [--no-qemu]
#                              [--naive] KERNEL
#   --naive  also time one full kernel build (x86_64 config, no ccache) to
#            compare with the naive way: a full build per patch
# Exit: 0 all checks pass, 1 bad input, 3 some check failed (see the report).
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

name=
cycles=${CYCLES:-100}
qemu=yes
naive=no
while [ $# -gt 0 ]; do
	case "$1" in
	--name) name=$2; shift 2 ;;
	--cycles) cycles=$2; shift 2 ;;
	--no-qemu) qemu=no; shift ;;
	--naive) naive=yes; shift ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: make check KERNEL=<kernel git tree> [CYCLES=N]"
need_cmd git make perl sparse ccache gcc
kernel=$(cd "$1" 2>/dev/null && pwd) || die "$1: no such directory"
# the name make series gave the output (out_name: made safe, modules reserved)
[ -n "$name" ] || name=$(out_name "$kernel")
out=$LC_TOP/drivers-out/$name
series=$out/series
cover=$series/0000-cover-letter.patch
[ -f "$cover" ] || die "$series: no series (run make series KERNEL=$1 first)"
base=$(sed -n 's/^base-commit: //p' "$cover")
[ -n "$base" ] || die "$cover has no base-commit: trailer"
git -C "$kernel" cat-file -e "$base^{commit}" 2>/dev/null ||
	die "$kernel does not have the series' base commit $base"
P=$(find "$series" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort)
[ -n "$P" ] || die "$series: no patches"
# make series on the same output waits for this check, and the other way
lock_out "$out"

cdir=$out/check
src=$cdir/src
logs=$cdir/logs
st=$cdir/state
rm -rf "$logs" "$st"
mkdir -p "$logs" "$st"
# the typed records of this run: the report is rendered from them alone
records=$cdir/records.json
python3 "$LC_TOP/check/lcrecords.py" new "$records"
# rec KEY=VALUE...: append a record (KEY:=JSON for a number or null)
rec() {
	python3 "$LC_TOP/check/lcrecords.py" add "$records" "$@"
}
CCACHE_DIR=${CCACHE_DIR:-$LC_CACHE/ccache}
# paths under the checkout hash relative: hits survive a fresh checkout
CCACHE_BASEDIR=$cdir
# depend mode: a miss costs the compile alone, not a preprocessor run for
# the hash as well (measured on the 6.0.1 test kernel from nothing, when
# it still went through ccache: 511 s -> 459 s);
# Kbuild's -Wp,-MMD depfile is what it hashes on a second run
CCACHE_DEPEND=1
export CCACHE_DIR CCACHE_BASEDIR CCACHE_DEPEND
jobs=$(ncpus)
t_all=$(date +%s)
# Kbuild names sources by $(srctree): the absolute checkout path, or
# (newer kernels) relative to the build directory, ../src
rel=../$(basename "$src")
strip_src="s|^$src/||; s|^$rel/||"
tab=$(printf '\t')

# cc_of ARCH: the gcc that builds for ARCH (CROSS_COMPILE + gcc)
cc_of() {
	case "$1" in
	x86_64) echo gcc ;;
	arm64) echo aarch64-linux-gnu-gcc ;;
	s390) echo s390x-linux-gnu-gcc ;;
	esac
}

# kmake ARCH ARGS...: make in the checkout for ARCH; O= is check/o-ARCH
# unless KO is set, -j from J or the CPU count.
kmake() {
	km_a=$1
	shift
	case "$km_a" in
	x86_64) set -- ARCH=x86 CC="ccache $(cc_of "$km_a")" "$@" ;;
	arm64) set -- ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		CC="ccache $(cc_of "$km_a")" "$@" ;;
	s390) set -- ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- \
		CC="ccache $(cc_of "$km_a")" "$@" ;;
	*) die "no build recipe for arch $km_a" ;;
	esac
	make -C "$src" O="${KO:-$cdir/o-$km_a}" -j"${J:-$jobs}" "$@"
}

# arches_of FILE: where FILE is built (rows first, then check/arch.tsv).
arches_of() {
	case "$1" in *.c | *.h) ;; *) return 0 ;; esac
	while IFS=$tab read -r ao_n ao_globs _ ao_a; do
		case "$ao_n" in '' | '#'*) continue ;; esac
		for g in $ao_globs; do
			# shellcheck disable=SC2254 # the globs are patterns
			case "$1" in $g) echo "$ao_a"; return 0 ;; esac
		done
	done <"$LC_TOP/scripts/series-drivers.tsv"
	while IFS=$tab read -r ao_g ao_as; do
		case "$ao_g" in '' | '#'*) continue ;; esac
		# shellcheck disable=SC2254
		case "$1" in $ao_g) echo "$ao_as" | tr ' ' '\n'; return 0 ;; esac
	done <"$LC_TOP/check/arch.tsv"
	echo x86_64
}

# Jobs run side by side add their pid to bg, and join_bg waits for those:
# a bare wait would also wait for the test kernel's build.
bg=
join_bg() {
	for j in $bg; do
		wait "$j" || true
	done
	bg=
}

files_of() {
	git -C "$src" apply --numstat "$1" | cut -f 3
}

# ------------------------------------------------------------ checkout
step SOURCE "$src at $(git -C "$kernel" log -1 --format='%h %s' "$base")"
t0=$(date +%s)
checkout_at "$kernel" "$src" "$base"
t_src=$(( $(date +%s) - t0 ))

# ------------------------------------------------------------ qemu kernel
# The final tree's test kernel builds from its own checkout (check/qsrc),
# beside everything below, at the lowest priority: the bisect keeps the
# CPUs it uses, the kernel build takes the time they are idle.
# It runs in a process group of its own (setsid), so that stopping early
# (an error, ^C) stops the compilers it started as well.
qk_pid=
trap '[ -z "$qk_pid" ] || kill -TERM "-$qk_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ "$qemu" = yes ]; then
	step BUILD "qemu: the final tree as the x86_64 test kernel, beside the bisect (nice 19)"
	# shellcheck disable=SC2086 # one patch per word
	setsid nice -n 19 sh "$LC_TOP/check/qemu-kernel.sh" "$kernel" "$base" "$cdir/qsrc" \
		"$cdir/o-qemu" "$st/qemu-kernel" $P </dev/null >"$logs/qemu-build.log" 2>&1 &
	qk_pid=$!
fi

# which objects each arch builds: every .c of the series there
: >"$st/objs"
: >"$st/arches"
for p in $P; do
	for f in $(files_of "$p"); do
		for a in $(arches_of "$f"); do
			echo "$a" >>"$st/arches"
			case "$f" in *.c) echo "$a ${f%.c}.o" >>"$st/objs" ;; esac
		done
	done
done
sort -u -o "$st/objs" "$st/objs"
arches=$(sort -u "$st/arches" | paste -sd' ' -)
# objs_on ARCH: its objects whose source exists now
objs_on() {
	sed -n "s|^$1 ||p" "$st/objs" | while read -r o; do
		[ ! -f "$src/${o%.o}.c" ] || echo "$o"
	done
}

# ------------------------------------------------------------ configs
t0=$(date +%s)
# config_of ARCH: defconfig + the fragment into check/o-ARCH; the arches
# side by side (each builds its own kconfig tool first)
config_of() {
	o=$cdir/o-$1
	frag=$LC_TOP/check/configs/$1.config
	mkdir -p "$o"
	rm -f "$o/.lc-base"
	{
		kmake "$1" -s defconfig &&
			(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$o" "$o/.config" "$frag") &&
			kmake "$1" -s olddefconfig &&
			echo "$base" >"$o/.lc-base"
	} >"$logs/config-$1.log" 2>&1
}
for a in $arches; do
	o=$cdir/o-$a
	frag=$LC_TOP/check/configs/$a.config
	[ -f "$frag" ] || die "no config fragment check/configs/$a.config"
	if [ ! -f "$o/.config" ] || [ -n "$(find "$frag" -newer "$o/.config")" ] ||
		[ "$(cat "$o/.lc-base" 2>/dev/null)" != "$base" ]; then
		step CONFIG "$a: defconfig + check/configs/$a.config"
		config_of "$a" &
		bg="$bg $!"
	fi
done
join_bg
for a in $arches; do
	o=$cdir/o-$a
	frag=$LC_TOP/check/configs/$a.config
	[ -f "$o/.lc-base" ] || die "could not configure $a (see $logs/config-$a.log)"
	# a symbol this family's Kconfig does not have (a driver of a later
	# family) is left out, said; any other line must take
	unk=$(kconfig_unknown "$src" "$frag")
	[ -z "$unk" ] || echo "  CONFIG   $a: not in this tree's Kconfig, left out: $(echo "$unk" | paste -sd' ' -)"
	bad=$(config_refused_known "$unk" "$o/.config" "$frag" | paste -sd' ' -)
	[ -z "$bad" ] || die "Kconfig did not take on $a: $bad (see $o/.config)"
done
t_cfg=$(( $(date +%s) - t0 ))

# build_check ARCH LOGBASE WANT_I OBJS...: one make run builds OBJS with
# W=1 and checks them with sparse (C=2, through check/sparse-log.sh, which
# also writes the .i files named in WANT_I, a space-separated list, for the
# changed lines; none for the others, each costs a preprocessor run):
# LOGBASE.build.log has the build,
# LOGBASE.sparse.log what sparse said, file by file, and $st/built-ARCH
# "<make's exit status> <seconds>".  Meant to run in the background, one
# arch beside the other.
build_check() {
	bc_a=$1
	bc_log=$2
	bc_wi=$3
	shift 3
	bc_t=$(date +%s)
	bc_sd=$st/checks-$bc_a
	rm -rf "$bc_sd"
	mkdir -p "$bc_sd"
	bc_rc=0
	LC_SPARSE_DIR=$bc_sd LC_CPP=$(cc_of "$bc_a") LC_WANT_I=$bc_wi kmake "$bc_a" -k W=1 C=2 \
		CHECK="$LC_TOP/check/sparse-log.sh" "$@" >"$bc_log.build.log" 2>&1 ||
		bc_rc=$?
	find "$bc_sd" -name '*.log' | sort | xargs -r cat >"$bc_log.sparse.log"
	echo "$bc_rc $(( $(date +%s) - bc_t ))" >"$st/built-$bc_a"
}

# sparse_state ARCH LOG: "object<TAB>path: kind: message" for each object
# CHECKed in LOG (positions dropped: lines move, messages do not).
sparse_state() {
	awk -v src="$src" -v rel="$rel" '
		function strip(p) {
			if (index(p, src "/") == 1)
				return substr(p, length(src) + 2)
			if (index(p, rel "/") == 1)
				return substr(p, length(rel) + 2)
			return ""
		}
		/^  CHECK   / { f = strip($2); sub(/\.c$/, ".o", f); print f "\t"; next }
		f != "" && / (warning|error): / && (l = strip($0)) != "" {
			sub(/:[0-9]+:[0-9]+: /, ": ", l)
			print f "\t" l
		}' "$2" | sort
}

# ------------------------------------------------------------ the base
t0=$(date +%s)
base_broken=
# the arches side by side: most of a make run is Kbuild's single-threaded
# set-up
for a in $arches; do
	objs=$(objs_on "$a")
	step BUILD "base, $a: $(echo "$objs" | grep -c .) objects (W=1, sparse C=2)"
	# shellcheck disable=SC2086 # one object per word
	build_check "$a" "$logs/base-$a" "" $objs &
	bg="$bg $!"
done
join_bg
for a in $arches; do
	read -r rc _ <"$st/built-$a"
	[ "$rc" -eq 0 ] || base_broken="$base_broken $a"
	sparse_state "$a" "$logs/base-$a.sparse.log" >"$st/sparse-$a"
done
t_base=$(( $(date +%s) - t0 ))

# ------------------------------------------------------------ patches
fail=0
applied=yes
t0=$(date +%s)
for p in $P; do
	pn=$(basename "$p" | cut -c1-4)
	subj=$(git mailinfo /dev/null /dev/null <"$p" | sed -n 's/^Subject: //p')
	files=$(files_of "$p")
	if [ "$applied" = no ]; then
		rec patch="$pn" subject="$subj" check=apply status=skip
		rec patch="$pn" subject="$subj" check=verdict status=skip
		continue
	fi
	step PATCH "$pn $subj"
	if ! git -C "$src" apply "$p" 2>"$logs/$pn.apply"; then
		applied=no
		fail=1
		rec patch="$pn" subject="$subj" check=apply status=fail \
			message="$(head -n 1 "$logs/$pn.apply")" log="logs/$pn.apply"
		rec patch="$pn" subject="$subj" check=verdict status=fail
		continue
	fi
	rec patch="$pn" subject="$subj" check=apply status=ok
	# checkpatch: the tree's own
	(cd "$src" && perl scripts/checkpatch.pl -q --no-summary --show-types "$p") \
		>"$logs/$pn.checkpatch" 2>&1 || true
	ce=$(grep -c '^ERROR:' "$logs/$pn.checkpatch" || true)
	cw=$(grep -c '^WARNING:' "$logs/$pn.checkpatch" || true)
	cc=$(grep -c '^CHECK:' "$logs/$pn.checkpatch" || true)
	verdict=PASS
	[ "$ce" -eq 0 ] || verdict=FAIL
	hdr=$(echo "$files" | grep '\.h$' || true)
	mine_c=$(echo "$files" | grep '\.c$' | paste -sd' ' - || true)
	want=$logs/$pn.want
	echo "$files" | grep -E '\.[ch]$' >"$want" || true
	builds=
	snew=0
	: >"$logs/$pn.seen"
	: >"$logs/$pn.details"
	# the builds: one make run per arch, the arches side by side
	run=
	for a in $(for f in $files; do arches_of "$f"; done | sort -u); do
		if [ -n "$hdr" ]; then
			objs=$(objs_on "$a")
		else
			# the patch's own objects on this arch, from the list made
			# at the start
			objs=$(for f in $mine_c; do
				if [ -f "$src/$f" ] && grep -q -x "$a ${f%.c}.o" "$st/objs"; then
					echo "${f%.c}.o"
				fi
			done)
		fi
		[ -n "$objs" ] || continue
		# .i files: the patch's own .c here, and one includer per header
		ii=$(for o in $objs; do
			case " $mine_c " in *" ${o%.o}.c "*) echo "${o%.o}.i" ;; esac
		done)
		for h in $hdr; do
			for o in $objs; do
				cmdf=$cdir/o-$a/$(dirname "$o")/.$(basename "$o").cmd
				if grep -q -e "$src/$h" -e "$rel/$h" "$cmdf" 2>/dev/null; then
					ii="$ii ${o%.o}.i"
					break
				fi
			done
		done
		echo "$objs" >"$st/objs-$a"
		echo "$ii" >"$st/ii-$a"
		for i in $ii; do rm -f "$cdir/o-$a/$i"; done
		# shellcheck disable=SC2086 # one target per word
		build_check "$a" "$logs/$pn-$a" "$(echo "$ii" | tr '\n' ' ')" $objs &
		bg="$bg $!"
		run="$run $a"
	done
	join_bg
	# then what each build and check said, arch by arch
	for a in $run; do
		objs=$(cat "$st/objs-$a")
		ii=$(cat "$st/ii-$a")
		read -r rc secs <"$st/built-$a"
		if [ "$rc" -eq 0 ]; then
			bs=ok
		else
			bs=FAIL
			verdict=FAIL
			{
				echo "build on $a failed:"
				sed "$strip_src" "$logs/$pn-$a.build.log" |
					grep -E "^[^ :]+:[0-9]+:[0-9]+: error: |No rule to make target" |
					sed 's/^/    /' | head -n 8
			} >>"$logs/$pn.details"
		fi
		# .i files the build's CHECK did not write (a file that did not
		# compile, a kernel whose c_flags it does not know) from Kbuild,
		# on their own: Kbuild refuses a.o and a.i of a composite
		# module's member in one run.  W=1 as in the build: another
		# command line would rebuild the prepare stage's own objects
		# (bounds.s, asm-offsets.s, modpost) in both runs
		miss=$(for i in $ii; do [ -f "$cdir/o-$a/$i" ] || echo "$i"; done)
		# shellcheck disable=SC2086
		[ -z "$miss" ] || kmake "$a" -k W=1 $miss >"$logs/$pn-$a.cpp.log" 2>&1 || true
		sparse_state "$a" "$logs/$pn-$a.sparse.log" >"$st/sparse-new"
		cut -f 1 "$st/sparse-new" | sort -u >"$st/checked"
		# before: the last check of the same objects
		awk -F '\t' 'NR == FNR { c[$1] = 1; next } $1 in c' "$st/checked" \
			"$st/sparse-$a" | sort >"$st/sparse-old"
		comm -13 "$st/sparse-old" "$st/sparse-new" | awk -F '\t' '$2 != ""' >"$st/sparse-added"
		n=$(grep -c . "$st/sparse-added" || true)
		bst=ok
		[ "$bs" = ok ] || bst=fail
		rec patch="$pn" subject="$subj" arch="$a" check=build status=$bst \
			figures.seconds:="$secs" log="logs/$pn-$a.build.log"
		ss=ok
		[ "$n" -eq 0 ] || ss=fail
		rec patch="$pn" subject="$subj" arch="$a" check=sparse status=$ss \
			figures.new:="$n" log="logs/$pn-$a.sparse.log"
		if [ "$n" -gt 0 ]; then
			snew=$((snew + n))
			verdict=FAIL
			{
				echo "sparse on $a: $n new warning(s):"
				cut -f 2 "$st/sparse-added" | sed 's/^/    /' | head -n 8
			} >>"$logs/$pn.details"
		fi
		awk -F '\t' 'NR == FNR { c[$1] = 1; next } !($1 in c)' "$st/checked" \
			"$st/sparse-$a" >"$st/sparse-keep"
		sort "$st/sparse-keep" "$st/sparse-new" >"$st/sparse-$a"
		# gcc W=1 warnings in the patch's files, listed
		sed "$strip_src" "$logs/$pn-$a.build.log" |
			grep -E "^[^ :]+:[0-9]+:[0-9]+: warning: .*\[-W" | grep -F -f "$want" |
			sed "s/^/    $a W=1: /" >>"$logs/$pn.details" || true
		# what the preprocessor let through, for the changed lines
		for i in $ii; do
			[ ! -f "$cdir/o-$a/$i" ] ||
				awk -v src="$src" -v rel="$rel" -v want="$want" -f "$LC_TOP/check/seen-lines.awk" \
					"$cdir/o-$a/$i" >>"$logs/$pn.seen"
		done
		builds="$builds $a:$bs:${secs}s"
	done
	# changed lines of C the compiler saw
	awk -f "$LC_TOP/check/patch-lines.awk" "$p" >"$logs/$pn.added"
	sort -u "$logs/$pn.seen" >"$logs/$pn.seen.s"
	total=$(grep -c . "$logs/$pn.added" || true)
	awk -F '\t' -v seen="$logs/$pn.seen.s" '
		BEGIN { while ((getline l < seen) > 0) s[l] = 1 }
		!(($1 "\t" $2) in s) {
			t = $0
			sub(/^[^\t]*\t[^\t]*\t/, "", t)
			print "    never compiled: " $1 ":" $2 ": " t
		}
	' "$logs/$pn.added" >"$logs/$pn.never"
	never=$(grep -c . "$logs/$pn.never" || true)
	cat "$logs/$pn.never" >>"$logs/$pn.details"
	[ "$ce" -eq 0 ] || sed -n 's/^ERROR:/    checkpatch ERROR:/p' "$logs/$pn.checkpatch" >>"$logs/$pn.details"
	sed -n 's/^WARNING:/    checkpatch WARNING:/p' "$logs/$pn.checkpatch" >>"$logs/$pn.details"
	[ "$verdict" = PASS ] || fail=1
	cs=ok
	[ "$ce" -eq 0 ] || cs=fail
	rec patch="$pn" subject="$subj" check=checkpatch status=$cs figures.errors:="$ce" \
		figures.warnings:="$cw" figures.checks:="$cc" log="logs/$pn.checkpatch"
	lcs=ok
	[ "$never" -eq 0 ] || lcs=fail
	rec patch="$pn" subject="$subj" check=lines-compiled status=$lcs \
		figures.compiled:=$((total - never)) figures.total:="$total" log="logs/$pn.never"
	vs=pass
	[ "$verdict" = PASS ] || vs=fail
	rec patch="$pn" subject="$subj" check=verdict status=$vs log="logs/$pn.details"
	step RESULT "$pn $verdict (builds:$builds; sparse new: $snew; checkpatch E/W/C: $ce/$cw/$cc; lines compiled: $((total - never))/$total)"
done
t_patches=$(( $(date +%s) - t0 ))

# ------------------------------------------------------------ qemu
t_qk=0
t_qkw=0
t_qr=0
: >"$st/qemu"
# a failure of the QEMU stage: its record says so, and the run fails
qfail=0
if [ "$qemu" = yes ] && [ "$applied" = yes ]; then
	oq=$cdir/o-qemu
	t0=$(date +%s)
	step WAIT "qemu: the test kernel's build"
	wait "$qk_pid" || true
	qk_pid=
	t_qkw=$(( $(date +%s) - t0 ))
	qks=$(cat "$st/qemu-kernel" 2>/dev/null || echo "build 0")
	t_qk=${qks#* }
	if [ "${qks%% *}" = ok ]; then
		step QEMU "test kernel built in ${t_qk}s beside the bisect, ${t_qkw}s of it after"
		t0=$(date +%s)
		qr() { sh "$LC_TOP/check/qemu-run.sh" --kernel-out "$oq" --virtual-clock "$@"; }
		# The guests sleep more than they compute (a PCI bus reset sleeps 1 s
		# in the guest), so guest time runs on QEMU's virtual clock, and the
		# five boots run side by side on this machine's CPUs; the initramfs
		# is built once, first, so that they do not race to build it.
		qr --prepare >"$logs/qemu-prepare.txt" 2>&1 ||
			die "could not build the guest's initramfs (see $logs/qemu-prepare.txt)"
		step QEMU "5 boots side by side: life cycle (mtty, mdpy, mbochs, vfio-pci x$cycles), fail-nth on mtty, mdpy, mbochs, negative controls"
		pids=
		qr --tests mtty,mdpy,mbochs,pci --cycles "$cycles" --keep-loaded --parallel \
			--log "$logs/qemu.log" >"$logs/qemu.txt" 2>&1 &
		lc_pid=$!
		# fail-nth over each parent's create path, a boot each: a kernel
		# oops stops a run, and must not take the others with it
		for m in mtty mdpy mbochs; do
			fl=$logs/qemu-faults-$m.log
			qr --tests "faults-$m" --cycles 1 --timeout 600 --log "$fl" >"$fl.txt" 2>&1 &
			pids="$pids $!"
		done
		# the negative controls, one boot: the watchers must catch what is
		# planted, and the run must fail
		nl=$logs/qemu-negative.log
		qr --tests leak,uaf --cycles 1 --log "$nl" >"$nl.txt" 2>&1 &
		pids="$pids $!"
		rc=0
		wait "$lc_pid" || rc=$?
		for p in $pids; do
			wait "$p" || true
		done
		step QEMU "done in $(( $(date +%s) - t0 ))s"
		res=$(tail -n 1 "$logs/qemu.txt")
		[ "$rc" -eq 0 ] || qfail=1
		echo "life cycle	$res" >>"$st/qemu"
		for t in mtty mdpy mbochs vfio-pci; do
			r=$(grep -a -m1 "^# $t: [0-9]* of [0-9]* rounds" "$logs/qemu.log" | tr -d '\r' | sed "s/^# $t: //")
			n=$(grep -a -m1 "^# vfio-dev node: $t: " "$logs/qemu.log" | tr -d '\r' | sed "s/^# vfio-dev node: $t: //")
			echo "  $t	${r:-no result}; vfio-dev node ${n:-not checked}" >>"$st/qemu"
		done
		grep '^  KNOWN ' "$logs/qemu.txt" | sed 's/^  KNOWN  */  known core warning\t/' >>"$st/qemu" || true
		for m in mtty mdpy mbochs; do
			fl=$logs/qemu-faults-$m.log
			r=$(tail -n 1 "$fl.txt")
			fs=$(grep -a '^# faults: ' "$fl" | tr -d '\r' | sed 's/^# faults: //' || true)
			kn=$(grep -c '^  KNOWN ' "$fl.txt" || true)
			case "$r" in
			"RESULT: PASS")
				echo "faults $m	$fs ($kn kinds of known core warning)" >>"$st/qemu" ;;
			*)
				# stopped by a bug the known list names?
				why=$(awk -F '\t' -v lf="$fl" '
					/^#/ || NF < 3 { next }
					{ s[++n] = $1; c[n] = $2; w[n] = $3 }
					END {
						while ((getline l < lf) > 0) {
							for (i = 1; i <= n; i++) {
								if (l ~ s[i]) hs[i] = 1
								if (l ~ c[i]) hc[i] = 1
							}
						}
						for (i = 1; i <= n; i++)
							if (hs[i] && hc[i] && s[i] ~ /^BUG/) { print w[i]; exit }
					}' "$LC_TOP/check/kernel/known-core-warnings")
				if [ -n "$why" ]; then
					upto=$(grep -a -c '^# fault [0-9]*: ' "$fl" || true)
					echo "faults $m	$upto allocation failures handled, then stopped by a known kernel-core bug, not the series: $why" >>"$st/qemu"
				else
					echo "faults $m	FAIL: $r" >>"$st/qemu"
					qfail=1
				fi ;;
			esac
		done
		r=$(tail -n 1 "$nl.txt")
		for neg in 'leak:kmemleak:LC-FAIL: kmemleak: [0-9]+ unreferenced' 'uaf:KASAN:BUG: KASAN: .*use-after-free'; do
			t=${neg%%:*}
			what=${neg#*:}
			re=${what#*:}
			what=${what%%:*}
			case "$r" in
			"RESULT: FAIL"*)
				if grep -a -q -E "$re" "$nl"; then
					echo "negative control $t	caught by $what" >>"$st/qemu"
				else
					echo "negative control $t	MISSED: no $what report" >>"$st/qemu"
					qfail=1
				fi ;;
			*) echo "negative control $t	MISSED: $r" >>"$st/qemu"; qfail=1 ;;
			esac
		done
		t_qr=$(( $(date +%s) - t0 ))
	else
		qfail=1
		echo "qemu kernel	BUILD FAILED: ${qks%% *} (see $logs/qemu-build.log)" >>"$st/qemu"
	fi
fi
[ "$qfail" -eq 0 ] || fail=1

# ------------------------------------------------------------ naive
if [ "$naive" = yes ]; then
	on=$cdir/o-naive
	rm -rf "$on"
	mkdir -p "$on"
	step NAIVE "one full x86_64 build (defconfig + check/configs/x86_64.config), no ccache"
	cp "$cdir/o-x86_64/.config" "$on/.config"
	t0=$(date +%s)
	CCACHE_DISABLE=1 KO=$on kmake x86_64 olddefconfig all >"$logs/naive.log" 2>&1 ||
		die "the naive build failed (see $logs/naive.log)"
	echo "$(( $(date +%s) - t0 )) $(date -u +%Y-%m-%d)" >"$cdir/naive.txt"
	rm -rf "$on"
fi

t_total=$(( $(date +%s) - t_all ))
qs=skip
if [ -s "$st/qemu" ]; then
	qs=ok
	[ "$qfail" -eq 0 ] || qs=fail
fi
# the lines of $st/qemu, "what<TAB>result", each become a result
rec check=qemu status=$qs figures.cycles:="$cycles" results@="$st/qemu" log=logs/qemu.log
# one full build's time of an earlier --naive run, kept
nv=
[ ! -f "$cdir/naive.txt" ] || nv=$(cat "$cdir/naive.txt")
# shellcheck disable=SC2046 # naive.seconds and naive.date, two words
rec check=timings figures.src:="$t_src" figures.cfg:="$t_cfg" figures.base:="$t_base" \
	figures.patches:="$t_patches" figures.qk:="$t_qk" figures.qkw:="$t_qkw" \
	figures.qr:="$t_qr" figures.total:="$t_total" figures.cpus:="$(ncpus)" \
	$([ -z "$nv" ] || echo "naive.seconds:=${nv% *} naive.date=${nv#* }")
rec check=run name="$name" base="$base" base_subject="$(git -C "$src" log -1 --format='%h %s' "$base")" \
	arches="$arches" broken="${base_broken# }" figures.cycles:="$cycles"
sh "$LC_TOP/check/report.sh" "$out"
[ "$fail" -eq 0 ] || exit 3
exit 0
