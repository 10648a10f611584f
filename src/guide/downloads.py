"""A page's snippets as a ``.py`` script and a Jupyter notebook, from the one fence parser."""

from __future__ import annotations

import json
import re

from guide.fences import Snippet, parse

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_SOURCE_COMMENT = re.compile(r"^\s*<!-- source: .* -->\s*$\n?", re.MULTILINE)


def _prose(text: str) -> str:
    """Prose for a Markdown cell: no front matter, no source comments."""
    return _SOURCE_COMMENT.sub("", _FRONT_MATTER.sub("", text, count=1))


def page_script(text: str, path: str, title: str) -> str:
    """All python fences of a page, in order, as one runnable script with ``# %%`` cells."""
    parts = [f"# {title}\n# 来源：{path}（每个代码块都在构建前测试通过，可单独运行）\n"]
    for snippet in parse(text, path):
        if snippet.runs:
            parts.append(f"# %% {path}:{snippet.line}\n{snippet.source}")
    return "\n".join(parts)


def _markdown_cell(lines: list[str]) -> dict | None:
    source = _prose("\n".join(lines) + "\n").strip("\n")
    if not source.strip():
        return None
    return {"cell_type": "markdown", "metadata": {}, "source": source.splitlines(True)}


def _code_cell(snippet: Snippet) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"guide": {"source": snippet.where}},
        "outputs": [],
        "source": snippet.source.rstrip("\n").splitlines(True),
    }


def page_notebook(text: str, path: str) -> dict:
    """The page as a notebook: its prose as Markdown cells, its python fences as code cells."""
    lines = text.split("\n")
    cells: list[dict] = []
    cursor = 0
    for snippet in parse(text, path):
        if not snippet.runs:
            continue
        # The fence occupies lines[line - 1 : end_line]; the prose before it becomes one cell.
        cell = _markdown_cell(lines[cursor : snippet.line - 1])
        cells.extend([cell] if cell else [])
        cells.append(_code_cell(snippet))
        cursor = snippet.end_line
    tail = _markdown_cell(lines[cursor:])
    cells.extend([tail] if tail else [])
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"  # stable ids: the same page gives the same file
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_json(notebook: dict) -> str:
    """Serialise a notebook the way Jupyter writes it."""
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"
