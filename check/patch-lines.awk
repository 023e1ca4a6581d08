# patch-lines.awk: the lines of C a patch adds, as "path<TAB>line<TAB>text"
# (line numbers in the patched file).  Blank lines, comments and
# preprocessor lines are not code the compiler can be shown to have seen,
# so they are left out; so are files other than .c and .h.
# Usage: awk -f patch-lines.awk PATCH
/^\+\+\+ / {
	path = $2
	sub(/^b\//, "", path)
	c = path ~ /\.[ch]$/
	next
}
/^--- / { next }
/^@@ / {
	# @@ -a,b +c,d @@: the new side starts at line c
	split($3, h, ",")
	ln = substr(h[1], 2) + 0
	next
}
/^diff --git / { c = 0; next }
!c { next }
/^\+/ {
	t = substr($0, 2)
	s = t
	gsub(/^[ \t]+|[ \t]+$/, "", s)
	if (s != "" && s !~ /^(\/\*|\*|\/\/|#)/)
		print path "\t" ln "\t" t
	ln++
	next
}
/^ / { ln++ }
