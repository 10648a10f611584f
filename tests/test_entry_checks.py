"""The checks of an entry's parts: they pass a good entry and fail each kind of bad one, naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.bank.seeds import seed_texts
from guide.page.checks import misquotes, quotations, quoted_in, section_problems
from guide.page.front_matter import FrontMatterError, front_matter
from guide.page.typography import string_punctuation

SEED = """\
### 3. 请解释自注意力（self-attention）的概念。

**题目：** 请解释自注意力的概念。

**答案：** 自注意力是一种特殊类型的**注意力机制**，它在一个序列上计算注意力权重。

```python
attended = tf.layers.dense(x, 8)
```
"""

ENTRY = """\
## 自注意力 { #q-demo }

<!-- source: 000_demo.txt#3 -->

**题目：** 什么是自注意力？

**答案：** 简答。

**解析：** 展开。

!!! warning "原代码的问题"

    - 原答案说自注意力是“一种特殊类型的注意力机制”，没有说明 Q、K、V 来自同一序列。
    - 原答案的“自注意力是……计算注意力权重”一句没有给出公式。
    - `tf.layers.dense` 已删除；原始代码：

    ```text
    "这里是原始代码，不是引用"
    ```

??? question "追问：复杂度是多少？"

    $O(n^2 d)$。

??? question "追问：为什么要缩放？"

    方差。

**参考：**

- Vaswani, A. et al. (2017). Attention Is All You Need. NeurIPS. arXiv:1706.03762.
"""


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_a_good_entry_has_no_problems() -> None:
    seeds = {("000_demo.txt", 3): SEED}
    assert section_problems(_lines(ENTRY), (("000_demo.txt", 3),), seeds, "docs/c/p.md", 10) == []


def test_quotations_are_read_from_the_note_only_outside_code() -> None:
    found = [quote for _, quote in quotations(_lines(ENTRY))]
    assert found == ["一种特殊类型的注意力机制", "自注意力是……计算注意力权重"]


def test_verbatim_ignores_whitespace_emphasis_and_allows_cuts_in_order() -> None:
    assert quoted_in("特殊类型的注意力机制", SEED)  # "**注意力机制**" in the seed
    assert quoted_in("自注意力 是一种", SEED)
    assert quoted_in("自注意力是……计算注意力权重", SEED)
    assert not quoted_in("计算注意力权重……自注意力是一种", SEED)  # cuts must keep the seed's order
    assert not quoted_in("自注意力是一种普通的注意力", SEED)


def test_a_misquoted_note_fails_at_its_line() -> None:
    bad = ENTRY.replace("“一种特殊类型的注意力机制”", "“一种简单的注意力机制”")
    problems = misquotes(_lines(bad), [SEED], "docs/c/p.md", 10)
    assert problems == [
        "docs/c/p.md:22: 引号里的“一种简单的注意力机制”不是原题的原文：请逐字引用原题，或者去掉引号改为转述"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("**答案：** 简答。", ""), "docs/c/p.md:1: 缺少 **答案：**"),
        (lambda t: t.split('??? question "追问：为什么')[0], "docs/c/p.md:1: 追问有 1 个，应有 2–4 个"),
        (lambda t: t.split("**参考：**")[0], "docs/c/p.md:1: 缺少 **参考：**"),
        (lambda t: t.replace("- Vaswani", "Vaswani"), "docs/c/p.md:29: **参考：** 下面没有列出文献"),
    ],
)
def test_each_missing_part_is_named_with_file_and_line(change, message: str) -> None:  # noqa: ANN001
    problems = section_problems(
        _lines(change(ENTRY)), (("000_demo.txt", 3),), {("000_demo.txt", 3): SEED}, "docs/c/p.md", 1
    )
    assert any(problem.startswith(message) for problem in problems), problems


def test_a_note_on_the_original_needs_a_seed_and_a_seed_needs_a_note() -> None:
    no_note = "\n".join(line for line in _lines(ENTRY) if "原代码的问题" not in line)
    assert "缺少“原代码的问题”提示框" in "".join(section_problems(_lines(no_note), (("a", 1),), {}, "p", 1))
    assert "不应有“原代码的问题”提示框" in "".join(section_problems(_lines(ENTRY), (), {}, "p", 1))


def test_seed_texts_span_each_question_to_the_next(tmp_path: Path) -> None:
    (tmp_path / "000_demo.txt").write_text(SEED + "\n### 4. 下一题\n\n**题目：** 别的\n", encoding="utf-8")
    texts = seed_texts(tmp_path)
    assert "tf.layers.dense" in texts[("000_demo.txt", 3)] and "别的" not in texts[("000_demo.txt", 3)]
    assert texts[("000_demo.txt", 4)].startswith("### 4. 下一题")


def test_printed_strings_with_half_width_marks_after_chinese_are_named() -> None:
    source = 'x = 1\nprint("准确率:", x)\nprint(f"损失：{x:.2f}, ok")\n'
    assert string_punctuation(source, "docs/c/p.md", 10) == [
        "docs/c/p.md:12: 字符串里中文后用了半角标点 '率:'，应写成 '率：'"
    ]


def test_broken_front_matter_fails_at_its_line() -> None:
    with pytest.raises(FrontMatterError, match=r"^docs/index.md:2: front matter 不是有效的 YAML"):
        front_matter("---\ntitle: 首页hide:\n  - navigation\n---\n\n# 首页\n", "docs/index.md")
    assert front_matter("---\ntitle: 首页\nhide:\n  - navigation\n---\n", "p") == {
        "title": "首页",
        "hide": ["navigation"],
    }
    assert front_matter("# 没有 front matter\n", "p") == {}
