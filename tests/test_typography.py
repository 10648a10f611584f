"""Soft line breaks between Chinese characters disappear; code and Latin text keep theirs."""

from __future__ import annotations

from guide.page.typography import join_cjk_lines


def test_soft_breaks_between_chinese_characters_are_removed() -> None:
    html = "<p>注意力机制是一种\n加权求和，\n它很常用。</p>"
    assert join_cjk_lines(html) == "<p>注意力机制是一种加权求和，它很常用。</p>"


def test_breaks_next_to_latin_text_and_inside_pre_are_kept() -> None:
    html = "<p>使用\nKeras 3\n构建</p><pre><code>中文\n注释</code></pre>"
    assert join_cjk_lines(html) == html
