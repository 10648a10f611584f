"""The contributor path: CI workflow, pre-commit hooks, `guide new` and `guide lint`."""

from __future__ import annotations

import contextlib
import io
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from guide.cli.lint import lint_command, lint_fences
from guide.cli.scaffold import ScaffoldError, new_question, scaffold_command
from guide.page.fences import parse, python_snippets
from guide.page.model import parse_page, site_questions

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"


# --- CI: the workflow, .ci/run and the README agree ---------------------------------------------------------------


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint not installed: pip install -e '.[test]'")
    return found


def _workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def test_actionlint_accepts_the_workflow() -> None:
    done = subprocess.run([_actionlint(), "-no-color", str(WORKFLOW)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - rnu: x\n")
    done = subprocess.run([_actionlint(), "-no-color", str(broken)], capture_output=True, text=True)
    assert done.returncode == 1 and "rnu" in done.stdout


def test_the_workflow_reads_only_and_only_the_deploy_job_may_write_pages() -> None:
    workflow = _workflow()
    assert set(workflow["on"]) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in WORKFLOW.read_text("utf-8")
    writers = {name for name, job in workflow["jobs"].items() if "permissions" in job}
    assert writers == {"deploy"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_workflow_shards_the_snippets_restores_the_store_and_runs_the_compatibility_range() -> None:
    jobs = _workflow()["jobs"]
    assert jobs["snippets"]["strategy"]["matrix"]["shard"] == [1, 2, 3]
    runs = " ".join(step.get("run", "") for step in jobs["snippets"]["steps"])
    assert '--guide-shard "${{ matrix.shard }}/3"' in runs
    uses = [step.get("uses", "") for step in jobs["snippets"]["steps"]]
    assert any(u.startswith("actions/cache/restore") for u in uses)
    assert any("guide merge" in step.get("run", "") for step in jobs["test"]["steps"])
    ends = {(e["tensorflow"], e["keras"]) for e in jobs["compatibility"]["strategy"]["matrix"]["include"]}
    assert ends == {("2.18.1", "3.8.0"), ("2.21.0", "3.15.1")}


def _readme_commands() -> list[str]:
    """The commands of the README's quick-start bash block, comments left out."""
    text = (ROOT / "README.md").read_text("utf-8")
    start = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("## 快速开始"))
    block = next(s for s in parse(text, "README.md") if s.lang == "bash" and s.line > start)
    return [line.strip() for line in block.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _ci_run_lines() -> set[str]:
    return {line.strip() for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()}


def _workflow_run_lines() -> set[str]:
    steps = [step for job in _workflow()["jobs"].values() for step in job.get("steps", [])]
    return {line.strip() for step in steps for line in step.get("run", "").splitlines()}


def test_the_readme_has_a_test_and_a_build_command() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    assert {command.rsplit(" ", 1)[-1] for command in commands} == {"build", "test"}


@pytest.mark.parametrize(("where", "lines"), [(".ci/run", _ci_run_lines), ("ci.yml", _workflow_run_lines)])
def test_ci_runs_exactly_the_readme_commands(where: str, lines) -> None:
    missing = [command for command in _readme_commands() if command not in lines()]
    assert not missing, f"{where} does not run these README commands verbatim: {missing}"


# --- pre-commit -----------------------------------------------------------------------------------------------------


def test_pre_commit_config_is_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(PRE_COMMIT)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _typography(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    hooks = {
        hook["id"]: hook for repo in yaml.safe_load(PRE_COMMIT.read_text("utf-8"))["repos"] for hook in repo["hooks"]
    }
    command = shlex.split(hooks["typography"]["entry"])
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, *command[1:], str(page)], capture_output=True, text=True)


def test_typography_hook_names_file_and_line_of_a_finding(tmp_path: Path) -> None:
    done = _typography(tmp_path, "# 标题\n\n用TensorFlow训练,很快。\n")
    assert done.returncode == 1
    assert f"{tmp_path / 'page.md'}:3:1: 用TensorFlow训练,很快。  应写成：用 TensorFlow 训练，很快。" in done.stderr


def test_typography_hook_passes_good_text_and_leaves_code_to_ruff(tmp_path: Path) -> None:
    done = _typography(tmp_path, "# 标题\n\n用 TensorFlow 训练，很快。\n\n```python\nx = 1  # 中文abc\n```\n")
    assert done.returncode == 0, done.stderr


# --- guide new ------------------------------------------------------------------------------------------------------

CHAPTER_INDEX = "---\ntitle: 计算机视觉\ntags:\n  - 计算机视觉\n---\n\n# 计算机视觉\n"
PAGE = "---\ntitle: CNN\n---\n\n# CNN\n\n## 卷积是什么？ { #q-cnn-conv }\n\n<!-- source: a.txt#1 -->\n"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "vision").mkdir(parents=True)
    (tmp_path / "docs" / "vision" / "index.md").write_text(CHAPTER_INDEX, encoding="utf-8")
    (tmp_path / "docs" / "vision" / "cnn.md").write_text(PAGE, encoding="utf-8")
    return tmp_path / "docs"


def test_new_page_gets_front_matter_and_a_question_that_parses(docs: Path) -> None:
    path, line = new_question(docs, "vision/pooling.md", "q-cnn-pooling", "池化有什么用？")
    text = path.read_text("utf-8")
    assert path == docs / "vision" / "pooling.md"
    assert text.startswith("---\ntitle: 池化有什么用？\ntags:\n  - 计算机视觉\n---\n\n# 池化有什么用？\n")
    [question] = parse_page(text, "docs/vision/pooling.md").questions
    assert (question.anchor, question.title, question.line, question.sources) == (
        "q-cnn-pooling",
        "池化有什么用？",
        line,
        (),
    )
    assert text.splitlines()[line - 1] == "## 池化有什么用？ { #q-cnn-pooling }"
    for label in ("**题目：**", "**答案：**", "**解析：**", '!!! warning "原代码的问题"'):
        assert label in text


def test_the_template_fence_runs_prints_and_passes_the_fence_lint(docs: Path, capsys) -> None:
    path, _ = new_question(docs, "vision/pooling.md", "q-cnn-pooling", "池化有什么用？")
    [snippet] = python_snippets(path.read_text("utf-8"), str(path))
    assert "assert " in snippet.source
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(snippet.source, snippet.where, "exec"), {})  # noqa: S102 - the template, a fixed string
    assert out.getvalue().startswith("均值：")
    assert lint_fences([path]) == 0
    assert capsys.readouterr().out == ""


def test_appending_keeps_the_page_and_reports_the_heading_line(docs: Path) -> None:
    path, line = new_question(docs, "vision/cnn.md", "q-cnn-stride", "步长是什么？")
    text = path.read_text("utf-8")
    assert text.startswith(PAGE + "\n## 步长是什么？ { #q-cnn-stride }\n")
    assert line == len(PAGE.splitlines()) + 2
    assert [q.anchor for q in site_questions(docs)] == ["q-cnn-conv", "q-cnn-stride"]


def test_a_duplicate_id_is_rejected_naming_where_it_is_used(docs: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"docs/vision/cnn.md:7: 题目 id #q-cnn-conv 已被使用（卷积是什么？）"):
        new_question(docs, "vision/other.md", "q-cnn-conv", "又一题")
    assert not (docs / "vision" / "other.md").exists()


@pytest.mark.parametrize("qid", ["Q-cnn", "q_cnn", "cnn-pool", "q-", "q--pool", "q-pool-", "q-池化"])
def test_a_bad_id_is_rejected(docs: Path, qid: str) -> None:
    with pytest.raises(ScaffoldError, match=r"docs/vision/cnn.md: 题目 id .* 无效"):
        new_question(docs, "vision/cnn.md", qid, "标题")
    assert (docs / "vision" / "cnn.md").read_text("utf-8") == PAGE


@pytest.mark.parametrize("page", ["index.md", "vision/index.md", "vision/notes.txt", "../x/y.md"])
def test_a_page_that_cannot_hold_questions_is_rejected(docs: Path, page: str) -> None:
    with pytest.raises(ScaffoldError, match=f"docs/{page}: "):
        new_question(docs, page, "q-new", "标题")


def test_guide_new_prints_file_and_line(docs: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(docs.parent)
    assert scaffold_command(["docs/vision/cnn.md", "--id", "q-cnn-stride", "--title", "步长是什么？"]) == 0
    assert capsys.readouterr().out.startswith("docs/vision/cnn.md:11: 已添加题目 #q-cnn-stride「步长是什么？」")
    assert scaffold_command(["vision/cnn.md", "--id", "q-cnn-stride", "--title", "again"]) == 1
    assert "docs/vision/cnn.md:11: 题目 id #q-cnn-stride 已被使用" in capsys.readouterr().err


# --- guide lint -----------------------------------------------------------------------------------------------------

LINT_PAGE = """\
# 页面

```python
import numpy as np

print(np.zeros(2), undefined_name)
```

!!! warning "原代码的问题"

    ```python
    import os
    ```
"""


def test_fence_findings_carry_markdown_file_line_and_column(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(LINT_PAGE, encoding="utf-8")
    assert lint_command(["docs/page.md"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/page.md:6:20: F821 Undefined name `undefined_name`",
        "docs/page.md:12:12: F401 `os` imported but unused",
    ]


def test_a_clean_page_passes_and_so_does_the_default_of_all_pages(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "a" / "ok.md").write_text("```python\nx = 1\nprint(x)\n```\n", encoding="utf-8")
    assert lint_fences([Path("docs/a/ok.md")]) == 0
    assert lint_command([]) == 0
    assert capsys.readouterr().out == ""
