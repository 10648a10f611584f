"""The page model: a Markdown page parsed once into front matter, title, snippets, questions and includes.

Everything else (the doc tests, the site plugin, the downloads, the source map, ``guide lint``, ``guide new``,
the summary, the bench) reads pages through `parse_page` and `site_pages`; no other module knows the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from guide.errors import GuideError
from guide.page.fences import Snippet, fences, markdown_it, split_lines
from guide.page.front_matter import YAML_RE, front_matter

DOCS = "docs"
"""The docs folder, relative to the project root: the prefix of every path in messages and results."""

_ID_ATTR = re.compile(r"^(?P<title>.+?)\s*\{\s*#(?P<id>[^\s}]+)\s*\}\s*$")
_VALID_ID = re.compile(r"^q-[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOURCE = re.compile(r"^\s*<!--\s*source:\s*(?P<file>[^#\s]+)#(?P<number>\d+)\s*-->\s*$")
_DIFFICULTY = re.compile(r"^\s*<!--\s*difficulty:\s*(?P<level>[123])\s*-->\s*$")
_INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+["'](?P<file>[^"']+)["']\s*$""")
DIFFICULTY = {1: "基础", 2: "进阶", 3: "深入"}


class QuestionError(GuideError):
    """A page whose questions break the page format; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    """One question of the guide: a ``##`` section with a ``q-`` id."""

    page: str
    """Page path relative to the docs folder, e.g. ``attention/basics.md``."""
    anchor: str
    title: str
    line: int
    """1-based line of the heading."""
    sources: tuple[tuple[str, int], ...] = ()
    """(seed file name, question number) pairs this entry answers."""
    end_line: int = 0
    """Last line of the section (the line before the next ``##`` heading, or the page's last line)."""
    difficulty: int | None = None
    """1 基础, 2 进阶, 3 深入 (``<!-- difficulty: N -->``), if the entry says."""

    @property
    def url(self) -> str:
        """Site-relative URL with anchor (MkDocs directory URLs)."""
        stem = self.page.removesuffix(".md")
        folder = stem.removesuffix("index").rstrip("/")
        return f"{folder}/#{self.anchor}" if folder else f"#{self.anchor}"

    @property
    def where(self) -> str:
        """``docs/page.md:line`` for messages."""
        return f"{DOCS}/{self.page}:{self.line}"


@dataclass(frozen=True)
class Page:
    """A page of the guide, parsed once."""

    path: str
    """The page as messages and stored results name it: ``docs/attention/basics.md`` (or as given)."""
    text: str
    meta: dict[str, Any] = field(compare=False)
    title: str
    """The front matter's ``title``, else the first ``# heading``; empty when the page has neither."""
    snippets: tuple[Snippet, ...]
    questions: tuple[Question, ...]
    includes: tuple[tuple[int, str], ...]
    """(line, fragment) of every ``--8<-- "fragment"`` include."""

    @property
    def relative(self) -> str:
        """Path relative to the docs folder (posix), e.g. ``attention/basics.md``."""
        return self.path.removeprefix(f"{DOCS}/")

    @property
    def python(self) -> tuple[Snippet, ...]:
        """The snippets the doc tests run, in page order."""
        return tuple(snippet for snippet in self.snippets if snippet.runs)

    @property
    def is_draft(self) -> bool:
        """An imported draft (``status: draft``): built with a banner, never run."""
        return self.meta.get("status") == "draft"

    def section(self, question: Question) -> list[str]:
        """The lines of one question, heading included."""
        return split_lines(self.text)[question.line - 1 : question.end_line]


def is_question_page(relative: str) -> bool:
    """Topic pages hold questions: ``<chapter>/<topic>.md``, not the home page or a chapter's index."""
    return "/" in relative and not relative.endswith("/index.md")


def parse_page(text: str, path: str) -> Page:
    """Parse a page (``path`` as messages should name it, ``docs/…``); raise a `GuideError` naming file and line."""
    relative = path.removeprefix(f"{DOCS}/")
    meta = front_matter(text, path)
    lines = split_lines(text)
    tokens = markdown_it().parse(_body(text))
    snippets = tuple(fences(tokens, lines, path))
    questions = tuple(_questions(tokens, lines, relative)) if is_question_page(relative) else ()
    includes = tuple((n, m["file"]) for n, line in enumerate(lines, 1) if (m := _INCLUDE.match(line)))
    return Page(path, text, meta, _title(meta, tokens), snippets, questions, includes)


def _body(text: str) -> str:
    """The page with its front matter blanked out, line for line (else ``title: x`` + ``---`` is a heading)."""
    match = YAML_RE.match(text)
    return "\n" * match.group(0).count("\n") + text[match.end() :] if match else text


def read_page(docs: Path, file: Path) -> Page:
    """Read and parse ``file`` (a path under ``docs``)."""
    path = f"{DOCS}/{file.relative_to(docs).as_posix()}"
    try:
        text = file.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise GuideError(f"{path}:1: 页面不是 UTF-8 编码：{exc.reason}") from exc
    return parse_page(text, path)


def page_files(docs: Path) -> list[Path]:
    """Every Markdown page under ``docs``, in a stable order: the one walk of the docs folder."""
    return sorted(docs.rglob("*.md"))


def site_pages(docs: Path) -> list[Page]:
    """Every page under ``docs``, parsed; question ids and seed sources must be unique site-wide."""
    pages = [read_page(docs, file) for file in page_files(docs)]
    check_unique(question for page in pages for question in page.questions)
    return pages


def site_questions(docs: Path) -> list[Question]:
    """Every question of every topic page under ``docs``."""
    return [question for page in site_pages(docs) for question in page.questions]


def _title(meta: dict[str, Any], tokens: Sequence[Token]) -> str:
    """The front matter's ``title``, else the first ``# heading``, else empty."""
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return tokens[index + 1].content.strip()
    return ""


def _questions(tokens: Sequence[Token], lines: Sequence[str], relative: str) -> Iterator[Question]:
    """The ``##`` sections of a topic page with their ids, sources and difficulty."""
    found: list[dict[str, Any]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.map and token.level == 0:
            found.append(_heading(tokens[index + 1].content, token.map[0] + 1, relative))
        elif token.type == "html_block" and token.map:
            for number, line in enumerate(token.content.split("\n"), token.map[0] + 1):
                _annotate(found, line, number, relative)
    for position, entry in enumerate(found):
        following = found[position + 1]["line"] - 1 if position + 1 < len(found) else len(lines)
        yield Question(**entry, end_line=following)


def _heading(content: str, line: int, relative: str) -> dict[str, Any]:
    match = _ID_ATTR.match(content.strip())
    if not match or not _VALID_ID.match(match["id"]):
        hint = "应写成 `## 标题 { #q-小写-连字符 }`"
        raise QuestionError(f"{DOCS}/{relative}:{line}: 题目标题缺少有效的 id，{hint}")
    return {"page": relative, "anchor": match["id"], "title": match["title"], "line": line, "sources": ()}


def _annotate(found: list[dict[str, Any]], line: str, number: int, relative: str) -> None:
    """Attach a ``source`` or ``difficulty`` comment to the question above it."""
    source, difficulty = _SOURCE.match(line), _DIFFICULTY.match(line)
    if not (source or difficulty):
        return
    if not found:
        kind = "source" if source else "difficulty"
        raise QuestionError(f"{DOCS}/{relative}:{number}: {kind} 注释必须写在某道题的标题之下")
    if source:
        found[-1]["sources"] += ((source["file"], int(source["number"])),)
    else:
        found[-1]["difficulty"] = int(difficulty["level"])  # type: ignore[index]


def check_unique(questions: Iterable[Question]) -> None:
    """Raise `QuestionError` for an id or a seed question used twice, naming both places."""
    ids: dict[str, Question] = {}
    sources: dict[tuple[str, int], Question] = {}
    for question in questions:
        if (first := ids.setdefault(question.anchor, question)) is not question:
            raise QuestionError(f"{question.where}: 题目 id #{question.anchor} 重复（已在 {first.where} 使用）")
        for source in question.sources:
            if (first := sources.setdefault(source, question)) is not question:
                raise QuestionError(
                    f"{question.where}: 原题 {source[0]}#{source[1]} 已映射到 {DOCS}/{first.page}#{first.anchor}，"
                    "每道原题只能出现在一个地方"
                )
