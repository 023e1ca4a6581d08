# judge-log.awk: the kernel's own verdict on a kernel log (dmesg in the
# guest, the serial log on the host), one line per finding:
#   BAD: <line>      a line that fails the run
#   KNOWN: <reason>  a warning block that qemu/kernel/known-core-warnings
#                    names: a kernel core bug that fault injection reaches,
#                    not the driver under test
# A warning block runs from "cut here" to "end trace"; it is known when its
# WARNING line matches a site and the block a caller of that list.  The
# stack dump of a failed allocation (warn_alloc(): what fault injection
# provokes on purpose) is not a finding; the caller must cope with it.
# Usage: awk -v known=FILE -f judge-log.awk LOG
BEGIN {
	n = 0
	while ((getline l < known) > 0) {
		if (l ~ /^#/ || l == "")
			continue
		split(l, f, "\t")
		n++
		site[n] = f[1]
		via[n] = f[2]
		why[n] = f[3]
	}
	bad = "BUG:|WARNING:|Oops|general protection|KASAN|UBSAN|ODEBUG|kernel BUG|Call Trace"
}
function flush(i, k) {
	k = 0
	for (i = 1; i <= n; i++)
		if (wl ~ site[i] && blk ~ via[i]) {
			k = i
			break
		}
	if (k)
		print "KNOWN: " why[k]
	else
		for (i = 1; i <= nb; i++)
			if (b[i] ~ bad)
				print "BAD: " b[i]
	inblk = 0
	nb = 0
	blk = ""
	wl = ""
}
/------------\[ cut here \]------------/ {
	if (inblk)
		flush()
	inblk = 1
	next
}
inblk {
	b[++nb] = $0
	blk = blk "\n" $0
	if ($0 ~ /WARNING: /)
		wl = $0
	if ($0 ~ /---\[ end trace/)
		flush()
	next
}
/(vmalloc error|page allocation failure): / {
	inalloc = 1
	next
}
inalloc {
	if ($0 ~ /<\/TASK>/)
		inalloc = 0
	next
}
$0 ~ bad { print "BAD: " $0 }
END {
	if (inblk)
		flush()
}
