"""Group questions of different banks that ask the same thing, possibly in other words."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

from guide.bank.records import Question

# Wording that asks rather than names what a question is about: removed before comparing.
_BOILERPLATE = re.compile(
    r"^请?(?:简要)?(?:解释|描述|说明|列举)|并(?:说明|解释|描述|举例|给出|列举)[^，。？?,.]*|它在什么场景下使用|请|什么是|是什么|"
    r"如何|怎样|怎么|为什么|的概念|概念|的含义|含义|的工作原理|是如何工作的|工作原理|有哪些|它|(?<![a-z])ai(?![a-z])|"
    r"实现|一个|简单的|使用|通过|应用|提高|提升|性能|进行|帮助|模型|任务|网络|的|在|中|来|与|和|及|其|吗"
)
# One spelling per concept, and one token per common term: "自我注意力" is "自注意力", and "图像分类" vs
# "图像分割" must differ by a whole word, not by one character bigram among four.
_SYNONYMS = (
    ("自我注意力", "自注意力"),
    ("注意力机制", "attention"),
    ("长短时记忆", "lstm"),
    ("长短期记忆", "lstm"),
    ("卷积神经网络", "cnn"),
    ("循环神经网络", "rnn"),
    ("生成对抗网络", "gan"),
    ("变分自编码器", "vae"),
    ("序列到序列", "seq2seq"),
    ("命名实体识别", "ner"),
    ("残差网络", "resnet"),
    ("自然语言处理", "nlp"),
    ("迁移学习", "transfer"),
    ("强化学习", "rl"),
    ("协同过滤", "cf"),
    ("词嵌入", "embedding"),
    ("嵌入层", "embedding"),
    ("图像", "image"),
    ("视频", "video"),
    ("语音", "speech"),
    ("音频", "audio"),
    ("文本", "text"),
)
# "实现文本分类模型" and "在文本分类中使用注意力机制" are different questions: the method must match.
_METHODS = frozenset(
    {"attention", "lstm", "cnn", "rnn", "gan", "vae", "seq2seq", "transformer", "transfer", "embedding", "cf", "resnet"}
)
_LATIN_PAREN = re.compile(r"\([a-z0-9 \-]*\)")  # "（self-attention）" only translates the Chinese before it
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")
THRESHOLD = 0.6
"""Weighted Jaccard similarity from which two titles ask the same question. Tuned on banks/: rewordings of
one question score 0.64 to 1 (most exactly 1), distinct ones such as 图像分类 / 图像分割 at most 0.57."""


def _tokens(title: str) -> frozenset[str]:
    """Character bigrams of the Chinese left once the wording is stripped, plus the Latin words."""
    text = unicodedata.normalize("NFKC", title).lower()
    for old, new in _SYNONYMS:
        text = text.replace(old, f" {new} ")
    text = _BOILERPLATE.sub(" ", _LATIN_PAREN.sub(" ", text))
    grams = {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(max(len(run) - 1, 1))}
    return frozenset(grams | set(_WORD.findall(text)))


def _methods(title: str, tokens: frozenset[str]) -> frozenset[str]:
    found = tokens & _METHODS
    return found | {"attention"} if "注意力" in title else found


def group_duplicates(questions: Sequence[Question]) -> list[tuple[Question, ...]]:
    """Groups (2 or more) of questions that ask the same thing, judged by their titles, in input order."""
    titles = [q.title or q.question for q in questions]
    tokens = [_tokens(title) for title in titles]
    methods = [_methods(title, ts) for title, ts in zip(titles, tokens, strict=True)]
    counts: dict[str, int] = {}
    for ts in tokens:
        for t in ts:
            counts[t] = counts.get(t, 0) + 1
    # Rare tokens weigh more: "attention" is in most titles and says little about which question it is.
    weight = {t: math.log((1 + len(tokens)) / (1 + c)) + 0.1 for t, c in counts.items()}

    def same(i: int, j: int) -> bool:
        if methods[i] != methods[j]:
            return False
        union = sum(weight[t] for t in tokens[i] | tokens[j])
        return union > 0 and sum(weight[t] for t in tokens[i] & tokens[j]) / union >= THRESHOLD

    groups: list[list[int]] = []
    for i in range(len(questions)):
        # Complete linkage: a question joins a group only if it matches every member, so no chains.
        group = next((g for g in groups if all(same(i, j) for j in g)), None)
        if group is None:
            groups.append([i])
        else:
            group.append(i)
    return [tuple(questions[i] for i in g) for g in groups if len(g) > 1]
