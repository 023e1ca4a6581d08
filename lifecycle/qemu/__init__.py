# SPDX-License-Identifier: GPL-2.0-only
"""The QEMU harness: the test kernel, the guest run and its judgement."""
