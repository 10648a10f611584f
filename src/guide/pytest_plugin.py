"""pytest wiring: every ``python`` fence of the pages under ``docs/`` is a test item.

Items are pytest-markdown-docs items whose fences come from the guide's own parser (which also
sees fences inside admonitions and content tabs) and whose execution is the guide's isolated runner.
A snippet whose key already has a passing result is answered from the store without running it,
so a warm run with nothing changed never imports TensorFlow.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytest_markdown_docs.definitions import FenceTestDefinition
from pytest_markdown_docs.plugin import MarkdownInlinePythonItem

from guide import environment
from guide.fences import FenceError, Snippet, python_snippets
from guide.results import DEFAULT_DIR, Result, ResultStore, result_key, store_dir
from guide.runner import Limits, execute

STORE = pytest.StashKey[ResultStore]()
COUNTS = pytest.StashKey[dict[str, int]]()


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
    parser.addini("guide_docs", "folder whose Markdown pages hold the snippets", default="docs")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STORE] = ResultStore(store_dir(config.rootpath, config.getoption("guide_results")))
    config.stash[COUNTS] = {"executed": 0, "cached": 0}


def _docs_root(config: pytest.Config) -> Path:
    return (config.rootpath / config.getini("guide_docs")).resolve()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".md" and file_path.resolve().is_relative_to(_docs_root(parent.config)):
        return GuidePage.from_parent(parent, path=file_path)
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    shard = config.getoption("guide_shard")
    if not shard:
        return
    index, count = _parse_shard(shard)
    snippets = [item for item in items if isinstance(item, SnippetItem)]
    store = config.stash[STORE]
    estimates = {item.nodeid: _estimate(store, item.snippet) for item in snippets}
    assigned = assign_shards(estimates, count)
    keep = [item for item in items if not isinstance(item, SnippetItem) or assigned[item.nodeid] == index]
    deselected = [item for item in items if item not in keep]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep


def _parse_shard(text: str) -> tuple[int, int]:
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--guide-shard 应写成 K/N，例如 1/2，而不是 {text!r}") from None
    if not 1 <= index <= count:
        raise pytest.UsageError(f"--guide-shard {text}: K 必须在 1 到 N 之间")
    return index, count


_DEFAULT_ESTIMATE = 2.0


def _estimate(store: ResultStore, snippet: Snippet) -> float:
    """Seconds a snippet is expected to take: its last stored duration, else a typical one."""
    result = store.get(result_key(snippet))
    return result.duration if result is not None else _DEFAULT_ESTIMATE


def assign_shards(estimates: dict[str, float], count: int) -> dict[str, int]:
    """Longest first onto the least loaded shard; ties by node id, so every shard computes the same split."""
    loads = [0.0] * count
    assigned: dict[str, int] = {}
    for nodeid, seconds in sorted(estimates.items(), key=lambda pair: (-pair[1], pair[0])):
        shard = min(range(count), key=lambda index: (loads[index], index))
        loads[shard] += seconds
        assigned[nodeid] = shard + 1
    return assigned


class GuidePage(pytest.File):
    """A Markdown page; its items are its python fences."""

    def collect(self):  # noqa: ANN201 - pytest's own signature
        relative = self.path.relative_to(self.config.rootpath).as_posix()
        try:
            snippets = python_snippets(self.path.read_text("utf-8"), relative)
        except (FenceError, UnicodeDecodeError) as exc:
            raise self.CollectError(str(exc)) from exc
        for snippet in snippets:
            yield SnippetItem.from_parent(self, name=f"line-{snippet.line}", snippet=snippet)


class SnippetItem(MarkdownInlinePythonItem):
    """One python fence, run by `guide.runner` and recorded in the result store."""

    def __init__(self, *, snippet: Snippet, **kwargs: object) -> None:
        definition = FenceTestDefinition(
            source=snippet.padded_source(),
            fixture_names=(),
            start_line=snippet.line,
            source_path=Path(snippet.path),
            runner_name=None,
        )
        super().__init__(test_definition=definition, **kwargs)  # type: ignore[arg-type]
        self.snippet = snippet

    def runtest(self) -> None:
        config = self.config
        store, counts = config.stash[STORE], config.stash[COUNTS]
        key = result_key(self.snippet)
        previous = store.get(key)
        if previous is not None and previous.passed and not config.getoption("guide_rerun"):
            counts["cached"] += 1
            self.user_properties.append(("guide", "cached"))
            return
        limits = Limits(config.getoption("guide_timeout"), config.getoption("guide_memory"))
        outcome = execute(self.snippet, limits)
        counts["executed"] += 1
        changed = previous is not None and previous.passed and outcome.passed and previous.output != outcome.output
        error = outcome.error or (_nondeterminism(self.snippet, previous.output, outcome.output) if changed else "")
        result = Result(
            key=key,
            path=self.snippet.path,
            line=self.snippet.line,
            passed=not error,
            output=outcome.output,
            duration=round(outcome.duration, 4),
            error=error,
            env=environment.versions(),
            nondeterministic=changed,
        )
        store.put(result)
        self.user_properties.append(("guide", "executed"))
        self.user_properties.append(("duration", result.duration))
        if error:
            raise SnippetFailure(error)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: object = None) -> str:
        if not isinstance(excinfo.value, SnippetFailure):
            return super().repr_failure(excinfo)
        return f"{excinfo.value}\n\n{_numbered(self.snippet)}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.snippet.line - 1, f"{self.snippet.path}:{self.snippet.line}"


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
        counts = dict(config.stash.get(COUNTS, {}))
        counts["tensorflow_imported"] = int("tensorflow" in sys.modules)
        config.workeroutput["guide_counts"] = counts


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
    imported = "yes" if "tensorflow" in sys.modules or counts.get("tensorflow_imported") else "no"
    terminalreporter.write_line(
        f"guide: {counts['executed']} snippets executed, {counts['cached']} answered from the result store; "
        f"tensorflow imported: {imported}"
    )
