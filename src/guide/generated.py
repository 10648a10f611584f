"""Markdown the plugin writes from the guide's own data: the source table and the chapter overview."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from guide.questions import Question

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
