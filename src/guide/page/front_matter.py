"""A page's front matter, read as MkDocs reads it, but refusing what MkDocs would silently show as text."""

from __future__ import annotations

from typing import Any

import yaml
from mkdocs.utils.meta import YAML_RE


class FrontMatterError(ValueError):
    """Front matter that does not parse into a mapping; the message names the file and line."""


def front_matter(text: str, path: str) -> dict[str, Any]:
    """The front matter of a page as a dict (empty when there is none); raise `FrontMatterError` when broken.

    MkDocs' own reader (``mkdocs.utils.meta.get_data``) swallows YAML errors and renders the block as text;
    the guide fails instead, at the line YAML complains about.
    """
    if not text.startswith("---"):
        return {}
    match = YAML_RE.match(text)
    if match is None:
        raise FrontMatterError(f"{path}:1: front matter 没有结束行 ---")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"{path}:{line}: front matter 不是有效的 YAML：{problem}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"{path}:2: front matter 应是“键: 值”的映射，而不是 {type(data).__name__}")
    return data
