"""``guide new``: append a question skeleton in the page format of CONTRIBUTING.md to a topic page."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from guide.page.model import DOCS, QuestionError, is_question_page, read_page, site_questions

# The id format of guide.questions (CONTRIBUTING.md rule 1): it becomes the permalink.
_VALID_ID = re.compile(r"^q-[a-z0-9]+(-[a-z0-9]+)*$")

# The source line is a plain comment, not a `source:` one: an unfilled placeholder must never count as a
# seed question (guide.questions parses `<!-- source: FILE#N -->` wherever it stands).
QUESTION = """\
## {title} {{ #{qid} }}

<!-- 来源（可选）：题目来自原始题库时，把这一行换成 source 注释，写法见 CONTRIBUTING.md 规则 2；没有就删掉这一行。 -->
<!-- difficulty: 1 -->

**题目：** （待填写）完整地写出面试官的问题。

**答案：** （待填写）简明、正确的回答，两三句话。

**解析：** （待填写）讲清原理，必要时给出公式。

```python
import numpy as np

rng = np.random.default_rng(0)

# （待替换）导入、数据、模型、运行、检查、打印：几秒内跑完。
# assert 要和基线或消融比较：换成平凡的做法时它必须失败。
x = rng.normal(size=(8, 3))
mean = x.mean(axis=0)

assert mean.shape == (3,)
print("均值：", np.round(mean, 3))
```

!!! warning "原代码的问题"

    - （待填写）只有来自原始题库的题目才有这个提示框：原始代码或原始答案错在哪里、为什么错；
      引号里的文字必须逐字出自原题。新题目（没有 source 注释）删掉这个提示框。

    原始代码（仅供对照，不会运行）：

    ```text
    （待填写）原始代码
    ```

??? question "追问：（待填写）面试官接下来会问的问题"

    （待填写）简短、正确的回答。

??? question "追问：（待填写）第二个追问"

    （待填写）简短、正确的回答。

**参考：**

- （待填写）作者（年份）. 标题. 会议或期刊, arXiv 编号.
"""

PAGE = """\
---
title: {title}
tags:
  - {tag}
---

# {title}

（待填写）一两句话介绍本页。
"""


class ScaffoldError(ValueError):
    """A question the scaffold refuses to add; the message names the file (and line where there is one)."""


def _check_page(docs: Path, page: str) -> Path:
    """The topic page ``page`` (relative to ``docs``) as a path; raise `ScaffoldError` if it cannot hold questions."""
    relative = Path(page)
    if relative.is_absolute() or ".." in relative.parts or relative.suffix != ".md":
        raise ScaffoldError(f"docs/{page}: 页面应写成 docs/ 下的相对路径，例如 attention/basics.md")
    if not is_question_page(relative.as_posix()):
        raise ScaffoldError(f"docs/{page}: 不是题目页；题目写在 docs/<章>/<主题>.md，不写在首页或章节的 index.md")
    return docs / relative


def _check_id(docs: Path, page: str, qid: str) -> None:
    """Raise `ScaffoldError` for an id outside the format or one already used somewhere in the site."""
    if not _VALID_ID.match(qid):
        raise ScaffoldError(
            f"docs/{page}: 题目 id {qid!r} 无效，应以 q- 开头，只用小写字母、数字和连字符，例如 q-att-what"
        )
    for question in site_questions(docs):
        if question.anchor == qid:
            where = f"docs/{question.page}:{question.line}"
            raise ScaffoldError(f"{where}: 题目 id #{qid} 已被使用（{question.title}），请换一个 id")


def _new_page(docs: Path, page: Path, title: str) -> str:
    """Front matter and heading for a page that does not exist yet, tagged with its chapter's title."""
    index = docs / page.parent / "index.md"
    tag = read_page(docs, index).title if index.is_file() else ""
    return PAGE.format(title=title, tag=tag or page.parent.name)


def new_question(docs: Path, page: str, qid: str, title: str) -> tuple[Path, int]:
    """Append a question skeleton to ``docs/page`` (created if missing); the page's path and the heading's line."""
    title = title.strip()
    if not title or "\n" in title or "{" in title:
        raise ScaffoldError(f"docs/{page}: 题目标题不能为空，不能换行，也不能含有 {{")
    path = _check_page(docs, page)
    try:
        _check_id(docs, page, qid)
    except QuestionError as error:
        # The site must parse before a new id can be proved unique; say where it does not.
        raise ScaffoldError(f"{error}（先修好这里，再添加新题目）") from error
    exists = path.exists()
    text = path.read_text("utf-8") if exists else _new_page(docs, path.relative_to(docs), title)
    # Exactly one blank line between the page so far and the new heading.
    gap = "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    line = len((text + gap).splitlines()) + 1
    block = gap + QUESTION.format(title=title, qid=qid)
    if exists:
        with path.open("a", encoding="utf-8") as out:  # append: never rewrite what others wrote
            out.write(block)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + block, encoding="utf-8")
    return path, line


def scaffold_command(argv: Sequence[str]) -> int:
    """``guide new PAGE --id q-... --title 标题``: add a question skeleton to a topic page."""
    parser = argparse.ArgumentParser(prog="guide new", description=scaffold_command.__doc__)
    parser.add_argument("page", metavar="PAGE", help="题目页，例如 attention/basics.md 或 docs/attention/basics.md")
    parser.add_argument("--id", required=True, dest="qid", help="题目 id，例如 q-att-what（全站唯一）")
    parser.add_argument("--title", required=True, help="题目标题（二级标题的文字）")
    parser.add_argument("--docs", default=DOCS, help="页面目录（默认：docs）")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    page = Path(args.page).as_posix().removeprefix(f"{docs.as_posix()}/")
    try:
        path, line = new_question(docs, page, args.qid, args.title)
    except (ScaffoldError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{path.as_posix()}:{line}: 已添加题目 #{args.qid}「{args.title.strip()}」，把其中的（待填写）换成内容")
    return 0
