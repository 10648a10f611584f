"""Let Material's search find a whole Chinese query as one word.

Material splits a Chinese query greedily into words that exist in the search index, but its loop
stops one character short (``j < query.length``), so the whole query is never tried as a word. With
jieba and our dictionary, 多头注意力 is one indexed word; without the fix the query 多头注意力 is
cut into 多头 + 注意 whenever those also occur alone somewhere, and ranks other pages first.
"""

from __future__ import annotations

from pathlib import Path

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


class SearchPatchError(RuntimeError):
    """The search worker no longer has the code this patch expects (Material was upgraded)."""


def patch_search_worker(site: Path) -> Path:
    """Fix the query segmentation in the built site's search worker; return the patched file."""
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    for worker in workers:
        text = worker.read_text("utf-8")
        if FIXED in text:
            return worker
        if BUGGY in text:
            worker.write_text(text.replace(BUGGY, FIXED, 1), encoding="utf-8")
            return worker
    raise SearchPatchError(
        f"{site}/assets/javascripts/workers: 找不到 Material 搜索分词的那段代码；升级 mkdocs-material 后请重新检查 "
        "guide/search_patch.py（浏览器中文搜索测试会说明是否还需要它）"
    )
