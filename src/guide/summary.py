"""A per-page summary of the stored results, for ``guide check``."""

from __future__ import annotations

from pathlib import Path

from guide.fences import FenceError, python_snippets
from guide.results import ResultStore, result_key, store_dir


def page_summary(docs: Path, store: ResultStore | None = None) -> str:
    """One line per page with snippets: passed, failed, not run, seconds; and the failures' locations."""
    store = store or ResultStore(store_dir(Path.cwd()))
    lines = ["", "页面                                              通过  失败  未运行   秒"]
    failures: list[str] = []
    for page in sorted(docs.rglob("*.md")):
        relative = page.as_posix()
        try:
            snippets = python_snippets(page.read_text("utf-8"), relative)
        except FenceError as exc:
            lines.append(f"{relative:48}  页面格式错误")
            failures.append(str(exc))
            continue
        if not snippets:
            continue
        results = [store.get(result_key(s)) for s in snippets]
        passed = sum(1 for r in results if r is not None and r.passed)
        failed = [s for s, r in zip(snippets, results, strict=True) if r is not None and not r.passed]
        missing = sum(1 for r in results if r is None)
        seconds = sum(r.duration for r in results if r is not None)
        lines.append(f"{relative:48}  {passed:4}  {len(failed):4}  {missing:6}  {seconds:5.1f}")
        failures.extend(f"{s.where}: 失败" for s in failed)
    return "\n".join(lines + failures)
