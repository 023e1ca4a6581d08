# Add a member to the kernel-doc comment of a structure, after the line of
# the member it follows:
#   awk -v tag=T -v after=F -v member=C -v text='...' -f kdoc-member.awk FILE
# Only the /** ... */ block right above "struct T {" is touched; a file
# without one (or without an "@F:" line in it) comes out unchanged.
{ line[NR] = $0 }
END {
	at = 0
	for (i = 1; i <= NR; i++)
		if (line[i] ~ "^struct " tag " {") { at = i; break }
	ins = 0
	if (at > 1 && line[at - 1] ~ /^ \*\/[ \t]*$/) {
		for (j = at - 2; j > 0 && line[j] !~ /^\/\*\*/; j--)
			if (line[j] ~ "^ \\* @" after ":") ins = j
		# the member's own description may run over several lines
		if (ins)
			while (ins + 1 < at - 1 && line[ins + 1] ~ /^ \*[ \t]+[^@ \t]/ &&
			       line[ins + 1] !~ /^ \* @/)
				ins++
	}
	for (i = 1; i <= NR; i++) {
		print line[i]
		if (i == ins)
			print " * @" member ": " text
	}
}
