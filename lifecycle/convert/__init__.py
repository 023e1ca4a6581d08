# SPDX-License-Identifier: GPL-2.0-only
"""The converter: C files through the rules of cocci/, one record a file."""
