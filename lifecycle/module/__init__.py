# SPDX-License-Identifier: GPL-2.0-only
"""Out-of-tree modules (make convert M=) and the embedded examples."""
