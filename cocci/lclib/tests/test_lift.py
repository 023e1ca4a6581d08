# SPDX-License-Identifier: GPL-2.0-only
"""lclib.lift: the planner's predicates over the fixtures of tests/cocci/.

The lift stage runs on the minimal level's output.  For a fixture whose
verdict is "minimal" that is tests/cocci/expected/X.6.1.c (the lift was
refused, the file stayed); for an idiomatic one it is
tests/cocci/lift-in/X.min.6.1.c
(convert-files --target 6.1 --level minimal X.c).  The planner
gets what the rule would hand it (cocci/lclib/tests/spatchless.py finds it without
spatch); the reason codes must be those the golden verdicts imply, and
the printed lines the ones the runner has always quoted.
"""

import contextlib
import io
import os
import unittest

from lclib import lift, refusal
from lclib.tests.spatchless import plan_file
from lclib.tests.stand_ins import Pos

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
EXP = os.path.join(TOP, "tests", "cocci", "expected")
DATA = os.path.join(TOP, "tests", "cocci", "lift-in")

# fixture -> {probe: reason code}, and the lines the planner prints
CASES = {
    "lc_direct": ({"lcd_probe": "lifted"},
                  ["LIFTED: lcd_probe lcd_remove lcd_init_dev lcd_release_dev"]),
    "lc_early_free": ({"lcef_probe": "lifted"},
                      ["LIFTED: lcef_probe lcef_remove lcef_init_dev lcef_release_dev"]),
    "lc_inline": ({"lci_probe": "lifted"},
                  ["LIFTED: lci_probe lci_remove lci_init_dev lci_release_dev"]),
    "lc_pci_chain": ({"lcc_probe": "lifted"},
                     ["LIFTED: lcc_probe lcc_remove lcc_init_dev lcc_release_dev"]),
    "lc_reserve": ({"lcr_probe": "lifted"},
                   ["LIFTED: lcr_probe lcr_remove lcr_init_dev lcr_release_dev",
                    "LIFT-UNUSED: lcr_probe:slots,lcr_remove:slots"]),
    # a count taken before the allocation: its give-back moves into @release
    "lc_sym_counter": ({"lcs_probe": "lifted"},
                       ["LIFTED: lcs_probe lcs_remove lcs_init_dev lcs_release_dev"]),
    # a count taken in the set-up, given back after the put: into @release
    "lc_sym_count_setup": ({"lcn_probe": "lifted"},
                           ["LIFTED: lcn_probe lcn_remove lcn_init_dev lcn_release_dev"]),
    # a lock set up after the registration: into @init
    "lc_sym_lock_late": ({"lcl_probe": "lifted"},
                         ["LIFTED: lcl_probe lcl_remove lcl_init_dev lcl_release_dev"]),
    # vfio_alloc_device() in a declaration: no anchor for the rule
    "lc_alloc_helper": ({}, []),
    # lines of the lift stage's input here (no LC_LIFT_ORIG): the runner
    # names those of its own input (tests/58-cocci-reasons.t)
    "lc_pci_variant": ({"lcp_probe": "param-not-derivable", "lcp_plain_probe": "no-remove"},
                       ["LIFT-REFUSED: uses parameter 'id' of lcp_probe() (line 31), which the callback cannot find again",
                        "LIFT-REFUSED: no remove path (unregister + vfio_put_device) for struct vfio_pci_core_device "
                        "(allocated line 64)"]),
    "lc_side_effect": ({"lcs_probe": "init-runs-twice"},
                       ["LIFT-REFUSED: local 'id' of lcs_probe() is initialised by ida_alloc() (line 27) and still used "
                        "there: the call would run twice"]),
    "lc_two_ops_order": ({"lct_probe_basic": "nothing", "lct_probe_full": "param-not-derivable"},
                         ["LIFT-NOTHING: lct_probe_basic(): no set-up between allocation and registration",
                          "LIFT-REFUSED: uses parameter 'flags' of lct_probe_full() (line 48), which the callback cannot find again"]),
    # a bus missing from cocci/bus-helpers.tsv: the file's own to_lcbus_dev()
    "lc_bus_helper": ({"lcb_probe": "lifted"},
                      ["LIFTED: lcb_probe lcb_remove lcb_init_dev lcb_release_dev"]),
    # the bus device reached through an accessor: nothing leads back to it
    # (line of the lift stage's input: no LC_LIFT_ORIG here)
    "lc_bus_nohelper": ({"lcn_probe": "bus-device-not-found"},
                        ["LIFT-REFUSED: uses parameter 'ldev' of lcn_probe(), a struct lcbus_device, "
                         "which the callback cannot find again: the device passed (line 31) is "
                         "lcbus_get_dev(ldev), not &ldev-><member>, so no bus helper "
                         "(cocci/bus-helpers.tsv, a to_*() of the file) nor container_of() leads back to it"]),
    "lc_unsafe_undo": ({"lcu_probe": "remove-misses-undo"},
                       ["LIFT-REFUSED: lcu_probe() undoes 'kfree(st->buf);' (line 41) when registration fails, "
                        "lcu_remove() does not"]),
}


def level(x):
    """The level the golden verdict of fixture x asks for (6.1 target)."""
    vf = os.path.join(EXP, x + ".6.1.verdict")
    if not os.path.exists(vf):
        vf = os.path.join(EXP, x + ".verdict")
    with open(vf) as fh:
        lines = fh.read().split("\n")
    return lines[1] if len(lines) > 1 else ""


def lift_input(x):
    """The file the lift stage sees for fixture x."""
    if level(x) == "minimal":
        return os.path.join(EXP, x + ".6.1.c")
    return os.path.join(DATA, x + ".min.6.1.c")


def run(path, core_frees=False):
    """The planner on path: the Lift, the codes, the lines it printed
    (but the LIFT-REASON lines, which test_reason_lines reads)."""
    lft, codes, printed = run_all(path, core_frees)
    return lft, codes, [l for l in printed if not l.startswith("LIFT-REASON: ")]


def run_all(path, core_frees=False):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        lft, codes = plan_file(path, core_frees)
    return lft, codes, out.getvalue().splitlines()


class TestFixtures(unittest.TestCase):
    def test_codes_and_lines(self):
        for x, (codes, lines) in sorted(CASES.items()):
            with self.subTest(fixture=x):
                _, got, printed = run(lift_input(x))
                self.assertEqual(got, codes)
                self.assertEqual(sorted(printed), sorted(lines))

    def test_lines_of_the_converters_input(self):
        """With LC_LIFT_ORIG (the runner sets it), a refusal names the
        line of the converter's input, not of the lift stage's: the
        declaration is line 27 of the minimal conversion, 26 of
        tests/cocci/in/lc_side_effect.c."""
        old = os.environ.get("LC_LIFT_ORIG")
        os.environ["LC_LIFT_ORIG"] = os.path.join(TOP, "tests", "cocci", "in", "lc_side_effect.c")
        try:
            _, _, printed = run(lift_input("lc_side_effect"))
        finally:
            if old is None:
                del os.environ["LC_LIFT_ORIG"]
            else:
                os.environ["LC_LIFT_ORIG"] = old
        self.assertEqual(printed, ["LIFT-REFUSED: local 'id' of lcs_probe() is initialised by ida_alloc() "
                                   "(line 26) and still used there: the call would run twice"])

    def test_codes_agree_with_verdicts(self):
        """minimal: some probe refused (or none found); idiomatic: every
        probe lifted or had nothing to lift."""
        for x, (codes, _) in sorted(CASES.items()):
            with self.subTest(fixture=x):
                refused = [c for c in codes.values() if c in refusal.REASONS]
                if level(x) == "minimal":
                    self.assertTrue(refused or not codes)
                else:
                    self.assertEqual(level(x), "idiomatic")
                    self.assertEqual(refused, [])

    def test_reason_lines(self):
        """Each LIFT-REFUSED line is followed by the LIFT-REASON line of
        its code (the converter pairs them for its record)."""
        for x, (codes, _) in sorted(CASES.items()):
            with self.subTest(fixture=x):
                _, got, printed = run_all(lift_input(x))
                pairs = [(printed[i][len("LIFT-REFUSED: "):], printed[i + 1])
                         for i, l in enumerate(printed) if l.startswith("LIFT-REFUSED: ")]
                refused = sorted(c for c in got.values() if c in refusal.REASONS)
                self.assertEqual(sorted(p[1] for p in pairs), ["LIFT-REASON: " + c for c in refused])

    def test_lifted_plans(self):
        """The callbacks the plan names are those of the golden output,
        and what moved into them left probe/remove."""
        for x, (codes, _) in sorted(CASES.items()):
            if "lifted" not in codes.values():
                continue
            with self.subTest(fixture=x):
                lft, _, _ = run(lift_input(x))
                with open(os.path.join(EXP, x + ".6.1.c")) as fh:
                    golden = fh.read()
                for P, pl in lft.plans.items():
                    self.assertIn("static int %s(struct vfio_device *core_vdev)" % pl["initfn"], golden)
                    if pl["rel"]:
                        self.assertIn("static void %s(struct vfio_device *core_vdev)" % pl["relfn"], golden)
                        # the tidy stage leaves @release as planned
                        self.assertIn("{\n" + pl["rel"] + "\n}", golden)
                        # the 6.1 core does not free; a pci-core variant chains
                        self.assertRegex(pl["rel"], r"\t(vfio_free_device|vfio_pci_core_release_dev)\(core_vdev\);$")
                self.assertTrue(lft.delete)

    def test_undo_moves_to_release(self):
        """remove's undoing of the set-up (mutex_init/mutex_destroy,
        kzalloc/kfree) moves to @release although the registration
        failure does not say it; the rest of remove stays."""
        lft, codes, _ = run(os.path.join(DATA, "lc_undo.min.6.1.c"))
        self.assertEqual(codes, {"lcx_probe": "lifted"})
        pl = lft.plans["lcx_probe"]
        self.assertEqual(pl["init"], "\tstruct lcx_state *st = container_of(core_vdev, struct lcx_state, vdev);\n\n"
                         "\tmutex_init(&st->lock);\n\tst->buf = kzalloc(32, GFP_KERNEL);\n\treturn 0;")
        self.assertEqual(pl["rel"], "\tstruct lcx_state *st = container_of(core_vdev, struct lcx_state, vdev);\n\n"
                         "\tmutex_destroy(&st->lock);\n\tkfree(st->buf);\n\tvfio_free_device(core_vdev);")
        self.assertEqual(sorted(l for _, l, _ in lft.delete), [37, 38, 56, 57])

    def test_count_gives_back_in_release(self):
        """A count the set-up takes (moved into @init) is given back in
        @release, also when remove gave it back after the put: a failed
        registration runs @release only."""
        lft, codes, _ = run(lift_input("lc_sym_count_setup"))
        self.assertEqual(codes, {"lcn_probe": "lifted"})
        pl = lft.plans["lcn_probe"]
        self.assertIn("\tatomic_inc(&lcn_open_count);", pl["init"])
        self.assertEqual(pl["rel"], "\tatomic_dec(&lcn_open_count);\n\tvfio_free_device(core_vdev);")
        self.assertEqual(lift.count_undo_of("atomic_add(n,&x->c);"), {"atomic_sub(n,&x->c);"})
        self.assertEqual(lift.count_undo_of("st->users++;"), {"st->users--;"})
        self.assertEqual(lift.count_undo_of("mutex_init(&st->lock);"), set())

    def test_late_init_moves_into_init(self):
        """A lock set up after the registration (the ops may take it once
        registered) moves into @init, its destroy into @release."""
        lft, codes, _ = run(lift_input("lc_sym_lock_late"))
        self.assertEqual(codes, {"lcl_probe": "lifted"})
        pl = lft.plans["lcl_probe"]
        self.assertIn("\tmutex_init(&st->lock);\n\treturn 0;", pl["init"])
        self.assertIn("\tmutex_destroy(&st->lock);", pl["rel"])

    def test_late_init_used_between(self):
        """... unless the code between the registration and it uses the
        state: refused, naming the call and its line."""
        lft, codes, printed = run(os.path.join(DATA, "lc_late_used.min.6.1.c"))
        self.assertEqual(codes, {"lcl_probe": "late-init-used"})
        self.assertEqual(printed, ["LIFT-REFUSED: lcl_probe(): mutex_init() after the registration (line 48), "
                                   "and the code between uses the state: the ops may use it once registered; "
                                   "set it up before the registration"])

    def test_drvdata_lines(self):
        """The driver-data lines name the line of the set in the
        converter's input, not in the minimal output the rule reads."""
        minimal = os.path.join(EXP, "lc_pci_drvdata_late.6.1.c")
        orig = os.path.join(TOP, "tests", "cocci", "in", "lc_pci_drvdata_far.c")
        self.assertEqual(lift.drvdata_line("late", "lcf_probe", orig, 45),
                         "LIFT-ORDER: drvdata set after vfio_pci_core_register_device() (line 45): "
                         "a 6.1 core needs it before")
        # the second set in the minimal form is the second in the input
        ls = ["static int f_probe(void)", "{", "\tx();", "\tdev_set_drvdata(a, b);",
              "\tdev_set_drvdata(a, c);", "}"]
        self.assertEqual(lift.orig_line(None, "f_probe", 5, ls), 5)
        self.assertEqual(lift.orig_line(orig, "lcf_probe", 4, ["static int lcf_probe(void)"] + ls[1:]), 45)
        self.assertEqual(lift.orig_line(orig, "nowhere", 4, ls), 4)
        self.assertIn("(was after it, line 37)", lift.drvdata_line(
            "moved", "lcd_probe", minimal, 33,
            os.path.join(TOP, "tests", "cocci", "in", "lc_pci_drvdata_late.c")))

    def test_drvdata_at(self):
        """The rules' one call: the position's file and line, the input
        named by LC_LIFT_ORIG."""
        minimal = os.path.join(EXP, "lc_pci_drvdata_late.6.1.c")
        orig = os.path.join(TOP, "tests", "cocci", "in", "lc_pci_drvdata_late.c")
        self.assertEqual(lift.drvdata_at("moved", "lcd_probe", [Pos(minimal, 33)], {"LC_LIFT_ORIG": orig}),
                         lift.drvdata_line("moved", "lcd_probe", minimal, 33, orig))
        self.assertIn("line 33)", lift.drvdata_at("late", "lcd_probe", [Pos(minimal, 33)], {}))

    def test_registration_names(self):
        self.assertEqual(lift.registration_names({}),
                         {"mreg": "__lc_nothing_here__", "munreg": "__lc_nothing_here__"})
        self.assertEqual(lift.registration_names({"LC_LIFT_REGISTER": "lib_register",
                                                  "LC_LIFT_UNREGISTER": ""}),
                         {"mreg": "lib_register", "munreg": "__lc_nothing_here__"})

    def test_anchors_and_deletes(self):
        """Rule mk's identifiers say where each piece goes; rule del's
        constraints ask the plan which statements moved."""
        lft, _, _ = run(lift_input("lc_direct"))
        pl = lft.plans["lcd_probe"]
        a = lft.anchors("lcd_probe")
        self.assertEqual(sorted(a), sorted(["initfn", "initbody", "relfn", "relbody", "ip", "io",
                                            "ipo", "rp", "ro", "rpo", "oi", "orl"]))
        self.assertEqual((a["initfn"], a["relfn"], a["oi"]), (pl["initfn"], pl["relfn"], pl["ops"]))
        self.assertFalse(a["initbody"].startswith("\t") or a["initbody"].endswith(";"))
        # the callbacks go one place: above probe or above the ops
        places = [a["ip"], a["io"]]
        self.assertEqual(places.count("__lc_nothing_here__"), 1)
        self.assertIn(a["ip"] if pl["where"] == "probe" else a["io"], ("lcd_probe", pl["ops"]))
        self.assertEqual(a["orl"], pl["ops"] if pl["rel"] else "__lc_nothing_here__")
        f, line, col = sorted(lft.delete)[0]
        self.assertTrue(lft.moved([Pos(f, line, col)]))
        self.assertFalse(lft.moved([Pos(f, line, col + 1000)]))
        self.assertEqual(lft.check_to_rewrite([Pos(f, line, col)]), (f, line, col) in lft.chk)

    def test_core_frees(self):
        """A 6.2 target: @release does not free the device."""
        lft, _, _ = run(lift_input("lc_direct"), core_frees=True)
        self.assertNotIn("vfio_free_device", lft.plans["lcd_probe"]["rel"])

    def test_idiomatic_outputs_have_nothing_left(self):
        """The golden idiomatic outputs: nothing more to lift."""
        for x, (codes, _) in sorted(CASES.items()):
            if "lifted" not in codes.values():
                continue
            with self.subTest(fixture=x):
                _, got, _ = run(os.path.join(EXP, x + ".6.1.c"))
                self.assertEqual(set(got.values()), {lift.NOTHING})


class TestPredicates(unittest.TestCase):
    """Each predicate on its own: the question, and the refusal it raises."""

    def refuses(self, pred, code, **kw):
        self.assertTrue(pred.holds(**kw))
        with self.assertRaises(refusal.Refused) as cm:
            pred(**kw)
        self.assertEqual(cm.exception.code, code)
        return cm.exception.text

    def test_setup_returns(self):
        ok = "\tif (!st->buf) {\n\t\tvfio_put_device(&st->vdev);\n\t\treturn -ENOMEM;\n\t}"
        self.assertFalse(lift.setup_returns.holds(P="p", setup_text=ok, st="st"))
        bad = "\tif (x)\n\t\treturn 0;"
        self.assertEqual(self.refuses(lift.setup_returns, "setup-returns",
                                      P="p", setup_text=bad, st="st", line=7),
                         "p(): the set-up code returns from the middle (line 7)")

    def test_reserve_jumps(self):
        self.assertFalse(lift.reserve_jumps.holds(P="p", pre_text="\tif (x)\n\t\treturn -EBUSY;"))
        self.assertTrue(lift.reserve_jumps.holds(P="p", pre_text="\tif (x)\n\t\treturn ret;"))
        self.assertTrue(lift.reserve_jumps.holds(P="p", pre_text="\tif (x)\n\t\tgoto out;"))

    def test_teardown_jumps(self):
        self.assertFalse(lift.teardown_jumps.holds(R="r", text="\tkfree(st->buf); /* return */"))
        self.assertEqual(self.refuses(lift.teardown_jumps, "teardown-jumps", R="r",
                                      text="\tif (x)\n\t\treturn;", line=9),
                         "r(): the tear-down code jumps or returns (line 9)")

    def test_setup_jumps_past_put(self):
        labels = {"out_free": 40, "out": 50}
        put = (45, 1, 45, 28)
        self.assertFalse(lift.setup_jumps_past_put.holds(P="p", gotos={"out_free"},
                                                         labels=labels, put=put))
        self.assertEqual(self.refuses(lift.setup_jumps_past_put, "setup-jumps-past-put",
                                      P="p", gotos={"out"}, labels=labels, put=put, line=42),
                         "p(): set-up jumps to 'out' (line 42), past vfio_put_device()")

    def test_locals(self):
        self.assertEqual(self.refuses(lift.init_runs_twice, "init-runs-twice", name="id",
                                      fn="p", rhs=" ida_alloc(&ida, GFP_KERNEL)",
                                      after="\tst->id = id;", line=3),
                         "local 'id' of p() is initialised by ida_alloc() (line 3) and still used there: "
                         "the call would run twice")
        self.assertFalse(lift.init_runs_twice.holds(name="n", fn="p", rhs=" ARRAY_SIZE(a)",
                                                    after="\tf(n);"))
        self.assertTrue(lift.local_read_after.holds(name="n", fn="p", code="n = 1;",
                                                    after="f(n);"))
        self.assertFalse(lift.local_read_after.holds(name="n", fn="p", code="n = 1;",
                                                     after="n = 2; f(n);"))
        self.assertTrue(lift.decl_several_names.holds(name="a", fn="p", dtext="int a, b;"))
        self.assertFalse(lift.decl_several_names.holds(name="a", fn="p", dtext="int a = f(x, y);"))

    def test_name_taken(self):
        self.assertEqual(self.refuses(lift.name_taken, "name-taken", names=("a_init_dev", "a_release_dev"),
                                      whole="static void a_release_dev(void);", line=1),
                         "name a_release_dev() already taken (line 1)")

    def test_undo_of(self):
        self.assertEqual(lift.undo_of("st->buf=kzalloc(16,GFP_KERNEL);"), {"kfree(st->buf);"})
        self.assertEqual(lift.undo_of("mutex_init(&st->lock);"), {"mutex_destroy(&st->lock);"})
        self.assertEqual(lift.undo_of("f(x);"), set())

    def test_derive(self):
        lft = lift.Lift()
        self.assertEqual(lft.derive("pdev", "struct pci_dev *", "&pdev->dev", "core_vdev"),
                         "\tstruct pci_dev *pdev = to_pci_dev(core_vdev->dev);")
        self.assertEqual(lft.derive("dev", "struct device *", "dev", "core_vdev"),
                         "\tstruct device *dev = core_vdev->dev;")
        self.assertIsNone(lft.derive("flags", "unsigned long", "&pdev->dev", "core_vdev"))
        # a type of no table and no helper: container_of() over the member
        # the device was passed as (it embeds the struct device)
        self.assertEqual(lft.derive("x", "struct xbus_device *", "&x->xdev", "core_vdev"),
                         "\tstruct xbus_device *x = container_of(core_vdev->dev, struct xbus_device, xdev);")
        # a device that is not a member of the parameter: none
        self.assertIsNone(lft.derive("x", "struct xbus_device *", "x->parent", "core_vdev"))
        self.assertIsNone(lft.derive("x", "struct xbus_device *", "xbus_dev(x)", "core_vdev"))


class TestReasons(unittest.TestCase):
    def test_registry(self):
        """Every code is registered once, its text names something."""
        for code, text in refusal.REASONS.items():
            self.assertRegex(code, r"^[a-z][a-z-]*$")
            self.assertRegex(text, r"%\(\w+\)s")

    def test_every_lift_refusal_names_a_line(self):
        """Issue 16 item 12: a refusal of the lift names the line of the
        construct it is about."""
        for code, text in refusal.REASONS.items():
            if code.startswith("mid-"):
                continue
            self.assertRegex(text, r"\bline %\(line\)[ds]", code)

    def test_refuse(self):
        with self.assertRaises(refusal.Refused) as cm:
            refusal.refuse("no-remove", tag="x", line=12)
        self.assertEqual((cm.exception.code, cm.exception.text),
                         ("no-remove", "no remove path (unregister + vfio_put_device) for struct x "
                                       "(allocated line 12)"))
        with self.assertRaises(ValueError):
            refusal.refusal("no-remove", "again")


if __name__ == "__main__":
    unittest.main()
