// SPDX-License-Identifier: GPL-2.0-only
/// Idiomatic level for a mid-layer library: a function that initialises a
/// vfio_device its callers allocated (they pass the state in), sets it up
/// and registers it, and its remove counterpart:
///
///   int M(T *st, struct device *dev)       void MR(T *st)
///   {                                      {
///     vfio_init_group_dev(&st->F, dev, &O);  vfio_unregister_group_dev(..);
///     SETUP;                                 TEARDOWN_B; TEARDOWN_A;
///     ret = vfio_register_group_dev(..);     vfio_uninit_group_dev(&st->F);
///     if (ret) goto undo;                  }
///     AFTER; return 0;
///   undo: UNDO_A; vfio_uninit_group_dev(&st->F); return ret;
///   }
///
/// becomes two exported helpers for the callers @init/@release,
///   M_init_common(st):  SETUP with its own unwind (UNDO_A), dev found
///                       again as st->F.dev
///   MR_release_common(st): TEARDOWN_A (what the registration failure
///                       undid, said the same way in MR)
/// while M keeps the registration and AFTER, MR the unregistration and
/// TEARDOWN_B.  The ops O move to the callers (each needs its own @init and
/// @release): O is removed here, its callbacks lose "static" and are
/// exported.  The runner gets a manifest on stdout (MIDLAYER:, MID-OPS:,
/// MID-PROTO: lines) to rewrite the header and the callers
/// (cocci/vfio_midlayer_variant.cocci).  Refused (MIDLAYER-REFUSED: why,
/// nothing written) unless the split is provably the same program.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual report

@initialize:python@
@@
import re

TEXT = {}
PLAN = {}
QUOTES = chr(34) + chr(39)
BSL = chr(92)
# comment markers, spelled so that spatch does not take them for comments
CO, CC, SL2 = "/" + "*", "*" + "/", "/" + "/"
LABEL = re.compile(r"^([A-Za-z_]\w*):\s*$")

def lines_of(fname):
	if fname not in TEXT:
		with open(fname) as fh:
			TEXT[fname] = fh.read().split("\n")
	return TEXT[fname]

def tops_at(ls, line):
	# Top-level statements of the function around line, as extents
	# (line, col, line_end, col_end), 1-based lines, 0-based columns; labels
	# are not statements.  A small scanner: comments, strings, nesting,
	# if/else chains and do/while are followed; kernel C needs no more.
	o = fn_bounds(ls, line)[0]
	text = "\n".join(ls[o:])
	pos = []
	ln, col = o + 1, 0
	for ch in text:
		pos.append((ln, col))
		if ch == "\n":
			ln, col = ln + 1, 0
		else:
			col += 1
	n = len(text)
	i = 0
	def skip_ws(i):
		while i < n:
			if text.startswith(CO, i):
				i = text.index(CC, i) + 2
			elif text.startswith(SL2, i):
				i = text.index("\n", i)
			elif text[i].isspace():
				i += 1
			else:
				break
		return i
	def word_at(i):
		m = re.match(r"[A-Za-z_]\w*", text[i:])
		return m.group(0) if m else ""
	def close_of(i, op, cl):
		d = 0
		while i < n:
			c = text[i]
			if c in QUOTES:
				j = i + 1
				while text[j] != c:
					j += 2 if text[j] == BSL else 1
				i = j
			elif text.startswith(CO, i):
				i = text.index(CC, i) + 1
			elif text.startswith(SL2, i):
				i = text.index("\n", i)
			elif c == op:
				d += 1
			elif c == cl:
				d -= 1
				if d == 0:
					return i
			i += 1
		return n - 1
	def stmt_end(i):
		# Index of the last character of the statement starting at i.
		w = word_at(i)
		if text[i] == "{":
			return close_of(i, "{", "}")
		if w in ("if", "while", "for", "switch"):
			j = close_of(text.index("(", i), "(", ")")
			e = stmt_end(skip_ws(j + 1))
			if w == "if":
				k = skip_ws(e + 1)
				if word_at(k) == "else":
					e = stmt_end(skip_ws(k + 4))
			return e
		if w == "do":
			e = stmt_end(skip_ws(i + 2))
			k = skip_ws(e + 1)
			j = close_of(text.index("(", k), "(", ")")
			return text.index(";", j)
		j = i
		while text[j] != ";":
			if text[j] in "({[":
				j = close_of(j, text[j], {"(": ")", "{": "}", "[": "]"}[text[j]])
			elif text[j] in QUOTES:
				k = j + 1
				while text[k] != text[j]:
					k += 2 if text[k] == BSL else 1
				j = k
			j += 1
		return j
	out = []
	i = skip_ws(0)
	while i < n and text[i] != "}":
		m = re.match(r"[A-Za-z_]\w*\s*:(?!:)", text[i:])
		if m and word_at(i) not in ("default", "case"):
			i = skip_ws(i + m.end())
			continue
		e = stmt_end(i)
		out.append((pos[i][0], pos[i][1], pos[e][0], pos[e][1] + 1))
		i = skip_ws(e + 1)
	return out

def is_decl(ls, s):
	# A declaration, not a statement: type words then a name.
	t = "\n".join(ls[s[0] - 1:s[2]]).strip()
	return re.match(r"^(const\s+|static\s+|unsigned\s+|signed\s+|struct\s+\w+\s+|enum\s+\w+\s+|union\s+\w+\s+)*[A-Za-z_]\w*[\s*]+[A-Za-z_]\w*\s*(\[[^]]*\]\s*)*(=|;|,)", t) is not None and \
		not re.match(r"^(return|goto)\b", t)

def tops_of(ls, line):
	return [s for s in tops_at(ls, line) if not is_decl(ls, s)]

def containing(tops, line, col):
	for s in tops:
		if (s[0], s[1]) <= (line, col) <= (s[2], s[3]):
			return s
	return None

def strip_comments(code):
	code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
	return re.sub(r"/[/][^\n]*", " ", code)

def norm(code):
	return re.sub(r"\s+", "", strip_comments(code))

def used_in(name, code):
	return re.search(r"(?<![\w.>])%s\b" % re.escape(name),
			 strip_comments(code)) is not None

def trim(lines):
	while lines and not lines[0].strip():
		lines = lines[1:]
	while lines and not lines[-1].strip():
		lines = lines[:-1]
	return lines

def refuse(why):
	print("MIDLAYER-REFUSED: " + why)
	return False

def fn_bounds(ls, line):
	# (line of the opening brace, line of the closing brace) of the
	# function whose first statement is at line.
	o = line
	while o > 1 and not ls[o - 1].startswith("{"):
		o -= 1
	c = line
	while c < len(ls) and not ls[c - 1].startswith("}"):
		c += 1
	return o, c

def simple_stmts(lines):
	# Statements of a ladder, one string each (labels and blank lines
	# dropped; a statement may span lines).
	out, cur = [], ""
	for l in lines:
		if LABEL.match(l) or not l.strip():
			continue
		cur += " " + l.strip()
		if cur.rstrip().endswith(";") and cur.count("(") == cur.count(")"):
			out.append(cur.strip())
			cur = ""
	return out

def wrap_proto(p):
	# A prototype on one line, wrapped the kernel way past 80 columns.
	p = re.sub(r"\s+", " ", p).replace("( ", "(").replace(" )", ")")
	if len(p) <= 80:
		return p
	open_at = p.index("(") + 1
	out, line = [], p[:open_at]
	for arg in re.split(r"(?<=,) ", p[open_at:]):
		if len(line) + len(arg) > 80 and line.strip():
			out.append(line.rstrip())
			line = " " * open_at
		line += arg + " "
	out.append(line.rstrip())
	res = "\n".join(out)
	# indent with tabs, then spaces, as the kernel does
	return re.sub(r"(?m)^( +)", lambda m: "\t" * divmod(len(m.group(1)), 8)[0] + " " * divmod(len(m.group(1)), 8)[1], res)

// ----------------------------------------------------------------------
// The mid-layer pair.

@mp depends on patch exists@
identifier M, st, dev, F, OPS;
type T;
expression E;
position pi, preg;
@@
M(T *st, struct device *dev) {
  ...
  vfio_init_group_dev@pi(&st->F, dev, &OPS);
  ...
  E = \(vfio_register_group_dev@preg\|vfio_register_emulated_iommu_dev@preg\)(&st->F);
  ...
}

@mr depends on mp exists@
identifier MR, st2;
type mp.T;
identifier mp.F;
position pun, pu;
@@
MR(T *st2) {
  ...
  vfio_unregister_group_dev@pun(&st2->F);
  ...
  vfio_uninit_group_dev@pu(&st2->F);
  ...
}

// The statements of M and MR come from the text (statement metavariables
// over every function of a big library take minutes in spatch 1.1.1).

// ----------------------------------------------------------------------
// The plan.

@script:python an@
M << mp.M;
MR << mr.MR;
st << mp.st;
st2 << mr.st2;
dev << mp.dev;
F << mp.F;
OPS << mp.OPS;
T << mp.T;
pi << mp.pi;
preg << mp.preg;
pun << mr.pun;
pu << mr.pu;
@@
def plan():
	fname = pi[0].file
	ls = lines_of(fname)
	whole = "\n".join(ls)
	if re.search(r"^static\b[^;{]*\b%s\s*\(" % re.escape(M), whole, re.M):
		return refuse("%s() is static: no caller outside this file allocates for it" % M)
	tag = re.match(r"^struct\s+(\w+)$", T.strip())
	if not tag:
		return refuse("%s(): the state is not a struct" % M)
	tops = tops_of(ls, int(pi[0].line))
	ini = containing(tops, int(pi[0].line), int(pi[0].column))
	reg = containing(tops, int(preg[0].line), int(preg[0].column))
	if ini is None or reg is None or tops[0] != ini:
		return refuse("%s(): vfio_init_group_dev() is not its first statement" % M)
	ir = tops.index(reg)
	if ir + 1 >= len(tops):
		return refuse("%s(): nothing checks the registration" % M)
	fo, fc = fn_bounds(ls, ini[0])
	decls = trim(ls[fo:ini[0] - 1])
	labels = {}
	for i in range(reg[2], fc - 1):
		ml = LABEL.match(ls[i])
		if ml:
			labels[ml.group(1)] = i + 1
	first_label = min(labels.values()) if labels else fc
	setup = trim(ls[ini[2]:reg[0] - 1])
	stext = "\n".join(setup)
	if re.search(r"\breturn\b", strip_comments(stext)):
		return refuse("%s(): a return inside the set-up" % M)
	if re.search(r"\bvfio_\w*(init|register)\w*\s*\(", strip_comments(stext)):
		return refuse("%s(): another vfio call inside the set-up" % M)
	fail = tops[ir + 1]
	ftext = strip_comments("\n".join(ls[fail[0] - 1:fail[2]]))
	mg = re.match(r"^\s*if\s*\((.*)\)\s*goto\s+(\w+)\s*;\s*$", ftext, re.S)
	mret = re.match(r"^\s*if\s*\((.*)\)\s*return\s+\w+\s*;\s*$", ftext, re.S)
	if not mg and not mret:
		return refuse("%s(): registration failure is not 'if (...) goto label' nor 'return'" % M)
	after = ls[fail[2]:first_label - 1]
	while after and not after[-1].strip():
		after = after[:-1]
	if re.search(r"\bgoto\b", strip_comments("\n".join(after))):
		return refuse("%s(): a goto after the registration" % M)
	ladder = []
	if labels:
		start = labels[mg.group(2)] if mg else first_label
		if mg and start != first_label:
			return refuse("%s(): labels above the registration failure label" % M)
		ladder = ls[start - 1:fc - 1]
	for g in re.findall(r"\bgoto\s+(\w+)", strip_comments(stext)):
		if g not in labels:
			return refuse("%s(): set-up jumps to '%s' outside the unwind" % (M, g))
	uninit = re.compile(r"^\s*vfio_uninit_group_dev\s*\(\s*&\s*%s\s*->\s*%s\s*\)\s*;\s*$" % (re.escape(st), re.escape(F)))
	un_lines = [i for i, l in enumerate(ladder) if uninit.match(l)]
	if ladder and len(un_lines) != 1:
		return refuse("%s(): the unwind does not end in one vfio_uninit_group_dev()" % M)
	retvar = None
	if ladder:
		tail = simple_stmts(ladder[un_lines[0] + 1:])
		mr_ = re.match(r"^return\s+(\w+)\s*;$", tail[0]) if len(tail) == 1 else None
		if not mr_:
			return refuse("%s(): the unwind goes on after vfio_uninit_group_dev()" % M)
		retvar = mr_.group(1)
		ladder = ladder[:un_lines[0]] + ladder[un_lines[0] + 1:]
	undo = [s for s in simple_stmts(ladder) if not s.startswith("return")]
	# what the registration failure undoes must be undone by MR too
	rtops = tops_of(ls, int(pun[0].line))
	un = containing(rtops, int(pun[0].line), int(pun[0].column))
	ui = containing(rtops, int(pu[0].line), int(pu[0].column))
	if not rtops or un != rtops[0] or ui != rtops[-1]:
		return refuse("%s(): unregister first and uninit last, nothing around them, is expected" % MR)
	ro, rc = fn_bounds(ls, un[0])
	rename = lambda t: re.sub(r"(?<![\w.>])%s\b" % re.escape(st2), st, t)
	want = [norm(u) for u in undo]
	teardown_a, keep_b, seen_a = [], [], False
	for s in rtops[1:-1]:
		t = "\n".join(ls[s[0] - 1:s[2]])
		if norm(rename(t)) in want:
			teardown_a.append(s)
			seen_a = True
		elif seen_a:
			return refuse("%s(): its own tear-down comes after what the registration failure undoes" % MR)
		else:
			keep_b.append(s)
	if len(teardown_a) != len(want):
		return refuse("%s(): the registration failure undoes something %s() does not" % (M, MR))
	names = set(re.findall(r"\b\w+\b", whole))
	initc = M.replace("probe", "init") if "probe" in M else M + "_init"
	relc = MR.replace("remove", "release") if "remove" in MR else MR + "_release"
	for n in (initc, relc):
		if n in names:
			return refuse("the name %s() is taken" % n)
	mo = re.search(r"(?:static\s+)?const\s+struct\s+vfio_device_ops\s+%s\s*=\s*\{(.*?)\};" % re.escape(OPS), whole, re.S)
	if not mo:
		return refuse("%s: not a constant ops structure of this file" % OPS)
	entries = [e.strip() for e in strip_comments(mo.group(1)).split(",") if e.strip()]
	if any(re.match(r"^\.(init|release)\s*=", e) for e in entries):
		return refuse("%s already has init/release callbacks" % OPS)
	exp = re.search(r"^(EXPORT_SYMBOL(?:_GPL)?)\s*\(\s*%s\s*\)" % re.escape(M), whole, re.M)
	protos = []
	cbs = []
	for e in entries:
		me = re.match(r"^\.(\w+)\s*=\s*(\w+)$", e)
		if not me:
			continue
		mdef = re.search(r"^static\s+([^;{}()]*?\b%s\s*\([^()]*\))\s*\{" % re.escape(me.group(2)), whole, re.M | re.S)
		if mdef:
			cbs.append(me.group(2))
			protos.append(wrap_proto(mdef.group(1)) + ";")
	body_i = decls[:]
	if used_in(dev, stext + "\n".join(ladder)):
		body_i = ["\tstruct device *%s = %s->%s.dev;" % (dev, st, F)] + body_i
	body_i += [""] if decls else []
	body_i += setup + ["", "\treturn 0;"]
	# the part of the ladder above the first label the set-up jumps to
	# undid a failed registration only: unreachable in the helper
	targets = re.findall(r"\bgoto\s+(\w+)", strip_comments(stext))
	if targets:
		first = min(labels[t] for t in targets)
		skip = first - (labels[mg.group(2)] if mg else first_label)
		rest = trim(ladder[skip:])
		if [x for x in simple_stmts(rest)] == ["return %s;" % retvar]:
			# nothing left to undo: the jumps become returns
			for i, l in enumerate(body_i):
				body_i[i] = re.sub(r"\bgoto\s+\w+\s*;", "return %s;" % retvar, l)
		else:
			body_i += [""] + rest
	regtext = ls[reg[0] - 1:reg[2]]
	failtext = ls[fail[0] - 1:fail[2]]
	if mg:
		failtext = [re.sub(r"\bgoto\s+%s\s*;" % re.escape(mg.group(2)), "return %s;" % retvar, l) for l in failtext]
	body_m = decls + ([""] if decls else []) + regtext + failtext + after
	# remove keeps its own lines but those of the moved tear-down
	gone = set(i for s in teardown_a + [ui] for i in range(s[0], s[2] + 1))
	body_r = trim([ls[i - 1] for i in range(ro + 1, rc) if i not in gone])
	body_rel = [l for s in teardown_a for l in ls[s[0] - 1:s[2]]]
	body_rel = [rename(l) for l in body_rel]
	PLAN.update(M=M, MR=MR, initc=initc, relc=relc, exp=exp.group(1) if exp else None,
		    body_i="\n".join(body_i), body_m="\n".join(body_m),
		    body_r="\n".join(body_r), body_rel="\n".join(body_rel),
		    cbs=cbs, OPS=OPS)
	print("MIDLAYER: %s %s %s %s %s %s %s" % (M, MR, initc, relc, tag.group(1), F, OPS))
	for e in entries:
		print("MID-OPS: " + e)
	for c in cbs:
		print("MID-CB: " + c)
	sig = "int %s(%s *%s)" % (initc, T.strip(), st)
	protos = [sig + ";", "void %s(%s *%s);" % (relc, T.strip(), st)] + protos
	for p in protos:
		for l in p.split("\n"):
			print("MID-PROTO: " + l)
	return True

if not plan():
	cocci.include_match(False)

@script:python mk depends on an@
bi;
bm;
br;
brel;
initc;
relc;
ex;
noex;
@@
NONE = "__lc_nothing_here__"
coccinelle.bi = cocci.make_ident(PLAN["body_i"].lstrip("\t").rstrip(";"))
coccinelle.bm = cocci.make_ident(PLAN["body_m"].lstrip("\t").rstrip(";"))
coccinelle.br = cocci.make_ident(PLAN["body_r"].lstrip("\t").rstrip(";"))
coccinelle.brel = cocci.make_ident(PLAN["body_rel"].lstrip("\t").rstrip(";"))
coccinelle.initc = cocci.make_ident(PLAN["initc"])
coccinelle.relc = cocci.make_ident(PLAN["relc"])
coccinelle.ex = cocci.make_ident(PLAN["exp"] or NONE)
coccinelle.noex = cocci.make_ident(NONE if PLAN["exp"] else PLAN["M"])

// ----------------------------------------------------------------------
// Carry it out: new bodies first (positions are not needed any more),
// then the two helpers above M, exported the way M is.

@depends on an@
identifier mp.M, mk.bm;
@@
  M(...) {
- ...
+ bm;
  }

@depends on an@
identifier mr.MR, mk.br;
@@
  MR(...) {
- ...
+ br;
  }

@depends on an@
identifier mp.M, mk.bi, mk.brel, mk.initc, mk.relc, mk.ex;
type mp.T;
identifier mp.st;
@@
+int initc(T *st)
+{
+	bi;
+}
+ex(initc);
+
+void relc(T *st)
+{
+	brel;
+}
+ex(relc);
+
  M(...) {...}

@depends on an@
identifier mk.noex, mk.bi, mk.brel, mk.initc, mk.relc;
type mp.T;
identifier mp.st;
@@
+int initc(T *st)
+{
+	bi;
+}
+
+void relc(T *st)
+{
+	brel;
+}
+
  noex(...) {...}

// The ops go to the callers; the callbacks they name are exported.
@opsm depends on an@
identifier mp.OPS;
identifier fld, fn;
@@
struct vfio_device_ops OPS = { ..., .fld = fn, ...};

@depends on an@
identifier opsm.fn;
@@
- static
  fn(...) {...}

@depends on an@
identifier opsm.fn, mk.ex;
@@
  fn(...) {...}
+ ex(fn);

@depends on an@
identifier mp.OPS;
@@
(
- static const struct vfio_device_ops OPS = {...};
|
- const struct vfio_device_ops OPS = {...};
)

// ----------------------------------------------------------------------
// report: a mid-layer (its callers allocate the state).

@rp depends on report exists@
identifier M, st, dev, F, OPS;
type T;
position p;
@@
M(T *st, struct device *dev) {
  ...
  vfio_init_group_dev@p(&st->F, dev, &OPS);
  ...
}

@script:python depends on report@
p << rp.p;
M << rp.M;
@@
coccilib.report.print_report(p[0], "mid-layer %s(): its callers allocate the state; converted together with them" % M)
