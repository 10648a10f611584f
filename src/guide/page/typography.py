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
