"""Two fixes to Material's built JavaScript: whole-word Chinese search queries, and mermaid from the site itself.

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
        "src/guide/site/asset_patches.py（浏览器中文搜索测试会说明是否还需要它）"
    )


MERMAID_CDN = '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"'
# Material loads mermaid from unpkg (slow or blocked for readers in mainland China): load the vendored copy.
MERMAID_LOCAL = 'new URL("assets/mermaid/mermaid.min.js",Or.base).href'


def patch_mermaid(site: Path) -> Path:
    """Point Material's mermaid loader at ``assets/mermaid/mermaid.min.js``; return the patched bundle."""
    for bundle in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")):
        text = bundle.read_text("utf-8")
        if MERMAID_LOCAL in text:
            return bundle
        if MERMAID_CDN in text and 'new URL("search/search_index.json",Or.base)' in text:
            bundle.write_text(text.replace(MERMAID_CDN, MERMAID_LOCAL, 1), encoding="utf-8")
            return bundle
    raise SearchPatchError(
        f"{site}/assets/javascripts: 找不到 Material 加载 mermaid 的那段代码；升级 mkdocs-material 后请重新检查 "
        "src/guide/site/asset_patches.py"
    )
