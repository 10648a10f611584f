"""Markdown written from the guide's own data into the pages that ask for it with a marker comment."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from guide.bank.source_map import seed_titles
from guide.page.model import DIFFICULTY, Page, Question
from guide.site import topics

if TYPE_CHECKING:
    from guide.site.pages import Site

SOURCES_MARKER = "<!-- guide:sources -->"
CHAPTERS_MARKER = "<!-- guide:chapters -->"
COMPAT_MARKER = "<!-- guide:compat -->"


def _link(question: Question, from_page: str) -> str:
    target = posixpath.relpath(question.page, posixpath.dirname(from_page) or ".")
    return f"[{question.title}]({target}#{question.anchor})"


def bank_labels(files: Sequence[str]) -> dict[str, str]:
    """A readable name for each bank file, in file order: 题库 1, 题库 2, …"""
    return {file: f"题库 {number}" for number, file in enumerate(sorted(set(files)), 1)}


def sources_table(questions: Sequence[Question], seed_titles: Mapping[tuple[str, int], str], page: str) -> str:
    """Every seed question, in bank order, with the entry of the guide that answers it (first, for phones)."""
    by_source = {source: q for q in questions for source in q.sources}
    labels = bank_labels([file for file, _ in seed_titles] + [file for file, _ in by_source])
    legend = [f"- **{label}**：`{file}`" for file, label in labels.items()]
    rows = ["| 本指南中的条目 | 原题 | 出处 |", "| --- | --- | --- |"]
    for (file, number), question in sorted(by_source.items()):
        title = seed_titles.get((file, number), "").replace("|", "\\|")
        rows.append(f"| {_link(question, page)} | {title} | {labels[file]} 第 {number} 题 |")
    added = [q for q in questions if not q.sources]
    tail = [
        "",
        "## 原始题库之外新增的条目 { #added }",
        "",
        f"原始题库没有问到、但面试常问的题目共 {len(added)} 道（见[考点地图](topics.md)），它们没有对应的原题：",
        "",
        *(f"- {_link(q, page)}" for q in added),
    ]
    return "\n".join([*legend, "", *rows, *(tail if added else [])])


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
    if COMPAT_MARKER in markdown:
        markdown = markdown.replace(COMPAT_MARKER, compat_table(sorted((site.root / "compat").glob("*.json"))))
    if topics.MARKER in markdown:
        collections, areas = site.topics()
        questions = {q.anchor: q for p in site.pages.values() for q in p.questions}
        markdown = markdown.replace(topics.MARKER, topics.topic_tables(collections, areas, questions, page.relative))
    return markdown


def badges(markdown: str, page: Page, site: Site) -> str:
    """Under each question's heading: its level and, for a 高频 topic, a 高频 mark (the page's JS adds 已掌握)."""
    if not page.questions:
        return markdown
    frequent = topics.frequent_questions(site.topics()[1]) if (site.root / site.plugin.topics).is_file() else set()
    headings = {page.section(q)[0]: q for q in page.questions}
    out = []
    for line in markdown.split("\n"):
        out.append(line)
        question = headings.get(line)
        if question is None:
            continue
        marks = []
        if question.difficulty:
            level = DIFFICULTY[question.difficulty]
            marks.append(f'<span class="guide-badge" data-level="{question.difficulty}" title="难度">{level}</span>')
        if question.anchor in frequent:
            marks.append('<span class="guide-badge guide-badge--frequent" title="七份以上面试题集都问到">高频</span>')
        out += [
            "",
            f'<div class="guide-badges" data-question="{question.anchor}" data-search-exclude>{"".join(marks)}</div>',
            "",
        ]
    return "\n".join(out)


def progress(questions: Sequence[Question]) -> str:
    """A place for the page's JS to say how many of these questions the reader has marked 已掌握."""
    ids = " ".join(q.anchor for q in questions)
    return f'<div class="guide-progress" data-questions="{ids}" data-search-exclude></div>'


def compat_table(reports: Sequence[Path]) -> str:
    """One row per environment a compatibility run was made in (``guide compat run``), from its report."""
    rows = [
        "| 环境 | TensorFlow | Keras | NumPy | Python | 通过的代码片段 | 未通过 |",
        "| --- | --- | --- | --- | --- | ---: | --- |",
    ]
    for report in reports:
        data = json.loads(report.read_text("utf-8"))
        versions = data["versions"]
        failed = "、".join(f"`{where}`" for where in data["failed"][:8]) + ("……" if len(data["failed"]) > 8 else "")
        rows.append(
            f"| {report.stem} | {versions.get('tensorflow')} | {versions.get('keras')} | {versions.get('numpy')} "
            f"| {versions.get('python')} | {data['passed']} / {data['total']} | {failed or '无'} |"
        )
    return "\n".join(rows)
