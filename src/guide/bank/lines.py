"""Reading a bank's lines: numbered question starts, ``**标签：**`` lines and fences, on bad input too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block of a seed question, as printed: not verified, never run."""

    lang: str
    source: str
    line: int
    """1-based line of the opening fence in the bank."""


_DIGITS = "[0-9０-９]{1,9}"  # int() reads full-width digits too; nine digits keep it a number, not a string
_SEP = "[.．、:：)）]"
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_TIGHT_HEADING = re.compile(r"^ {0,3}(#{2,6})(?=[0-9０-９])(.*?)[ \t]*$")  # "###12. 标题", sloppy but seen
_NUMBERED = re.compile(
    rf"^(?:第|题目|问题|[Qq])?[ \t]*({_DIGITS})[ \t]*(?:题[ \t]*{_SEP}?|{_SEP}|(?=[ \t])|$)[ \t]*(.*)$"
)
_ITEM = re.compile(  # **题目12：** 标题
    rf"^ {{0,3}}\*\*[ \t]*(?:题目|问题|面试题|编程题|算法题)[ \t]*({_DIGITS})[ \t]*{_SEP}?[ \t]*\*\*"
    r"[ \t]*[:：]?[ \t]*(.*)$"
)
_LABEL = re.compile(r"^ {0,3}\*\*[ \t]*([^*\s0-9０-９][^*]{0,15}?)[ \t]*([:：])?[ \t]*\*\*[ \t]*([:：])?[ \t]*(.*)$")
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*(.*)$")
KEYS = {
    "题目": "question",
    "问题": "question",
    "题干": "question",
    "答案": "answer",
    "答案解析": "answer",
    "参考答案": "answer",
    "解答": "answer",
    "回答": "answer",
    "解析": "explanation",
    "解释": "explanation",
    "分析": "explanation",
    "详解": "explanation",
}
CORE = ("question", "answer", "explanation")
NAMES = {"question": "题目", "answer": "答案", "explanation": "解析"}
ITEM_LEVEL = 7  # a ``**题目N：**`` item is ended by a heading of any level


def bank_name(file: str) -> str:
    """The file name of a bank path, with either kind of slash."""
    return re.split(r"[\\/]", file)[-1]


def question_start(line: str) -> tuple[int, str, int] | None:
    """``(number, title, level)`` when the line starts a numbered question."""
    item = _ITEM.match(line)
    if item:
        return int(item[1]), item[2].strip(), ITEM_LEVEL
    heading = HEADING.match(line) or _TIGHT_HEADING.match(line)
    if not heading:
        return None
    numbered = _NUMBERED.match(_unbold(heading[2]))
    return (int(numbered[1]), _unbold(numbered[2].strip()), len(heading[1])) if numbered else None


def _unbold(text: str) -> str:
    return text[2:-2].strip() if len(text) > 4 and text.startswith("**") and text.endswith("**") else text


def read_label(line: str) -> tuple[str, str] | None:
    """``(label, rest of line)`` for ``**答案：**``-like lines, colon inside or outside the bold."""
    match = _LABEL.match(line)
    if not match:
        return None
    name = match[1].strip().rstrip(":：").strip()
    if match[2] or match[3] or (name in KEYS and not match[4].strip()):
        return name, match[4]
    return None


def _is_core_label(line: str) -> bool:
    label = read_label(line)
    return label is not None and KEYS.get(label[0]) in CORE


def _fence_closes(line: str, marker: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(marker) and set(stripped) == {marker[0]}


def _fence_broken(line: str, marker: str) -> bool:
    """Whether a line inside a fence shows that the fence was never closed.

    A fence opener with a language at least as long as ours cannot be nested content (it could never
    be closed inside ours), and a ``**答案：**`` or ``**题目N：**`` line is not code. Numbered headings are
    not taken as proof here: ``# 1. 计算权重`` is an ordinary Python comment.
    """
    opener = _FENCE.match(line)
    if opener and opener[3].strip() and opener[2][0] == marker[0] and len(opener[2]) >= len(marker):
        return True
    return _is_core_label(line) or bool(_ITEM.match(line))


def _resumes(line: str) -> bool:
    """Whether an unclosed fence should end before this line: a question start, but not ``# 1. 注释``."""
    start = question_start(line)
    return start is not None and start[2] >= 2


@dataclass(frozen=True)
class Fence:
    end: int
    """Index of the first line after the fence."""
    block: CodeBlock
    closed: bool


def read_fence(lines: Sequence[str], index: int) -> Fence | None:
    """The fence opening at ``lines[index]``; an unclosed one ends before the next question, if any."""
    opener = _FENCE.match(lines[index])
    if not opener or (opener[2][0] == "`" and "`" in opener[3]):  # ```x``` on one line is inline code
        return None
    indent, marker, lang = len(opener[1]), opener[2], (opener[3].split() or [""])[0]
    end, closed = len(lines), False
    for j in range(index + 1, len(lines)):
        if _fence_closes(lines[j], marker):
            end, closed = j, True
            break
        if _fence_broken(lines[j], marker):
            end = j
            break
    if not closed:  # resume at the first question start it swallowed, so no later question is lost
        end = next((j for j in range(index + 1, end) if _resumes(lines[j])), end)
    body = "\n".join(_dedent(line, indent) for line in lines[index + 1 : end])
    body = body if closed else body.rstrip("\n")  # an unclosed fence at the end of a file ends in blank lines
    return Fence(end + 1 if closed else end, CodeBlock(lang, body, index + 1), closed)


def _dedent(line: str, indent: int) -> str:
    return line[min(indent, len(line) - len(line.lstrip(" "))) :]
