"""A per-page summary of the stored results, for ``guide check``."""

from __future__ import annotations

from pathlib import Path

from guide.errors import GuideError
from guide.page.model import page_files, read_page
from guide.run.cache import ResultError, ResultStore, result_key, results_dir


def page_summary(docs: Path, store: ResultStore | None = None) -> str:
    """One line per page with snippets: passed, failed, not run, seconds; and the failures' locations."""
    store = store or ResultStore(results_dir(Path.cwd()))
    lines = ["", "页面                                              通过  失败  未运行   秒"]
    failures: list[str] = []
    for file in page_files(docs):
        try:
            page = read_page(docs, file)
        except GuideError as exc:
            lines.append(f"{file.as_posix():48}  页面格式错误")
            failures.append(str(exc))
            continue
        if not page.python:
            continue
        results = []
        for snippet in page.python:
            try:
                results.append(store.get(result_key(snippet.code)))
            except ResultError as exc:
                failures.append(str(exc))
                results.append(None)
        passed = sum(1 for r in results if r is not None and r.passed)
        failed = [s for s, r in zip(page.python, results, strict=True) if r is not None and not r.passed]
        missing = sum(1 for r in results if r is None)
        seconds = sum(r.duration for r in results if r is not None)
        lines.append(f"{page.path:48}  {passed:4}  {len(failed):4}  {missing:6}  {seconds:5.1f}")
        failures.extend(f"{s.where}: 失败" for s in failed)
    return "\n".join(lines + failures)
