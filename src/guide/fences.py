"""The one fence parser: Markdown text in, code fences out.

It is shared by the doc tests, the MkDocs plugin and the downloads, so what is tested is what is
rendered. It is built on markdown-it (the parser pytest-markdown-docs uses) plus a block rule for
the indented containers of Material for MkDocs: admonitions (``!!!``), collapsible blocks
(``???``) and content tabs (``===``), whose fences CommonMark alone would read as indented code.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

# Languages a page may use. Only ``python`` fences run; the rest are shown as they are.
RUN_LANGS = frozenset({"python"})
SHOW_LANGS = frozenset({"text", "diff", "bash", "console", "json", "yaml", "toml", "markdown"})

_CONTAINER = re.compile(r"^(?:!!!|\?\?\?\+?|===\+?)(?:\s|$)")
_INDENT = 4


class FenceError(ValueError):
    """A fence the guide cannot accept; the message names the file and line."""


@dataclass(frozen=True)
class Snippet:
    """One code fence of a page."""

    path: str
    """Page path as given (posix, usually relative to the docs folder)."""
    line: int
    """1-based line of the opening fence in the Markdown file."""
    end_line: int
    """1-based line of the closing fence."""
    indent: int
    """Columns of indentation of the fence (inside admonitions and tabs)."""
    lang: str
    options: tuple[str, ...]
    source: str
    """The code, dedented as it renders."""

    @property
    def runs(self) -> bool:
        """Whether the doc tests execute this fence."""
        return self.lang in RUN_LANGS

    @property
    def where(self) -> str:
        """``file:line`` for messages."""
        return f"{self.path}:{self.line}"

    @property
    def source_hash(self) -> str:
        """SHA-256 of the code alone: prose around it does not change it."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def padded_source(self) -> str:
        """The code behind blank lines, so tracebacks give Markdown line numbers."""
        return "\n" * self.line + self.source


def _container_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Parse ``!!! note``, ``??? note`` and ``=== "Tab"`` with their indented body."""
    if state.is_code_block(start):
        return False
    first = state.bMarks[start] + state.tShift[start]
    if not _CONTAINER.match(state.src[first : state.eMarks[start]]):
        return False
    if silent:
        return True
    body_indent = state.sCount[start] + _INDENT
    last = start + 1
    line = start + 1
    while line < end:
        if state.isEmpty(line):
            line += 1
            continue
        if state.sCount[line] < body_indent:
            break
        line += 1
        last = line
    old_indent, old_parent = state.blkIndent, state.parentType
    token = state.push("container_open", "div", 1)
    token.map = [start, last]
    token.info = state.src[first : state.eMarks[start]]
    state.blkIndent = body_indent
    state.parentType = "container"
    state.md.block.tokenize(state, start + 1, last)
    state.push("container_close", "div", -1)
    state.blkIndent, state.parentType = old_indent, old_parent
    state.line = last
    return True


@functools.cache
def markdown_it() -> MarkdownIt:
    """A CommonMark parser that also descends into admonitions and content tabs."""
    md = MarkdownIt("commonmark")
    md.block.ruler.before(
        "fence", "guide_container", _container_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    return md


def _closing_line(lines: list[str], opener: str, index: int) -> bool:
    """Whether line ``index`` closes a fence opened with ``opener`` (``` or ~~~ run)."""
    if index >= len(lines):
        return False
    stripped = lines[index].strip()
    return stripped.startswith(opener) and set(stripped) == {opener[0]}


def parse(text: str, path: str) -> Iterator[Snippet]:
    """Yield every fence of a Markdown page, in order; raise `FenceError` on an unclosed or untagged one."""
    # Split exactly as markdown-it counts lines (str.splitlines would also break on \f, \x85, U+2028 …).
    lines = re.split(r"\r\n|\r|\n", text)
    for token in markdown_it().parse(text):
        if token.type != "fence" or token.map is None:
            continue
        start, stop = token.map
        line = start + 1
        info = token.info.split()
        if not info:
            raise FenceError(f"{path}:{line}: 代码块缺少语言标记（例如 ```python 或 ```text）")
        if not _closing_line(lines, token.markup, stop - 1) or stop - 1 == start:
            raise FenceError(f"{path}:{line}: 代码块没有结束标记 {token.markup}")
        lang = info[0].lower()
        if lang not in RUN_LANGS | SHOW_LANGS:
            allowed = ", ".join(sorted(RUN_LANGS | SHOW_LANGS))
            raise FenceError(f"{path}:{line}: 未知的代码块语言 {info[0]!r}（可用：{allowed}）")
        options = tuple(info[1:])
        unknown = [option for option in options if not option.startswith("title=")]
        if lang in RUN_LANGS and unknown:
            raise FenceError(
                f"{path}:{line}: python 代码块不支持选项 {' '.join(unknown)}："
                "本指南的每个 python 代码块都会运行并验证，没有“跳过”；不运行的代码（例如原始代码）请写成 ```text"
            )
        indent = len(lines[start]) - len(lines[start].lstrip(" "))
        yield Snippet(path, line, stop, indent, lang, options, token.content)


def python_snippets(text: str, path: str) -> list[Snippet]:
    """The fences of a page that the doc tests run."""
    return [snippet for snippet in parse(text, path) if snippet.runs]
