"""Draft pages from imported banks, and the ``guide import`` command.

A draft keeps the seed's text and its original code (as ``text`` fences, never run), so that the
corrected entry and its "原代码的问题" note can be written beside it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from guide.bank.duplicates import group_duplicates
from guide.bank.importer import parse_bank
from guide.bank.lines import HEADING, CodeBlock, bank_name, read_fence
from guide.bank.records import Bank, Question


def _anchor(question: Question, used: set[str]) -> str:
    prefix = re.sub(r"[^a-z0-9]+", "-", bank_name(question.file)[:3].lower()).strip("-") or "x"
    anchor, n = f"q-draft-{prefix}-{question.number}", 2
    while anchor in used:  # a repeated number still gets a unique permalink
        anchor, n = f"q-draft-{prefix}-{question.number}-{n}", n + 1
    used.add(anchor)
    return anchor


def _prose(text: str, code: Sequence[CodeBlock]) -> str:
    """Seed text with its fences replaced by a pointer to the warning box, and its headings flattened."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        fence = read_fence(lines, index)
        if fence:
            k = next((i for i, c in enumerate(code, 1) if c.source == fence.block.source), 0)
            out.append(f"（原始代码 {k} 见本题末尾）" if k else "（原始代码见本题末尾）")
            index = fence.end
            continue
        heading = HEADING.match(lines[index])
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
    name = bank_name(bank.file)
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
    questions: list[Question] = []
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
        questions += bank.questions
    for group in group_duplicates(questions):
        # One entry of the guide should answer every question of a group (CONTRIBUTING.md, rule 2).
        print("可能重复的题目（合并成一个条目）：" + "、".join(q.source for q in group), file=sys.stderr)
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
    return 1 if failed else 0
