"""The raw text of every seed question in ``banks/``, as printed: what a note may quote."""

from __future__ import annotations

import functools
from pathlib import Path

from guide.bank.importer import parse_bank


@functools.cache
def seed_texts(banks: Path) -> dict[tuple[str, int], str]:
    """(bank file name, question number) -> the question's lines, heading to the next question's heading.

    A number printed twice in one bank gets both spans: a page citing it may quote either.
    """
    texts: dict[tuple[str, int], str] = {}
    for bank_file in sorted(banks.glob("*.txt")):
        data = bank_file.read_bytes()
        bank = parse_bank(data, bank_file.name)
        lines = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        starts = [question.line - 1 for question in bank.questions] + [len(lines)]
        for question, start, stop in zip(bank.questions, starts, starts[1:], strict=False):
            key = (bank_file.name, question.number)
            span = "\n".join(lines[start:stop])
            texts[key] = f"{texts[key]}\n{span}" if key in texts else span
    return texts
