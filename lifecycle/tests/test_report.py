"""lifecycle/check/report.py against what check/report.sh (the shell renderer it
replaced) wrote for the same run: check/testdata/report/ holds the records
of a made-up four-patch run (a failing build with HTML-unsafe text, a
passing patch, a patch that does not apply, one not run; base broken on an
arch, a naive timing, no QEMU) and report.sh's report-sh.txt and .html.

  python3 -m unittest discover -s check -p 'test_*.py'
"""
import os
import shutil
import tempfile
import unittest

from lifecycle.check import records as lcrecords  # noqa: E402
from lifecycle.check import report  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "check", "testdata", "report")


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return f.read()


class ReportTest(unittest.TestCase):
    def test_same_bytes_as_report_sh(self):
        txt, page = report.render(DATA)
        self.assertEqual(txt, read("report-sh.txt"))
        self.assertEqual(page, read("report-sh.html"))

    def test_written_files(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        shutil.copytree(os.path.join(DATA, "check"), os.path.join(tmp, "check"))
        self.assertEqual(report.main(["report.py", tmp]), 0)
        with open(os.path.join(tmp, "report.txt"), encoding="utf-8") as f:
            self.assertEqual(f.read(), read("report-sh.txt"))

    def test_words_come_from_the_template(self):
        t = report.templates()
        self.assertIn("not-run", t)
        self.assertIn("APPLY FAILED", t["apply-failed"].template)


class RecordsTest(unittest.TestCase):
    def test_typed_values_and_nesting(self):
        r = lcrecords.record(["patch=0001", 'subject=a "b" = c := d', "check=build",
                              "figures.seconds:=12", "arch:=null"])
        self.assertEqual(r["subject"], 'a "b" = c := d')
        self.assertEqual(r["figures"], {"seconds": 12})
        self.assertIsNone(r["arch"])
        self.assertIsNone(r["log"])

    def test_tsv_results(self):
        fd, path = tempfile.mkstemp()
        self.addCleanup(os.unlink, path)
        with os.fdopen(fd, "w") as f:
            f.write("life cycle\tRESULT: PASS\n  mtty\t3 of 3\nno tab\n")
        r = lcrecords.record(["check=qemu", "results@=" + path])
        self.assertEqual(r["results"], [
            {"label": "life cycle", "text": "RESULT: PASS"},
            {"label": "  mtty", "text": "3 of 3"},
            {"label": "no tab", "text": None}])

    def test_needs_a_check(self):
        with self.assertRaises(SystemExit):
            lcrecords.record(["patch=0001"])


if __name__ == "__main__":
    unittest.main()
