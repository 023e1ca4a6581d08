# SPDX-License-Identifier: GPL-2.0-only
"""The series builder: survey, core patches, a patch a driver group, messages."""
