"""Doc-tested Chinese study guide for deep-learning interview questions."""

from __future__ import annotations

__version__ = "0.1.0"
