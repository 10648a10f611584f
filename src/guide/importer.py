"""Import raw question banks into draft pages, losing nothing.

Every numbered question of a bank (``### 12. 标题``, ``#### 31. 标题``, ``**题目12：**``) becomes a
`Question`; everything the importer cannot read cleanly becomes a `Problem` naming file and line.
The parse is line based and never raises: the banks are bad input by nature.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


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
        return f"{_basename(self.file)}#{self.number}"

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
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
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


def _basename(file: str) -> str:
    return re.split(r"[\\/]", file)[-1]


def _start(line: str) -> tuple[int, str, int] | None:
    """``(number, title, level)`` when the line starts a numbered question."""
    item = _ITEM.match(line)
    if item:
        return int(item[1]), item[2].strip(), _ITEM_LEVEL
    heading = _HEADING.match(line) or _TIGHT_HEADING.match(line)
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
class _Fence:
    end: int
    """Index of the first line after the fence."""
    block: CodeBlock
    closed: bool


def _read_fence(lines: Sequence[str], index: int) -> _Fence | None:
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
    return _Fence(end + 1 if closed else end, CodeBlock(lang, body, index + 1), closed)


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
        fence = _read_fence(self.lines, index)
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
        heading = _HEADING.match(line)
        if heading and (self.current is None or len(heading[1]) <= self.current.level):
            self.current, self.stray_reported = None, False  # an unnumbered section: intro, 总结, 附录…
            return index + 1
        label = _label(line) or (_label(f"**{heading[2]}**") if heading else None)
        if label:
            self.add_label(label, lineno)
        elif self.current:
            self.current.parts[-1].lines.append(line)
        return index + 1

    def add_fence(self, index: int, fence: _Fence) -> None:
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


# --- duplicates ----------------------------------------------------------------------------------

# Wording that asks rather than names what a question is about: removed before comparing.
_BOILERPLATE = re.compile(
    r"^请?(?:简要)?(?:解释|描述|说明|列举)|并(?:说明|解释|描述|举例|给出|列举)[^，。？?,.]*|它在什么场景下使用|请|什么是|是什么|"
    r"如何|怎样|怎么|为什么|的概念|概念|的含义|含义|的工作原理|是如何工作的|工作原理|有哪些|它|(?<![a-z])ai(?![a-z])|"
    r"实现|一个|简单的|使用|通过|应用|提高|提升|性能|进行|帮助|模型|任务|网络|的|在|中|来|与|和|及|其|吗"
)
# One spelling per concept, and one token per common term: "自我注意力" is "自注意力", and "图像分类" vs
# "图像分割" must differ by a whole word, not by one character bigram among four.
_SYNONYMS = (
    ("自我注意力", "自注意力"),
    ("注意力机制", "attention"),
    ("长短时记忆", "lstm"),
    ("长短期记忆", "lstm"),
    ("卷积神经网络", "cnn"),
    ("循环神经网络", "rnn"),
    ("生成对抗网络", "gan"),
    ("变分自编码器", "vae"),
    ("序列到序列", "seq2seq"),
    ("命名实体识别", "ner"),
    ("残差网络", "resnet"),
    ("自然语言处理", "nlp"),
    ("迁移学习", "transfer"),
    ("强化学习", "rl"),
    ("协同过滤", "cf"),
    ("词嵌入", "embedding"),
    ("嵌入层", "embedding"),
    ("图像", "image"),
    ("视频", "video"),
    ("语音", "speech"),
    ("音频", "audio"),
    ("文本", "text"),
)
# "实现文本分类模型" and "在文本分类中使用注意力机制" are different questions: the method must match.
_METHODS = frozenset(
    {"attention", "lstm", "cnn", "rnn", "gan", "vae", "seq2seq", "transformer", "transfer", "embedding", "cf", "resnet"}
)
_LATIN_PAREN = re.compile(r"\([a-z0-9 \-]*\)")  # "（self-attention）" only translates the Chinese before it
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")
THRESHOLD = 0.6
"""Weighted Jaccard similarity from which two titles ask the same question. Tuned on banks/: rewordings of
one question score 0.64 to 1 (most exactly 1), distinct ones such as 图像分类 / 图像分割 at most 0.57."""


def _tokens(title: str) -> frozenset[str]:
    """Character bigrams of the Chinese left once the wording is stripped, plus the Latin words."""
    text = unicodedata.normalize("NFKC", title).lower()
    for old, new in _SYNONYMS:
        text = text.replace(old, f" {new} ")
    text = _BOILERPLATE.sub(" ", _LATIN_PAREN.sub(" ", text))
    grams = {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(max(len(run) - 1, 1))}
    return frozenset(grams | set(_WORD.findall(text)))


def _methods(title: str, tokens: frozenset[str]) -> frozenset[str]:
    found = tokens & _METHODS
    return found | {"attention"} if "注意力" in title else found


def group_duplicates(questions: Sequence[Question]) -> list[tuple[Question, ...]]:
    """Groups (2 or more) of questions that ask the same thing, judged by their titles, in input order."""
    titles = [q.title or q.question for q in questions]
    tokens = [_tokens(title) for title in titles]
    methods = [_methods(title, ts) for title, ts in zip(titles, tokens, strict=True)]
    counts: dict[str, int] = {}
    for ts in tokens:
        for t in ts:
            counts[t] = counts.get(t, 0) + 1
    # Rare tokens weigh more: "attention" is in most titles and says little about which question it is.
    weight = {t: math.log((1 + len(tokens)) / (1 + c)) + 0.1 for t, c in counts.items()}

    def same(i: int, j: int) -> bool:
        if methods[i] != methods[j]:
            return False
        union = sum(weight[t] for t in tokens[i] | tokens[j])
        return union > 0 and sum(weight[t] for t in tokens[i] & tokens[j]) / union >= THRESHOLD

    groups: list[list[int]] = []
    for i in range(len(questions)):
        # Complete linkage: a question joins a group only if it matches every member, so no chains.
        group = next((g for g in groups if all(same(i, j) for j in g)), None)
        if group is None:
            groups.append([i])
        else:
            group.append(i)
    return [tuple(questions[i] for i in g) for g in groups if len(g) > 1]


# --- draft pages ---------------------------------------------------------------------------------


def _anchor(question: Question, used: set[str]) -> str:
    prefix = re.sub(r"[^a-z0-9]+", "-", _basename(question.file)[:3].lower()).strip("-") or "x"
    anchor, n = f"q-draft-{prefix}-{question.number}", 2
    while anchor in used:  # a repeated number still gets a unique permalink
        anchor, n = f"q-draft-{prefix}-{question.number}-{n}", n + 1
    used.add(anchor)
    return anchor


def _prose(text: str, code: Sequence[CodeBlock]) -> str:
    """Seed text with its fences replaced by a pointer to the warning box, and its headings flattened."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        fence = _read_fence(lines, index)
        if fence:
            k = next((i for i, c in enumerate(code, 1) if c.source == fence.block.source), 0)
            out.append(f"（原始代码 {k} 见本题末尾）" if k else "（原始代码见本题末尾）")
            index = fence.end
            continue
        heading = _HEADING.match(lines[index])
        out.append(f"**{heading[2]}**" if heading and heading[2] else lines[index])
        index += 1
    return "\n".join(out).strip()


def _labelled(label: str, text: str) -> str:
    if not text:
        return f"**{label}：** （待补充）"
    block = text.startswith(("- ", "* ", "+ ", "|", "（原始代码")) or re.match(r"^\d+[.)] ", text)
    return f"**{label}：**\n\n{text}" if block else f"**{label}：** {text}"


def _code_box(code: Sequence[CodeBlock]) -> list[str]:
    out = ['!!! warning "原始代码（草稿，未验证，不会运行）"', ""]
    for k, block in enumerate(code, 1):
        ticks = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`{3,}", block.source))])
        lang = f"，原文标为 {block.lang}" if block.lang else ""
        out += [f"    原始代码 {k}（第 {block.line} 行{lang}）：", "", f"    {ticks}text"]
        out += [f"    {line}" if line.strip() else "" for line in block.source.split("\n")]
        out += [f"    {ticks}", ""]
    return out


def _render_question(question: Question, anchor: str) -> list[str]:
    title = question.title or f"第 {question.number} 题"
    out = [f"## {title} {{ #{anchor} }}", "", f"<!-- source: {question.source} -->", ""]
    parts = [("题目", question.question), ("答案", question.answer), ("解析", question.explanation)]
    for label, text in [*parts, *question.sections]:
        out += [_labelled(label, _prose(text, question.code)), ""]
    return out + (_code_box(question.code) if question.code else [])


# Characters that some tools (str.splitlines among them) take for line breaks, and NUL: not for a page.
_NOT_IN_PAGES = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " ") | {"\x00": "\ufffd"})


def render_draft(bank: Bank) -> str:
    """A draft page in the guide's page format; seed code only as text, never as python."""
    name = _basename(bank.file)
    out = ["---", f"title: {json.dumps(f'草稿：{name}', ensure_ascii=False)}", "status: draft", "---", ""]
    out += [f"# 草稿：{name}", "", f"由 `guide import` 从原始题库生成：{len(bank.questions)} 道题。"]
    out += ["内容未经校对，代码未经验证；逐题改写、核实后再移到 `docs/`。", ""]
    if bank.problems:
        out += ['!!! danger "导入时发现的问题"', ""]
        out += [f"    - 第 {p.line} 行：{p.message}" for p in bank.problems] + [""]
    used: set[str] = set()
    for question in bank.questions:
        out += _render_question(question, _anchor(question, used))
    return "\n".join(out).translate(_NOT_IN_PAGES).rstrip() + "\n"


# --- command line --------------------------------------------------------------------------------


def _write_draft(bank: Bank, path: Path) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_draft(bank), encoding="utf-8")
    except OSError as error:
        print(f"{path}: 无法写入草稿（{error.strerror or error}）", file=sys.stderr)
        return False
    return True


def import_command(argv: Sequence[str]) -> int:
    """``guide import FILE... [--out DIR] [--json]``: exit 1 when any file had problems."""
    parser = argparse.ArgumentParser(prog="guide import", description="把原始题库导入为草稿页面。")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--out", default="drafts", help="草稿页面的输出目录（默认 drafts/）")
    parser.add_argument("--json", action="store_true", help="把全部题目以 JSON 列表输出到标准输出")
    args = parser.parse_args(list(argv))
    records: list[dict[str, object]] = []
    failed = False
    for file in args.files:
        try:
            bank = parse_bank(Path(file).read_bytes(), file)
        except OSError as error:
            print(f"{file}: 无法读取（{error.strerror or error}）", file=sys.stderr)
            failed = True
            continue
        print(f"{file}: {len(bank.questions)} 道题, {len(bank.problems)} 个问题", file=sys.stderr)
        for problem in bank.problems:
            print(problem, file=sys.stderr)
        written = _write_draft(bank, Path(args.out) / f"{Path(file).stem}.md")
        failed = failed or bool(bank.problems) or not written
        records += [q.to_dict() for q in bank.questions]
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
    return 1 if failed else 0
