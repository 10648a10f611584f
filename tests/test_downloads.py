"""Page downloads: the script and the notebook hold exactly the page's python fences."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from guide.page.fences import python_snippets
from guide.page.model import parse_page
from guide.run.cache import Figure, Result
from guide.site.downloads import page_notebook, page_script

PAGES = Path(__file__).parent / "pages"
ROOT = Path(__file__).resolve().parent.parent


def _no_results(snippet: object) -> None:
    return None


def test_notebook_alternates_prose_and_code_and_validates(page_text) -> None:
    text = page_text("containers.md")
    notebook = nbformat.reads(page_notebook(parse_page(text, "docs/containers.md"), _no_results), as_version=4)
    nbformat.validate(notebook)
    code = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code == [s.source.rstrip("\n") for s in python_snippets(text, "x")]
    prose = "".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    assert "title:" not in prose and "# 容器中的代码块" in prose


def test_notebook_text_is_plain_markdown_and_code_cells_carry_stored_outputs() -> None:
    text = (
        "---\ntitle: 示例\n---\n\n# 示例\n\n## 题目 { #q-demo }\n\n<!-- source: a.txt#1 -->\n\n"
        '见[另一题](../b/c.md#q-other)。\n\n```python\nprint("hi")\n```\n\n!!! warning "原代码的问题"\n\n    - 错了。\n'
    )
    page = parse_page(text, "docs/a/page.md")
    result = Result("k", page.path, 12, True, "hi\n", 0.2, "", {}, figures=(Figure("iVBORw0KGgo=", "图"),))
    notebook = nbformat.reads(page_notebook(page, lambda s: result, "https://example.org/guide/"), as_version=4)
    prose = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "{ #q-demo }" not in prose and "## 题目" in prose and "<!--" not in prose
    assert "(https://example.org/guide/b/c/#q-other)" in prose
    assert "> **原代码的问题**" in prose and "> - 错了。" in prose and "!!!" not in prose
    [code] = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code.outputs[0].text == "hi\n" and code.outputs[1].data["image/png"] == "iVBORw0KGgo="


def test_script_sections_are_headed_by_their_question() -> None:
    page = parse_page("# 页\n\n## 甲题 { #q-a }\n\n```python\nx = 1\n```\n", "docs/c/p.md")
    assert "# %% 甲题（docs/c/p.md:5）\nx = 1" in page_script(page)


def test_script_runs_every_fence_in_order(page_text, tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "page.py"
    script.write_text(page_script(parse_page(page_text("containers.md"), "docs/containers.md")), encoding="utf-8")
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert ran.stdout.split("\n")[:-1] == ["top", "admonition", "details", "tab a", "tab b, nested"]


CODE_PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if python_snippets(p.read_text("utf-8"), p.as_posix()))


@pytest.mark.parametrize("page", CODE_PAGES, ids=[p.relative_to(ROOT / "docs").as_posix() for p in CODE_PAGES])
def test_every_page_notebook_runs_top_to_bottom_in_a_fresh_kernel(page: Path, tmp_path: Path) -> None:
    """Run in Jupyter once per content and environment: the result goes to the same cache as the snippets'."""
    from nbclient import NotebookClient

    from guide.run.cache import Result, ResultStore, results_dir
    from guide.run.environment import versions
    from guide.site.downloads import notebook_key

    model = parse_page(page.read_text("utf-8"), f"docs/{page.relative_to(ROOT / 'docs').as_posix()}")
    store, key = ResultStore(results_dir(ROOT)), notebook_key(model)
    if (cached := store.get(key)) is not None and cached.passed:
        return
    notebook = nbformat.reads(page_notebook(model, _no_results), as_version=4)
    resources = {"metadata": {"path": str(tmp_path)}}
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources=resources).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert outputs and not errors, errors
    store.put(Result(key, model.path, 0, True, "", 0.0, "", versions()))
