"""What the importer makes of a bank: its questions, as printed, and the problems found on the way."""

from __future__ import annotations

from dataclasses import dataclass

from guide.bank.lines import CodeBlock, bank_name


@dataclass(frozen=True)
class Question:
    """One numbered question of a bank, its labelled parts as printed (code fences left in the text)."""

    file: str
    number: int
    """The number as printed, even when repeated or out of sequence."""
    line: int
    """1-based line of the heading (or ``**题目N：**``) that starts it."""
    title: str
    question: str
    answer: str
    explanation: str
    code: tuple[CodeBlock, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()
    """Other labelled parts in order, e.g. ``("举例", text)``."""

    @property
    def source(self) -> str:
        """``file#number``, the form of the ``<!-- source: -->`` comments of the pages."""
        return f"{bank_name(self.file)}#{self.number}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready record."""
        return {
            "source": self.source,
            "file": self.file,
            "number": self.number,
            "line": self.line,
            "title": self.title,
            "question": self.question,
            "answer": self.answer,
            "explanation": self.explanation,
            "code": [{"lang": c.lang, "source": c.source, "line": c.line} for c in self.code],
            "sections": [{"label": label, "text": text} for label, text in self.sections],
        }


@dataclass(frozen=True)
class Problem:
    """Something in a bank that needs a human: the message says what, in Chinese."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Bank:
    """A parsed bank: its questions in file order and the problems found."""

    file: str
    questions: tuple[Question, ...]
    problems: tuple[Problem, ...]


# --- building questions --------------------------------------------------------------------------
