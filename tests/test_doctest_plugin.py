"""The doc-test harness, driven through pytest itself (pytester)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Slow (builds, subprocesses): skipped locally while the code and tests are unchanged since a pass; CI runs it.
pytestmark = pytest.mark.unchanged_inputs("tooling")

PAGES = Path(__file__).parent / "pages"


def _page(pytester: pytest.Pytester, name: str, text: str) -> Path:
    path = pytester.path / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _results(pytester: pytest.Pytester) -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((pytester.path / ".guide" / "results").glob("*.json"))]


def _fence(code: str) -> str:
    return f"# T\n\n```python\n{code}\n```\n"


def test_fences_in_admonitions_and_tabs_are_collected_and_run(pytester: pytest.Pytester) -> None:
    _page(pytester, "containers.md", (PAGES / "containers.md").read_text("utf-8"))
    result = pytester.runpytest("-p", "no:xdist", "-v", "docs")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*containers.md::line-27 PASSED*", "*containers.md::line-35 PASSED*"])
    outputs = sorted(r["output"] for r in _results(pytester))
    assert outputs == ["admonition\n", "details\n", "tab a\n", "tab b, nested\n", "top\n"]


def test_a_failing_snippet_names_file_and_line(pytester: pytest.Pytester) -> None:
    _page(pytester, "broken.md", _fence("x = 1\nraise ValueError('坏了')"))
    result = pytester.runpytest("-p", "no:xdist", "docs")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*docs/broken.md:5: ValueError: 坏了*", "*4  x = 1*", "*5  raise ValueError*"])
    assert _results(pytester)[0]["passed"] is False


def test_a_download_fails_at_once_with_a_clear_message(pytester: pytest.Pytester) -> None:
    code = "import urllib.request\nurllib.request.urlopen('https://example.com/data.npz', timeout=30)"
    _page(pytester, "net.md", _fence(code))
    result = pytester.runpytest("-p", "no:xdist", "--durations=1", "docs")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*docs/net.md:5: NetworkBlockedError: 代码片段不允许访问网络*"])
    assert _results(pytester)[0]["duration"] < 2


def test_an_endless_loop_is_stopped_by_the_time_limit(pytester: pytest.Pytester) -> None:
    _page(pytester, "loop.md", _fence("while True:\n    pass"))
    result = pytester.runpytest("-p", "no:xdist", "--guide-timeout=1", "docs")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*SnippetTimeout: 代码片段运行超过 1 秒的时间限制*"])


def test_passing_results_are_reused_and_code_edits_rerun(pytester: pytest.Pytester) -> None:
    page = _page(pytester, "p.md", _fence("print('v1')"))
    pytester.runpytest("-p", "no:xdist", "docs").stdout.fnmatch_lines(["*1 snippets executed, 0 answered*"])
    pytester.runpytest("-p", "no:xdist", "docs").stdout.fnmatch_lines(["*0 snippets executed, 1 answered*"])
    page.write_text("# 新标题\n\n一段新的说明。\n\n```python\nprint('v1')\n```\n", encoding="utf-8")
    pytester.runpytest("-p", "no:xdist", "docs").stdout.fnmatch_lines(["*0 snippets executed, 1 answered*"])
    page.write_text(_fence("print('v2')"), encoding="utf-8")
    pytester.runpytest("-p", "no:xdist", "docs").stdout.fnmatch_lines(["*1 snippets executed, 0 answered*"])
    forced = pytester.runpytest("-p", "no:xdist", "--guide-rerun", "docs")
    forced.stdout.fnmatch_lines(["*1 snippets executed, 0 answered*"])


def test_output_that_changes_between_runs_is_flagged(pytester: pytest.Pytester) -> None:
    _page(pytester, "clock.md", _fence("import time\nprint(time.perf_counter_ns())"))
    pytester.runpytest("-p", "no:xdist", "docs").assert_outcomes(passed=1)
    result = pytester.runpytest("-p", "no:xdist", "--guide-rerun", "docs")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*docs/clock.md:3: 输出与上次运行不同（non-deterministic output）*"])


def test_two_shards_merged_give_the_same_store_as_one_run(pytester: pytest.Pytester) -> None:
    from guide.run.cache import ResultStore

    for number in range(5):
        _page(pytester, f"p{number}.md", _fence(f"print({number} * {number})"))
    one = pytester.runpytest("-p", "no:xdist", "--guide-results=one", "docs")
    one.assert_outcomes(passed=5)
    first = pytester.runpytest("-p", "no:xdist", "--guide-results=s1", "--guide-shard=1/2", "docs")
    second = pytester.runpytest("-p", "no:xdist", "--guide-results=s2", "--guide-shard=2/2", "docs")
    first.assert_outcomes(passed=3, deselected=2)
    second.assert_outcomes(passed=2, deselected=3)
    merged = ResultStore(pytester.path / "merged")
    assert (
        merged.merge_from(ResultStore(pytester.path / "s1")) + merged.merge_from(ResultStore(pytester.path / "s2")) == 5
    )

    def view(store: ResultStore) -> dict:
        return {r.key: (r.path, r.line, r.passed, r.output) for r in store}

    assert view(merged) == view(ResultStore(pytester.path / "one"))


def test_a_bad_shard_option_is_a_usage_error(pytester: pytest.Pytester) -> None:
    _page(pytester, "p.md", _fence("print(1)"))
    result = pytester.runpytest("-p", "no:xdist", "--guide-shard=3/2", "docs")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--guide-shard 3/2: K 必须在 1 到 N 之间*"])


def test_a_warm_run_never_imports_tensorflow(pytester: pytest.Pytester) -> None:
    _page(pytester, "tf.md", _fence("import keras\nprint(keras.ops.ones((2, 3)).shape)"))
    cold = pytester.runpytest_subprocess("-p", "no:xdist", "docs")
    cold.stdout.fnmatch_lines(["*1 snippets executed, 0 answered*tensorflow imported: yes*"])
    warm = pytester.runpytest_subprocess("-p", "no:xdist", "docs")
    warm.assert_outcomes(passed=1)
    warm.stdout.fnmatch_lines(["*0 snippets executed, 1 answered from the result store; tensorflow imported: no*"])


def test_a_new_package_version_reruns_every_snippet(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    from guide.run import environment

    _page(pytester, "p.md", _fence("print('same code')"))
    pytester.runpytest("-p", "no:xdist", "docs").stdout.fnmatch_lines(["*1 snippets executed, 0 answered*"])
    pytester.runpytest("-p", "no:xdist", "docs").stdout.fnmatch_lines(["*0 snippets executed, 1 answered*"])
    installed = environment.versions()["keras"]
    upgraded = dict(environment.versions(), keras="99.0.0")
    monkeypatch.setattr(environment, "versions", lambda: upgraded)
    pytester.runpytest("-p", "no:xdist", "docs").stdout.fnmatch_lines(["*1 snippets executed, 0 answered*"])
    assert {r["env"]["keras"] for r in _results(pytester)} == {installed, "99.0.0"}


@pytest.mark.parametrize("damage", ["", '{"key": "x"', '{"key": 1, "passed": "yes"}', "\xff\xfe"])
def test_a_corrupt_result_file_is_named_and_run_again(pytester: pytest.Pytester, damage: str) -> None:
    _page(pytester, "p.md", _fence("print('again')"))
    pytester.runpytest("-p", "no:xdist", "docs").assert_outcomes(passed=1)
    [file] = (pytester.path / ".guide" / "results").glob("*.json")
    file.write_bytes(damage.encode("latin-1"))
    result = pytester.runpytest("-p", "no:xdist", "docs")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines([f"*{file.name}*重新运行*", "*1 snippets executed*"])
    assert _results(pytester)[0]["output"] == "again\n"


def test_prune_keeps_the_results_current_snippets_use(pytester: pytest.Pytester, monkeypatch) -> None:  # noqa: ANN001
    from guide.cli.main import prune

    page = _page(pytester, "p.md", _fence("print('old')"))
    pytester.runpytest("-p", "no:xdist", "docs").assert_outcomes(passed=1)
    page.write_text(_fence("print('new')"), encoding="utf-8")
    pytester.runpytest("-p", "no:xdist", "docs").assert_outcomes(passed=1)
    assert len(_results(pytester)) == 2
    monkeypatch.chdir(pytester.path)
    prune()
    assert [r["output"] for r in _results(pytester)] == ["new\n"]
