"""The one fence parser: Markdown text in, code fences out, their options validated in one place.

It is shared by the doc tests, the MkDocs plugin and the downloads, so what is tested is what is
rendered. It is built on markdown-it (the parser pytest-markdown-docs uses) plus a block rule for
the indented containers of Material for MkDocs: admonitions (``!!!``), collapsible blocks
(``???``) and content tabs (``===``), whose fences CommonMark alone would read as indented code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from guide.errors import GuideError

# Languages a page may use. Only ``python`` fences run; the rest are shown as they are.
RUN_LANGS = frozenset({"python"})
SHOW_LANGS = frozenset({"text", "diff", "bash", "console", "json", "yaml", "toml", "markdown", "mermaid"})

_CONTAINER = re.compile(r"^(?:!!!|\?\?\?\+?|===\+?)(?:\s|$)")
_INDENT = 4


class FenceError(GuideError):
    """A fence the guide cannot accept; the message names the file and line."""


@dataclass(frozen=True)
class FenceOption:
    """An option a ``python`` fence may carry after its language, as ``name="value"``."""

    name: str
    help: str
    renders: bool = True
    """Passed on as it is to the highlighter (``pymdownx.highlight``), which knows what to do with it."""
    values: tuple[str, ...] = ()
    """The values allowed, if only some are."""


# Every option a python fence may carry. The parser refuses others, and the site's fence formatter accepts
# exactly these: a new option is one line here (a rendering one needs nothing else).
FENCE_OPTIONS: dict[str, FenceOption] = {
    option.name: option
    for option in (
        FenceOption("title", '代码块上方的标题，例如 title="attention.py"'),
        FenceOption("hl_lines", '高亮的行，例如 hl_lines="2 3"'),
        # Code that must configure TensorFlow before it starts (logical devices, thread pools) cannot share
        # the worker process earlier snippets initialised TensorFlow in; a reader pastes it into a new python too.
        FenceOption("process", '在新的进程里运行：process="new"', renders=False, values=("new",)),
    )
}
_OPTION = re.compile(r"""([A-Za-z_][\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))""")


def parse_options(text: str, where: str) -> tuple[tuple[str, str], ...]:
    """``title="a b" hl_lines="2"`` as ((name, value), ...); raise `FenceError` for anything not in FENCE_OPTIONS."""
    found, rest = [], _OPTION.sub(" ", text).split()
    for match in _OPTION.finditer(text):
        value = next(group for group in match.groups()[1:] if group is not None)
        found.append((match[1], value))
    unknown = [name for name, _ in found if name not in FENCE_OPTIONS] + rest
    declared = [(FENCE_OPTIONS[name], value) for name, value in found if name in FENCE_OPTIONS]
    unknown += [f"{option.name}={value}" for option, value in declared if option.values and value not in option.values]
    if unknown:
        allowed = "、".join(FENCE_OPTIONS)
        raise FenceError(
            f"{where}: python 代码块不支持选项 {' '.join(unknown)}："
            "本指南的每个 python 代码块都会运行并验证，没有“跳过”；不运行的代码（例如原始代码）请写成 ```text"
            f"（可用的选项：{allowed}）"
        )
    return tuple(found)


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
    options: tuple[tuple[str, str], ...]
    """``(name, value)`` pairs after the language (validated for python fences)."""
    source: str
    """The code, dedented as it renders."""

    @property
    def code(self) -> str:
        """The code as the site's fence formatter receives it: the one form results are keyed by."""
        return self.source.rstrip("\n")

    @property
    def runs(self) -> bool:
        """Whether the doc tests execute this fence."""
        return self.lang in RUN_LANGS

    @property
    def where(self) -> str:
        """``file:line`` for messages."""
        return f"{self.path}:{self.line}"

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


def _closing_line(lines: Sequence[str], opener: str, index: int) -> bool:
    """Whether line ``index`` closes a fence opened with ``opener`` (``` or ~~~ run)."""
    if index >= len(lines):
        return False
    stripped = lines[index].strip()
    return stripped.startswith(opener) and set(stripped) == {opener[0]}


def split_lines(text: str) -> list[str]:
    """The lines of a page exactly as markdown-it counts them (str.splitlines would also break on \\f, \\x85 …)."""
    return re.split(r"\r\n|\r|\n", text)


def parse(text: str, path: str) -> Iterator[Snippet]:
    """Yield every fence of a Markdown page, in order; raise `FenceError` on an unclosed or untagged one."""
    yield from fences(markdown_it().parse(text), split_lines(text), path)


def fences(tokens: Sequence[Token], lines: Sequence[str], path: str) -> Iterator[Snippet]:
    """The fences among a page's markdown-it tokens (the page model parses once and passes them here)."""
    for token in tokens:
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
        rest = token.info.strip()[len(info[0]) :]
        # Options of the fences shown as they are (text, diff …) are the highlighter's business, not ours.
        options = parse_options(rest, f"{path}:{line}") if lang in RUN_LANGS else ()
        if lang in RUN_LANGS and "\t" in token.content:
            # Python-Markdown expands tabs before rendering: the code shown would not be the code tested.
            raise FenceError(f"{path}:{line}: python 代码块里有制表符（tab），请改用空格缩进")
        indent = len(lines[start]) - len(lines[start].lstrip(" "))
        yield Snippet(path, line, stop, indent, lang, options, token.content)


def python_snippets(text: str, path: str) -> list[Snippet]:
    """The fences of a page that the doc tests run."""
    return [snippet for snippet in parse(text, path) if snippet.runs]
