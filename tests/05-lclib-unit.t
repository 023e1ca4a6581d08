#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# Unit tests of cocci/lclib, the Python the rules import (standard library
# only, no spatch), and of the orchestration package (lifecycle/tests/):
# python3 -m unittest over cocci/lclib/tests/test_*.py and
# lifecycle/tests/test_*.py, one TAP line per test method.  A failing, erroring or missing test (an
# import error, nothing discovered) or an unexpected success is a "not ok":
# prove fails.  An expected failure (a known gap) is a TODO.
set -eu
. "$(dirname "$0")/tap.sh"

PYTHONPATH=$TOP/cocci${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH
rc=0
python3 - "$TOP/cocci" "$TOP" <<'PY' || rc=$?
import sys
import unittest

top = sys.argv[1]
suite = unittest.defaultTestLoader.discover(top + "/lclib/tests", pattern="test_*.py",
                                            top_level_dir=top)
# the orchestration package: its CLI, stages, records and report
# (lifecycle/tests/test_*.py)
suite.addTests(unittest.defaultTestLoader.discover(sys.argv[2] + "/lifecycle/tests",
                                                   pattern="test_*.py",
                                                   top_level_dir=sys.argv[2]))


def flat(s):
    for t in s:
        if isinstance(t, unittest.TestSuite):
            yield from flat(t)
        else:
            yield t


n = failed = 0
for test in flat(suite):
    res = unittest.TestResult()
    test.run(res)
    n += 1
    bad = res.failures + res.errors + [(t, "unexpected success") for t in res.unexpectedSuccesses]
    if bad:
        failed += 1
        print("not ok %d - %s" % (n, test.id()))
        for _, tb in bad:
            for line in str(tb).rstrip().split("\n")[-15:]:
                print("#   " + line)
    elif res.expectedFailures:
        # a known gap, marked in the test: TAP's TODO (prove passes it)
        print("not ok %d - %s # TODO known gap (expectedFailure)" % (n, test.id()))
    elif res.skipped:
        print("ok %d - %s # SKIP %s" % (n, test.id(), res.skipped[0][1]))
    else:
        print("ok %d - %s" % (n, test.id()))
if n == 0:
    n = 1
    failed = 1
    print("not ok 1 - no unit test found under %s/lclib/tests" % top)
print("1..%d" % n)
sys.exit(1 if failed else 0)
PY
exit "$rc"
