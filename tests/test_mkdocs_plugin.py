"""The build gate and the output display of the MkDocs plugin, on small sample projects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guide.page.fences import python_snippets
from guide.run.cache import Result, ResultStore, result_key
from guide.run.environment import versions

# Slow (builds, subprocesses): skipped locally while the code and tests are unchanged since a pass; CI runs it.
pytestmark = pytest.mark.unchanged_inputs("tooling")

PAGES = Path(__file__).parent / "pages"
CONFIG = """\
site_name: 测试
theme: {name: material, language: zh, font: false}
plugins: [guide]
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed: {alternate_style: true}
  - pymdownx.highlight: {pygments_lang_class: true}
  - pymdownx.snippets: {base_path: [snippets], check_paths: true}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "docs" / "containers.md").write_text((PAGES / "containers.md").read_text("utf-8"), encoding="utf-8")
    return tmp_path


def _record(project: Path, page: str, passed: bool = True) -> None:
    """Store results as the doc tests would, for every python fence of ``page``."""
    text = (project / "docs" / page).read_text("utf-8")
    store = ResultStore(project / ".guide" / "results")
    for snippet in python_snippets(text, f"docs/{page}"):
        output = snippet.source.split('"')[1] + "\n"
        error = "" if passed else f"{snippet.where}: boom"
        store.put(Result(result_key(snippet.code), snippet.path, snippet.line, passed, output, 0.25, error, versions()))


def _build(project: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", *flags]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("flags", [(), ("-q",)])
def test_a_page_without_results_does_not_build(project: Path, flags: tuple[str, ...]) -> None:
    built = _build(project, *flags)
    assert built.returncode != 0
    assert "5 个代码片段没有当前源码和环境下的通过结果" in built.stderr + built.stdout
    assert "docs/containers.md:9" in built.stderr + built.stdout
    assert "docs/containers.md:35" in built.stderr + built.stdout


def test_a_failed_result_does_not_build(project: Path) -> None:
    _record(project, "containers.md", passed=False)
    built = _build(project, "-q")
    assert built.returncode != 0
    assert "docs/containers.md:15" in built.stderr


def test_an_edited_snippet_needs_a_new_result(project: Path) -> None:
    _record(project, "containers.md")
    page = project / "docs" / "containers.md"
    page.write_text(page.read_text("utf-8").replace('print("tab a")', 'print("tab A")'), encoding="utf-8")
    built = _build(project)
    assert built.returncode != 0
    assert "1 个代码片段" in built.stderr and "docs/containers.md:27" in built.stderr


def test_outputs_and_verified_marks_are_shown_under_every_snippet(project: Path) -> None:
    _record(project, "containers.md")
    built = _build(project)
    assert built.returncode == 0, built.stderr
    html = (project / "site" / "containers" / "index.html").read_text("utf-8")
    assert html.count('class="language-python highlight"') == 5
    assert html.count('<div class="guide-output" data-search-exclude>') == 5
    assert "已验证 · Python" in html and "tab b, nested" in html
    assert "guide-output-placeholder" not in html


def test_a_python_fence_hidden_in_an_included_fragment_is_refused(project: Path) -> None:
    _record(project, "containers.md")
    (project / "snippets" / "extra.md").write_text('```python\nprint("untested")\n```\n', encoding="utf-8")
    page = project / "docs" / "containers.md"
    page.write_text(page.read_text("utf-8") + '\n--8<-- "extra.md"\n', encoding="utf-8")
    built = _build(project)
    assert built.returncode != 0
    assert "docs/containers.md:43: 引入的片段 snippets/extra.md 里有 python 代码块" in built.stderr


def test_a_page_without_a_title_does_not_build(project: Path) -> None:
    _record(project, "containers.md")
    (project / "docs" / "untitled.md").write_text("只有正文，没有标题。\n", encoding="utf-8")
    built = _build(project)
    assert built.returncode != 0
    assert "docs/untitled.md:1: 页面没有标题" in built.stderr


def test_a_broken_anchor_fails_the_strict_build(project: Path) -> None:
    (project / "mkdocs.yml").write_text(CONFIG + "validation: {anchors: warn}\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# 首页\n\n[链接](containers.md#q-missing)\n", encoding="utf-8")
    _record(project, "containers.md")
    built = _build(project)
    assert built.returncode != 0
    assert "q-missing" in built.stderr


def test_link_check_reports_missing_pages_and_anchors(tmp_path: Path) -> None:
    from guide.site.linkcheck import broken_links

    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<h2 id="q-x">X</h2><a href="a/">ok</a><a href="#q-x">ok</a><a href="a/#nope">bad</a><a href="b/">bad</a>'
        '<a href="https://example.com/">external</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<p id="here"></p><a href="../#q-x">ok</a>', encoding="utf-8")
    assert list(broken_links(tmp_path)) == ["index.html: a/#nope（锚点不存在）", "index.html: b/（目标不存在）"]


def test_an_imported_draft_builds_marked_as_a_draft_and_runs_nothing(project: Path) -> None:
    from guide.bank.drafts import render_draft
    from guide.bank.importer import parse_bank

    _record(project, "containers.md")
    bank = "### 1. 什么是注意力？\n\n**题目：** 什么是注意力？\n\n**答案：** 加权。\n\n```python\nprint(1)\n```\n"
    draft = render_draft(parse_bank(bank, "999_demo.txt"))
    (project / "docs" / "drafts").mkdir()
    (project / "docs" / "drafts" / "demo.md").write_text(draft, encoding="utf-8")
    built = _build(project)
    assert built.returncode == 0, built.stderr
    html = (project / "site" / "drafts" / "demo" / "index.html").read_text("utf-8")
    assert "草稿：未经校对，代码未经验证" in html
    assert 'class="language-python' not in html and "guide-verified" not in html


def test_the_build_never_imports_tensorflow_or_keras(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Shadow both packages with ones that fail on import: the build must not notice."""
    import os

    fake = tmp_path_factory.mktemp("fake-packages")
    for name in ("tensorflow", "keras"):
        (fake / name).mkdir()
        (fake / name / "__init__.py").write_text(f"raise ImportError('the build imported {name}')\n", encoding="utf-8")
    _record(project, "containers.md")
    env = dict(os.environ, PYTHONPATH=str(fake))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    built = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300, env=env)
    assert built.returncode == 0, built.stderr
    probe = subprocess.run([sys.executable, "-c", "import tensorflow"], capture_output=True, text=True, env=env)
    assert "the build imported tensorflow" in probe.stderr  # the shadowing works


def test_outputs_marks_and_code_stay_out_of_the_search_index(project: Path) -> None:
    import json

    (project / "mkdocs.yml").write_text(
        CONFIG.replace("plugins: [guide]", "plugins: [search, guide]"), encoding="utf-8"
    )
    _record(project, "containers.md")
    assert _build(project).returncode == 0
    index = json.loads((project / "site" / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "提示框" in text  # the prose is searchable
    assert 'print("tab b, nested")' not in text  # code is not: a preview of code helps no reader
    assert "已验证" not in text and "tab b, nested\n" not in text
