"""The questions of the guide's pages: stable ids, titles and the seed questions each answers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*\{\s*#(?P<id>[^\s}]+)\s*\}\s*$")
_BARE_HEADING = re.compile(r"^##\s+\S")
_SOURCE = re.compile(r"^\s*<!--\s*source:\s*(?P<file>[^#\s]+)#(?P<number>\d+)\s*-->\s*$")
_VALID_ID = re.compile(r"^q-[a-z0-9]+(?:-[a-z0-9]+)*$")


class QuestionError(ValueError):
    """A page whose questions break the page format; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    """One question of the guide (a ``##`` section with a ``q-`` id)."""

    page: str
    """Page path relative to the docs folder, e.g. ``attention/basics.md``."""
    anchor: str
    title: str
    line: int
    sources: tuple[tuple[str, int], ...]
    """(seed file name, question number) pairs this entry answers."""

    @property
    def url(self) -> str:
        """Site-relative URL with anchor (MkDocs directory URLs)."""
        stem = self.page.removesuffix(".md")
        folder = stem.removesuffix("index").rstrip("/")
        return f"{folder}/#{self.anchor}" if folder else f"#{self.anchor}"


def page_questions(text: str, page: str) -> Iterator[Question]:
    """Yield the questions of one page; raise `QuestionError` on a heading without a valid id."""
    current: dict | None = None
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        if _BARE_HEADING.match(line):
            if current:
                yield Question(**current)
            match = _HEADING.match(line)
            if not match or not _VALID_ID.match(match["id"]):
                hint = "应写成 `## 标题 { #q-小写-连字符 }`"
                raise QuestionError(f"docs/{page}:{number}: 题目标题缺少有效的 id，{hint}")
            current = {"page": page, "anchor": match["id"], "title": match["title"], "line": number, "sources": ()}
        elif (source := _SOURCE.match(line)) is not None:
            if current is None:
                raise QuestionError(f"docs/{page}:{number}: source 注释必须写在某道题的标题之下")
            current["sources"] += ((source["file"], int(source["number"])),)
    if current:
        yield Question(**current)


def is_question_page(relative: str) -> bool:
    """Topic pages hold questions: ``<chapter>/<topic>.md``, not the home page or a chapter's index."""
    return "/" in relative and not relative.endswith("/index.md")


def site_questions(docs: Path) -> list[Question]:
    """Every question of every topic page under ``docs``; ids and sources must be unique site-wide."""
    found: list[Question] = []
    for path in sorted(docs.rglob("*.md")):
        if not is_question_page(path.relative_to(docs).as_posix()):
            continue
        found.extend(page_questions(path.read_text("utf-8"), path.relative_to(docs).as_posix()))
    _check_unique(found)
    return found


def _check_unique(questions: Iterable[Question]) -> None:
    ids: dict[str, Question] = {}
    sources: dict[tuple[str, int], Question] = {}
    for question in questions:
        where = f"docs/{question.page}:{question.line}"
        if (first := ids.setdefault(question.anchor, question)) is not question:
            raise QuestionError(f"{where}: 题目 id #{question.anchor} 重复（已在 docs/{first.page}:{first.line} 使用）")
        for source in question.sources:
            if (first := sources.setdefault(source, question)) is not question:
                raise QuestionError(
                    f"{where}: 原题 {source[0]}#{source[1]} 已映射到 docs/{first.page}#{first.anchor}，"
                    "每道原题只能出现在一个地方"
                )
