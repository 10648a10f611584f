"""Question ids, source comments and the tables generated from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.page.model import QuestionError, parse_page, site_questions
from guide.site.generated import chapters_table, sources_table

PAGE = """\
---
title: 示例
---

# 示例

## 第一题 { #q-demo-one }

<!-- source: 000_x.txt#1 -->
<!-- source: 001_y.txt#7 -->

```text
## not a heading inside a fence
```

## 第二题 { #q-demo-two }

<!-- source: 000_x.txt#2 -->
"""


def test_questions_carry_their_ids_titles_lines_and_sources() -> None:
    found = list(parse_page(PAGE, "docs/demo/page.md").questions)
    assert [(q.anchor, q.title, q.line, q.sources) for q in found] == [
        ("q-demo-one", "第一题", 7, (("000_x.txt", 1), ("001_y.txt", 7))),
        ("q-demo-two", "第二题", 16, (("000_x.txt", 2),)),
    ]
    assert found[0].url == "demo/page/#q-demo-one"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# T\n\n## 没有 id\n", "docs/c/p.md:3: 题目标题缺少有效的 id"),
        ("# T\n\n## 大写 { #Q-Bad }\n", "docs/c/p.md:3: 题目标题缺少有效的 id"),
        ("# T\n<!-- source: a.txt#1 -->\n", "docs/c/p.md:2: source 注释必须写在某道题的标题之下"),
    ],
)
def test_page_format_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        parse_page(text, "docs/c/p.md")


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_duplicate_id_fails_naming_both_places(tmp_path: Path) -> None:
    docs = _site(tmp_path, {"a/one.md": "## X { #q-x }\n", "b/two.md": "\n## Y { #q-x }\n"})
    with pytest.raises(QuestionError, match=r"docs/b/two.md:2: 题目 id #q-x 重复（已在 docs/a/one.md:1 使用）"):
        site_questions(docs)


def test_a_seed_question_mapped_twice_fails(tmp_path: Path) -> None:
    text = "## X { #q-x }\n<!-- source: s.txt#3 -->\n## Y { #q-y }\n<!-- source: s.txt#3 -->\n"
    with pytest.raises(QuestionError, match=r"原题 s.txt#3 已映射到 docs/a/one.md#q-x"):
        site_questions(_site(tmp_path, {"a/one.md": text}))


def test_home_and_chapter_index_pages_hold_no_questions(tmp_path: Path) -> None:
    docs = _site(tmp_path, {"index.md": "## 章节\n", "a/index.md": "## 本章\n", "a/one.md": PAGE})
    assert [q.anchor for q in site_questions(docs)] == ["q-demo-one", "q-demo-two"]


def test_source_table_links_every_seed_question_relative_to_its_page() -> None:
    questions = list(parse_page(PAGE, "docs/demo/page.md").questions)
    added = parse_page("## 新题 { #q-new }\n", "docs/demo/new.md").questions
    table = sources_table([*questions, *added], {("000_x.txt", 1): "原题一"}, "sources.md").splitlines()
    assert table[:2] == ["- **题库 1**：`000_x.txt`", "- **题库 2**：`001_y.txt`"]
    assert table[5:8] == [
        "| [第一题](demo/page.md#q-demo-one) | 原题一 | 题库 1 第 1 题 |",
        "| [第二题](demo/page.md#q-demo-two) |  | 题库 1 第 2 题 |",
        "| [第一题](demo/page.md#q-demo-one) |  | 题库 2 第 7 题 |",
    ]
    assert table[-1] == "- [新题](demo/new.md#q-new)"


def test_chapter_table_totals() -> None:
    table = chapters_table([("a/index.md", "甲", 3, 2), ("b/index.md", "乙", 4, 5)], "index.md")
    assert "| [甲](a/index.md) | 3 | 2 |" in table
    assert table.splitlines()[-1] == "| **合计** | **7** | **7** |"


def test_a_markdown_fence_holding_a_bare_fence_and_a_heading_is_read_as_one_fence() -> None:
    """The page model reads headings from the one parser's tokens, so fenced text is never a question."""
    text = "# T\n\n## 题 { #q-one }\n\n````markdown\n```\n## 不是标题\n```\n````\n\n正文。\n"
    page = parse_page(text, "docs/c/p.md")
    assert [(q.anchor, q.line, q.end_line) for q in page.questions] == [("q-one", 3, 12)]
    assert [s.lang for s in page.snippets] == ["markdown"]
