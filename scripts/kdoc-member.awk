# Add a member to the kernel-doc comment of a structure, after the line of
# the member it follows:
#   awk -v tag=T -v after=F -v member=C -v text='...' -f kdoc-member.awk FILE
# Only the /** ... */ block right above "struct T {" is touched; a file
# without one (or without an "@F:" line in it) comes out unchanged.
# The member's own line is tab-aligned when the member after it is.
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
	# the new member line: tab-aligned like the member after it, when
	# that one is (the rule adds "type name;" with one space)
	for (i = at + 1; at && i < NR && line[i] !~ /^};/; i++)
		if (line[i] ~ "^\t[A-Za-z_][A-Za-z0-9_ ]* " member ";$" &&
		    line[i + 1] ~ /^\t[^\t]*[^ \t]\t+\**[A-Za-z_]/) {
			ty = line[i]; sub(" " member ";$", "", ty)
			nx = line[i + 1]; sub(/\**[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?;.*$/, "", nx)
			want = width(nx)
			for (t = ty; width(t) < want; ) t = t "\t"
			if (width(t) == want) line[i] = t member ";"
		}
	for (i = 1; i <= NR; i++) {
		print line[i]
		if (i == ins)
			print " * @" member ": " text
	}
}

# width S: the columns S takes, tabs to the next multiple of 8
function width(s,    w, k, c) {
	w = 0
	for (k = 1; k <= length(s); k++) {
		c = substr(s, k, 1)
		w = c == "\t" ? w + 8 - w % 8 : w + 1
	}
	return w
}
