"""Chinese typography of rendered pages."""

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
