"""Import raw question banks into draft pages, losing nothing.

Every numbered question of a bank (``### 12. 标题``, ``#### 31. 标题``, ``**题目12：**``) becomes a
`Question`; everything the importer cannot read cleanly becomes a `Problem` naming file and line.
The parse is line based and never raises: the banks are bad input by nature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from guide.bank.lines import (
    CORE,
    HEADING,
    ITEM_LEVEL,
    KEYS,
    NAMES,
    CodeBlock,
    Fence,
    question_start,
    read_fence,
    read_label,
)
from guide.bank.records import Bank, Problem, Question


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
        start = question_start(line)
        if start:
            number, title, level = start
            rest = [title] if level == ITEM_LEVEL else []
            self.current = _Draft(number, lineno, title, level, [_Part("question", "", lineno, rest)])
            self.drafts.append(self.current)
            return index + 1
        heading = HEADING.match(line)
        if heading and (self.current is None or len(heading[1]) <= self.current.level):
            self.current, self.stray_reported = None, False  # an unnumbered section: intro, 总结, 附录…
            return index + 1
        label = read_label(line) or (read_label(f"**{heading[2]}**") if heading else None)
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
        key = KEYS.get(name, "section")
        if self.current:
            self.current.parts.append(_Part(key, name, lineno, [rest]))
        elif key in CORE and not self.stray_reported:
            self.stray_reported = True
            self.problem(lineno, f"“{name}”标签不属于任何带题号的题目（标题缺少题号？），这部分没有导入")


def _text(lines: Sequence[str]) -> str:
    return "\n".join(lines).strip()


def _join(texts: Sequence[str]) -> str:
    return "\n\n".join(text for text in texts if text)


def _finish(draft: _Draft, file: str) -> tuple[Question, list[Problem]]:
    """Turn a draft into a `Question`, with the problems of its labels."""
    texts: dict[str, list[str]] = {key: [] for key in CORE}
    labelled: dict[str, int] = {}
    sections: list[tuple[str, str]] = []
    problems: list[Problem] = []
    n = draft.number
    for part in draft.parts:
        if part.key == "section":
            sections.append((part.label, _text(part.lines)))
            continue
        if part.label and part.key in labelled:
            problems.append(Problem(file, part.line, f"第 {n} 题有重复的“{NAMES[part.key]}”标签，内容已合并"))
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
