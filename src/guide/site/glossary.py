"""The glossary (``snippets/glossary.md``): its terms become tooltips on every page and words for Chinese search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guide.errors import GuideError

# *[GQA]: 分组查询注意力（grouped-query attention）：查询头分组……
_ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<chinese>[^（(：:]+)（(?P<english>[^）]+)）(?:：(?P<gloss>.+))?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# As frequent as the old hand-kept dictionary had them: high enough that jieba keeps a term whole.
_FREQUENCY = 20000


@dataclass(frozen=True)
class Term:
    """One glossary line."""

    term: str
    chinese: str
    english: str
    gloss: str


def read_glossary(file: Path) -> list[Term]:
    """Every term of the glossary; raise `GuideError` naming the line of one that breaks the format."""
    terms = []
    for number, line in enumerate(file.read_text("utf-8").splitlines(), 1):
        if not line.startswith("*["):
            continue
        match = _ENTRY.match(line.strip())
        if not match or not _CJK.search(match["chinese"]):
            raise GuideError(f"{file}:{number}: 术语应写成 *[术语]: 中文名（英文全称）：一句话解释")
        terms.append(Term(match["term"], match["chinese"].strip(), match["english"], match["gloss"] or ""))
    return terms


def add_search_words(terms: list[Term]) -> None:
    """Teach jieba (Material's Chinese search segmentation) every Chinese name, so each is one indexed word."""
    import jieba

    for term in terms:
        for word in re.findall(r"[\u4e00-\u9fff]{2,}", term.chinese):
            jieba.add_word(word, _FREQUENCY)
