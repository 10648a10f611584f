"""Skip a slow test whose inputs are unchanged since it last passed here; CI (``CI`` set) always runs it.

A module opts in with ``pytestmark = pytest.mark.unchanged_inputs("tooling")`` (the code and the tests) or
``("site")`` (those plus the pages, the banks and the site config). The key hashes the test's node id, the
environment fingerprint and every input file, so any edit to what the test reads makes it run again.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import pytest

from guide.run.environment import fingerprint

ROOT = Path(__file__).resolve().parent.parent
MARKS = ROOT / ".guide" / "passed-tests"
INPUTS = {
    "tooling": ("src", "tests", "pyproject.toml"),
    "site": ("src", "tests", "pyproject.toml", "docs", "banks", "snippets", "overrides", "templates", "mkdocs.yml"),
}
_SKIPPED = ("__pycache__", ".pyc")


@functools.cache
def _inputs_hash(kind: str) -> str:
    digest = hashlib.sha256(fingerprint().encode())
    for name in INPUTS[kind]:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not any(part in str(file) for part in _SKIPPED):
                digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _mark_file(item: pytest.Item) -> Path | None:
    marker = item.get_closest_marker("unchanged_inputs")
    if marker is None or os.environ.get("CI"):
        return None
    key = hashlib.sha256(f"{item.nodeid}\0{_inputs_hash(marker.args[0])}".encode()).hexdigest()[:32]
    return MARKS / key


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "unchanged_inputs(kind): skip when unchanged since the last pass (not in CI)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    mark = _mark_file(item)
    if mark is not None and mark.exists():
        pytest.skip("输入没有变化，上次已在本机通过（CI 总是重新运行）")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # noqa: ANN201
    report = yield
    if report.when == "call" and report.passed and (mark := _mark_file(item)) is not None:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    return report
