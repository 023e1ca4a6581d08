# seen-lines.awk: the source lines the preprocessor passed to the compiler,
# from .i files and their line markers (JMake's idea): "path<TAB>line" for
# each line of the files in WANT (a file of paths relative to SRC) that
# reached the output, i.e. was not dropped by #if/#ifdef.
# Usage: awk -v src=SRC [-v rel=../src] -v want=FILE -f seen-lines.awk FILE.i...
# (REL: the same checkout as the build directory names it, when relative)
BEGIN {
	while ((getline l < want) > 0)
		w[l] = 1
}
/^# [0-9]+ "/ {
	ln = $2 + 0
	f = $3
	gsub(/"/, "", f)
	if (index(f, src "/") == 1)
		f = substr(f, length(src) + 2)
	else if (rel != "" && index(f, rel "/") == 1)
		f = substr(f, length(rel) + 2)
	keep = f in w
	next
}
{
	if (keep)
		print f "\t" ln
	ln++
}
