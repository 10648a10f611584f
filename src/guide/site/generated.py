"""Markdown written from the guide's own data into the pages that ask for it with a marker comment."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from guide.bank.source_map import seed_titles
from guide.page.model import Page, Question

if TYPE_CHECKING:
    from guide.site.pages import Site

SOURCES_MARKER = "<!-- guide:sources -->"
CHAPTERS_MARKER = "<!-- guide:chapters -->"


def _link(question: Question, from_page: str) -> str:
    target = posixpath.relpath(question.page, posixpath.dirname(from_page) or ".")
    return f"[{question.title}]({target}#{question.anchor})"


def sources_table(questions: Sequence[Question], seed_titles: Mapping[tuple[str, int], str], page: str) -> str:
    """Every seed question, in bank order, with the entry of the guide that answers it."""
    by_source = {source: q for q in questions for source in q.sources}
    rows = ["| 原始题库 | 题号 | 原题 | 本指南中的条目 |", "| --- | ---: | --- | --- |"]
    for (file, number), question in sorted(by_source.items()):
        title = seed_titles.get((file, number), "").replace("|", "\\|")
        rows.append(f"| `{file}` | {number} | {title} | {_link(question, page)} |")
    return "\n".join(rows)


def chapters_table(chapters: Sequence[tuple[str, str, int, int]], page: str) -> str:
    """Rows of (index page, chapter title, questions, verified snippets), and a total line."""
    rows = ["| 章节 | 题目数 | 已验证的代码片段 |", "| --- | ---: | ---: |"]
    for index, title, questions, snippets in chapters:
        target = posixpath.relpath(index, posixpath.dirname(page) or ".")
        rows.append(f"| [{title}]({target}) | {questions} | {snippets} |")
    total_q = sum(c[2] for c in chapters)
    total_s = sum(c[3] for c in chapters)
    rows.append(f"| **合计** | **{total_q}** | **{total_s}** |")
    return "\n".join(rows)


def fill(markdown: str, page: Page, site: Site) -> str:
    """Replace the markers a page holds with the tables they stand for."""
    if SOURCES_MARKER in markdown:
        questions = [q for p in site.pages.values() for q in p.questions]
        titles = seed_titles(site.root / site.plugin.banks)
        markdown = markdown.replace(SOURCES_MARKER, sources_table(questions, titles, page.relative))
    if CHAPTERS_MARKER in markdown:
        rows = []
        for chapter in site.chapters:
            inside = [p for p in site.pages.values() if p.relative.startswith(f"{chapter.folder}/")]
            rows.append(
                (
                    chapter.index,
                    chapter.title,
                    sum(len(p.questions) for p in inside),
                    sum(len(p.python) for p in inside),
                )
            )
        markdown = markdown.replace(CHAPTERS_MARKER, chapters_table(rows, page.relative))
    return markdown
