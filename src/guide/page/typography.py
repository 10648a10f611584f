"""Chinese typography: soft line breaks in rendered pages, half-width marks in the strings snippets print."""

from __future__ import annotations

import re

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"
# A soft line break between two Chinese characters: Chromium renders it as a space ("这 是").
_SOFT_BREAK = re.compile(rf"({_CJK})[ \t]*\n[ \t]*(?={_CJK})")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)


def join_cjk_lines(html: str) -> str:
    """Remove soft line breaks between Chinese characters, outside ``<pre>`` blocks."""
    parts = _PRE.split(html)
    # Odd indexes are the <pre> blocks captured by the split: code keeps its lines.
    return "".join(part if index % 2 else _SOFT_BREAK.sub(r"\1", part) for index, part in enumerate(parts))


# A half-width mark right after a Chinese character, in a string a snippet prints: "损失:" should be "损失：".
_HALF_WIDTH_AFTER_CJK = re.compile(r"[\u4e00-\u9fff][:,;!?()]")


def string_punctuation(source: str, path: str, first_line: int) -> list[str]:
    """``file:line`` problems for half-width punctuation after Chinese text in the code's string literals."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # the doc test itself reports code that does not parse
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for match in _HALF_WIDTH_AFTER_CJK.finditer(node.value):
                wide = match[0][0] + chr(ord(match[0][1]) + 0xFEE0)
                problems.append(
                    f"{path}:{first_line + node.lineno}: 字符串里中文后用了半角标点 {match[0]!r}，应写成 {wide!r}"
                )
    return problems


MAX_COLUMNS = 88
"""Widest code line a page may show: it fits a desktop column without sideways scrolling."""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: Chinese (wide) characters count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def long_lines(source: str, path: str, first_line: int, indent: int = 0) -> list[str]:
    """``file:line`` problems for code lines wider than `MAX_COLUMNS` (put a long comment on its own line)."""
    return [
        f"{path}:{first_line + number}: 代码行宽 {width} 列，超过 {MAX_COLUMNS} 列（中文字符按 2 列计）："
        "请折行，把长注释放到单独一行"
        for number, line in enumerate(source.splitlines(), 1)
        if (width := display_width(line)) > MAX_COLUMNS
    ]
