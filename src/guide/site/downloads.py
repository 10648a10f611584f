"""A page's snippets as a ``.py`` script and a Jupyter notebook (through nbformat), with their stored outputs.

Text cells are plain Markdown a notebook renders: no attribute lists, admonitions as quotes, links as
absolute site URLs. Code cells carry the output and figures the doc tests captured.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence

import nbformat
from nbformat import v4

from guide.page.fences import Snippet
from guide.page.model import Page, Question
from guide.run.cache import Result, result_key

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$\n?", re.MULTILINE)
_ATTR_LIST = re.compile(r"\s*\{\s*[#.][^}]*\}\s*$", re.MULTILINE)
_CONTAINER = re.compile(r'^(?P<indent> *)(?:!!!|\?\?\?\+?|===\+?) *(?:[\w-]+)? *(?:"(?P<title>[^"]*)")?\s*$')
_LINK = re.compile(r"\]\((?P<target>[^)\s#]*\.md)(?P<anchor>#[^)\s]*)?\)")


def _question_of(page: Page, snippet: Snippet) -> Question | None:
    return next((q for q in page.questions if q.line <= snippet.line <= q.end_line), None)


def page_script(page: Page) -> str:
    """All python fences of a page, in order, as one runnable script with ``# %%`` cells named by question."""
    parts = [f"# {page.title}\n# 来源：{page.path}（每个代码块都在构建前测试通过，可单独运行）\n"]
    for snippet in page.python:
        question = _question_of(page, snippet)
        title = f"{question.title}（{snippet.where}）" if question else snippet.where
        parts.append(f"# %% {title}\n{snippet.source}")
    return "\n".join(parts)


def _containers_as_quotes(lines: Sequence[str]) -> list[str]:
    """``!!! warning "原代码的问题"`` and its indented body as a Markdown quote headed by the title."""
    out: list[str] = []
    quote_indent: int | None = None
    for line in lines:
        if quote_indent is not None and line.strip() and len(line) - len(line.lstrip()) <= quote_indent:
            quote_indent = None
        match = _CONTAINER.match(line)
        if match:
            quote_indent = len(match["indent"])
            out.append(f"> **{match['title']}**" if match["title"] else ">")
        elif quote_indent is not None:
            out.append("> " + line[quote_indent + 4 :] if line.strip() else ">")
        else:
            out.append(line)
    return out


def _absolute_links(text: str, page: Page, site_url: str) -> str:
    base = site_url.rstrip("/") + "/"

    def absolute(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.relative), match["target"]))
        url = target.removesuffix(".md").removesuffix("index").rstrip("/")
        return f"]({base}{url + '/' if url else ''}{match['anchor'] or ''})"

    return _LINK.sub(absolute, text)


def markdown_cell_text(text: str, page: Page, site_url: str) -> str:
    """Page prose as plain Markdown for a notebook cell."""
    text = _ATTR_LIST.sub("", _COMMENT.sub("", _FRONT_MATTER.sub("", text, count=1)))
    return _absolute_links("\n".join(_containers_as_quotes(text.split("\n"))), page, site_url).strip("\n")


def _outputs(result: Result | None) -> list:
    if result is None:
        return []
    outputs = [v4.new_output("stream", name="stdout", text=result.output)] if result.output else []
    outputs += [v4.new_output("display_data", data={"image/png": f.png, "text/plain": f.alt}) for f in result.figures]
    return outputs


def page_notebook(page: Page, result_for: Callable[[Snippet], Result | None], site_url: str = "") -> str:
    """The page as a notebook (JSON): prose cells, code cells with their stored outputs."""
    lines = page.text.split("\n")
    cells, cursor = [], 0
    for count, snippet in enumerate(page.python, 1):
        # The fence occupies lines[line - 1 : end_line]; the prose before it becomes one cell.
        prose = markdown_cell_text("\n".join(lines[cursor : snippet.line - 1]), page, site_url)
        cells += [v4.new_markdown_cell(prose)] if prose.strip() else []
        cell = v4.new_code_cell(snippet.code, execution_count=count, outputs=_outputs(result_for(snippet)))
        cell.metadata["guide"] = {"source": snippet.where}
        cells.append(cell)
        cursor = snippet.end_line
    tail = markdown_cell_text("\n".join(lines[cursor:]), page, site_url)
    cells += [v4.new_markdown_cell(tail)] if tail.strip() else []
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"  # stable ids: the same page gives the same file
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata.update(
        kernelspec={"display_name": "Python 3", "language": "python", "name": "python3"},
        language_info={"name": "python"},
    )
    return nbformat.writes(notebook) + "\n"


def notebook_key(page: Page) -> str:
    """The cache key of a page's whole notebook run top to bottom: its code cells, in order, in this environment."""
    return result_key(
        "# guide: the page's notebook, run top to bottom\n" + "\n# %%\n".join(s.code for s in page.python)
    )
