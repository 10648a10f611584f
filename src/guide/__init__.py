"""Doc-tested Chinese study guide for deep-learning interview questions."""

from __future__ import annotations

from importlib import metadata

# The one place the version is written is pyproject.toml; the installed metadata carries it here.
__version__ = metadata.version("guide")
