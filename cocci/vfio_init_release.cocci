// SPDX-License-Identifier: GPL-2.0-only
/// Idiomatic level, second stage of the conversion (after
/// vfio_alloc_device.cocci): move the driver's private set-up from probe
/// into an @init callback and its tear-down from remove into @release.
///
///   st = vfio_alloc_device(tag, fld, dev, &ops);  if (IS_ERR(st)) ...;
///   SETUP;                        ->  tag_init_dev():    SETUP (own unwind)
///   ret = vfio_register_*(...);
///   ... remove:
///   vfio_unregister_group_dev();
///   TEARDOWN;                     ->  tag_release_dev(): TEARDOWN,
///   vfio_put_device();                vfio_free_device() last (6.1 API)
///
/// Only done when it is provably the same program:
///  - SETUP and TEARDOWN use nothing of probe/remove but the state, the
///    parent device (found again from core_vdev->dev through a bus helper)
///    and locals that are copied: assigned before read, or initialised
///    without side effects (or no longer needed by probe/remove);
///  - set-up returns only as an error exit after a put, and jumps only
///    into the unwind above vfio_put_device() (copied into @init);
///  - every statement the registration failure undoes is undone by remove
///    too; those, and remove's undoing of what SETUP set up (a lock, a
///    buffer), move to @release; the rest of remove stays;
///  - a reservation taken before the allocation moves only when probe
///    gives it back on the allocation's failure and remove gives it back
///    the same way (same call on the same object).
/// Publishing the state (*_set_drvdata) stays in probe.
/// Otherwise the file keeps the minimal form and the reason is printed
/// ("LIFT-REFUSED: ...") for the runner's report.  Positions of the slices
/// come from spatch; their text is copied so comments move with the code;
/// cocci/vfio_tidy.cocci then simplifies the copied unwind ladders.
//
// Confidence: Moderate
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual report
virtual core_frees

@initialize:python@
@@
import re

# statement extents per function: (line, col, line_end, col_end)
STMTS = {}
# locals / params per function: name -> (type, first line, has_init)
LOCALS = {}
PARAMS = {}
# remove functions: (name, put-arg text, unregister pos, put pos)
REMOVES = []
# outermost statements to delete, as (file, line, col)
DELETE = set()
# allocation checks to rewrite (file, line, col); locals left unused
# ("function:name", dropped by the tidy stage)
CHK = set()
DECLS = set()
TEXT = {}
CORE_FREES = False

# Parent device types and how @init finds them again from the vfio
# struct device of the vfio device.  Bus helpers, not drivers.
BUS_HELPER = {
	"struct mdev_device": "to_mdev_device",
	"struct pci_dev": "to_pci_dev",
	"struct platform_device": "to_platform_device",
	"struct fsl_mc_device": "to_fsl_mc_device",
	"struct amba_device": "to_amba_device",
}

# calls that only compute a value (copying them into a callback is safe)
PURE = set("""sizeof ARRAY_SIZE container_of to_mdev_device to_pci_dev
to_platform_device to_fsl_mc_device to_amba_device mdev_dev dev_name
mdev_get_type_group_id pci_get_drvdata dev_get_drvdata atomic_read
min max min_t max_t BIT GENMASK""".split())

IDENT = re.compile(r"(?<![\w.>])([A-Za-z_]\w*)")
KEYWORDS = set("""if else for while do switch case default break continue
return goto sizeof struct union enum const volatile static unsigned signed
int char long short void u8 u16 u32 u64 s8 s16 s32 s64 bool true false NULL
GFP_KERNEL typeof""".split())

def lines_of(fname):
	if fname not in TEXT:
		with open(fname) as fh:
			TEXT[fname] = fh.read().split("\n")
	return TEXT[fname]

def ext(p):
	return (int(p.line), int(p.column), int(p.line_end), int(p.column_end))

def text_of(fname, a, b):
	"""Source text from (line, col) a to (line, col) b, exclusive."""
	ls = lines_of(fname)
	(l1, c1), (l2, c2) = a, b
	if l1 == l2:
		return ls[l1 - 1][c1:c2]
	out = [ls[l1 - 1][c1:]] + ls[l1:l2 - 1] + [ls[l2 - 1][:c2]]
	return "\n".join(out)

def outermost(stmts, lo, hi):
	"""Statements inside (lo, hi) not nested in another one; labelled
	statements (column 0) are reported separately."""
	inside = [s for s in stmts if (s[0], s[1]) >= lo and (s[2], s[3]) <= hi]
	res = []
	for s in inside:
		if any(o != s and (o[0], o[1]) <= (s[0], s[1]) and
		       (o[2], o[3]) >= (s[2], s[3]) for o in inside):
			continue
		res.append(s)
	return sorted(set(res))

def idents(code):
	code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
	code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
	code = re.sub(r"//[^\n]*", " ", code)
	return [m.group(1) for m in IDENT.finditer(code)
		if m.group(1) not in KEYWORDS]

def strip_comments(code):
	code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
	return re.sub(r"//[^\n]*", " ", code)

def norm(code):
	return re.sub(r"\s+", "", strip_comments(code))

def writes_first(name, code):
	"""The first use of name in code assigns it."""
	code = strip_comments(code)
	m = re.search(r"(?<![\w.>])%s\b" % re.escape(name), code)
	if not m:
		return True
	return re.match(r"\s*=[^=]", code[m.end():]) is not None

def writes(name, code):
	"""code assigns name, steps it, or takes its address."""
	return re.search(r"(?<![\w.>])%s\s*(=[^=]|\+\+|--|[-+*/|&]=)|&\s*%s\b|(\+\+|--)\s*%s\b"
			 % ((re.escape(name),) * 3), strip_comments(code)) is not None

def used_in(name, code):
	return re.search(r"(?<![\w.>])%s\b" % re.escape(name),
			 strip_comments(code)) is not None

def base_type(t):
	return re.sub(r"\s*\*\s*$", "", t.strip())

def refuse(why):
	print("LIFT-REFUSED: " + why)
	return False

def fn_end(fname, line):
	"""Line number of the closing brace of the function around line."""
	ls = lines_of(fname)
	for i in range(line - 1, len(ls)):
		if ls[i].startswith("}"):
			return i + 1
	return len(ls)

LABEL = re.compile(r"^([A-Za-z_]\w*):\s*$")

def derive(name, ptype, dv, core, fn=None):
	"""Declaration that finds a probe/remove parameter again in a
	callback, or None."""
	bt = base_type(ptype)
	dvn = dv.replace(" ", "")
	# the device may be named through a local: struct device *dev = &p->dev;
	loc = LOCALS.get(fn, {}).get(dvn) if fn else None
	if loc and loc[2]:
		dvn = loc[3].split("=", 1)[1].strip().rstrip(";").replace(" ", "")
	if dvn in ("&%s->dev" % name,):
		helper = BUS_HELPER.get(bt)
		if helper:
			return "\t%s *%s = %s(%s->dev);" % (bt, name, helper, core)
		return "\t%s *%s = container_of(%s->dev, %s, dev);" % (bt, name, core, bt)
	if dvn == name and bt == "struct device":
		return "\tstruct device *%s = %s->dev;" % (name, core)
	return None

def needed_decls(code, fn, skip, dv, core, before, after):
	"""Declarations the lifted code needs: derived parameters and copied
	locals.  Returns a list of lines, or a string saying why not."""
	decls = []
	derived = []
	order = lambda n: (LOCALS.get(fn, {}).get(n, (0, 0))[1], n)
	for name in sorted(set(idents(code)), key=order):
		if name in skip:
			continue
		if name in PARAMS.get(fn, {}):
			d = derive(name, PARAMS[fn][name][0], dv, core, fn)
			if d is None:
				return "uses parameter '%s' of %s(), which the callback cannot find again" % (name, fn)
			derived.append(d)
			continue
		if name not in LOCALS.get(fn, {}):
			continue
		ltype, line, has_init, dtext = LOCALS[fn][name]
		if has_init:
			# copy the initialiser only when it needs nothing but
			# derivable parameters
			rhs = dtext.split("=", 1)[1]
			for n2 in idents(rhs):
				if n2 in LOCALS.get(fn, {}) and n2 not in skip:
					return "local '%s' of %s() is initialised from another local" % (name, fn)
				if n2 in PARAMS.get(fn, {}):
					d = derive(n2, PARAMS[fn][n2][0], dv, core, fn)
					if d is None:
						return "local '%s' of %s() needs parameter '%s'" % (name, fn, n2)
					if d not in derived:
						derived.append(d)
			# the copy runs the initialiser again: only when it has no
			# side effects, or the original goes (nothing else uses it)
			calls = [c for c in re.findall(r"(\w+)\s*\(", strip_comments(rhs))
				 if c not in PURE]
			if calls and used_in(name, after):
				return "local '%s' of %s() is initialised by %s() and still used there: the call would run twice" % (name, fn, calls[0])
			if writes(name, before):
				return "local '%s' of %s() changes before the moved code reads it" % (name, fn)
		elif used_in(name, before):
			if not writes_first(name, code):
				return "local '%s' of %s() is set before the moved code reads it" % (name, fn)
		if used_in(name, after) and writes(name, code) and not writes_first(name, after):
			return "local '%s' of %s() is set by the moved code and read after it" % (name, fn)
		if "," in re.sub(r"\([^)]*\)", "", dtext):
			return "declaration of '%s' in %s() declares several names" % (name, fn)
		decls.append("\t" + dtext.strip())
	return derived + decls

// ----------------------------------------------------------------------
// Anchors: the allocation and registration in probe, the unregister and
// put in remove.

// A mid-layer's variant (cocci/vfio_midlayer.cocci wrote it) registers and
// unregisters through the library's helpers: the runner names them.
@script:python mid@
mreg;
munreg;
@@
import os
coccinelle.mreg = cocci.make_ident(os.environ.get("LC_LIFT_REGISTER") or "__lc_nothing_here__")
coccinelle.munreg = cocci.make_ident(os.environ.get("LC_LIFT_UNREGISTER") or "__lc_nothing_here__")

@pr depends on patch@
identifier mid.mreg;
identifier P, tag, ops;
expression fld;
idexpression st;
expression dv, E;
position pa, pchk, preg;
@@
P(...) {
  ...
  st = vfio_alloc_device@pa(tag, fld, dv, &ops);
  if (IS_ERR@pchk(st)) { ... }
  ...
  E = \(vfio_register_group_dev@preg\|vfio_register_emulated_iommu_dev@preg\|
         vfio_pci_core_register_device@preg\|mreg@preg\)(...);
  ...
}

@rm depends on pr@
identifier mid.munreg;
identifier R;
expression X, Y;
position pun, pput;
@@
R(...) {
  ...
  \(vfio_unregister_group_dev@pun\|vfio_pci_core_unregister_device@pun\|munreg@pun\)(X);
  ...
  vfio_put_device@pput(Y);
  ...
}

@script:python@
R << rm.R;
Y << rm.Y;
pun << rm.pun;
pput << rm.pput;
@@
REMOVES.append((R, Y.replace(" ", ""), pun[0], pput[0]))

// Every statement of probe and remove, with its extent.
@cand exists@
identifier f = {pr.P, rm.R};
statement S;
position ps;
@@
f(...) { ... S@ps ... }

@script:python@
f << cand.f;
ps << cand.ps;
@@
STMTS.setdefault(f, set()).add(ext(ps[0]))

@loc@
identifier f = {pr.P, rm.R};
type T;
identifier x;
expression I;
position pl;
@@
f(...) { ... when any
(
 T x@pl;
|
 T x@pl = I;
)
 ... when any
}

@script:python@
f << loc.f;
x << loc.x;
T << loc.T;
pl << loc.pl;
@@
ls = lines_of(pl[0].file)
# the text of the declaration, from the start of its line to its semicolon
l = int(pl[0].line)
d = ls[l - 1]
while ";" not in d:
	d += "\n" + ls[l]
	l += 1
d = d[:d.index(";") + 1].strip()
LOCALS.setdefault(f, {})[x] = (T, int(pl[0].line), "=" in d.split(x, 1)[1], d)

@par@
identifier f = {pr.P, rm.R};
type T;
identifier x;
@@
f(..., T x, ...) {...}

@script:python@
f << par.f;
x << par.x;
T << par.T;
@@
PARAMS.setdefault(f, {})[x] = (T,)

@script:python depends on core_frees@
@@
CORE_FREES = True

// ----------------------------------------------------------------------
// The plan: what moves, and whether moving it is provably safe.

@script:python an@
P << pr.P;
tag << pr.tag;
ops << pr.ops;
fld << pr.fld;
st << pr.st;
dv << pr.dv;
pa << pr.pa;
pchk << pr.pchk;
preg << pr.preg;
@@
PLAN = globals().setdefault("PLAN", {})

def at(p):
	return (int(p.line), int(p.column))

def top_level(fn):
	s = [x for x in STMTS.get(fn, ()) if x[1] > 0]
	return outermost(s, (0, 0), (10 ** 9, 0))

def containing(tops, pos):
	for s in tops:
		if (s[0], s[1]) <= pos <= (s[2], s[3]):
			return s
	return None

def labelled_inside(fn, lo, hi):
	return [s for s in STMTS.get(fn, ()) if s[1] == 0 and lo < (s[0], s[1]) < hi]

def block(ls, s, prev_end):
	"""Lines of statement s with the comment lines right above it."""
	start = s[0]
	while start - 1 > prev_end and ls[start - 2].strip() and \
	      re.match(r"^\s*(/\*|\*|//)", ls[start - 2]):
		start -= 1
	return "\n".join(ls[start - 1:s[2]])

def slice_text(ls, stmts, prev_end, tops=None):
	"""Text of the statements, with the comments above each; runs of
	statements next to each other keep the blank lines between them."""
	out = []
	for i, s in enumerate(stmts):
		adjacent = i > 0 and tops is not None and not [
			t for t in tops if stmts[i - 1] < t < s]
		if adjacent:
			out.append("\n".join(ls[prev_end:s[2]]))
		else:
			b = block(ls, s, prev_end)
			if out:
				b = b.lstrip("\n")
			out.append(b)
		prev_end = s[2]
	return "\n".join(out)

def stmt_norm(fname, s, rename=None):
	t = norm(text_of(fname, (s[0], s[1]), (s[2], s[3])))
	if rename:
		t = re.sub(r"(?<![\w.>])%s\b" % re.escape(rename[0]), rename[1], t)
	return t

def callee(t):
	m = re.match(r"^(\w+)\((.*)\);$", t)
	return (m.group(1), m.group(2).split(",")[-1]) if m else None

# What undoes a set-up statement, when remove() says it the same way.
UNDO = [
	(r"^mutex_init\((.+)\);$", "mutex_destroy(%s);"),
	(r"^(.+?)=(?:kzalloc|kmalloc|kcalloc|kmalloc_array)\(.*\);$", "kfree(%s);"),
	(r"^(.+?)=(?:vzalloc|vmalloc)\(.*\);$", "vfree(%s);"),
	(r"^(.+?)=(?:kvzalloc|kvmalloc|kvcalloc)\(.*\);$", "kvfree(%s);"),
]

def undo_of(t):
	out = set()
	for pat, undo in UNDO:
		m = re.match(pat, t)
		if m:
			out.add(undo % m.group(1))
	return out

def state_decl(tag, name, core, fld):
	"""First line of a callback: the state, wrapped the kernel way when long."""
	one = "\tstruct %s *%s = container_of(%s, struct %s, %s);" % (tag, name, core, tag, fld)
	if len(one.expandtabs(8)) <= 80:
		return one
	return "\tstruct %s *%s =\n\t\tcontainer_of(%s, struct %s, %s);" % (tag, name, core, tag, fld)

def plan():
	fname = pa[0].file
	ls = lines_of(fname)
	whole = "\n".join(ls)
	fldn = fld.replace(" ", "")
	tops = top_level(P)
	chk = containing(tops, at(pchk[0]))
	reg = containing(tops, at(preg[0]))
	alloc = containing(tops, at(pa[0]))
	if chk is None or reg is None or alloc is None:
		return refuse("%s(): allocation, its check or registration not at the top of the function" % P)
	if labelled_inside(P, (alloc[0], alloc[1]), (reg[0], reg[1])):
		return refuse("%s(): a label inside the set-up code" % P)
	fe = fn_end(fname, reg[0])
	decl_end = max((v[1] + v[3].count("\n") for v in LOCALS.get(P, {}).values()), default=alloc[0] - 1)
	fstart = min((v[1] for v in LOCALS.get(P, {}).values()), default=alloc[0])

	# the unwind below the registration: a ladder or inline
	putre = r"vfio_put_device\s*\(\s*&\s*%s\s*->" % re.escape(st)
	nxt = [s for s in tops if (s[0], s[1]) > (reg[2], reg[3])]
	regfail = strip_comments("\n".join(ls[nxt[0][0] - 1:nxt[0][2]])) if nxt else ""
	m = re.search(r"^\s*if\s*\(.*?\)\s*(\{.*)?goto\s+(\w+)\s*;\s*\}?\s*$", regfail, re.S)
	inline = None
	if not m and re.search(putre, regfail):
		# inline unwind: if (ret) { UNDO; vfio_put_device(); return ret; }
		inner = outermost([x for x in STMTS.get(P, ()) if x != nxt[0] and x[1] > 0],
				  (nxt[0][0], nxt[0][1] + 1), (nxt[0][2], nxt[0][3]))
		ip = [x for x in inner if re.search(putre, ls[x[0] - 1])]
		if len(ip) == 1 and inner[-1] != ip[0]:
			mr = re.match(r"^\s*return\s+(\w+)\s*;", ls[inner[-1][0] - 1])
			if mr and inner.index(ip[0]) == len(inner) - 2:
				inline = (ip[0], inner[:inner.index(ip[0])], mr.group(1))
	if inline:
		put, segment, retvar = inline
		labels, lreg, final = {}, None, None
	else:
		if not m or re.search(r"(?<![\w.>])%s\b" % re.escape(st), m.group(1) or ""):
			return refuse("%s(): registration failure is not 'if (ret) goto label' nor an inline put" % P)
		labels = {}
		for i in range(reg[2], fe):
			ml = LABEL.match(ls[i])
			if ml:
				labels[ml.group(1)] = i + 1
		puts = [x for x in tops if x[0] > reg[2] and re.search(putre, ls[x[0] - 1])]
		if len(puts) != 1:
			return refuse("%s(): no single vfio_put_device() in an unwind ladder" % P)
		put = puts[0]
		rets = [x for x in tops if x[0] > put[2] and re.match(r"^\s*return\s+(\w+)\s*;", ls[x[0] - 1])]
		if not rets:
			return refuse("%s(): the unwind ladder does not end in 'return <variable>'" % P)
		final = rets[0]
		retvar = re.match(r"^\s*return\s+(\w+)\s*;", ls[final[0] - 1]).group(1)
		lreg = m.group(2)
		if lreg not in labels or labels[lreg] > put[0]:
			return refuse("%s(): registration failure does not reach vfio_put_device()" % P)
		segment = [x for x in tops if labels[lreg] < x[0] < put[0]]

	# resources reserved before the allocation: undone on its failure
	pre = [s for s in tops if s[0] > decl_end and (s[2], s[3]) < (alloc[0], alloc[1])]
	mchk = re.search(r"\bgoto\s+(\w+)\s*;", strip_comments(text_of(fname, (chk[0], chk[1]), (chk[2], chk[3]))))
	undo_pre = []
	if mchk and inline:
		return refuse("%s(): allocation failure jumps, registration failure unwinds inline" % P)
	if mchk:
		lpre = mchk.group(1)
		if lpre not in labels or labels[lpre] < put[2]:
			return refuse("%s(): allocation failure jumps to '%s', not below vfio_put_device()" % (P, lpre))
		undo_pre = [s for s in tops if labels[lpre] < s[0] and (s[2], s[3]) < (final[0], final[1])]
	lift_pre = bool(undo_pre)
	pre_text = slice_text(ls, pre, decl_end, tops) if lift_pre else ""
	if lift_pre:
		pt = strip_comments(pre_text)
		if re.search(r"\bgoto\b", pt) or re.search(r"\breturn\b(?!\s*-?\s*[A-Z]\w*\s*;)", pt):
			return refuse("%s(): code before the allocation jumps or returns a variable" % P)

	# set-up: everything between the check and the registration, but for
	# publishing the state (drvdata), which stays in probe
	setup_all = [s for s in tops if (s[0], s[1]) > (chk[2], chk[3]) and (s[2], s[3]) < (reg[0], reg[1])]
	setup = [s for s in setup_all if not re.match(r"^\s*\w*_set_drvdata\s*\(", ls[s[0] - 1])]
	setup_text = slice_text(ls, setup, chk[2], tops)
	# returns in the set-up are error exits only when they follow a put
	sl = [l for l in strip_comments(setup_text).split("\n") if l.strip()]
	for i, l in enumerate(sl):
		if re.search(r"\breturn\b", l) and not (i and re.search(putre, sl[i - 1])):
			return refuse("%s(): the set-up code returns from the middle" % P)
	gotos = set(re.findall(r"\bgoto\s+(\w+)", strip_comments(setup_text)))
	if gotos and inline:
		return refuse("%s(): set-up jumps to labels, registration failure unwinds inline" % P)
	# an inline unwind in the set-up: the core frees the object when the
	# init callback fails, so the put goes
	setup_text = "\n".join(l for l in setup_text.split("\n")
				if not re.match(r"^\s*" + putre + r".*\);\s*$", l))
	for g in gotos:
		if g not in labels or labels[g] > put[0]:
			return refuse("%s(): set-up jumps to '%s', past vfio_put_device()" % (P, g))

	# gotos elsewhere in probe must not land inside the part of the
	# ladder that the release callback takes over
	moved_p = set(setup) | set(segment) | (set(pre) | set(undo_pre) if lift_pre else set())
	# what stays in probe
	remaining = "\n".join(text_of(fname, (s[0], s[1]), (s[2], s[3]))
			      for s in tops if s not in moved_p)
	for g in re.findall(r"\bgoto\s+(\w+)", strip_comments(remaining)) if not inline else ():
		if g != lreg and g in labels and labels[lreg] < labels[g] < put[0]:
			return refuse("%s(): goto %s lands in the unwind that moves to @release" % (P, g))

	# remove(): unregister, TEARDOWN, put, AFTER on the same structure
	rmv = None
	for (R, X, pun, pput) in REMOVES:
		mx = re.match(r"&(\w+)->(.+)$", X)
		if not mx or mx.group(2) != fldn:
			continue
		xn = mx.group(1)
		xt = (LOCALS.get(R, {}).get(xn) or PARAMS.get(R, {}).get(xn) or ("",))[0]
		if base_type(xt) != "struct " + tag:
			continue
		rmv = (R, xn, pun, pput)
	if rmv is None:
		return refuse("no remove path (unregister + vfio_put_device) for struct %s" % tag)
	R, xn, pun, pput = rmv
	rtops = top_level(R)
	un = containing(rtops, at(pun))
	rput = containing(rtops, at(pput))
	if un is None or rput is None:
		return refuse("%s(): unregister or put not at the top of the function" % R)
	rfe = fn_end(fname, rput[0])
	teardown = [s for s in rtops if (s[0], s[1]) > (un[2], un[3]) and (s[2], s[3]) < (rput[0], rput[1])]
	r_after = [s for s in rtops if (s[0], s[1]) > (rput[2], rput[3])]
	rn = lambda s: stmt_norm(fname, s, (xn, st))

	# what the release callback takes from remove(): the unwind that
	# registration failure did, undoes of the set-up, and (when the
	# reservation moves too) the undo of the reservation
	setup_norms = [stmt_norm(fname, s) for s in setup]
	undos = set()
	for t in setup_norms:
		undos |= undo_of(t)
	seg_norms = [stmt_norm(fname, s) for s in segment]
	moved_t = []
	for s in teardown:
		t = rn(s)
		if t in seg_norms or t in undos:
			moved_t.append(s)
	for t in seg_norms:
		if t not in [rn(s) for s in moved_t]:
			return refuse("%s() undoes '%s' when registration fails, %s() does not" % (P, t, R))
	if lift_pre:
		for u in undo_pre:
			tu = stmt_norm(fname, u)
			hit = [s for s in teardown + r_after if rn(s) == tu] or \
			      [s for s in teardown + r_after if callee(rn(s)) and callee(rn(s)) == callee(tu)]
			if len(hit) != 1:
				return refuse("%s(): the undo of the reservation, '%s', has no single match in %s()" % (P, tu, R))
			if hit[0] not in moved_t:
				moved_t.append(hit[0])
	moved_t.sort()
	if re.search(r"\b(return|goto)\b", strip_comments(slice_text(ls, moved_t, un[2]))):
		return refuse("%s(): the tear-down code jumps or returns" % R)
	if not setup and not lift_pre:
		if moved_t:
			return refuse("%s() tears down state that %s() does not set up after allocation" % (R, P))
		print("LIFT-NOTHING: %s(): no set-up between allocation and registration" % P)
		return False

	# pci-core variants chain to the callbacks of the core
	opsdef = re.search(r"vfio_device_ops\s+%s\s*=\s*\{(.*?)\};" % re.escape(ops), whole, re.S)
	if not opsdef:
		return refuse("ops '%s' not defined in this file" % ops)
	chain = re.search(r"\.init\s*=\s*vfio_pci_core_init_dev\b", opsdef.group(1)) is not None
	if chain and (gotos or lift_pre):
		return refuse("%s(): set-up can fail after vfio_pci_core_init_dev(), which has no undo short of release" % P)

	base = re.sub(r"_dev$", "", re.sub(r"_ops$", "", ops))
	initfn, relfn = base + "_init_dev", base + "_release_dev"
	for n in (initfn, relfn):
		if re.search(r"\b%s\b" % n, whole):
			return refuse("name %s() already taken" % n)

	core = "core_vdev"
	# the init callback: reservation, set-up, its own unwind
	ladder = ""
	undo_text = slice_text(ls, undo_pre, put[2], tops) if lift_pre else ""
	if gotos:
		first = min(labels[g] for g in gotos)
		lad = []
		for l in ls[first - 1:put[0] - 1]:
			m2 = LABEL.match(l)
			if m2 and m2.group(1) not in gotos:
				continue
			lad.append(l)
		if undo_text:
			lad += undo_text.split("\n")
		# labels with nothing under them but the final return: their
		# gotos become that return
		while lad and (not lad[-1].strip() or LABEL.match(lad[-1])):
			l = lad.pop()
			m2 = LABEL.match(l)
			if m2:
				setup_text = re.sub(r"\bgoto\s+%s\s*;" % m2.group(1),
						    "return %s;" % retvar, setup_text)
		ladder = "\n".join(lad).strip("\n")
	code = pre_text + "\n" + setup_text + "\n" + ladder
	if ladder:
		code += "\n\treturn %s;" % retvar
	first_moved = (pre[0] if lift_pre and pre else setup[0] if setup else reg)[0]
	before = "\n".join(ls[decl_end:first_moved - 1])
	d = needed_decls(code, P, {st}, dv, core, before, remaining)
	if isinstance(d, str):
		return refuse(d)
	# the state, when the moved code uses it (an unused local warns)
	body = [state_decl(tag, st, core, fldn)] if used_in(st, code + "\n" + "\n".join(d)) else []
	body += d
	if chain and "\tint ret;" not in d:
		body.append("\tint ret;")
	if body:
		body.append("")
	if chain:
		body += ["\tret = vfio_pci_core_init_dev(%s);" % core,
			 "\tif (ret)", "\t\treturn ret;", ""]
	if pre_text:
		body += [pre_text.strip("\n"), ""]
	if setup_text.strip():
		body.append(setup_text.strip("\n"))
	body.append("\treturn 0;")
	if ladder:
		body += ["", ladder, "\treturn %s;" % retvar]

	# the release callback
	rel = None
	if moved_t:
		td_text = slice_text(ls, moved_t, un[2], rtops).strip("\n")
		r_rest = "\n".join(text_of(fname, (s[0], s[1]), (s[2], s[3]))
				   for s in rtops if s not in moved_t)
		r_decl_end = max((v[1] + v[3].count("\n") for v in LOCALS.get(R, {}).values()), default=un[0] - 1)
		r_before = "\n".join(ls[r_decl_end:un[0] - 1])
		rd = needed_decls(td_text, R, {xn}, dv, core, r_before, r_rest)
		if isinstance(rd, str):
			return refuse(rd)
		rel = [state_decl(tag, xn, core, fldn)] if used_in(xn, td_text + "\n" + "\n".join(rd)) else []
		rel += rd
		rel += ([""] if rel else []) + [td_text]
		if chain:
			rel.append("\tvfio_pci_core_release_dev(%s);" % core)
		elif not CORE_FREES:
			rel.append("\tvfio_free_device(%s);" % core)

	for s in setup + segment + moved_t + (pre + undo_pre if lift_pre else []):
		DELETE.add((fname, s[0], s[1]))
	if lift_pre:
		# the allocation can no longer fail with the reservation held
		CHK.add((fname, int(pchk[0].line), int(pchk[0].column)))
	# locals only the moved code used
	for fn, keep in ((P, remaining), (R, r_rest if moved_t else None)):
		if keep is None:
			continue
		for name, v in LOCALS.get(fn, {}).items():
			if fn == P and name == st or fn == R and name == xn:
				continue
			# the initialisers of the other locals stay too
			inits = "\n".join(w[3].split("=", 1)[1] for n2, w in LOCALS[fn].items()
					  if n2 != name and w[2])
			if not used_in(name, keep + "\n" + inits):
				DECLS.add("%s:%s" % (fn, name))

	ops_line = whole[:opsdef.start()].count("\n") + 1
	# The callbacks go right above the ops that name them, unless they
	# use something defined further down: then above probe, with
	# prototypes above the ops.
	where, proto = "probe", False
	if ops_line < fstart:
		proto = True
		alltext = "\n".join(body) + "\n" + "\n".join(rel or [])
		# top-level names and where each is first declared
		defs = {}
		for i, l in enumerate(ls):
			if not l or l[0] in " \t#/*}{" or LABEL.match(l):
				continue
			mdef = re.match(r"^[^=(;]*?\b(\w+)\s*(\(|=|;|\[)", l)
			if mdef:
				defs.setdefault(mdef.group(1), i + 1)
		late = any(defs.get(n, 0) > ops_line for n in set(idents(alltext)))
		if not late:
			where, proto = "ops", False
	PLAN[P] = dict(initfn=initfn, relfn=relfn, init="\n".join(body),
		       rel="\n".join(rel) if rel else None,
		       proto=proto, where=where, ops=ops)
	print("LIFTED: %s %s %s %s" % (P, R, initfn, relfn if rel else "-"))
	if DECLS:
		print("LIFT-UNUSED: " + ",".join(sorted(DECLS)))
	return True

if not plan():
	cocci.include_match(False)

// ----------------------------------------------------------------------
// Carry the plan out.  The callbacks' bodies are the source text of the
// slices (comments included), handed to spatch as opaque identifiers:
// printed as they are, not parsed again until the tidy stage.

// Where each piece goes is said by naming its anchor; a piece that is not
// wanted gets an anchor that names nothing.  (A script rule that drops its
// match would drop the whole environment, and with it the other pieces.)
@script:python mk@
P << pr.P;
initfn;
initbody;
relfn;
relbody;
ip;
io;
ipo;
rp;
ro;
rpo;
oi;
orl;
@@
NONE = "__lc_nothing_here__"
pl = PLAN[P]
rel = pl["rel"]
ops = pl["ops"]
def mi(cond, name):
	return cocci.make_ident(name if cond else NONE)
coccinelle.initfn = cocci.make_ident(pl["initfn"])
coccinelle.initbody = cocci.make_ident(pl["init"].lstrip("\t").rstrip(";"))
coccinelle.relfn = cocci.make_ident(pl["relfn"])
coccinelle.relbody = cocci.make_ident((rel or "").lstrip("\t").rstrip(";"))
coccinelle.ip = mi(pl["where"] == "probe", P)
coccinelle.io = mi(pl["where"] == "ops", ops)
coccinelle.ipo = mi(pl["proto"], ops)
coccinelle.rp = mi(rel and pl["where"] == "probe", P)
coccinelle.ro = mi(rel and pl["where"] == "ops", ops)
coccinelle.rpo = mi(rel and pl["proto"], ops)
coccinelle.oi = cocci.make_ident(ops)
coccinelle.orl = mi(rel, ops)

// Delete what moved (whole top-level statements, chosen by position), and
// rewrite the allocation check of a probe whose reservation moved into
// the init callback: nothing to undo any more, and the callback's error
// is the one to return.  One rule: positions do not survive a rewrite.
@del depends on an@
idexpression pr.st;
statement S, S1;
position ps : script:python() { (ps[0].file, int(ps[0].line), int(ps[0].column)) in DELETE };
position pc : script:python() { (pc[0].file, int(pc[0].line), int(pc[0].column)) in CHK };
@@
(
- if (IS_ERR@pc(st)) S1
+ if (IS_ERR(st))
+	return PTR_ERR(st);
|
- S@ps
)

@depends on an@
identifier mk.ip, mk.initfn, mk.initbody;
@@
+static int initfn(struct vfio_device *core_vdev)
+{
+	initbody;
+}
+
 ip(...) {...}

@depends on an@
identifier mk.rp, mk.relfn, mk.relbody;
@@
+static void relfn(struct vfio_device *core_vdev)
+{
+	relbody;
+}
+
 rp(...) {...}

@depends on an@
identifier mk.io, mk.initfn, mk.initbody;
@@
+static int initfn(struct vfio_device *core_vdev)
+{
+	initbody;
+}
+
 struct vfio_device_ops io = {...};

@depends on an@
identifier mk.ro, mk.relfn, mk.relbody;
@@
+static void relfn(struct vfio_device *core_vdev)
+{
+	relbody;
+}
+
 struct vfio_device_ops ro = {...};

@depends on an@
identifier mk.ipo, mk.initfn;
@@
+static int initfn(struct vfio_device *core_vdev);
 struct vfio_device_ops ipo = {...};

@depends on an@
identifier mk.rpo, mk.relfn;
@@
+static void relfn(struct vfio_device *core_vdev);
 struct vfio_device_ops rpo = {...};

// The ops point at the new callbacks.
@opi1 depends on an@
identifier mk.oi, mk.initfn;
symbol vfio_pci_core_init_dev;
@@
 struct vfio_device_ops oi = {
  ...,
- .init = vfio_pci_core_init_dev,
+ .init = initfn,
  ...
 };

@opi2 depends on an && !opi1@
identifier mk.oi, mk.initfn;
expression E;
@@
 struct vfio_device_ops oi = {
  ...,
+ .init = initfn,
  .release = E,
  ...
 };

@depends on an && !opi1 && !opi2@
identifier mk.oi, mk.initfn;
@@
 struct vfio_device_ops oi = {
  ...,
+ .init = initfn,
 };

@opr1 depends on an@
identifier mk.orl, mk.relfn;
expression old;
@@
 struct vfio_device_ops orl = {
  ...,
- .release = old,
+ .release = relfn,
  ...
 };

@depends on an && !opr1@
identifier mk.orl, mk.relfn;
@@
 struct vfio_device_ops orl = {
  ...,
+ .release = relfn,
 };

// ----------------------------------------------------------------------
// report: functions that set state up after vfio_alloc_device(), the code
// an @init callback is for.

@rp depends on report exists@
identifier f2;
expression list args;
expression E;
idexpression st;
position p;
@@
  st = vfio_alloc_device@p(args);
  ...
  st->f2 = E;

@script:python depends on report@
p << rp.p;
@@
coccilib.report.print_report(p[0], "state set up after vfio_alloc_device(): an @init callback could own it")
