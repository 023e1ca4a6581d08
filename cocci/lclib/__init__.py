# SPDX-License-Identifier: GPL-2.0-only
"""lclib: the Python library that the semantic patches in cocci/ import.

spatch runs the rules' script:python blocks with this directory's parent
(cocci/) on PYTHONPATH (lifecycle/common.py sets it), so a rule says
``from lclib import text`` and the logic lives here, testable with
``python3 -m unittest`` without spatch.
"""
