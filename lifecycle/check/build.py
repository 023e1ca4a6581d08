# SPDX-License-Identifier: GPL-2.0-only
"""make check's builds: Kbuild in the bisect's checkout (check/src) for
one arch into check/o-ARCH, the arch's config, and one make run that
builds objects with W=1 and checks them with sparse (C=2 through
check/sparse-log.sh, Kbuild's CHECK hook, which also writes the .i files
asked for).  Sparse's findings become a state: "object<TAB>message" lines,
positions dropped (lines move, messages do not), so that a patch's new
warnings are the lines its state has that the last one had not.
"""
import os
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lifecycle import common
from lifecycle.check.lines import strip_prefix


@dataclass
class Built:
    """What one build_check run did: make's exit status and its seconds."""
    rc: int
    seconds: int


def ccache_env(cdir):
    """The ccache settings of every build of make check (the bisect's and
    the test kernel's): CDIR is make check's directory."""
    return {
        "CCACHE_DIR": os.environ.get("CCACHE_DIR") or str(common.CACHE / "ccache"),
        # paths under the checkout hash relative: hits survive a fresh
        # checkout
        "CCACHE_BASEDIR": str(cdir),
        # depend mode: a miss costs the compile alone, not a preprocessor
        # run for the hash as well (measured on the 6.0.1 test kernel from
        # nothing: 511 s -> 459 s); Kbuild's -Wp,-MMD depfile is what it
        # hashes on a second run
        "CCACHE_DEPEND": "1"}


def jobs():
    """make's -j: $J, else the CPU count."""
    j = os.environ.get("J", "")
    return int(j) if j.isdigit() else common.ncpus()


class Kbuild:
    """make in the checkout SRC for an arch, O= CDIR/o-ARCH."""

    def __init__(self, cdir, table, jobs):
        self.cdir = Path(cdir)
        self.src = self.cdir / "src"
        # Kbuild names sources by $(srctree): the absolute checkout path,
        # or (newer kernels) relative to the build directory, ../src
        self.rel = "../" + self.src.name
        self.prefixes = (str(self.src), self.rel)
        self.table = table
        self.jobs = jobs
        self.env = dict(os.environ)
        self.env.update(ccache_env(self.cdir))

    def odir(self, arch):
        return self.cdir / ("o-" + arch)

    def make(self, arch, args, log, odir=None, env=None, append=False):
        """make -C SRC O=... ARCH-vars ARGS, its output into LOG; its exit
        status."""
        a = self.table.get(arch)
        e = dict(self.env)
        if env:
            e.update(env)
        cmd = (["make", "-C", str(self.src), "O=%s" % (odir or self.odir(arch)),
                "-j%d" % self.jobs] + a.make_vars() + list(args))
        with open(log, "a" if append else "w") as f:
            return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, env=e).returncode

    # ------------------------------------------------------------ configs
    def needs_config(self, arch, base):
        """Whether o-ARCH lacks a config of this base and fragment."""
        o = self.odir(arch)
        frag = self.table.get(arch).fragment
        cfg = o / ".config"
        if not cfg.is_file():
            return True
        if frag.stat().st_mtime > cfg.stat().st_mtime:
            return True
        try:
            return (o / ".lc-base").read_text().strip() != base
        except OSError:
            return True

    def configure(self, arch, base, log):
        """defconfig + the fragment into o-ARCH; .lc-base says it took."""
        o = self.odir(arch)
        frag = self.table.get(arch).fragment
        o.mkdir(parents=True, exist_ok=True)
        lcb = o / ".lc-base"
        if lcb.exists():
            lcb.unlink()
        open(log, "w").close()
        if self.make(arch, ["-s", "defconfig"], log, append=True) != 0:
            return
        with open(log, "a") as f:
            r = subprocess.run(["scripts/kconfig/merge_config.sh", "-m", "-O", str(o),
                                str(o / ".config"), str(frag)], cwd=str(self.src),
                               stdout=f, stderr=subprocess.STDOUT, env=self.env)
        if r.returncode != 0:
            return
        if self.make(arch, ["-s", "olddefconfig"], log, append=True) != 0:
            return
        lcb.write_text(base + "\n")

    # ------------------------------------------------------------ builds
    def build_check(self, arch, logbase, want_i, objs, checks_dir):
        """One make run: OBJS with W=1 and sparse (C=2); LOGBASE.build.log
        has the build, LOGBASE.sparse.log what sparse said, file by file.
        WANT_I: the .i files sparse-log.sh also writes."""
        t = time.time()
        sd = Path(checks_dir)
        shutil.rmtree(sd, ignore_errors=True)
        sd.mkdir(parents=True)
        env = {"LC_SPARSE_DIR": str(sd), "LC_CPP": self.table.get(arch).gcc,
               "LC_WANT_I": " ".join(want_i)}
        rc = self.make(arch, ["-k", "W=1", "C=2",
                              "CHECK=%s" % (common.TOP / "check" / "sparse-log.sh")]
                       + list(objs), "%s.build.log" % logbase, env=env)
        with open("%s.sparse.log" % logbase, "w", encoding="utf-8",
                  errors="replace") as out:
            for p in sorted(str(p) for p in sd.rglob("*.log")):
                with open(p, encoding="utf-8", errors="replace") as f:
                    out.write(f.read())
        return Built(rc, int(time.time()) - int(t))

    def build_checks(self, jobs):
        """JOBS: [(arch, logbase, want_i, objs)], run side by side (most of
        a make run is Kbuild's single-threaded set-up): {arch: Built}."""
        res = {}

        def one(j):
            res[j[0]] = self.build_check(*j, checks_dir=self.cdir / "checks" / j[0])

        threads = [threading.Thread(target=one, args=(j,)) for j in jobs]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        return res

    def strip_src(self, line):
        """sed's s|^SRC/||; s|^../src/||: a build log line, paths relative."""
        for p in self.prefixes:
            if line.startswith(p + "/"):
                line = line[len(p) + 1:]
        return line


_CHECK = re.compile(r"^  CHECK   ")
_FINDING = re.compile(r" (warning|error): ")
_POS = re.compile(r":[0-9]+:[0-9]+: ")


def sparse_state(text, prefixes):
    """The sorted state lines "object<TAB>path: kind: message" of a sparse
    log (one "object<TAB>" per object checked)."""
    out = []
    f = ""
    for line in text.splitlines():
        if _CHECK.match(line):
            parts = line.split()
            f = strip_prefix(parts[1] if len(parts) > 1 else "", prefixes) or ""
            if f.endswith(".c"):
                f = f[:-2] + ".o"
            out.append(f + "\t")
            continue
        if f != "" and _FINDING.search(line):
            lin = strip_prefix(line, prefixes)
            if lin:
                out.append(f + "\t" + _POS.sub(": ", lin, count=1))
    return sorted(out)


def checked_objects(state):
    """The objects a state's lines name."""
    return {l.split("\t", 1)[0] for l in state}


def added_findings(old, new):
    """comm -13 OLD NEW with a message: the findings NEW has that OLD had
    not (as multisets; both sorted)."""
    extra = Counter(new) - Counter(old)
    out = []
    for l in new:
        if extra[l] > 0:
            extra[l] -= 1
            if l.split("\t", 1)[1] != "":
                out.append(l)
    return out


def merge_state(state, new):
    """STATE with its lines of the objects NEW checked replaced by NEW's."""
    c = checked_objects(new)
    return sorted([l for l in state if l.split("\t", 1)[0] not in c] + new)


def state_before(state, new):
    """STATE's lines of the objects NEW checked: their last check."""
    c = checked_objects(new)
    return sorted(l for l in state if l.split("\t", 1)[0] in c)
