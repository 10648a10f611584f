"""Checks of one entry's parts that CONTRIBUTING.md asks for: 追问, 参考, and the note on the original.

Each check takes the entry's section (its lines, from the heading to the next ``##``) and returns
problems as ``file:line: message`` strings, so a test or a command can report them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

ORIGINAL_NOTE = '!!! warning "原代码的问题"'
FOLLOW_UP = re.compile(r'^\?\?\?\+? question "追问：.+"\s*$')
REFERENCES = "**参考：**"
MIN_FOLLOW_UPS, MAX_FOLLOW_UPS = 2, 4

# Quotation marks a Chinese text uses: “…”, 「…」, and ASCII "…" (outside code spans).
_QUOTED = re.compile(r"“([^”]+)”|「([^」]+)」|\"([^\"\n]+)\"")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ELLIPSIS = re.compile(r"……|…|\.\.\.")
# What "verbatim" ignores: whitespace and Markdown emphasis markers.
_IGNORED = re.compile(r"[\s*]+")


def _normalise(text: str) -> str:
    return _IGNORED.sub("", text)


def _block(lines: Sequence[str], start: int) -> list[tuple[int, str]]:
    """The indented body of the container opened at ``lines[start]``, as (index, line) pairs."""
    indent = len(lines[start]) - len(lines[start].lstrip()) + 4
    body: list[tuple[int, str]] = []
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        body.append((index, line))
    return body


def _prose(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines of a note outside its code fences (the original code shown as text is not a quotation)."""
    kept, fence = [], ""
    for index, line in body:
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = ""
            continue
        if stripped.startswith(("```", "~~~")):
            fence = re.match(r"`{3,}|~{3,}", stripped)[0]  # type: ignore[index]
            continue
        kept.append((index, line))
    return kept


def quotations(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(index of line, quoted text) of every quotation in the section's notes on the original."""
    found = []
    for start, line in enumerate(lines):
        if line.strip() != ORIGINAL_NOTE:
            continue
        for index, text in _prose(_block(lines, start)):
            for match in _QUOTED.finditer(_CODE_SPAN.sub("", text)):
                found.append((index, next(group for group in match.groups() if group is not None)))
    return found


def quoted_in(quote: str, seed: str) -> bool:
    """Whether ``quote`` is the seed's own words: verbatim up to whitespace and emphasis, ``…`` for cuts, in order."""
    haystack, position = _normalise(seed), 0
    for piece in filter(None, (_normalise(part) for part in _ELLIPSIS.split(quote))):
        found = haystack.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def misquotes(lines: Sequence[str], seeds: Sequence[str], where: str, first_line: int) -> list[str]:
    """Quotations in the notes that none of the entry's seed questions contains."""
    text = "\n".join(seeds)
    return [
        f"{where}:{first_line + index}: 引号里的“{quote}”不是原题的原文：请逐字引用原题，或者去掉引号改为转述"
        for index, quote in quotations(lines)
        if not quoted_in(quote, text)
    ]


def structure_problems(lines: Sequence[str], has_sources: bool, where: str, first_line: int) -> list[str]:
    """Labels, 追问 (2–4), 参考 (at least one item), and a note on the original exactly when there is a seed."""
    problems = []
    text = "\n".join(lines)
    for label in ("**题目：**", "**答案：**", "**解析：**"):
        if label not in text:
            problems.append(f"{where}:{first_line}: 缺少 {label}")
    follow_ups = sum(1 for line in lines if FOLLOW_UP.match(line.strip()))
    if not MIN_FOLLOW_UPS <= follow_ups <= MAX_FOLLOW_UPS:
        problems.append(
            f"{where}:{first_line}: 追问有 {follow_ups} 个，应有 {MIN_FOLLOW_UPS}–{MAX_FOLLOW_UPS} 个"
            '（写成 ??? question "追问：问题"，下面缩进四格写简短的回答）'
        )
    problems += _reference_problems(lines, where, first_line)
    notes = sum(1 for line in lines if line.strip() == ORIGINAL_NOTE)
    if has_sources and notes == 0:
        problems.append(f"{where}:{first_line}: 来自原始题库的题目缺少“原代码的问题”提示框")
    if not has_sources and notes:
        problems.append(f"{where}:{first_line}: 没有 source 注释的新题目不应有“原代码的问题”提示框")
    return problems


def _reference_problems(lines: Sequence[str], where: str, first_line: int) -> list[str]:
    starts = [index for index, line in enumerate(lines) if line.strip() == REFERENCES]
    if not starts:
        return [f"{where}:{first_line}: 缺少 {REFERENCES}（至少一条原始文献：作者、年份、会议或 arXiv 编号）"]
    items = 0
    for line in lines[starts[0] + 1 :]:
        if line.startswith(("- ", "* ")):
            items += 1
        elif line.strip() and not line.startswith("  "):
            break
    if items == 0:
        return [f"{where}:{first_line + starts[0]}: {REFERENCES} 下面没有列出文献（每条一行，以“- ”开头）"]
    return []


def section_problems(
    lines: Sequence[str],
    sources: Sequence[tuple[str, int]],
    seeds: Mapping[tuple[str, int], str],
    where: str,
    first_line: int,
) -> list[str]:
    """Every problem of one entry: its structure and its quotations of the seed."""
    problems = structure_problems(lines, bool(sources), where, first_line)
    if sources:
        problems += misquotes(lines, [seeds.get(source, "") for source in sources], where, first_line)
    return problems
