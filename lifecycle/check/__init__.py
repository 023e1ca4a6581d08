# SPDX-License-Identifier: GPL-2.0-only
"""The series checker: bisect builds per arch, sparse, checkpatch, QEMU, report."""
