from __future__ import annotations

from pathlib import Path

import numpy  # noqa: F401 - loaded before pytester's in-process runs: they unload new modules, and NumPy cannot load twice
import pytest

pytest_plugins = ["pytester", "unchanged"]

PAGES = Path(__file__).parent / "pages"


@pytest.fixture
def page_text() -> callable:
    """Read a sample page from tests/pages."""
    return lambda name: (PAGES / name).read_text("utf-8")
