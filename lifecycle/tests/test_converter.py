# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of the converter's pure parts (lifecycle/converter_*.py):
how a spatch run is classified, the rules' tagged log lines, the plan of
the cross-file helper stage, the text helpers, and the pre-stages'
notes as record fields (lifecycle/series/message.py words them)."""
import json
import os
import sys
import tempfile
import unittest


from lifecycle.convert import spatch as sp  # noqa: E402
from lifecycle.convert import text as tx  # noqa: E402
from lifecycle.convert import lift  # noqa: E402
from lifecycle.convert import rtops  # noqa: E402
from lifecycle.convert import helper  # noqa: E402
from lifecycle.convert import helper_far as far  # noqa: E402
from lifecycle.convert import midlayer as mid  # noqa: E402
from lifecycle.convert import preuninit as pu  # noqa: E402
from lifecycle.convert import result_check as check  # noqa: E402
from lifecycle.series import message as lcmessage  # noqa: E402
from lifecycle.convert import verdict as lcverdict  # noqa: E402


class SpatchResult(unittest.TestCase):
    def test_classify(self):
        self.assertEqual(sp.classify(0, ""), "ok")
        self.assertEqual(sp.classify(255, "x\nno modified files\n"), "unchanged")
        self.assertEqual(sp.classify(1, "EXN: Failure"), "failed")
        # exit 0 is a run that worked, whatever the log says
        self.assertEqual(sp.classify(0, "no modified files"), "ok")

    def test_report_failed(self):
        self.assertFalse(sp.report_failed(0, "x.c:3: report\n"))
        self.assertTrue(sp.report_failed(0, "Traceback (most recent call last):\n"))
        self.assertTrue(sp.report_failed(0, "a\nError in Python script, line 3\n"))
        self.assertTrue(sp.report_failed(2, ""))
        # only at a line's start
        self.assertFalse(sp.report_failed(0, "note: no Traceback here\n"))

    def test_tagged(self):
        log = "LIFTED: a b c d\nnoise LIFTED: x\nLIFTED: e f g h\nLIFT-MOVED: m\n"
        self.assertEqual(sp.tagged(log, "LIFTED"), ["a b c d", "e f g h"])
        self.assertEqual(sp.tagged(log, "LIFT-ORDER"), [])

    def test_cmd(self):
        c = sp.spatch_cmd("r.cocci", "a.c", "a.c.new", sp.defines("patch", "fn=x"), True)
        self.assertEqual(c, ["spatch", "--very-quiet", "-D", "patch", "-D", "fn=x",
                             "--no-includes", "--include-headers", "--keep-comments",
                             "--sp-file", "r.cocci", "a.c", "-o", "a.c.new"])

    def test_rule_failure_and_copy(self):
        # a stand-in spatch: "no modified files" is no failure; anything
        # else that exits non-zero is
        d = tempfile.mkdtemp()
        bin_ = os.path.join(d, "bin")
        os.mkdir(bin_)
        with open(os.path.join(bin_, "spatch"), "w") as f:
            f.write("#!/bin/sh\ncase \"$LC_FAKE\" in\nnone) echo 'no modified files'; exit 255 ;;\n"
                    "*) echo 'EXN: boom'; exit 1 ;;\nesac\n")
        os.chmod(os.path.join(bin_, "spatch"), 0o755)
        src = os.path.join(d, "a.c")
        with open(src, "w") as f:
            f.write("int x;\n")
        env = {"PATH": bin_ + ":" + os.environ["PATH"], "LC_FAKE": "none"}
        r = sp.rule("r.cocci", src, src + ".new", src + ".log", env=env, copy_unchanged=True)
        self.assertFalse(r.changed)
        self.assertTrue(tx.same(src, src + ".new"))
        env["LC_FAKE"] = "fail"
        with open(src + ".new2", "w") as f:
            f.write("half\n")
        with self.assertRaises(sp.SpatchFailed):
            sp.rule("r.cocci", src, src + ".new2", src + ".log", env=env)
        self.assertFalse(os.path.exists(src + ".new2"))


class Text(unittest.TestCase):
    def test_calls_list(self):
        self.assertEqual(tx.calls_list([("vfio_init_group_dev", 12, "-", "-"),
                                        ("vfio_uninit_group_dev", 30, "k", "#ifdef X (line 2)")]),
                         ["  vfio_init_group_dev() line 12",
                          "  vfio_uninit_group_dev() line 30: under #ifdef X (line 2)"])

    def test_realign(self):
        text = "int foo(struct a *a,\n\t\t    int b)\n{\n}\nint bar(int x,\n  int y);\n"
        out = tx.realign(text, ["foo"])
        self.assertEqual(out.split("\n")[1], "\tint b)")
        # not a listed function, or a prototype: untouched
        self.assertEqual(out.split("\n")[5], "  int y);")

    def test_header_after(self):
        h = "int a(void);\nvoid rm(struct x *x,\n\tint y);\nint z;\n"
        self.assertEqual(tx.header_after(h, "rm", "int n(void);\n"),
                         "int a(void);\nvoid rm(struct x *x,\n\tint y);\nint n(void);\nint z;\n")
        self.assertIsNone(tx.header_after(h, "nope", "x\n"))
        # a longer name is another function
        self.assertIsNone(tx.header_after("void xrm(void);\n", "rm", "x\n"))

    def test_parse_errors(self):
        d = tempfile.mkdtemp()
        src = os.path.join(d, "p.c")
        with open(src, "w") as f:
            f.write("int probe(void)\n{\n\tvfio_init_group_dev(a, b, c);\n\tweird if;\n}\n"
                    "int other(void)\n{\n\treturn 0;\n}\n")
        log = (' = File "p.c", line 4, column 1, charpos = 3\n    around = \'if\',\n'
               ' = File "p.c", line 8, column 1, charpos = 9\n    around = \'return\',\n')
        old = [("vfio_init_group_dev", 3, "-", "-")]
        self.assertEqual(tx.parse_errors(src, log, old),
                         ["probe() (parse error at line 4, near 'if')"])


class Lift(unittest.TestCase):
    def test_words_and_paste(self):
        self.assertEqual(lift.lifted_words(["p r i -"]), ["p", "r", "i"])
        self.assertEqual(lift.paste(["a", "b"], ["x"]), ["a:x", "b:"])

    def test_parent_field(self):
        self.assertEqual(lift.parent_field("PARENT-FIELD: st vdev done\n"), ("st", "vdev", "done"))
        self.assertEqual(lift.parent_field("nothing\n"), ("", "", ""))


class Stages(unittest.TestCase):
    def test_rtops_variant(self):
        f, how = rtops.variant("fallback i a b c".split(), "6.1", "vfio_free_device")
        self.assertEqual((f["level"], f["init"], f["runtime_ops"]), ("idiomatic", "i", "fallback"))
        # what the message names, as fields (the ops probe tries first)
        self.assertEqual((f["ops"], f["setup"], f["why"]), ("b\nc", "a", ""))
        self.assertIn("i() (@init of b) runs a(); when it fails, probe allocates with c", how)
        f, how = rtops.variant("choice-minimal o1 o2 42".split(), "6.2", "")
        self.assertEqual(f["reasons"], "run-time-ops-setup:set-up at line 42 stays in probe")
        self.assertTrue(how.startswith("minimal, run-time ops, target 6.2: the ops (o1 or o2)"))
        self.assertEqual((f["ops"], f["setup"]), ("o1\no2", ""))
        self.assertTrue(how.endswith("; not idiomatic: " + f["why"]), how)
        self.assertIn("(line 42)", f["why"])
        f, how = rtops.variant("choice o1 o2".split(), "6.1", "")
        self.assertEqual((f["ops"], f["setup"], f["why"]), ("o1\no2", "", ""))

    def test_rtops_refusals(self):
        log = "RTOPS-REFUSED: two-allocs 17: probe allocates twice\nother\n"
        self.assertEqual(rtops.refusals(log, "d/x.c"),
                         ["d/x.c:17: why: probe allocates twice [two-allocs]"])

    def test_helper_line(self):
        self.assertEqual(helper.helper_line("mk st 12 a b"), ("mk", "st", "12", "a b"))
        self.assertEqual(helper.helper_line("mk st 12"), ("mk", "st", "12", ""))

    def test_manifest(self):
        m = mid.manifest("p r ic rc x fld y")
        self.assertEqual((m["probe"], m["remove"], m["initc"], m["relc"], m["fld"]),
                         ("p", "r", "ic", "rc", "fld"))

    def test_check_rename(self):
        self.assertEqual(check.rename_findings("/o/x.c.new:3:1-2: life-cycle a: b\nnoise\n",
                                               "/o/x.c.new", "x.c"),
                         ["x.c:3:1-2: life-cycle a: b"])

    def test_plan_read_once(self):
        d = tempfile.mkdtemp()
        p = os.path.join(d, "plan.json")
        with open(p, "w") as f:
            json.dump({"chain": ["a", "b"], "far": "core.c", "destroy": None, "why": []}, f)
        plan = far.Plan(p)
        self.assertEqual(plan.list("chain"), ["a", "b"])
        self.assertEqual(plan.get("destroy"), "")
        self.assertEqual(plan.get("why"), "")


class Notes(unittest.TestCase):
    """The pre-stages' notes: record fields, worded by lifecycle/series/message.py."""

    T = {"note.far": "allocated before {chain} runs ({far}).",
         "note.preuninit": "no uninit.",
         "note.preuninit.renamed": "no uninit; {renamed} renamed."}

    def test_far_note(self):
        n = far.far_note(["a", "b"], "core.c", "12", "gone")
        self.assertEqual(n["note"], "; a() -> b() of core.c set up the state they are given, "
                         "the caller allocates it (line 12); gone() no longer frees it")
        self.assertEqual((n["chain"], n["far"], n["destroy"]), (["a", "b"], "core.c", "gone"))

    def test_preuninit_field(self):
        notes = ["no vfio_uninit_group_dev() in the input: the frees after the unregister "
                 "and on the failure paths become the put",
                 "ops_a, ops_b" + pu.RENAMED]
        f = pu.note_field(notes)
        self.assertEqual(f["renamed"], ["ops_a", "ops_b"])
        self.assertEqual(f["note"], "; " + notes[0] + "; " + notes[1])
        self.assertEqual(pu.note_field(notes[:1])["renamed"], [])

    def test_record_notes(self):
        fc = far.far_note(["a"], "core.c", "3", None)
        pf = pu.note_field(["no uninit", "o" + pu.RENAMED])
        r = lcverdict.record("m.c", "converted", "converted", "minimal, target 6.1" +
                             fc["note"] + pf["note"])
        r.update(far_chain=fc, preuninit=pf)
        notes = lcmessage.record_notes(r, self.T)
        self.assertEqual(notes, ["allocated before a() runs (core.c).", "no uninit; o renamed."])
        self.assertEqual(lcmessage.record_note_sections(r), ["note.far", "note.preuninit"])
        # the fields, not the text: a reworded verdict keeps its notes
        r["text"] = "in other words"
        self.assertEqual(lcmessage.record_notes(r, self.T), notes)
        self.assertIn("cocci/vfio_pre_uninit.cocci", lcmessage.rules([r], ["m.c"]))
        # a record without the fields has no notes, whatever its text says
        plain = lcverdict.record("p.c", "converted", "converted", "minimal" + fc["note"])
        self.assertEqual(lcmessage.record_notes(plain, self.T), [])


if __name__ == "__main__":
    unittest.main()
