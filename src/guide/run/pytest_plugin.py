"""pytest wiring: every ``python`` fence of the pages under ``docs/`` is a test item.

Collection reads pages through the page model; execution is the guide's isolated runner; results go
to the result cache. A snippet whose key already has a passing result is answered from the cache
without running it, so a warm run with nothing changed never imports TensorFlow. The layout follows
pytest-markdown-docs (a file collector yielding items, a fence definition kept apart from its runner),
but items subclass `pytest.Item` directly: the guide needs its own parser, cache and failure report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from guide.errors import GuideError
from guide.page.fences import Snippet
from guide.page.model import DOCS, read_page
from guide.run import environment
from guide.run.cache import DEFAULT_DIR, Limits, Result, ResultError, ResultStore, result_key, results_dir
from guide.run.shards import assign_shards, parse_shard
from guide.run.supervisor import Supervisor

STORE = pytest.StashKey[ResultStore]()
LIMITS = pytest.StashKey[Limits]()
COUNTS = pytest.StashKey[dict[str, int]]()
SUPERVISOR = pytest.StashKey[Supervisor]()
_FRAMEWORKS = {"tensorflow", "keras"}


class SnippetFailure(Exception):
    """A snippet failed; the message already names the Markdown file and line."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("guide", "doc-tested pages of the guide")
    group.addoption("--guide-rerun", action="store_true", help="run every snippet, ignoring stored results")
    group.addoption("--guide-results", default=None, help=f"result store folder (default {DEFAULT_DIR})")
    group.addoption("--guide-timeout", type=float, default=Limits.seconds, help="seconds allowed per snippet")
    group.addoption("--guide-memory", type=int, default=Limits.memory_mb, help="MiB of growth allowed per snippet")
    group.addoption(
        "--guide-shard",
        default=None,
        metavar="K/N",
        help="run only shard K of N (balanced by stored durations), for a CI matrix; merge with `guide merge`",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STORE] = ResultStore(results_dir(config.rootpath, config.getoption("guide_results")))
    config.stash[LIMITS] = Limits(config.getoption("guide_timeout"), config.getoption("guide_memory"))
    config.stash[COUNTS] = {"executed": 0, "cached": 0, "tensorflow_imported": 0}
    config.stash[SUPERVISOR] = Supervisor()  # starts its worker process only when a snippet must run


def pytest_unconfigure(config: pytest.Config) -> None:
    if SUPERVISOR in config.stash:
        config.stash[SUPERVISOR].close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    docs = (parent.config.rootpath / DOCS).resolve()
    if file_path.suffix == ".md" and file_path.resolve().is_relative_to(docs):
        return GuidePage.from_parent(parent, path=file_path)
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    shard = config.getoption("guide_shard")
    if not shard:
        return
    try:
        index, count = parse_shard(shard)
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    snippets = [item for item in items if isinstance(item, SnippetItem)]
    estimates = {item.nodeid: item.expected_seconds() for item in snippets}
    assigned = assign_shards(estimates, count)
    keep = [item for item in items if not isinstance(item, SnippetItem) or assigned[item.nodeid] == index]
    deselected = [item for item in items if item not in keep]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep


class GuidePage(pytest.File):
    """A Markdown page; its items are its python fences."""

    def collect(self) -> Iterator[SnippetItem]:
        docs = (self.config.rootpath / DOCS).resolve()
        try:
            page = read_page(docs, self.path.resolve())
        except GuideError as exc:
            raise self.CollectError(str(exc)) from exc
        for snippet in page.python:
            yield SnippetItem.from_parent(self, name=f"line-{snippet.line}", snippet=snippet)


class SnippetItem(pytest.Item):
    """One python fence, run by `guide.run.runner` and recorded in the result cache."""

    def __init__(self, *, snippet: Snippet, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.snippet = snippet

    @property
    def key(self) -> str:
        return result_key(self.snippet.code, self.config.stash[LIMITS])

    def _stored(self) -> Result | None:
        """The stored result, or None; a corrupt file is reported with its path and dropped, so it is re-run."""
        store = self.config.stash[STORE]
        try:
            return store.get(self.key)
        except ResultError as exc:
            self.warn(pytest.PytestWarning(f"{exc}：已删除，重新运行"))
            store.discard(self.key)
            return None

    def expected_seconds(self) -> float:
        """Seconds this snippet is expected to take: its last stored duration, else a typical one."""
        result = self._stored()
        return result.duration if result is not None else 2.0

    def runtest(self) -> None:
        config = self.config
        counts = config.stash[COUNTS]
        previous = self._stored()
        if previous is not None and previous.passed and not config.getoption("guide_rerun"):
            counts["cached"] += 1
            self.user_properties.append(("guide", "cached"))
            return
        outcome = config.stash[SUPERVISOR].run(self.snippet, config.stash[LIMITS])
        counts["executed"] += 1
        counts["tensorflow_imported"] |= bool(_FRAMEWORKS.intersection(outcome.uses))
        changed = previous is not None and previous.passed and outcome.passed and previous.output != outcome.output
        error = outcome.error or (_nondeterminism(self.snippet, previous.output, outcome.output) if changed else "")
        result = Result(
            key=self.key,
            path=self.snippet.path,
            line=self.snippet.line,
            passed=not error,
            output=outcome.output,
            duration=round(outcome.duration, 4),
            error=error,
            env=environment.versions(),
            nondeterministic=changed,
            uses=outcome.uses,
            figures=outcome.figures,
        )
        config.stash[STORE].put(result)
        self.user_properties.append(("guide", "executed"))
        self.user_properties.append(("duration", result.duration))
        if error:
            raise SnippetFailure(error)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: object = None) -> str:
        if not isinstance(excinfo.value, SnippetFailure):
            return str(super().repr_failure(excinfo))
        return f"{excinfo.value}\n\n{_numbered(self.snippet)}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.snippet.line - 1, self.snippet.where


def _nondeterminism(snippet: Snippet, before: str, after: str) -> str:
    import difflib

    diff = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "上次输出", "本次输出"))
    return (
        f"{snippet.where}: 输出与上次运行不同（non-deterministic output）：请固定随机种子、"
        f"减少打印的小数位数，或不要打印时间和地址。\n{diff}"
    )


def _numbered(snippet: Snippet) -> str:
    """The fence with Markdown line numbers, as the reader sees it in the file."""
    lines = snippet.source.rstrip("\n").splitlines()
    width = len(str(snippet.line + len(lines)))
    body = "\n".join(f"{number:>{width}}  {text}" for number, text in enumerate(lines, snippet.line + 1))
    return f"{snippet.path}:{snippet.line}:\n{body}"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, hand the counts to the controller (see `pytest_testnodedown`)."""
    config = session.config
    if hasattr(config, "workeroutput"):
        config.workeroutput["guide_counts"] = dict(config.stash.get(COUNTS, {}))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """On the xdist controller, add up what each worker executed and reused."""
    worker = getattr(node, "workeroutput", {}).get("guide_counts")
    if worker:
        counts = node.config.stash[COUNTS]  # type: ignore[attr-defined]
        for name, value in worker.items():
            counts[name] = counts.get(name, 0) + value


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    counts = config.stash.get(COUNTS, None)
    if not counts or not any(counts.values()):
        return
    imported = "yes" if counts.get("tensorflow_imported") else "no"
    terminalreporter.write_line(
        f"guide: {counts['executed']} snippets executed, {counts['cached']} answered from the result store; "
        f"tensorflow imported: {imported}"
    )
