"""The topic map (``topics.yml``): what interviews ask, how often, and which entries answer it."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from guide.errors import GuideError
from guide.page.model import Question

FREQUENT = 7
"""A topic asked by at least this many of the collections is marked 高频."""
MARKER = "<!-- guide:topics -->"


@dataclass(frozen=True)
class Topic:
    code: str
    title: str
    freq: int
    llm: bool
    entries: tuple[str, ...]

    @property
    def frequent(self) -> bool:
        return self.freq >= FREQUENT


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    topics: tuple[Topic, ...]


def load_topics(file: Path, questions: Mapping[str, Question]) -> tuple[int, list[Area]]:
    """(number of collections, areas); raise `GuideError` for a topic linking an entry that does not exist."""
    data = yaml.safe_load(file.read_text("utf-8"))
    areas = []
    for area in data["areas"]:
        topics = []
        for t in area["topics"]:
            topic = Topic(t["code"], t["title"], int(t["freq"]), bool(t.get("llm")), tuple(t.get("entries") or ()))
            unknown = [anchor for anchor in topic.entries if anchor not in questions]
            if unknown:
                raise GuideError(f"{file}: 考点 {topic.code} 链接了不存在的条目 {'、'.join(unknown)}")
            topics.append(topic)
        areas.append(Area(area["code"], area["title"], tuple(topics)))
    return int(data["collections"]), areas


def frequent_questions(areas: Sequence[Area]) -> set[str]:
    """Ids of entries that answer a 高频 topic."""
    return {anchor for area in areas for topic in area.topics if topic.frequent for anchor in topic.entries}


def coverage(topics: Sequence[Topic]) -> tuple[float, float]:
    """(share of topics with an entry, the same weighted by how often each is asked)."""
    if not topics:
        return 0.0, 0.0
    covered = [t for t in topics if t.entries]
    return len(covered) / len(topics), sum(t.freq for t in covered) / sum(t.freq for t in topics)


def topic_tables(collections: int, areas: Sequence[Area], questions: Mapping[str, Question], page: str) -> str:
    """The topic map page: a coverage summary, then one table an area."""
    every = [t for a in areas for t in a.topics]
    share, weighted = coverage(every)
    llm = [t for t in every if t.llm]
    lines = [
        f"本指南回答了 **{sum(1 for t in every if t.entries)} / {len(every)}** 个考点"
        f"（{share:.0%}；按被问到的频次加权 {weighted:.0%}），"
        f"其中大模型时代的考点 {sum(1 for t in llm if t.entries)} / {len(llm)} 个。",
        "",
    ]
    for area in areas:
        share, weighted = coverage(area.topics)
        lines += [f"## {area.code}. {area.title} {{ #area-{area.code.lower()} }}", ""]
        lines += [f"已回答 {share:.0%}（加权 {weighted:.0%}）。", ""]
        lines += [f"| 考点 | 问到它的题集（共 {collections} 份） | 本指南的条目 |", "| --- | ---: | --- |"]
        for topic in area.topics:
            mark = " **高频**" if topic.frequent else ""
            links = "、".join(_link(questions[anchor], page) for anchor in topic.entries) or "（尚未收录）"
            lines.append(f"| {topic.code} {topic.title}{mark} | {topic.freq} | {links} |")
        lines.append("")
    return "\n".join(lines)


def _link(question: Question, from_page: str) -> str:
    target = posixpath.relpath(question.page, posixpath.dirname(from_page) or ".")
    return f"[{question.title}]({target}#{question.anchor})"
