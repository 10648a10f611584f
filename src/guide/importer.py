"""Import raw question banks into draft pages, losing nothing.

Every numbered question of a bank (``### 12. 标题``, ``#### 31. 标题``, ``**题目12：**``) becomes a
`Question`; everything the importer cannot read cleanly becomes a `Problem` naming file and line.
The parse is line based and never raises: the banks are bad input by nature.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block of a seed question, as printed: not verified, never run."""

    lang: str
    source: str
    line: int
    """1-based line of the opening fence in the bank."""


@dataclass(frozen=True)
class Question:
    """One numbered question of a bank, its labelled parts as printed (code fences left in the text)."""

    file: str
    number: int
    """The number as printed, even when repeated or out of sequence."""
    line: int
    """1-based line of the heading (or ``**题目N：**``) that starts it."""
    title: str
    question: str
    answer: str
    explanation: str
    code: tuple[CodeBlock, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()
    """Other labelled parts in order, e.g. ``("举例", text)``."""

    @property
    def source(self) -> str:
        """``file#number``, the form of the ``<!-- source: -->`` comments of the pages."""
        return f"{bank_name(self.file)}#{self.number}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready record."""
        return {
            "source": self.source,
            "file": self.file,
            "number": self.number,
            "line": self.line,
            "title": self.title,
            "question": self.question,
            "answer": self.answer,
            "explanation": self.explanation,
            "code": [{"lang": c.lang, "source": c.source, "line": c.line} for c in self.code],
            "sections": [{"label": label, "text": text} for label, text in self.sections],
        }


@dataclass(frozen=True)
class Problem:
    """Something in a bank that needs a human: the message says what, in Chinese."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Bank:
    """A parsed bank: its questions in file order and the problems found."""

    file: str
    questions: tuple[Question, ...]
    problems: tuple[Problem, ...]


# --- reading lines -------------------------------------------------------------------------------

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
_KEYS = {
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
_CORE = ("question", "answer", "explanation")
_NAMES = {"question": "题目", "answer": "答案", "explanation": "解析"}
_ITEM_LEVEL = 7  # a ``**题目N：**`` item is ended by a heading of any level


def bank_name(file: str) -> str:
    """The file name of a bank path, with either kind of slash."""
    return re.split(r"[\\/]", file)[-1]


def _start(line: str) -> tuple[int, str, int] | None:
    """``(number, title, level)`` when the line starts a numbered question."""
    item = _ITEM.match(line)
    if item:
        return int(item[1]), item[2].strip(), _ITEM_LEVEL
    heading = HEADING.match(line) or _TIGHT_HEADING.match(line)
    if not heading:
        return None
    numbered = _NUMBERED.match(_unbold(heading[2]))
    return (int(numbered[1]), _unbold(numbered[2].strip()), len(heading[1])) if numbered else None


def _unbold(text: str) -> str:
    return text[2:-2].strip() if len(text) > 4 and text.startswith("**") and text.endswith("**") else text


def _label(line: str) -> tuple[str, str] | None:
    """``(label, rest of line)`` for ``**答案：**``-like lines, colon inside or outside the bold."""
    match = _LABEL.match(line)
    if not match:
        return None
    name = match[1].strip().rstrip(":：").strip()
    if match[2] or match[3] or (name in _KEYS and not match[4].strip()):
        return name, match[4]
    return None


def _is_core_label(line: str) -> bool:
    label = _label(line)
    return label is not None and _KEYS.get(label[0]) in _CORE


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
    start = _start(line)
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


# --- building questions --------------------------------------------------------------------------


@dataclass
class _Part:
    key: str
    """``question``, ``answer``, ``explanation`` or ``section``."""
    label: str
    """As printed; empty for the text between the heading and the first label."""
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    number: int
    line: int
    title: str
    level: int
    parts: list[_Part]
    code: list[CodeBlock] = field(default_factory=list)


class _Scanner:
    """One pass over the lines of a bank, collecting question drafts and problems."""

    def __init__(self, lines: Sequence[str], file: str) -> None:
        self.lines, self.file = lines, file
        self.drafts: list[_Draft] = []
        self.problems: list[Problem] = []
        self.current: _Draft | None = None
        self.stray_reported = False

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def run(self) -> _Scanner:
        index = 0
        while index < len(self.lines):
            index = self.step(index)
        return self

    def step(self, index: int) -> int:
        line, lineno = self.lines[index], index + 1
        fence = read_fence(self.lines, index)
        if fence:
            self.add_fence(index, fence)
            return fence.end
        start = _start(line)
        if start:
            number, title, level = start
            rest = [title] if level == _ITEM_LEVEL else []
            self.current = _Draft(number, lineno, title, level, [_Part("question", "", lineno, rest)])
            self.drafts.append(self.current)
            return index + 1
        heading = HEADING.match(line)
        if heading and (self.current is None or len(heading[1]) <= self.current.level):
            self.current, self.stray_reported = None, False  # an unnumbered section: intro, 总结, 附录…
            return index + 1
        label = _label(line) or (_label(f"**{heading[2]}**") if heading else None)
        if label:
            self.add_label(label, lineno)
        elif self.current:
            self.current.parts[-1].lines.append(line)
        return index + 1

    def add_fence(self, index: int, fence: Fence) -> None:
        if not fence.closed:
            self.problem(index + 1, "代码块没有结束标记（``` 没有配对），已读到下一道题或文件末尾为止")
        if self.current:
            self.current.parts[-1].lines.extend(self.lines[index : fence.end])
            self.current.code.append(fence.block)

    def add_label(self, label: tuple[str, str], lineno: int) -> None:
        name, rest = label
        key = _KEYS.get(name, "section")
        if self.current:
            self.current.parts.append(_Part(key, name, lineno, [rest]))
        elif key in _CORE and not self.stray_reported:
            self.stray_reported = True
            self.problem(lineno, f"“{name}”标签不属于任何带题号的题目（标题缺少题号？），这部分没有导入")


def _text(lines: Sequence[str]) -> str:
    return "\n".join(lines).strip()


def _join(texts: Sequence[str]) -> str:
    return "\n\n".join(text for text in texts if text)


def _finish(draft: _Draft, file: str) -> tuple[Question, list[Problem]]:
    """Turn a draft into a `Question`, with the problems of its labels."""
    texts: dict[str, list[str]] = {key: [] for key in _CORE}
    labelled: dict[str, int] = {}
    sections: list[tuple[str, str]] = []
    problems: list[Problem] = []
    n = draft.number
    for part in draft.parts:
        if part.key == "section":
            sections.append((part.label, _text(part.lines)))
            continue
        if part.label and part.key in labelled:
            problems.append(Problem(file, part.line, f"第 {n} 题有重复的“{_NAMES[part.key]}”标签，内容已合并"))
        if part.label:
            labelled.setdefault(part.key, part.line)
        texts[part.key].append(_text(part.lines))
    answer = _join(texts["answer"])
    if "answer" not in labelled:
        problems.append(Problem(file, draft.line, f"第 {n} 题没有答案（找不到“答案”标签）"))
    elif not answer:
        problems.append(Problem(file, labelled["answer"], f"第 {n} 题的答案是空的"))
    asked = _join(texts["question"])
    title = draft.title or asked.split("\n", 1)[0].strip()  # "**题目1：**" with the question below it
    if not title:
        problems.append(Problem(file, draft.line, f"第 {n} 题没有标题"))
    question = Question(
        file=file,
        number=n,
        line=draft.line,
        title=title,
        question=asked or title,
        answer=answer,
        explanation=_join(texts["explanation"]),
        code=tuple(draft.code),
        sections=tuple(sections),
    )
    return question, problems


def _check_numbers(questions: Sequence[Question], file: str) -> list[Problem]:
    """Repeated and skipped numbers; the questions stay, numbered as printed."""
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    previous: int | None = None
    for q in questions:
        if previous is None:
            if q.number != 1:
                problems.append(Problem(file, q.line, f"题号不从 1 开始：第一道题是第 {q.number} 题"))
        elif q.number in seen:
            problems.append(Problem(file, q.line, f"题号重复：第 {q.number} 题已在第 {seen[q.number]} 行出现"))
        elif q.number > previous + 1:
            missing = f"第 {previous + 1} 题" if q.number == previous + 2 else f"第 {previous + 1}–{q.number - 1} 题"
            problems.append(Problem(file, q.line, f"题号跳跃：第 {previous} 题之后是第 {q.number} 题，缺少{missing}"))
        elif q.number <= previous:
            problems.append(Problem(file, q.line, f"题号倒退：第 {previous} 题之后是第 {q.number} 题"))
        seen.setdefault(q.number, q.line)
        previous = q.number
    return problems


# --- decoding ------------------------------------------------------------------------------------


def _decode(data: bytes | str, file: str) -> tuple[str | None, list[Problem]]:
    """The text of a bank, or ``None`` for a binary file; problems for anything not plain UTF-8."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        if b"\x00" in data:
            return None, [Problem(file, 1, "不是文本文件（含二进制数据，无法按 UTF-8 解码），已跳过")]
        line = data.count(b"\n", 0, error.start) + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            message = f"不是合法的 UTF-8 文本（第 {error.start + 1} 字节起），无法解码的字节已替换为 �"
            return data.decode("utf-8", errors="replace").removeprefix("\ufeff"), [Problem(file, line, message)]
        return text, [Problem(file, 1, "文件不是 UTF-8 编码，已按 GB18030 解码；请转换为 UTF-8")]


def parse_bank(data: bytes | str, file: str) -> Bank:
    """Parse a raw bank into questions and problems; never raises on bad input."""
    text, problems = _decode(data, file)
    if text is None:
        return Bank(file, (), tuple(problems))
    if not text.strip():
        return Bank(file, (), (*problems, Problem(file, 1, "空文件")))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    scan = _Scanner(lines, file).run()
    problems += scan.problems
    questions: list[Question] = []
    for draft in scan.drafts:
        question, found = _finish(draft, file)
        questions.append(question)
        problems += found
    problems += _check_numbers(questions, file)
    if not questions:
        problems.append(Problem(file, 1, "没有找到任何题目（需要“### 1. 标题”或“**题目1：**”这样的题号）"))
    return Bank(file, tuple(questions), tuple(sorted(problems, key=lambda p: p.line)))
