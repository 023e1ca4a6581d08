#!/bin/sh
# make series KERNEL=<tree>: the conversion series for a kernel tree, as
# git format-patch files in drivers-out/<name>/series/.
#
#   01     the core helpers (core-patch/<family>/, hand-written)
#   02..   one patch per driver group (scripts/series-drivers.tsv order),
#          converted by the semantic patches (scripts/cocci-convert.sh)
#          A driver the rules leave to a human takes the hand-written
#          patches of its row instead: core-patch/<family>/hand/<row>-*.patch
#          or --hand DIR (same names), when they apply to this tree.
#   then   the rename of vfio_device_put()/vfio_device_try_get()
#          (cocci/vfio_rename_registration.cocci)
#   last   core-patch/<family>/00NN-*.patch after 0001 (struct device in
#          vfio_device, and what it needs), only once no driver uses the
#          old calls any more: they remove them.
#
# The user's tree is only read: the work is a shared, unchecked-out clone
# under drivers-out/<name>/tree whose index takes the changes (no work
# tree, so nothing big is written).  Commit dates are the base commit's,
# so two runs give the same bytes.
#
# Usage: scripts/series-kernel.sh [--name NAME] [--hand DIR|--no-hand] [--cc] KERNEL
#   --cc   To:/Cc: lines from the tree's scripts/get_maintainer.pl
# Exit: 0 series written, 1 bad input (nothing written), 3 series written
# but some driver needs a human (listed in the cover letter).
set -eu
. "$(dirname "$0")/lib.sh"

name=
hand=
cc=no
while [ $# -gt 0 ]; do
	case "$1" in
	--name) name=$2; shift 2 ;;
	--hand) hand=$(cd "$2" 2>/dev/null && pwd) || die "--hand $2: no such directory"; shift 2 ;;
	--no-hand) hand=none; shift ;;
	--cc) cc=yes; shift ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: make series KERNEL=<kernel git tree>"
need_cmd git spatch python3
kernel=$(cd "$1" 2>/dev/null && pwd) || die "$1: no such directory"

# ---------------------------------------------------------------- survey
step SURVEY "$kernel"
if [ ! -f "$kernel/Makefile" ] || ! grep -q '^VERSION *=' "$kernel/Makefile" ||
	[ ! -d "$kernel/include/linux" ]; then
	die "$kernel is not a kernel tree (no top-level Makefile with VERSION, no include/linux/)"
fi
top=$(git -C "$kernel" rev-parse --show-toplevel 2>/dev/null) ||
	die "$kernel is not a git tree: the series is built on its HEAD commit (git init && git add -A && git commit first)"
[ "$top" = "$kernel" ] || die "$kernel is inside the git tree $top, not its top: give the top"
git -C "$kernel" rev-parse -q --verify HEAD >/dev/null || die "$kernel: no commit yet"
dirty=$(git -C "$kernel" status --porcelain --untracked-files=no | head -n 5)
[ -z "$dirty" ] || die "$kernel has uncommitted changes (commit or stash them; the series is built on HEAD):
$dirty"
[ -f "$kernel/include/linux/vfio.h" ] || die "$kernel has no include/linux/vfio.h: no vfio in this tree"
api=$(sh "$LC_TOP/scripts/target-api.sh" "$kernel")
ver=$(sed -n 's/^VERSION *= *//p' "$kernel/Makefile" | head -n 1)
lvl=$(sed -n 's/^PATCHLEVEL *= *//p' "$kernel/Makefile" | head -n 1)
# the base family from the tree's layout, never from the version (vendor
# trees backport): scripts/lcfamily.py reads core-patch/families.tsv;
# family names the core-patch directory from here on
fam=$(python3 "$LC_TOP/scripts/lcfamily.py" "$kernel") || exit $?
family=$(echo "$fam" | cut -f 2)
core=$(echo "$fam" | cut -f 3)
[ "$family" != none ] || family=$ver.$lvl
OLD_RE=$LC_OLD_RE
# the core and the pci-core library define the old calls; the drivers use them
old_files=$(git -C "$kernel" grep -l -w -E "$OLD_RE" HEAD -- '*.c' |
	sed 's/^HEAD://' | grep -v -x -e "$core" -e drivers/vfio/pci/vfio_pci_core.c || true)
echo "  base:   $(git -C "$kernel" log -1 --format='%h %s') (Linux $ver.$lvl, vfio core API: $api, core: ${core:-none})"
echo "  family: $(echo "$fam" | cut -f 1) -> core-patch/$family, $(echo "$fam" | cut -f 4)"
echo "  old-API files: $(echo "$old_files" | grep -c . || true)"
patches=${VFIO_LC_CORE_PATCHES:-$LC_TOP/core-patch/$family}
case "$api" in
old)
	[ -n "$old_files" ] || die "$kernel: the core has the old API but no driver uses it: nothing to convert"
	if [ ! -d "$patches" ] || ! ls "$patches"/0001-*.patch >/dev/null 2>&1; then
		die "$kernel: Linux $family with the core in $core: no core patches for this base family (supported: $(find "$LC_TOP/core-patch" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | paste -sd' ' -))"
	fi
	# the core patches must fit this tree's layout: checked on a scratch
	# index, before anything is written
	chk=$(mktemp)
	GIT_INDEX_FILE=$chk git -C "$kernel" read-tree HEAD
	for p in "$patches"/0001-*.patch; do
		if ! GIT_INDEX_FILE=$chk git -C "$kernel" apply --cached --check "$p" 2>"$chk.err"; then
			err=$(head -n 3 "$chk.err")
			rm -f "$chk" "$chk.err"
			die "${p#"$LC_TOP"/} does not apply: this tree (core in $core) is not laid out like the Linux $family family the core patches were written for; nothing was written
$err"
		fi
	done
	rm -f "$chk" "$chk.err"
	target=6.1
	;;
*)
	if [ -z "$old_files" ]; then
		echo "$kernel is already converted (vfio core API $api) and no driver uses the old calls: nothing to do"
		exit 0
	fi
	echo "  the core is already converted ($api): only the drivers still in the old form get patches"
	target=$api
	;;
esac

[ -n "$name" ] || name=$(basename "$kernel")
case "$name" in *[!A-Za-z0-9._-]*) die "--name: letters, digits, . _ - only" ;; esac
out=$LC_TOP/drivers-out/$name
work=$out/tree
rm -rf "$work" "$out/series" "$out/src" "$out/conv"
mkdir -p "$out"

# ------------------------------------------------------------ the clone
step CLONE "$work (shared, no checkout)"
git clone -q --shared --no-checkout "$kernel" "$work"
G() { git -C "$work" "$@"; }
G read-tree HEAD
base=$(G rev-parse HEAD)
when=$(G log -1 --format=%cI "$base")
uname=$(git -C "$kernel" config user.name || true)
umail=$(git -C "$kernel" config user.email || true)
if [ -z "$uname" ] || [ -z "$umail" ]; then
	die "git config user.name/user.email are not set: they sign the patches (Signed-off-by)"
fi
GIT_AUTHOR_NAME=$uname GIT_AUTHOR_EMAIL=$umail GIT_AUTHOR_DATE=$when
GIT_COMMITTER_NAME=$uname GIT_COMMITTER_EMAIL=$umail GIT_COMMITTER_DATE=$when
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE
sob="Signed-off-by: $uname <$umail>"

# commit SUBJECT BODYFILE: commit the index on HEAD.
commit() {
	{
		echo "$1"
		echo
		cat "$2"
		echo
		echo "$sob"
	} >"$out/msg"
	c=$(G commit-tree "$(G write-tree)" -p "$(G rev-parse HEAD)" -F "$out/msg")
	G update-ref HEAD "$c"
	step COMMIT "$1"
}

# put FILE SRC: FILE (path in the tree) takes the content of SRC.
put() {
	h=$(G hash-object -w --path "$1" "$2")
	G update-index --add --cacheinfo "100644,$h,$1"
}

# apply_patch PATCH NOTE: PATCH (git format-patch) on the index, committed
# with its own subject and message, NOTE appended.
apply_patch() {
	step APPLY "${1#"$LC_TOP"/}"
	G apply --cached "$1" || die "${1#"$LC_TOP"/} does not apply to $kernel: this base differs from the $family family it was written for"
	G mailinfo "$out/pmsg" "$out/ppatch" <"$1" >"$out/pinfo"
	ps=$(sed -n 's/^Subject: //p' "$out/pinfo")
	# the user sends it and signs it off, like every patch here
	{
		grep -v '^Signed-off-by: ' "$out/pmsg" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
		echo
		echo "$2" | fold -s -w 72 | sed 's/ *$//'
	} >"$out/pbody"
	commit "$ps" "$out/pbody"
}

# applies_on_head PATCH...: they apply in order to the index (scratch copy)
applies_on_head() {
	cp "$work/.git/index" "$out/scratch.index"
	for a in "$@"; do
		if ! GIT_INDEX_FILE=$out/scratch.index G apply --cached "$a" 2>/dev/null; then
			rm -f "$out/scratch.index"
			echo "${a##*/}"
			return 1
		fi
	done
	rm -f "$out/scratch.index"
}

# ------------------------------------------------------- 01: core patches
if [ "$api" = old ]; then
	for p in "$patches"/0001-*.patch; do
		apply_patch "$p" "From vfio-lifecycle's core-patch/$family."
	done
fi

# ------------------------------------------------ drivers done by hand
# <row>-NNNN-*.patch: the row's patches, in order; a row goes whole or
# not at all, and only for files that still use the old calls.
[ -n "$hand" ] || hand=$patches/hand
{ [ "$hand" != none ] && [ -d "$hand" ]; } || hand=
hand_rows=
hand_files=
if [ -n "$hand" ]; then
	for row in $(find "$hand" -maxdepth 1 -name '*-[0-9][0-9][0-9][0-9]-*.patch' -printf '%f\n' |
		sed 's/-[0-9][0-9][0-9][0-9]-.*//' | sort -u); do
		rp=$(find "$hand" -maxdepth 1 -name "$row-[0-9][0-9][0-9][0-9]-*.patch" | sort)
		# shellcheck disable=SC2086 # one patch per word
		rf=$(cat $rp | G apply --numstat - 2>/dev/null | cut -f 3 | sort -u)
		if [ -z "$rf" ] || ! echo "$old_files" | grep -q -x -F "$rf"; then
			echo "  hand:   $row: its files do not use the old calls here: not used"
			continue
		fi
		# shellcheck disable=SC2086
		if bad=$(applies_on_head $rp); then
			hand_rows="$hand_rows $row"
			hand_files="$hand_files $rf"
			echo "  hand:   $row: $(echo "$rp" | grep -c .) hand-written patch(es) from ${hand#"$LC_TOP"/} replace the rules for $(echo "$rf" | paste -sd' ' -)"
		else
			echo "  hand:   $row: $bad does not apply to this tree: not used (the rules' result stands)"
		fi
	done
fi
# shellcheck disable=SC2086 # one path per word
conv_files=$(echo "$old_files" | grep -v -x -F "$(printf '%s\n' $hand_files)" || true)
[ -n "$hand_files" ] || conv_files=$old_files

# ---------------------------------------------------------- conversion
src=$out/src
mkdir -p "$src"
conv=$out/conv
report=$conv/.cocci/conversion.txt
if [ -n "$conv_files" ]; then
	dirs=$(echo "$conv_files" | xargs -n 1 dirname | sort -u)
	# shellcheck disable=SC2086 # one directory per word
	G archive HEAD $dirs | tar -x -C "$src"
	step CONVERT "$(echo "$conv_files" | grep -c .) files, target API $target"
	set +e
	# shellcheck disable=SC2086 # one path per word
	(cd "$src" && sh "$LC_TOP/scripts/cocci-convert.sh" --target "$target" --out "$conv" $conv_files) >"$out/convert.log" 2>&1
	crc=$?
	set -e
	[ "$crc" -eq 0 ] || [ "$crc" -eq 3 ] || die "the conversion failed (see $out/convert.log)"
else
	mkdir -p "$conv/.cocci"
	: >"$report"
fi
cp "$report" "$out/conversion.txt"

# converted files and, for a mid-layer, the members that go together
converted=$(sed -n 's/^\([^:]*\): converted .*/\1/p' "$report")
groups=$conv/.cocci/groups
[ -f "$groups" ] || : >"$groups"

# body FILE...: what the conversion did, from the verdicts and the result.
body() {
	for f in "$@"; do
		v=$(sed -n "s|^$f: converted (\\(.*\\))\$|\\1|p" "$report")
		case "$v" in
		*"mid-layer;"*)
			ini=$(echo "$v" | sed -n 's/.*mid-layer; \([a-z0-9_]*\)(), \([a-z0-9_]*\)().*/\1/p')
			rel=$(echo "$v" | sed -n 's/.*mid-layer; \([a-z0-9_]*\)(), \([a-z0-9_]*\)().*/\2/p')
			echo "$f is a library its callers allocate for: what its probe helper set up before registering becomes $ini(), what its remove helper undid becomes $rel(); both are exported for the callers' @init/@release. The ops move to the callers, each with its own @init/@release; their callbacks are exported." ;;
		*prototypes*)
			echo "$(basename "$f") declares the new helpers and the exported callbacks." ;;
		*"completion member"*)
			echo "$f: the structure gets the completion member that the @release of its vfio device signals." ;;
		idiomatic", parent-owned"*)
			rel=$(echo "$v" | sed -n 's/.*vfio_init_device(); \([a-z0-9_]*\)() signals.*/\1/p')
			cmp=$(echo "$v" | sed -n 's/.*() signals \([a-z0-9_]*\).*/\1/p')
			echo "$f: the structure belongs to the parent, not to the vfio device: vfio_init_device() initialises it, and its @release, $rel(), frees nothing. The last reference to a vfio device can outlive vfio_put_device(), while the parent may free the structure or reuse it for the next probe as soon as remove returns; so $rel() completes $cmp and every put waits for it. Probe sets up nothing that the registration failure or remove undoes: nothing moves into @init or @release." ;;
		"parent-owned, minimal"*)
			rel=$(echo "$v" | sed -n 's/.*vfio_init_device(); \([a-z0-9_]*\)() signals.*/\1/p')
			cmp=$(echo "$v" | sed -n 's/.*() signals \([a-z0-9_]*\).*/\1/p')
			why=$(echo "$v" | sed -n 's/.*not idiomatic: //p')
			echo "$f: the structure belongs to the parent, not to the vfio device: vfio_init_device() initialises it, and its @release, $rel(), frees nothing but completes $cmp, which every put waits for, so the parent frees or reuses the structure only once no reference is left. Probe and remove keep their set-up and tear-down${why:+ ($why)}." ;;
		idiomatic*": no set-up"*)
			echo "$f: the core allocates the state (vfio_alloc_device()) and drops it with vfio_put_device(); the driver had nothing to set up in between." ;;
		idiomatic*)
			fns=$(echo "$v" | sed 's/^[^:]*: //; s/; minimal elsewhere.*//')
			ini=$(echo "$fns" | sed -n 's/^\([a-z0-9_]*\)().*/\1/p')
			rel=$(echo "$fns" | sed -n 's/.*, \([a-z0-9_]*\)()$/\1/p')
			calls=$(sed -n "/^static int $ini(/,/^}/p" "$conv/$f" |
				grep -o '\<[a-z_][a-z0-9_]*(' | tr -d '(' |
				grep -v -x -e container_of -e 'to_[a-z_]*' -e "$ini" | sort -u | paste -sd, - | sed 's/,/(), /g')
			[ -n "$rel" ] || rel="the release callback"
			fin=
			[ "$target" != 6.1 ] || fin=", which ends in vfio_free_device()"
			echo "$f: the core allocates the state (vfio_alloc_device()) and drops it with vfio_put_device(); the set-up probe did after the allocation moves into $ini() (@init${calls:+: $calls()}), the tear-down remove did before the free into $rel() (@release)$fin." ;;
		minimal*)
			why=$(echo "$v" | sed -n 's/.*not idiomatic: //p')
			echo "$f: the core allocates the state (vfio_alloc_device()) and drops it with vfio_put_device(); probe and remove keep their set-up and tear-down${why:+ (moving them would change the driver: $why)}." ;;
		parent-owned*)
			echo "$f: the structure belongs to the parent, not to the vfio device: vfio_init_device() initialises it and the @release frees nothing; the parent frees it after the device is gone." ;;
		esac
		echo
	done | fold -s -w 72 | sed 's/ *$//' | sed '$d' >"$out/body"
	printf '\n%s\n' "Generated by vfio-lifecycle's semantic patches (cocci/)." >>"$out/body"
}

# cc_hdr PATCH LIST: To:/Cc: headers before the end of PATCH's mail
# headers, from get_maintainer.pl --roles lines: To: the maintainers and
# supporters, Cc: reviewers, lists and the rest.
cc_hdr() {
	awk -v list="$2" '
		BEGIN {
			while ((getline l < list) > 0) {
				# "Name <mail> (role:...)" or "list@host (open list:...)"
				r = l; sub(/^[^(]*\(/, "", r)
				a = l; sub(/ *\(.*$/, "", a)
				if (a == "" || a in seen) continue
				seen[a] = 1
				if (r ~ /^(maintainer|supporter)/) to = to (to == "" ? "" : ",\n ") a
				else cc = cc (cc == "" ? "" : ",\n ") a
			}
		}
		!done && /^$/ {
			if (to != "") print "To: " to
			if (cc != "") print "Cc: " cc
			done = 1
		}
		{ print }
	' "$1" >"$1.new" && mv "$1.new" "$1"
}

# prefix FILE FALLBACK: the subject prefix the file's history uses.
prefix() {
	p=$(git -C "$kernel" log -n 30 --no-merges --format=%s HEAD -- "$1" 2>/dev/null |
		sed -n 's/^\([A-Za-z0-9_/.-]*\): .*/\1/p' | sort | uniq -c | sort -rn | awk 'NR == 1 && $1 >= 2 { print $2 }')
	echo "${p:-$2}"
}

done_files=
summary=$out/summary
: >"$summary"
claim() {
	for f in $1; do
		case " $done_files " in *" $f "*) continue ;; esac
		echo "$f"
	done
}
tab=$(printf '\t')
while IFS=$tab read -r gname globs gprefix garch; do
	case "$gname" in '' | '#'*) continue ;; esac
	byhand=
	case " $hand_rows " in
	*" $gname "*)
		for p in $(find "$hand" -maxdepth 1 -name "$gname-[0-9][0-9][0-9][0-9]-*.patch" | sort); do
			apply_patch "$p" "Written by hand (from ${hand#"$LC_TOP"/}/): the semantic patches leave this driver to a human."
			hf=$(G apply --numstat "$p" | cut -f 3 | paste -sd' ' -)
			done_files="$done_files $hf"
		done
		byhand=yes
		echo "$gname	$garch	$(echo "$hand_files" | tr ' ' '\n' | while read -r f; do
			for g in $globs; do
				# shellcheck disable=SC2254
				case "$f" in $g) echo "$f" ;; esac
			done
		done | sort -u | paste -sd' ' -) (by hand)" >>"$summary"
		;;
	esac
	mine=
	for f in $converted; do
		for g in $globs; do
			# shellcheck disable=SC2254 # the globs are patterns
			case "$f" in $g) mine="$mine $f" ;; esac
		done
	done
	# a group goes whole: a mid-layer library, its header and every
	# caller; a parent-owned driver and the header of its structure
	for f in $mine; do
		grp=$(grep -w -F "$f" "$groups" | head -n 1 || true)
		[ -z "$grp" ] || mine="$mine $grp"
	done
	mine=$(claim "$(echo "$mine" | tr ' ' '\n' | sort -u)")
	if [ -z "$mine" ]; then
		[ -z "$byhand" ] || continue
		left=$(for f in $old_files $converted; do for g in $globs; do
			# shellcheck disable=SC2254
			case "$f" in $g) echo "$f" ;; esac; done; done)
		if [ -n "$left" ] && echo "$left" | grep -q -v -x -F "$(echo "$done_files" | tr ' ' '\n')"; then
			echo "$gname	-	not converted: $(echo "$left" | paste -sd' ' -) (see conversion.txt)" >>"$summary"
		elif [ -n "$left" ]; then
			echo "$gname	-	converted with the patch before it (one mid-layer)" >>"$summary"
		fi
		continue
	fi
	for f in $mine; do put "$f" "$conv/$f"; done
	first=$(echo "$mine" | head -n 1)
	# shellcheck disable=SC2086 # one path per word
	body $mine
	subj="$(prefix "$first" "$gprefix"): Use the new device life cycle helpers"
	commit "$subj" "$out/body"
	done_files="$done_files $(echo "$mine" | tr '\n' ' ')"
	echo "$gname	$garch	$(echo "$mine" | paste -sd' ' -)" >>"$summary"
done <"$LC_TOP/scripts/series-drivers.tsv"

# converted files no row claims: a patch each
for f in $(claim "$converted"); do
	grp=$(grep -w -F "$f" "$groups" | head -n 1 || true)
	# shellcheck disable=SC2086
	mine=$(claim "$(printf '%s\n' "$f" $grp | sort -u)")
	[ -n "$mine" ] || continue
	for m in $mine; do put "$m" "$conv/$m"; done
	# shellcheck disable=SC2086 # one path per word
	body $mine
	commit "$(prefix "$f" "$(dirname "$f" | sed 's|^drivers/||')"): Use the new device life cycle helpers" "$out/body"
	done_files="$done_files $(echo "$mine" | tr '\n' ' ')"
	echo "$(basename "$f" .c)	-	$(echo "$mine" | paste -sd' ' -)" >>"$summary"
done

# ------------------------------------------------------- 14: the rename
if [ "$api" = old ] && G grep --cached -q -w -e vfio_device_put -e vfio_device_try_get -- '*.c' '*.h'; then
	for f in $(G grep --cached -l -w -e vfio_device_put -e vfio_device_try_get -- '*.c' '*.h'); do
		G show ":$f" >"$out/rename.c"
		spatch --very-quiet -D patch --no-includes --include-headers \
			--sp-file "$LC_TOP/cocci/vfio_rename_registration.cocci" "$out/rename.c" \
			-o "$out/rename.out.c" >"$out/rename.log" 2>&1 || die "the rename failed on $f (see $out/rename.log)"
		[ -f "$out/rename.out.c" ] && put "$f" "$out/rename.out.c"
		rm -f "$out/rename.c" "$out/rename.out.c"
	done
	cat >"$out/body" <<'EOF'
vfio_device_put() and vfio_device_try_get() count the registrations of a
vfio_device, not references to the object, which vfio_put_device() now
drops. Name them for what they do: vfio_device_put_registration() and
vfio_device_try_get_registration().

Generated by cocci/vfio_rename_registration.cocci.
EOF
	commit "vfio: Rename vfio_device_put() and vfio_device_try_get()" "$out/body"
fi

# ---------------------------------------- 15: struct device in vfio_device
# The last core patches remove the old calls: only when no driver is left
# using them, and only all of them.
held=
post=$(find "$patches" -maxdepth 1 -name '00[0-9][0-9]-*.patch' ! -name '0001-*' 2>/dev/null | sort)
if [ "$api" = old ] && [ -n "$post" ]; then
	# what the rules refused (comments naming the old calls do not count)
	still=$(sed -n 's/^\([^:]*\): NOT CONVERTED.*/\1/p' "$report")
	if [ -n "$still" ]; then
		held="these files still use the old calls: $(echo "$still" | paste -sd' ' -)"
	else
		# shellcheck disable=SC2086 # one patch per word
		if bad=$(applies_on_head $post); then
			for p in $post; do
				apply_patch "$p" "From vfio-lifecycle's core-patch/$family."
			done
		else
			held="$bad does not apply to this tree"
		fi
	fi
	if [ -n "$held" ]; then
		echo "  held back: $(for p in $post; do G mailinfo /dev/null /dev/null <"$p" | sed -n 's/^Subject: //p'; done | paste -sd';' -)"
		echo "    ($held)"
	fi
fi

# ----------------------------------------------------------- the series
step FORMAT "$out/series"
G format-patch -q --cover-letter --base="$base" --signature=vfio-lifecycle \
	-o "$out/series" "$base..HEAD"
n=$(G rev-list --count "$base..HEAD")
cover=$(ls "$out/series"/0000-*.patch)
{
	echo "This series moves the vfio drivers of this tree to the vfio_device life"
	echo "cycle: the core allocates the driver's state (vfio_alloc_device()), the"
	echo "driver sets it up in @init and tears it down in @release, and the object"
	echo "is dropped with vfio_put_device()."
	echo
	echo "  group      arch     files"
	while IFS=$tab read -r g a fl; do
		printf '  %-10s %-8s %s\n' "$g" "$a" "$fl"
	done <"$summary"
	nc=$(grep -c ': NOT CONVERTED' "$report" || true)
	if [ "$nc" -gt 0 ]; then
		echo
		echo "Not converted (need a human; the reasons are in conversion.txt):"
		sed -n 's/^\([^:]*\): NOT CONVERTED.*/  \1/p' "$report"
	fi
	if [ -n "$held" ]; then
		echo
		echo "Held back: the core patches that give vfio_device its struct device"
		echo "and remove the old calls, as $held." | fold -s -w 72 | sed 's/ *$//'
	fi
	# what the family's core patches leave out, and why
	[ ! -f "$patches/not-ported.txt" ] || { echo; cat "$patches/not-ported.txt"; }
	echo
	echo "Generated by vfio-lifecycle: core-patch/$family for the core, the"
	echo "semantic patches in cocci/ for the drivers and the rename${hand_rows:+;}"
	[ -z "$hand_rows" ] || echo "written by hand:$hand_rows (marked so in their messages)."
} >"$out/blurb"
awk -v blurb="$out/blurb" '
	/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < blurb) > 0) print l; next }
	{ sub(/\*\*\* SUBJECT HERE \*\*\*/, "vfio: Move the drivers to the vfio_device life cycle"); print }
' "$cover" >"$cover.new" && mv "$cover.new" "$cover"
rm -f "$out/msg" "$out/body" "$out/blurb" "$out/pmsg" "$out/ppatch" "$out/pinfo" "$out/pbody"

# --cc: the tree's own get_maintainer.pl names the recipients of each
# patch (To: its maintainers, Cc: the rest); the cover letter gets them all.
if [ "$cc" = yes ]; then
	[ -x "$kernel/scripts/get_maintainer.pl" ] || die "--cc: $kernel has no scripts/get_maintainer.pl"
	step CC "scripts/get_maintainer.pl on each patch"
	: >"$out/cc.all"
	for p in "$out/series"/00[0-9][0-9]-*.patch; do
		case "$p" in */0000-cover-letter.patch) continue ;; esac
		(cd "$kernel" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--no-rolestats --roles "$p" 2>/dev/null) >"$out/cc.one" || true
		cc_hdr "$p" "$out/cc.one"
		cat "$out/cc.one" >>"$out/cc.all"
	done
	sort -u "$out/cc.all" >"$out/cc.one"
	cc_hdr "$cover" "$out/cc.one"
	rm -f "$out/cc.one" "$out/cc.all"
fi

# The series must give this tree when applied in order to the base.
step VERIFY "the series applies to $base and gives the final tree"
GIT_INDEX_FILE=$out/verify.index
export GIT_INDEX_FILE
G read-tree "$base"
for p in "$out/series"/00[0-9][0-9]-*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	G apply --cached "$p" || die "${p##*/} does not apply in order: the series is broken"
done
[ "$(G write-tree)" = "$(G rev-parse 'HEAD^{tree}')" ] || die "the series does not give the final tree"
unset GIT_INDEX_FILE
rm -f "$out/verify.index"

# calls and declarations, not comments
left=$(G grep -n -w -E "$OLD_RE" HEAD -- '*.c' '*.h' | sed 's/^HEAD://' |
	grep -v -E '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*|//)' || true)
echo "  $n patches + cover letter in ${out#"$LC_TOP"/}/series/ (base $base)"
if [ -n "$left" ]; then
	echo "  old calls left in the final tree: $(echo "$left" | grep -c .)"
	echo "$left" | sed 's/^/    /' | head -n 20
fi
rc=0
if grep -q ': NOT CONVERTED' "$report"; then
	echo "  needs a human:"
	sed -n 's/^\([^:]*\): NOT CONVERTED.*/    \1/p' "$report"
	rc=3
fi
[ -z "$held" ] || rc=3
exit $rc
