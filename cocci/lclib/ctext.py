# SPDX-License-Identifier: GPL-2.0-only
"""C source text as the compiler sees its tokens, for the converter's tests.

Whether a file still calls an old vfio function is a question about code
tokens: a comment or a string that names vfio_init_group_dev() is no call.
code_only() blanks comments and the insides of string and character
literals, keeping every newline (so line and column numbers stay), with
backslash-newline continuations honoured (a // comment ending in a
backslash goes on to the next line).  On top of it: the identifiers used
in code with their line and the preprocessor branch around each (a header's
include guard does not count), the function a line belongs to, UTF-8 and
line-ending checks.

Command line (the converter, lifecycle/; exit 0 found/yes, 1 none/no, 2 error,
3 the file cannot be read as C: why on stdout):
  python3 -m lclib.ctext calls FILE NAME...
      one line per use of a NAME in code:
      NAME<TAB>LINE<TAB>GUARD-KEY<TAB>GUARD  (both "-" when unguarded)
  python3 -m lclib.ctext utf8 FILE         exit 1 and "byte 0xE9 at line N"
  python3 -m lclib.ctext eol FILE          lf, crlf, or "mixed N of M"
  python3 -m lclib.ctext tolf|tocrlf IN OUT
  python3 -m lclib.ctext --refs REGEX FILE...   (FILE "-": NUL-separated
      names on stdin) FILE:LINE:TEXT of each line whose code has a word
      matching REGEX (make series: old calls left in a tree)

Files are read as bytes and decoded as Latin-1, so any byte is a character
and a non-UTF-8 file is read like any other.
"""

import re
import sys

_IDENT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_COND = re.compile(r"^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif)\b(.*)$")


def read(path):
	with open(path, "rb") as f:
		return f.read().decode("latin-1")


def code_only(text):
	"""text with comments blanked and string/char literal contents blanked
	(their quotes kept); newlines and backslash-newlines are kept, every
	other blanked character becomes a space."""
	out = list(text)
	n = len(text)
	i = 0

	def blank(a, b):
		for k in range(a, b):
			if out[k] != "\n":
				out[k] = " "

	def splice(k):
		"""index after any backslash-newline run starting at k"""
		while k + 1 < n and text[k] == "\\" and text[k + 1] == "\n":
			k += 2
		while k + 2 < n and text[k] == "\\" and text[k + 1] == "\r" and text[k + 2] == "\n":
			k += 3
		return k

	while i < n:
		c = text[i]
		if c == "/":
			j = splice(i + 1)
			if j < n and text[j] == "/":
				# to the end of the line; a backslash-newline continues it
				k = j + 1
				while k < n:
					if text[k] == "\n":
						m = k - 1
						if m >= 0 and text[m] == "\r":
							m -= 1
						if m >= 0 and text[m] == "\\":
							k += 1
							continue
						break
					k += 1
				blank(i, k)
				i = k
				continue
			if j < n and text[j] == "*":
				k = j + 1
				while k < n:
					if text[k] == "*":
						e = splice(k + 1)
						if e < n and text[e] == "/":
							k = e + 1
							break
					k += 1
				else:
					k = n
				blank(i, k)
				i = k
				continue
			i += 1
			continue
		if c == '"' or c == "'":
			k = i + 1
			while k < n:
				d = text[k]
				if d == "\\" and k + 1 < n:
					k += 2
					continue
				if d == c or d == "\n":
					break
				k += 1
			blank(i + 1, min(k, n))
			i = k + 1
			continue
		i += 1
	return "".join(out)


def _spliced(code):
	"""code without backslash-newlines, and for each of its characters the
	offset in code"""
	chars = []
	offs = []
	i = 0
	n = len(code)
	while i < n:
		if code[i] == "\\" and code[i + 1:i + 2] == "\n":
			i += 2
			continue
		if code[i] == "\\" and code[i + 1:i + 3] == "\r\n":
			i += 3
			continue
		chars.append(code[i])
		offs.append(i)
		i += 1
	return "".join(chars), offs


def _line_starts(text):
	starts = [0]
	for m in re.finditer("\n", text):
		starts.append(m.end())
	return starts


def _line_of(starts, off):
	lo, hi = 0, len(starts) - 1
	while lo < hi:
		mid = (lo + hi + 1) // 2
		if starts[mid] <= off:
			lo = mid
		else:
			hi = mid - 1
	return lo + 1


def _norm(s):
	return " ".join(s.split())


def guards(code):
	"""for each line (1-based list index; [0] unused) the preprocessor
	branches around it, outermost first, as (description, key) pairs; a
	header's include guard is left out.  Raises ValueError on an #else or
	#endif without #if."""
	lines = code.split("\n")
	# logical lines: a directive may go on over backslash-newlines
	stack = []
	per_line = [()]
	frames = []  # (open line, end line) of each conditional
	cont = False
	for no, raw in enumerate(lines, 1):
		line = raw.rstrip("\r")
		per_line.append(tuple(stack))
		if cont:
			cont = line.endswith("\\")
			continue
		m = _COND.match(line)
		cont = line.endswith("\\")
		if not m:
			continue
		kw, rest = m.group(1), _norm(m.group(2).rstrip("\\"))
		here = ("#" + kw + (" " + rest if rest else ""), no)
		if kw in ("if", "ifdef", "ifndef"):
			stack.append({"open": here, "branch": here, "frame": len(frames)})
			frames.append([no, None])
		elif kw in ("elif", "else"):
			if not stack:
				raise ValueError("#%s without #if at line %d" % (kw, no))
			stack[-1] = dict(stack[-1], branch=here)
		else:
			if not stack:
				raise ValueError("#endif without #if at line %d" % no)
			frames[stack[-1]["frame"]][1] = no
			stack.pop()
	if stack:
		raise ValueError("#%s at line %d is never closed" % (stack[-1]["open"][0].split()[0][1:], stack[-1]["open"][1]))
	# include guard: the first code is "#ifndef X", then "#define X", and
	# its #endif is the last code
	skip = None
	code_lines = [k for k, l in enumerate(lines, 1) if l.strip()]
	if frames and code_lines:
		first, last = frames[0]
		m = _COND.match(lines[first - 1].rstrip("\r"))
		nxt = [k for k in code_lines if k > first]
		if (m and m.group(1) == "ifndef" and code_lines[0] == first and
				last == code_lines[-1] and nxt and
				re.match(r"^[ \t]*#[ \t]*define[ \t]+" + re.escape(m.group(2).split()[0] if m.group(2).split() else "#") + r"\b",
					lines[nxt[0] - 1])):
			skip = 0
	result = [()]
	for st in per_line[1:]:
		result.append(tuple(_describe(fr) for fr in st if fr["frame"] != skip))
	return result


def _describe(fr):
	(otext, oline), (btext, bline) = fr["open"], fr["branch"]
	if bline == oline:
		return ("%s (line %d)" % (otext, oline), otext)
	return ("%s (line %d) of %s (line %d)" % (btext, bline, otext, oline),
		"%s of %s" % (btext, otext))


def calls(text, names):
	"""(name, line, key, description) for each use of one of names as an
	identifier in code; key and description name the innermost branch
	around it (key: the chain of conditions, the same for two blocks under
	the same condition), "-" when there is none."""
	code = code_only(text)
	sp, offs = _spliced(code)
	starts = _line_starts(code)
	gl = guards(code)
	want = set(names)
	found = []
	for m in _IDENT.finditer(sp):
		if m.group(0) not in want:
			continue
		line = _line_of(starts, offs[m.start()])
		g = gl[line] if line < len(gl) else ()
		if g:
			key = " / ".join(k for _, k in g)
			desc = g[-1][0]
		else:
			key = desc = "-"
		found.append((m.group(0), line, key, desc))
	return found


def refs(regex, path):
	"""(line number, line) of PATH whose code has a word matching REGEX"""
	text = read(path)
	word = re.compile(r"\b(?:%s)\b" % regex)
	lines = text.split("\n")
	return [(no, lines[no - 1])
		for no, code in enumerate(code_only(text).split("\n"), 1)
		if word.search(code)]


def main_refs(argv):
	"""--refs REGEX FILE...: exit 0 found, 1 none, 2 error"""
	paths = argv[1:]
	if paths == ["-"]:
		paths = [p for p in sys.stdin.read().split("\0") if p]
	hit = False
	for path in paths:
		try:
			found = refs(argv[0], path)
		except OSError as e:
			sys.stderr.write("lclib.ctext: %s: %s\n" % (path, e.strerror))
			return 2
		for no, line in found:
			hit = True
			sys.stdout.write("%s:%d:%s\n" % (path, no, line))
	return 0 if hit else 1


def not_utf8(data):
	"""None for valid UTF-8 bytes, else "byte 0xE9 at line N" """
	try:
		data.decode("utf-8")
		return None
	except UnicodeDecodeError as e:
		return "byte 0x%02X at line %d" % (data[e.start], data.count(b"\n", 0, e.start) + 1)


def eol(data):
	"""lf, crlf, or mixed N of M (lines ending in CR LF of all lines)"""
	lines = data.count(b"\n")
	cr = data.count(b"\r\n")
	if cr == 0:
		return "lf"
	if cr == lines:
		return "crlf"
	return "mixed %d of %d" % (cr, lines)


def main(argv):
	if len(argv) < 2:
		sys.stderr.write(__doc__)
		return 2
	if argv[0] == "--refs":
		return main_refs(argv[1:])
	cmd, path = argv[0], argv[1]
	if cmd == "calls":
		try:
			found = calls(read(path), argv[2:])
		except ValueError as e:
			print("cannot tell which code the preprocessor keeps: %s" % e)
			return 3
		for name, line, key, desc in found:
			print("%s\t%d\t%s\t%s" % (name, line, key, desc))
		return 0 if found else 1
	if cmd == "utf8":
		with open(path, "rb") as f:
			why = not_utf8(f.read())
		if why is None:
			return 0
		print(why)
		return 1
	if cmd == "eol":
		with open(path, "rb") as f:
			print(eol(f.read()))
		return 0
	if cmd in ("tolf", "tocrlf"):
		with open(path, "rb") as f:
			data = f.read()
		data = data.replace(b"\r\n", b"\n")
		if cmd == "tocrlf":
			data = data.replace(b"\n", b"\r\n")
		with open(argv[2], "wb") as f:
			f.write(data)
		return 0
	sys.stderr.write("unknown command %s\n" % cmd)
	return 2


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
