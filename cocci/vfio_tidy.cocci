// SPDX-License-Identifier: GPL-2.0-only
/// Third stage of the conversion: tidy the functions the earlier stages
/// changed (their names come in LC_TIDY_FUNCS, comma separated).  The
/// unwind ladder copied into an @init callback often ends in a bare
/// "label: return ret;" once vfio_put_device() is gone, and probe keeps
/// labels nobody jumps to any more:
///
///   if (c) { ret = -E; goto out; } ... out: return ret;  ->  if (c) return -E;
///   goto out; ... out: return ret;                       ->  return ret;
///   ret = f(); if (ret) return ret; return 0; (at the end) -> return f();
///   labels without a goto, locals without a use          ->  removed
///   locals named in LC_TIDY_DECLS ("function:local", all of whose uses
///   moved into a callback)                              ->  removed
///
/// Each rewrite keeps the program's meaning; nothing outside the named
/// functions is touched.
//
// Confidence: High
// Copyright: (C) 2026 vfio-lifecycle contributors
// Comments: written for vfio-lifecycle; no driver is named in the rules
// Options: --no-includes --include-headers

virtual patch
virtual core_frees

@initialize:python@
@@
import os
TIDY = set(x for x in os.environ.get("LC_TIDY_FUNCS", "").split(",") if x)
# "function:local" pairs the lift stage left unused, initialiser and all
DROP = set(x for x in os.environ.get("LC_TIDY_DECLS", "").split(",") if x)
USED = {}
USED_ID = {}

// The functions to tidy.  (A script constraint on an identifier would do,
// but spatch 1.1.1 then fails to parse the next script rule.)
@fns depends on patch@
identifier f;
@@
f(...) {...}

@script:python tf@
f << fns.f;
g;
@@
if f in TIDY:
	coccinelle.g = cocci.make_ident(f)
else:
	cocci.include_match(False)

@r2 depends on patch exists@
identifier tf.g;
identifier L, ret;
@@
g(...) {
  ...
- goto L;
+ return ret;
  ...
  L:
  return ret;
}

// ... and an assignment just before that return goes into it.
@r3 depends on patch@
identifier tf.g;
identifier ret;
expression C, E;
@@
g(...) {
  <...
- if (C) {
- ret = E;
- return ret;
- }
+ if (C)
+	return E;
  ...>
}

// A callback that ends by passing on what its last call returned.
@r4 depends on patch@
identifier tf.g;
identifier ret;
expression E;
@@
g(...) {
  ...
- ret = E;
- if (ret)
-	return ret;
- return 0;
+ return E;
}

@golab depends on patch@
identifier tf.g;
identifier L;
@@
g(...) { <... goto L; ...> }

@script:python@
f << tf.g;
L << golab.L;
@@
USED.setdefault(f, set()).add(L)

@labs depends on patch@
identifier tf.g;
identifier L;
statement S;
@@
g(...) { <... L: S ...> }

@script:python dl@
f << tf.g;
L << labs.L;
dead;
@@
# a label still in use gets a name that matches nothing (dropping the
# match would drop the function for every later rule)
coccinelle.dead = cocci.make_ident("__lc_nothing_here__" if L in USED.get(f, ()) else L)

// A label nobody jumps to after a return: the code under it is dead too.
@depends on patch@
identifier tf.g, dl.dead;
expression E0, E;
@@
g(...) {
  <...
  return E0;
- dead:
- return E;
  ...>
}

@depends on patch@
identifier tf.g, dl.dead;
@@
g(...) {
  <...
- dead:
  ...>
}

// Locals without a use.  (Asked of every identifier in the function: with
// spatch 1.1.1 "- T x; ... when != x" also took locals still in use.)
@uses depends on patch@
identifier tf.g;
identifier x;
@@
g(...) { <... x ...> }

@script:python@
f << tf.g;
x << uses.x;
@@
USED_ID.setdefault(f, set()).add(x)

@ndecl depends on patch@
identifier tf.g;
type T;
identifier x;
@@
g(...) {
  ... when any
  T x;
  ... when any
}

@script:python nd@
f << tf.g;
x << ndecl.x;
ux;
@@
coccinelle.ux = cocci.make_ident("__lc_nothing_here__" if x in USED_ID.get(f, ()) else x)

@depends on patch@
identifier tf.g, nd.ux;
type T;
@@
g(...) {
  ... when any
- T ux;
  ... when any
}

// Locals whose every use moved into a callback, initialiser included (the
// callback computes it again); named by the lift stage.
@idecl depends on patch@
identifier tf.g;
type T;
identifier x;
expression I;
@@
g(...) {
  ... when any
  T x = I;
  ... when any
}

@script:python dd@
f << tf.g;
x << idecl.x;
dx;
@@
coccinelle.dx = cocci.make_ident(x if "%s:%s" % (f, x) in DROP else "__lc_nothing_here__")

@depends on patch@
identifier tf.g, dd.dx;
type T;
expression I;
@@
g(...) {
  ... when any
- T dx = I;
  ... when any
}

// spatch 1.1.1 leaves "{}" where it deleted a do-while loop: an empty
// block that is a statement of its own, after another statement or a
// declaration.  Not the body of an if, a loop or the function: "- {}"
// alone matched those too, and "if (c) {}" became "if (c)" over the next
// statement, an empty function lost its braces.
@depends on patch@
identifier tf.g;
statement S;
type T;
identifier x;
expression I;
@@
g(...) {
  <...
(
  S
|
  T x;
|
  T x = I;
)
- {}
  ...>
}

// An error exit that lost its put: braces around a lone return.
@depends on patch@
identifier tf.g;
expression C, E;
@@
g(...) {
  <...
- if (C) {
- return E;
- }
+ if (C)
+	return E;
  ...>
}
