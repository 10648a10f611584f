"""The source map: every question of every raw bank, and the one entry of the guide that answers it."""

from __future__ import annotations

from pathlib import Path

from guide.errors import GuideError
from guide.page.model import site_questions


class SourceMapError(GuideError):
    """A seed question with no entry in the guide, or an entry citing a question no bank has."""


def seed_titles(banks: Path) -> dict[tuple[str, int], str]:
    """(file, number) -> title of every question the importer finds in ``banks/*.txt``."""
    from guide.bank.importer import parse_bank

    titles: dict[tuple[str, int], str] = {}
    for bank_file in sorted(banks.glob("*.txt")):
        for question in parse_bank(bank_file.read_bytes(), bank_file.name).questions:
            titles.setdefault((question.file, question.number), question.title)
    return titles


def source_map(docs: Path, banks: Path) -> list[dict[str, object]]:
    """One row per seed question: ``file``, ``number``, ``title`` and the site-relative ``url``."""
    titles = seed_titles(banks)
    entries = {source: q for q in site_questions(docs) for source in q.sources}
    unknown = sorted(set(entries) - set(titles))
    if unknown:
        q = entries[unknown[0]]
        raise SourceMapError(f"docs/{q.page}:{q.line}: 引用了题库中不存在的原题 {unknown[0][0]}#{unknown[0][1]}")
    missing = sorted(set(titles) - set(entries))
    if missing:
        listed = "、".join(f"{file}#{number}" for file, number in missing)
        raise SourceMapError(f"{len(missing)} 道原题在指南中没有对应的条目：{listed}")
    return [
        {"file": file, "number": number, "title": titles[(file, number)], "url": entries[(file, number)].url}
        for file, number in sorted(titles)
    ]
