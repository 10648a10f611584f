"""Every question of the guide follows the page format of CONTRIBUTING.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.questions import site_questions

DOCS = Path(__file__).resolve().parent.parent / "docs"
QUESTIONS = site_questions(DOCS)


def _section(question) -> str:  # noqa: ANN001 - guide.questions.Question
    lines = (DOCS / question.page).read_text("utf-8").splitlines()[question.line :]
    end = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    return "\n".join(lines[:end])


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.anchor for q in QUESTIONS])
def test_question_has_labels_a_source_and_a_note_on_the_original(question) -> None:  # noqa: ANN001
    text = _section(question)
    where = f"docs/{question.page}:{question.line}"
    for label in ("**题目：**", "**答案：**", "**解析：**"):
        assert label in text, f"{where}: 缺少 {label}"
    assert question.sources, f"{where}: 缺少 <!-- source: 文件#题号 --> 注释"
    assert re.search(r'^!!! warning "原代码的问题"', text, re.MULTILINE), f"{where}: 缺少“原代码的问题”提示框"
