# SPDX-License-Identifier: GPL-2.0-only
"""The report mode of cocci/vfio_alloc_device.cocci: why a site was left
in the old form ("why:" lines the runner quotes when it keeps a file).

The SmPL finds each shape; its script rule hands the positions here in
one call.  The shapes named first (helper, devm, bare pointer, wrapper)
claim their init call: the generic reasons after them skip a claimed
call.  Positions are spatch's lists of locations (p[0] is used); out is
coccilib.report.print_report (tests pass a recorder).
"""

from lclib import allochelper, shapes
from lclib.text import lines_of


class Why:
    def __init__(self, out):
        self.out = out
        self.claimed = set()
        # (file, function) -> [ops names, first position, reported]
        self.ops = {}

    def _claim(self, p, text):
        self.claimed.add((p.file, p.line))
        self.out(p, "why: " + text)

    def _free(self, p):
        return (p.file, p.line) not in self.claimed

    def _claim_if(self, p, text):
        if text and self._free(p):
            self._claim(p, text)

    def _say(self, p, text):
        """A generic reason: printed unless a shape claimed the call."""
        if self._free(p):
            self.out(p, "why: " + text)

    def helper(self, p, H):
        """The state comes from helper H of the file."""
        self._claim_if(p[0], allochelper.why_line(p[0].file, H, int(p[0].line)))

    def devm(self, p, pa, core_frees):
        """devm-managed state allocated at pa."""
        self._claim_if(p[0], shapes.devm_line(int(pa[0].line), core_frees))

    def bare(self, p, pa, v):
        """A bare struct vfio_device v allocated at pa."""
        self._claim_if(p[0], shapes.bare_line(int(pa[0].line), v))

    def wrapper(self, p, W):
        """The old call is in function W, which may only wrap it."""
        src = "\n".join(lines_of(p[0].file))
        self._claim_if(p[0], shapes.wrapper_line(src, p[0].file, W, int(p[0].line)))

    def param(self, p, X):
        """The structure X is a parameter of the function."""
        self._say(p[0], "mid-layer: '%s' comes in as a parameter, its callers allocate it; "
                  "each caller's ops need their own @init/@release" % X)

    def ops_chosen(self, p, o):
        """An init call with ops o: a second set of ops in the same
        function is reported once, at the first call."""
        k = (p[0].file, p[0].current_element)
        seen = self.ops.setdefault(k, [set(), p[0]])
        seen[0].add(o)
        if len(seen[0]) == 2 and len(seen) == 2:
            seen.append(True)
            self.out(seen[1], "why: ops chosen at run time: init calls with %s; the allocation "
                     "itself must pick the ops" % ", ".join(sorted(seen[0])))

    def no_uninit(self, p):
        """No uninit after the init call in its function."""
        self._say(p[0], "no vfio_uninit_group_dev() after this init in the function: the "
                  "structure is allocated and freed elsewhere (another function or file)")

    def owned(self, p):
        """A parent-owned structure on a core that frees every device."""
        self._say(p[0], "the structure is not allocated here (a parent owns it) and the 6.2+ "
                  "core frees every vfio_device: it has to be allocated with vfio_alloc_device() "
                  "instead")

    def pci_owned(self, p):
        """A parent-owned vfio-pci-core device (reported even when claimed)."""
        self.out(p[0], "why: parent-owned vfio-pci-core device (line %s): vfio-pci-core's "
                 "release frees the object, which the parent owns" % p[0].line)
