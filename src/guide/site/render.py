"""A python fence and its verified output, rendered in one step by a superfences custom fence formatter.

The formatter receives the fence's own code, highlights it exactly as superfences would, and appends the
stored result found by that code's key: no placeholders and no second parse. It records what it rendered,
so the plugin can prove the page rendered exactly the snippets that were tested.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guide.page.fences import FENCE_OPTIONS
from guide.run.cache import Result, result_key

_LONG_OUTPUT = 20
# Display names of the packages a verified mark may name, in the order it names them.
_NAMES = {
    "numpy": "NumPy",
    "scipy": "SciPy",
    "sklearn": "scikit-learn",
    "matplotlib": "Matplotlib",
    "keras": "Keras",
    "tensorflow": "TensorFlow",
}
_ENV_NAMES = {"sklearn": "scikit-learn"}


@dataclass
class PageRendering:
    """The results a page may show, by key, and the keys its python fences rendered, in order."""

    results: Mapping[str, Result]
    rendered: list[str] = field(default_factory=list)


_current: PageRendering | None = None


def begin_page(results: Mapping[str, Result]) -> PageRendering:
    """Make ``results`` the ones python fences render with, until the next page begins."""
    global _current
    _current = PageRendering(results)
    return _current


def validate(language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict, md: object) -> bool:
    """Superfences validator: accept exactly the options of `FENCE_OPTIONS` (the page parser refuses the rest)."""
    if set(inputs) - set(FENCE_OPTIONS):
        return False
    options.update({name: value for name, value in inputs.items() if FENCE_OPTIONS[name].renders})
    return True


def python_fence(source: str, language: str, class_name: str, options: dict, md: Any, **kwargs: Any) -> str:
    """Superfences formatter of ``python`` fences: the highlighted code, then its verified output."""
    # superfences' own formatter for ordinary fences: the code looks exactly like every other block.
    highlight = md.preprocessors["fenced_code_block"].extension.superfences[0]["formatter"]
    code = highlight(src=source, language=language, options=options, md=md, **kwargs)
    if _current is None:
        return code
    key = result_key(source.rstrip("\n"))
    _current.rendered.append(key)
    result = _current.results.get(key)
    return code + output_html(result) if result is not None else code


def verified_mark(result: Result) -> str:
    """``已验证 · Python … · <the packages it used> · 1.2 秒`` (no time under 0.1 s)."""
    parts = ["已验证", f"Python {result.env.get('python', '?')}"]
    for package, name in _NAMES.items():
        if package in result.uses:
            parts.append(f"{name} {result.env.get(_ENV_NAMES.get(package, package), '?')}")
    if result.duration >= 0.1:
        parts.append(f"{result.duration:.1f} 秒")
    return " · ".join(parts)


def output_html(result: Result) -> str:
    """The verified mark, captured output and figures under a snippet."""
    mark = f'<span class="guide-verified" title="此代码在构建前运行并通过测试">{verified_mark(result)}</span>'
    body = ""
    if result.output:
        text = html.escape(result.output.rstrip("\n")).replace("\n", "&#10;")
        pre = f'<pre class="guide-output__text"><code>{text}</code></pre>'
        count = result.output.count("\n") + 1
        body = f"<details><summary>输出（{count} 行）</summary>{pre}</details>" if count > _LONG_OUTPUT else pre
    figures = "".join(
        f'<figure class="guide-figure"><img src="data:image/png;base64,{figure.png}" '
        f'alt="{html.escape(figure.alt)}" loading="lazy"></figure>'
        for figure in result.figures
    )
    return f'<div class="guide-output" data-search-exclude>{mark}{body}{figures}</div>'


# What the search index should not hold: formulas (their LaTeX reads as noise in previews) and code.
_MATH = (
    ('<span class="arithmatex">', '<span class="arithmatex" data-search-exclude>'),
    ('<div class="arithmatex">', '<div class="arithmatex" data-search-exclude>'),
)
_CODE_BLOCK = '<div class="language-'


def mark_blocks(html_text: str, page_id: str) -> str:
    """Keep formulas and code out of search, and give every code block an id unique across the site.

    Material's copy button names its code by the closest element with an id; on the print page (every page
    in one) that was the page's section, so every button copied the section's first block.
    """
    for plain, excluded in _MATH:
        html_text = html_text.replace(plain, excluded)
    parts = html_text.split(_CODE_BLOCK)
    marked = [
        f'<div id="code-{page_id}-{n}" data-search-exclude class="language-{part}' for n, part in enumerate(parts[1:])
    ]
    return parts[0] + "".join(marked)
