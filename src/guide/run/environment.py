"""The environment a result was obtained in, read without importing TensorFlow."""

from __future__ import annotations

import functools
import hashlib
import json
import platform
from importlib import metadata

from guide import __version__

# Packages whose version can change what a snippet prints.
TRACKED = ("tensorflow", "keras", "numpy", "scipy", "scikit-learn", "matplotlib")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def versions() -> dict[str, str]:
    """Versions of Python, the tracked packages and the harness itself."""
    found = {"python": platform.python_version(), "guide": __version__}
    found.update({name: _version(name) for name in TRACKED})
    return found


def fingerprint(env: dict[str, str] | None = None) -> str:
    """A short hash of `versions` (or of ``env``): part of every result key."""
    text = json.dumps(env if env is not None else versions(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
