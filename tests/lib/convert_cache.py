# SPDX-License-Identifier: GPL-2.0-only
"""The tests' content-addressed cache of whole converter runs.

The converter (python3 -m lifecycle convert-files, lifecycle/convert/files.py)
hands its run to this file when LC_TEST_CACHE
names a directory (tests/tap.sh sets tests/.cache/convert, ignored by git;
nothing but the tests sets it).  A run is keyed by everything that can
change what it writes: its options and file names, every file under its
working directory, what OUTDIR held before, the rules and the scripts
(cocci/, scripts/, lifecycle/ but its tests, this file), the target tree's include/linux/vfio.h,
spatch and python3 (path, size, time, version) and the environment the
converter reads (LC_*, LANG, PATH, PYTHONPATH).  A run seen before is
replayed: the files it wrote or changed in OUTDIR, the files it removed,
its stdout and stderr (as one stream when both went to one file, so
their order is kept), its exit status.  Only runs that ended 0 or 3 are
kept (a tool failure or a refusal is replayed by running again).

The working directory and OUTDIR are stored as tokens, so a run into
another temporary directory replays the same bytes there.

    python3 convert_cache.py MODULE ARG...       run the converter through the cache
    python3 convert_cache.py --key MODULE ARG... print the key only

MODULE is <repo>/lifecycle/convert/files.py: the repository whose converter
runs (python3 -m lifecycle convert-files ARG...) and whose files key it.

LC_TEST_CACHE_LOG=FILE: one line per run, "hit KEY" or "miss KEY" (or
"bypass WHY"), for the test that proves the cache (tests/51-convert-cache.t).
"""

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

FORMAT = "lc-convert-cache 1"
TOK_OUT = b"@@LC-CACHE-OUTDIR@@"
TOK_CWD = b"@@LC-CACHE-CWD@@"
# a working directory bigger than this is not hashed: the run goes uncached
MAX_FILES = 4000
MAX_BYTES = 64 << 20
ENV_PREFIXES = ("LC_", "SPATCH", "COCCI", "PYTHON")
ENV_NAMES = ("LANG", "LANGUAGE", "PATH", "HOME", "XDG_CACHE_HOME")
# spatch's temporary files, named in its logs (+++ /tmp/cocci-output-PID-
# RANDOM-x.c): a new name every run, and never read back; the key of a
# directory that holds such logs (OUTDIR of an earlier run) ignores it
SPATCH_TMP = re.compile(rb"cocci-output-[0-9]+-[0-9a-f]+-")


class Bypass(Exception):
    """This run cannot be keyed: run it uncached."""


def sha(data):
    return hashlib.sha256(data).hexdigest()


def parse_args(args):
    """The converter's options (lifecycle/convert/files.py's)."""
    opts = {"--target": "auto", "--kernel": "", "--level": "auto", "--out": ""}
    i = 0
    while i < len(args):
        a = args[i]
        if a in opts:
            if i + 1 >= len(args):
                raise Bypass("option without value")
            opts[a] = args[i + 1]
            i += 2
        elif a == "--":
            i += 1
            break
        elif a.startswith("-"):
            raise Bypass("unknown option " + a)
        else:
            break
    files = args[i:]
    if not opts["--out"] or not files:
        raise Bypass("no --out or no files")
    return opts, files


def walk(top, skip=(), links=False):
    """(relative path, kind, bytes) of everything under top: kind "d" a
    directory, "f" a file, "x" an executable one, "l" a symbolic link
    (only with links: its target and what it points to, not followed)."""
    out = []
    total = 0
    for d, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if x != ".git"
                         and os.path.join(d, x) not in skip)
        for x in list(dirs) + sorted(files):
            p = os.path.join(d, x)
            rel = os.path.relpath(p, top)
            if os.path.islink(p):
                if not links:
                    raise Bypass("symbolic link " + p)
                data = os.readlink(p).encode() + b"\0"
                if os.path.isfile(p):
                    with open(p, "rb") as f:
                        data += f.read()
                out.append((rel, "l", data))
            elif os.path.isdir(p):
                out.append((rel, "d", b""))
            elif os.path.isfile(p):
                with open(p, "rb") as f:
                    data = f.read()
                mode = "x" if os.stat(p).st_mode & stat.S_IXUSR else "f"
                out.append((rel, mode, data))
            else:
                raise Bypass("not a regular file: " + p)
            total += len(out[-1][2])
            if len(out) > MAX_FILES or total > MAX_BYTES:
                raise Bypass("too big to hash: " + top)
        # a linked directory is not followed (os.walk does not either)
    return out


def repo_of(script):
    """The repository of SCRIPT (<repo>/lifecycle/convert/files.py)."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(script))))


class Run:
    def __init__(self, script, args):
        self.script = os.path.abspath(script)
        self.top = repo_of(self.script)
        self.args = args
        self.opts, self.files = parse_args(args)
        self.cwd = os.getcwd()
        out = self.opts["--out"]
        self.out = out if os.path.isabs(out) else os.path.join(self.cwd, out)
        self.out = os.path.normpath(self.out)
        self.cache = os.environ["LC_TEST_CACHE"]

    # -------------------------------------------------------- tokens
    def pairs(self):
        """(path, token), longest path first: what is replaced in what a
        run writes.  Only absolute paths (a relative one could be any
        word of the text; it is in the key as given)."""
        p = [(self.out, TOK_OUT), (self.cwd, TOK_CWD)]
        for path, tok in list(p):
            real = os.path.realpath(path)
            if real != path:
                p.append((real, tok))
        return sorted(((x.encode(), t) for x, t in p), key=lambda x: -len(x[0]))

    def tokenize(self, data):
        for path, tok in self.pairs():
            data = data.replace(path, tok)
        return data

    def untokenize(self, data):
        data = data.replace(TOK_OUT, self.out.encode())
        return data.replace(TOK_CWD, self.cwd.encode())

    # ----------------------------------------------------------- key
    def tool(self, name):
        path = shutil.which(name)
        if not path:
            return name + " missing"
        real = os.path.realpath(path)
        st = os.stat(real)
        ident = "%s %d %d" % (real, st.st_size, st.st_mtime_ns)
        if name != "spatch":
            return ident
        # spatch --version, once per binary (its path, size and time)
        memo = os.path.join(self.cache, "tools", sha(ident.encode()))
        try:
            with open(memo) as f:
                return ident + "\n" + f.read()
        except OSError:
            pass
        v = subprocess.run([path, "--version"], capture_output=True).stdout.decode()
        os.makedirs(os.path.dirname(memo), exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(memo), delete=False) as f:
            f.write(v)
        os.replace(f.name, memo)
        return ident + "\n" + v

    def key(self):
        h = hashlib.sha256()

        def put(name, value):
            if isinstance(value, str):
                value = value.encode()
            h.update(b"%s %d\n" % (name.encode(), len(value)))
            h.update(value)

        put("format", FORMAT)
        # stdout and stderr as one stream or two: stored as they came
        put("merged", str(self.merged()))
        args = list(self.args)
        kernel = self.opts["--kernel"]
        if kernel:
            # the tree is read for its vfio.h only (lifecycle/series/survey.py)
            args[args.index("--kernel") + 1] = "@KERNEL@"
            for x in ("Makefile", "include/linux"):
                put("kernel " + x, str(os.path.exists(os.path.join(kernel, x))))
            try:
                with open(os.path.join(kernel, "include/linux/vfio.h"), "rb") as f:
                    put("kernel vfio.h", f.read())
            except OSError:
                put("kernel vfio.h", "none")
        for a in args:
            put("arg", self.tokenize(a.encode()))
        for k in sorted(os.environ):
            if (k.startswith(ENV_PREFIXES) or k in ENV_NAMES) and not k.startswith("LC_TEST_CACHE"):
                put("env " + k, self.tokenize(os.environ[k].encode()))
        for t in ("spatch", "python3", "sh"):
            put("tool", self.tool(t))
        put("python", sys.version)
        # the rules, their library, the scripts, this file
        for room in ("cocci", "scripts", "lifecycle"):
            for rel, kind, data in walk(os.path.join(self.top, room)):
                if "__pycache__" in rel.split(os.sep) or rel.endswith(".pyc"):
                    continue
                if room == "lifecycle" and rel.split(os.sep)[0] == "tests":
                    continue
                put(room + "/" + rel + " " + kind, data)
        with open(os.path.abspath(__file__), "rb") as f:
            put("cache", f.read())
        # what the run reads: its working directory, OUTDIR as it is
        # (a header edited there is read again), inputs given outside
        skip = {self.out}
        for rel, kind, data in walk(self.cwd, skip, links=True):
            put("cwd " + rel + " " + kind, SPATCH_TMP.sub(b"cocci-output-", self.tokenize(data)))
        self.before = {}
        if os.path.isdir(self.out):
            for rel, kind, data in walk(self.out):
                self.before[rel] = (kind, data)
                put("out " + rel + " " + kind, SPATCH_TMP.sub(b"cocci-output-", self.tokenize(data)))
        elif os.path.exists(self.out):
            raise Bypass("OUTDIR is not a directory")
        for f in self.files:
            p = os.path.normpath(os.path.join(self.cwd, f))
            if not p.startswith(self.cwd + os.sep):
                d = os.path.dirname(p)
                if not os.path.isdir(d):
                    continue
                for rel, kind, data in walk(d, links=True):
                    put("outside " + self.tokenize(d.encode()).decode() + "/" + rel + " " + kind, data)
        return h.hexdigest()

    # ------------------------------------------------- run and replay
    def merged(self):
        """stdout and stderr go to one file (2>&1): keep them one stream."""
        try:
            a, b = os.fstat(1), os.fstat(2)
        except OSError:
            return False
        return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)

    def run(self, key):
        env = runenv(self.top)
        merged = self.merged()
        p = subprocess.run(command(self.top, self.args), env=env,
                           stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT if merged else subprocess.PIPE)
        sys.stdout.buffer.write(p.stdout)
        sys.stdout.flush()
        if not merged:
            sys.stderr.buffer.write(p.stderr)
            sys.stderr.flush()
        if p.returncode in (0, 3):
            try:
                self.store(key, p, merged)
            except Bypass as e:
                log("not stored: %s" % e)
        return p.returncode

    def store(self, key, p, merged):
        after = {rel: (kind, data) for rel, kind, data in walk(self.out)}
        entry = {"rc": p.returncode, "merged": merged, "dirs": [], "files": [],
                 "removed": sorted(set(self.before) - set(after))}
        os.makedirs(self.cache, exist_ok=True)
        tmp = tempfile.mkdtemp(dir=self.cache, prefix=".new-")
        n = 0
        for rel in sorted(after):
            kind, data = after[rel]
            if self.before.get(rel) == (kind, data):
                continue
            if kind == "d":
                entry["dirs"].append(rel)
                continue
            mode = stat.S_IMODE(os.stat(os.path.join(self.out, rel)).st_mode)
            with open(os.path.join(tmp, "%d" % n), "wb") as f:
                f.write(self.tokenize(data))
            entry["files"].append([rel, mode])
            n += 1
        with open(os.path.join(tmp, "stdout"), "wb") as f:
            f.write(self.tokenize(p.stdout))
        with open(os.path.join(tmp, "stderr"), "wb") as f:
            f.write(self.tokenize(p.stderr or b""))
        with open(os.path.join(tmp, "entry.json"), "w") as f:
            json.dump(entry, f)
        dest = os.path.join(self.cache, key[:2], key)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            os.rename(tmp, dest)
        except OSError:
            # another run stored it first: the same bytes
            shutil.rmtree(tmp)

    def replay(self, key):
        e = os.path.join(self.cache, key[:2], key)
        try:
            with open(os.path.join(e, "entry.json")) as f:
                entry = json.load(f)
        except OSError:
            return None
        os.makedirs(self.out, exist_ok=True)
        for rel in entry["dirs"]:
            os.makedirs(os.path.join(self.out, rel), exist_ok=True)
        for n, (rel, mode) in enumerate(entry["files"]):
            with open(os.path.join(e, "%d" % n), "rb") as f:
                data = self.untokenize(f.read())
            dst = os.path.join(self.out, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.exists(dst):
                os.unlink(dst)
            fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(dst, mode)
        for rel in entry["removed"]:
            p = os.path.join(self.out, rel)
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p)
            elif os.path.lexists(p):
                os.unlink(p)
        for name, fd in (("stdout", sys.stdout), ("stderr", sys.stderr)):
            with open(os.path.join(e, name), "rb") as f:
                fd.buffer.write(self.untokenize(f.read()))
            fd.flush()
        return entry["rc"]


def command(top, args):
    """The converter of the repository TOP on ARGS."""
    return [sys.executable, "-m", "lifecycle", "convert-files"] + list(args)


def runenv(top):
    """The environment of an uncached run: TOP's package first on the
    Python path, the cache off (the run must not come back here)."""
    env = dict(os.environ)
    env["LC_TEST_CACHE"] = ""
    pp = env.get("PYTHONPATH")
    env["PYTHONPATH"] = top + (":" + pp if pp else "")
    return env


def log(what):
    p = os.environ.get("LC_TEST_CACHE_LOG")
    if p:
        with open(p, "a") as f:
            f.write(what + "\n")


def main(argv):
    key_only = argv[:1] == ["--key"]
    if key_only:
        argv = argv[1:]
    script, args = argv[0], argv[1:]
    try:
        r = Run(script, args)
        try:
            key = r.key()
        except OSError as e:
            # a file that cannot be read (the run will say so itself)
            raise Bypass(str(e))
    except Bypass as e:
        if key_only:
            print("bypass: %s" % e)
            return 1
        log("bypass %s" % e)
        top = repo_of(script)
        return subprocess.run(command(top, args), env=runenv(top)).returncode
    if key_only:
        print(key)
        return 0
    rc = r.replay(key)
    if rc is not None:
        log("hit " + key)
        return rc
    log("miss " + key)
    return r.run(key)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
