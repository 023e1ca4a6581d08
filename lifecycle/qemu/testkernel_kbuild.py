# SPDX-License-Identifier: GPL-2.0-only
"""How the x86_64 test kernel is configured and built, the same way for
Debian's 6.1 (lifecycle.qemu.testkernel) and for make check's final tree
(lifecycle.qemu.kernel).  A change here changes testkernel's stamp: its
kernels are built again.
"""
import os
import subprocess

from lifecycle import common


def make_cmd(src, out, *args, cc=None):
    """The Kbuild command line for SRC built in OUT (CC default gcc, -j
    from $J or the CPUs).

    Kbuild's check-local-export is off: it runs nm and a bash loop on every
    object, a tenth of the CPU of this kernel's build (measured on 6.0.1
    with process accounting), and checks the tree's exports, not what the
    guests run.  The bisect's builds of make check keep it, on every object
    a series touches.  (A kernel without the check ignores the setting.)
    """
    jobs = os.environ.get("J") or str(common.ncpus())
    return (["make", "-C", str(src), "O=%s" % out, "ARCH=x86",
             "CC=%s" % (cc or "gcc"), "-j" + jobs, "cmd_check_local_export="]
            + list(args))


def make(src, out, *args, cc=None, env=None, stdout=None):
    """Run Kbuild (make_cmd); its exit status."""
    return subprocess.run(make_cmd(src, out, *args, cc=cc), env=env,
                          stdout=stdout).returncode


def configure(src, out, fragments, cc=None, env=None, stdout=None):
    """OUT/.config as allnoconfig with FRAGMENTS
    (KCONFIG_ALLCONFIG=OUT/lc-fragment.config), and every symbol of them
    verified: a symbol Kconfig refused to set is named on stderr and the
    answer is False, not a silent drift.  A symbol this tree's Kconfig does
    not have (an older base family: make check's final tree) is left out,
    said; any other must take."""
    os.makedirs(out, exist_ok=True)
    frag = os.path.join(str(out), "lc-fragment.config")
    with open(frag, "w") as f:
        for fr in fragments:
            with open(fr) as g:
                f.write(g.read())
    e = dict(env if env is not None else os.environ)
    e["KCONFIG_ALLCONFIG"] = frag
    if make(src, out, "-s", "allnoconfig", cc=cc, env=e, stdout=stdout) != 0:
        return False
    unknown = common.kconfig_unknown(src, frag)
    if unknown:
        common.warn("not in this tree's Kconfig, left out: %s" % " ".join(unknown))
    bad = common.config_refused_known(unknown, os.path.join(str(out), ".config"), frag)
    if not bad:
        return True
    common.warn("Kconfig did not accept: %s (see %s/.config)" % (" ".join(bad), out))
    return False
