#!/usr/bin/env python3
"""make series KERNEL=<tree> BRANCH=<name>: the series as a b4 prep branch.

The series that make series (python3 -m lifecycle series) wrote in
drivers-out/<n>/series/ becomes refs/heads/<name> in the user's
repository, in the form `b4 prep` keeps a series with its default cover
strategy ("commit"):

    base -- cover -- patch 1 -- ... -- patch N      refs/heads/<name>

The cover commit is empty (the base's tree); its message is the cover
letter's subject and text, To:/Cc: trailers for the recipients the cover
letter names (--cc), and b4's tracking section (the marker line, then
JSON with the revision, change-id, base branch and prefixes).  The patch
commits are the series' own, taken from drivers-out/<n>/tree: the same
trees, authors, author dates and messages; only their parents change (the
cover comes first) and their committer date is now, as after a rebase
(b4 finds the cover with `git log --since=1.year`, which stops at older
commits).

Only refs are written (and the objects they need, and the branch's
b4-prep-cover-strategy in the repository's config, as `b4 prep -n` does):
the user's work tree, index and HEAD are not touched.

Usage: lifecycle/series/branch.py --kernel KERNEL --branch NAME
                                [--series DIR] [--tree CLONE]
  --series  the series: git format-patch files, cover letter
            0000-cover-letter.patch with base-commit: (default:
            drivers-out/<basename of KERNEL>/series, where make series
            KERNEL= writes it)
  --tree    the clone whose HEAD is the series' last commit
            (default: DIR/../tree)
Exit: 0 branch written, or already holds this series (nothing done);
      1 bad input (refused, nothing written); 5 a tool (git) failed.
"""

import argparse
import email
import email.policy
import email.utils
import json
import os
import re
import subprocess
import sys
import uuid
import datetime

MAGIC_MARKER = '--- b4-submit-tracking ---'
MAGIC_NOTE = '# This section is used internally by b4 prep for tracking purposes.'
EXIT_INPUT = 1
EXIT_TOOL = 5
PROG = os.path.basename(sys.argv[0])


class Refused(Exception):
    """Bad input: said clearly, nothing written, exit 1."""


class ToolFailed(Exception):
    """A tool failed: an error, never a verdict, exit 5."""


def git(repo, *args, data=None, check=True, env=None):
    """Run git in repo; stdout as bytes.  A failure is a tool failure."""
    full_env = None
    if env:
        full_env = dict(os.environ)
        full_env.update(env)
    p = subprocess.run(['git', '-C', repo] + list(args), input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=full_env, check=False)
    if check and p.returncode != 0:
        raise ToolFailed('git -C %s %s: %s' % (repo, ' '.join(args),
                         p.stderr.decode(errors='replace').strip()))
    return p


def gitout(repo, *args, **kw):
    return git(repo, *args, **kw).stdout.decode().strip()


def rev(repo, name):
    """The commit name resolves to in repo, or None."""
    p = git(repo, 'rev-parse', '-q', '--verify', name + '^{commit}', check=False)
    return p.stdout.decode().strip() if p.returncode == 0 else None


def parse_commit(raw):
    """A raw commit object: (list of (header, value) lines, message bytes)."""
    head, _, msg = raw.partition(b'\n\n')
    headers = []
    for line in head.split(b'\n'):
        if line.startswith(b' ') and headers:
            # continuation (gpgsig, mergetag)
            k, v = headers[-1]
            headers[-1] = (k, v + b'\n' + line)
        else:
            k, _, v = line.partition(b' ')
            headers.append((k, v))
    return headers, msg


def header(headers, name):
    for k, v in headers:
        if k == name:
            return v
    return None


def patch_files(series):
    """The numbered patches of the series, cover letter apart."""
    names = sorted(n for n in os.listdir(series)
                   if re.match(r'^[0-9]{4}-.*\.patch$', n))
    cover = os.path.join(series, '0000-cover-letter.patch')
    if not os.path.isfile(cover):
        return None, []
    return cover, [os.path.join(series, n) for n in names
                   if not n.startswith('0000-')]


def mail_subject(subject):
    """A mail subject without its [PATCH n/N] prefix, unfolded."""
    s = re.sub(r'\s*\n\s*', ' ', subject).strip()
    return re.sub(r'^\[[^\]]*\]\s*', '', s)


def read_cover(path, authors):
    """The cover letter: (subject, text, To: list, Cc: list, base-commit).

    The text is what the series' author wrote: the body up to the
    shortlog that git format-patch appends (b4 renders its own shortlog,
    diffstat and base-commit)."""
    with open(path, 'rb') as fh:
        msg = email.message_from_binary_file(fh, policy=email.policy.default)
    subject = mail_subject(str(msg.get('Subject', '')))
    body = msg.get_payload(decode=True).decode('utf-8', errors='replace')
    lines = body.split('\n')
    m = re.search(r'^base-commit: ([0-9a-f]{40})$', body, flags=re.M)
    base = m.group(1) if m else None
    # the shortlog starts with "Author Name (count):"
    cut = None
    for i, line in enumerate(lines):
        mm = re.match(r'^(.+) \(([0-9]+)\):$', line)
        if mm and mm.group(1) in authors:
            cut = i
            break
    if cut is None:
        for i, line in enumerate(lines):
            if line.startswith('base-commit: '):
                cut = i
                break
    text = '\n'.join(lines[:cut] if cut is not None else lines).strip()

    def addrs(name):
        vals = [str(v) for v in msg.get_all(name, [])]
        return [email.utils.formataddr(pair) for pair in email.utils.getaddresses(vals)
                if pair[1]]
    return subject, text, addrs('To'), addrs('Cc'), base


def cover_content(subject, text, tos, ccs):
    """The cover letter as b4 prep keeps it: subject, blank, text, and the
    recipients as To:/Cc: trailers (b4 send takes them from there)."""
    parts = [subject, '', text]
    trailers = ['To: %s' % a for a in tos] + ['Cc: %s' % a for a in ccs]
    if trailers:
        parts += [''] + trailers
    return '\n'.join(parts).strip()


def tracking_json(change_id, base_branch):
    data = {
        'series': {
            'revision': 1,
            'change-id': change_id,
            'base-branch': base_branch,
            'prefixes': [],
        },
    }
    return '%s\n%s\n%s' % (MAGIC_MARKER, MAGIC_NOTE, json.dumps(data, indent=2))


def series_commits(tree, base, npatches):
    """The series' commits in the clone, oldest first; refuses when the
    clone does not hold a straight line of npatches commits on base."""
    tip = rev(tree, 'HEAD')
    if tip is None:
        raise Refused('%s has no HEAD: rerun make series' % tree)
    if git(tree, 'merge-base', '--is-ancestor', base, tip, check=False).returncode != 0:
        raise Refused('%s: its HEAD %s is not built on the series\' base %s: '
                      'rerun make series' % (tree, tip[:12], base[:12]))
    commits = gitout(tree, 'rev-list', '--reverse', '--first-parent',
                     '%s..%s' % (base, tip)).split()
    merges = gitout(tree, 'rev-list', '--min-parents=2', '%s..%s' % (base, tip))
    if merges or len(commits) != npatches:
        raise Refused('%s holds %d commits on the base, the series %d patches: '
                      'rerun make series' % (tree, len(commits), npatches))
    return commits


def patch_id(repo, data):
    out = git(repo, 'patch-id', '--stable', data=data).stdout.decode().split()
    return out[0] if out else None


def check_same(tree, commits, patches):
    """Each commit is its patch: same subject, author and diff (patch-id)."""
    for i, (c, p) in enumerate(zip(commits, patches), 1):
        with open(p, 'rb') as fh:
            pdata = fh.read()
        msg = email.message_from_bytes(pdata, policy=email.policy.default)
        psubj = mail_subject(str(msg.get('Subject', '')))
        pfrom = email.utils.parseaddr(str(msg.get('From', '')))
        csubj = gitout(tree, 'log', '-1', '--format=%s', c)
        cfrom = tuple(gitout(tree, 'log', '-1', '--format=%an%n%ae', c).split('\n'))
        cdiff = git(tree, 'diff-tree', '-p', '--root', c).stdout
        if (psubj != csubj or pfrom != cfrom or
                patch_id(tree, pdata) != patch_id(tree, cdiff)):
            raise Refused('%s: patch %d (%s) is not the commit %s of %s (%s): '
                          'rerun make series' % (os.path.dirname(p), i,
                                                 os.path.basename(p), c[:12], tree,
                                                 csubj))


def holds_series(kernel, branch_tip, base, base_tree, commits_info, cover):
    """The branch already holds this series: base, the b4 cover with this
    cover letter, then commits with the series' trees, authors and
    messages (committer dates and b4's tracking may differ)."""
    line = gitout(kernel, 'rev-list', '--first-parent', '--reverse',
                  '%s..%s' % (base, branch_tip)).split()
    if git(kernel, 'merge-base', '--is-ancestor', base, branch_tip,
           check=False).returncode != 0:
        return False
    if len(line) != len(commits_info) + 1:
        return False
    hdr, msg = parse_commit(git(kernel, 'cat-file', 'commit', line[0]).stdout)
    text = msg.decode(errors='replace')
    if (header(hdr, b'tree').decode() != base_tree or
            header(hdr, b'parent') != base.encode() or MAGIC_MARKER not in text or
            text.split(MAGIC_MARKER)[0].strip() != cover):
        return False
    for c, (tree, author, cmsg) in zip(line[1:], commits_info):
        hdr, msg = parse_commit(git(kernel, 'cat-file', 'commit', c).stdout)
        if (header(hdr, b'tree') != tree or header(hdr, b'author') != author or
                msg != cmsg):
            return False
    return True


def main():
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split('\n')[0])
    ap.add_argument('--kernel', required=True, help='the user\'s kernel git tree')
    ap.add_argument('--series', help='the series (default: '
                    'drivers-out/<basename of KERNEL>/series)')
    ap.add_argument('--branch', required=True, help='the branch to write')
    ap.add_argument('--tree', help='the clone holding the series\' commits '
                    '(default: SERIES/../tree)')
    a = ap.parse_args()

    # ------------------------------------------------------------ input
    if not os.path.isdir(a.kernel):
        raise Refused('%s: no such directory' % a.kernel)
    kernel = os.path.abspath(a.kernel)
    if git(kernel, 'rev-parse', '--git-dir', check=False).returncode != 0:
        raise Refused('%s is not a git tree' % kernel)
    branch = a.branch
    if (branch.startswith('-') or
            git(kernel, 'check-ref-format', '--branch', branch,
                check=False).returncode != 0 or
            git(kernel, 'check-ref-format', 'refs/heads/' + branch,
                check=False).returncode != 0):
        raise Refused('BRANCH=%s is not a valid branch name' % branch)
    ref = 'refs/heads/' + branch
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    series = os.path.abspath(a.series or os.path.join(
        top, 'drivers-out', os.path.basename(kernel), 'series'))
    cover_path, patches = (patch_files(series) if os.path.isdir(series)
                           else (None, []))
    if cover_path is None or not patches:
        raise Refused('no series in %s (no 0000-cover-letter.patch and patches): '
                      'run make series KERNEL=%s first' % (series, kernel))
    tree = os.path.abspath(a.tree or os.path.join(os.path.dirname(series), 'tree'))
    if not os.path.isdir(tree) or git(tree, 'rev-parse', '--git-dir',
                                      check=False).returncode != 0:
        raise Refused('%s: no clone holding the series\' commits: rerun make series'
                      % tree)

    # the base: the cover letter's, and still the tree's HEAD
    with open(cover_path, 'rb') as fh:
        m = re.search(rb'^base-commit: ([0-9a-f]{40})$', fh.read(), flags=re.M)
    if not m:
        raise Refused('%s has no base-commit: line: not a series of make series'
                      % cover_path)
    base = m.group(1).decode()
    head = rev(kernel, 'HEAD')
    if head != base:
        raise Refused('the series is built on %s, but %s\'s HEAD is %s now: '
                      'rerun make series KERNEL=%s' % (base[:12], kernel,
                                                       (head or 'unborn')[:12], kernel))

    commits = series_commits(tree, base, len(patches))
    check_same(tree, commits, patches)
    authors = set(gitout(tree, 'log', '--format=%an', '%s..%s' % (base, commits[-1]))
                  .split('\n'))
    subject, text, tos, ccs, _ = read_cover(cover_path, authors)
    cover = cover_content(subject, text, tos, ccs)
    if 'EDITME' in cover:
        raise Refused('the cover letter says EDITME: b4 send would refuse it')
    raws = [git(tree, 'cat-file', 'commit', c).stdout for c in commits]
    info = []
    for raw in raws:
        hdr, msg = parse_commit(raw)
        info.append((header(hdr, b'tree'), header(hdr, b'author'), msg))
    base_tree = gitout(kernel, 'rev-parse', base + '^{tree}')

    # the branch: absent, or already this series
    old = rev(kernel, ref)
    if old is not None:
        if holds_series(kernel, old, base, base_tree, info, cover):
            print('  BRANCH   %s already holds this series (%d patches and the b4 '
                  'cover letter on %s): nothing to do' % (branch, len(commits), base[:12]))
            return 0
        current = gitout(kernel, 'symbolic-ref', '-q', 'HEAD', check=False)
        if current == ref:
            raise Refused('the branch %s exists already: it is the branch checked '
                          'out in %s; choose another BRANCH=' % (branch, kernel))
        raise Refused('the branch %s exists already and points elsewhere (%s): '
                      'delete it (git -C %s branch -D %s) or choose another BRANCH='
                      % (branch, old[:12], kernel, branch))

    # who makes the cover commit and commits the series anew: the user,
    # as git and b4 would have it
    idents = [git(kernel, 'var', v, check=False) for v in
              ('GIT_COMMITTER_IDENT', 'GIT_AUTHOR_IDENT')]
    if any(p.returncode != 0 for p in idents):
        raise Refused('git config user.name/user.email are not set in %s: '
                      'they sign the cover commit' % kernel)
    ident, author = (p.stdout.strip() for p in idents)

    # ------------------------------------------------------------ write
    # the series' objects into the user's repository (plumbing: no
    # FETCH_HEAD, no gc)
    pack = git(tree, 'pack-objects', '--revs', '--stdout', '-q',
               data=('%s\n^%s\n' % (commits[-1], base)).encode()).stdout
    git(kernel, 'unpack-objects', '-q', data=pack)

    base_branch = gitout(kernel, 'symbolic-ref', '-q', '--short', 'HEAD',
                         check=False) or None
    slug = re.sub(r'\W+', '-', branch).strip('-').lower()
    change_id = '%s-%s-%s' % (datetime.datetime.now(datetime.timezone.utc)
                              .strftime('%Y%m%d'), slug, uuid.uuid4().hex[:12])
    message = cover + '\n\n' + tracking_json(change_id, base_branch) + '\n'
    obj = (b'tree ' + base_tree.encode() + b'\nparent ' + base.encode() +
           b'\nauthor ' + author + b'\ncommitter ' + ident + b'\n\n' +
           message.encode())
    parent = gitout(kernel, 'hash-object', '-t', 'commit', '-w', '--stdin', data=obj)
    for raw in raws:
        hdr, msg = parse_commit(raw)
        out = []
        for k, v in hdr:
            if k == b'parent':
                continue
            if k in (b'gpgsig', b'gpgsig-sha256'):
                continue
            if k == b'committer':
                v = ident
            out.append(k + b' ' + v)
            if k == b'tree':
                out.append(b'parent ' + parent.encode())
        obj = b'\n'.join(out) + b'\n\n' + msg
        parent = gitout(kernel, 'hash-object', '-t', 'commit', '-w', '--stdin', data=obj)
    # created only if still absent (another run may have raced us)
    p = git(kernel, 'update-ref', '-m', 'vfio-lifecycle: series as a b4 prep branch',
            ref, parent, '0' * 40, check=False)
    if p.returncode != 0:
        raise Refused('the branch %s appeared meanwhile: %s' %
                      (branch, p.stderr.decode(errors='replace').strip()))
    # b4 prep -n records the strategy for its branch; so do we, so that a
    # b4.prep-cover-strategy of the user's does not hide the cover commit
    git(kernel, 'config', 'branch.%s.b4-prep-cover-strategy' % branch, 'commit')
    print('  BRANCH   %s: the b4 cover letter and %d patches on %s (%s)'
          % (branch, len(commits), base[:12], parent[:12]))
    print('           b4 works on it once checked out: git checkout %s; '
          'b4 prep --edit-cover; b4 send' % branch)
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Refused as ex:
        print('%s: error: %s' % (PROG, ex), file=sys.stderr)
        sys.exit(EXIT_INPUT)
    except ToolFailed as ex:
        print('%s: error: tool failure: %s' % (PROG, ex), file=sys.stderr)
        sys.exit(EXIT_TOOL)
