"""The base of every error a user of the guide sees: one line, naming the file and line where it can."""

from __future__ import annotations


class GuideError(ValueError):
    """A problem in the guide's input (a page, a bank, a result file); its message is shown as it is."""
