"""Page downloads: the script and the notebook hold exactly the page's python fences."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from guide.downloads import notebook_json, page_notebook, page_script
from guide.fences import python_snippets

PAGES = Path(__file__).parent / "pages"
ROOT = Path(__file__).resolve().parent.parent


def test_notebook_alternates_prose_and_code_and_validates(page_text) -> None:
    text = page_text("containers.md")
    notebook = page_notebook(text, "docs/containers.md")
    nbformat.validate(nbformat.reads(notebook_json(notebook), as_version=4))
    code = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code == [s.source.rstrip("\n") for s in python_snippets(text, "x")]
    prose = "".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    assert "title:" not in prose and "# 容器中的代码块" in prose


def test_script_runs_every_fence_in_order(page_text, tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "page.py"
    script.write_text(page_script(page_text("containers.md"), "docs/containers.md", "容器"), encoding="utf-8")
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert ran.stdout.split("\n")[:-1] == ["top", "admonition", "details", "tab a", "tab b, nested"]


CODE_PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if python_snippets(p.read_text("utf-8"), p.as_posix()))


@pytest.mark.parametrize("page", CODE_PAGES, ids=[p.relative_to(ROOT / "docs").as_posix() for p in CODE_PAGES])
def test_every_page_notebook_runs_top_to_bottom_in_a_fresh_kernel(page: Path, tmp_path: Path) -> None:
    from nbclient import NotebookClient

    notebook = nbformat.reads(notebook_json(page_notebook(page.read_text("utf-8"), "docs/x.md")), as_version=4)
    resources = {"metadata": {"path": str(tmp_path)}}
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources=resources).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
