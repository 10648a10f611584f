"""MkDocs plugin: show each snippet's verified output, and refuse pages without a current pass.

It reads the result store written by the doc tests; it never executes code or imports TensorFlow.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from guide.fences import FenceError, Snippet, python_snippets
from guide.results import DEFAULT_DIR, Result, ResultStore, result_key

log = logging.getLogger("mkdocs.plugins.guide")

_RENDERED_PYTHON = re.compile(r'<div class="language-python\b')
_LONG_OUTPUT = 20
_PLACEHOLDER = "guide-output-placeholder-{}"
_PLACED = re.compile(r"<p>guide-output-placeholder-(\d+)</p>")


class GuideConfig(base.Config):
    results = c.Type(str, default=str(DEFAULT_DIR))
    """Result store folder, relative to mkdocs.yml."""


class GuidePlugin(BasePlugin[GuideConfig]):
    """Gate and decorate pages with the stored results of their snippets."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.store = ResultStore(root / self.config.results)
        self.docs_prefix = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
        self.outputs: dict[str, list[str]] = {}
        return config

    def _page_path(self, page: Page) -> str:
        return f"{self.docs_prefix}/{page.file.src_uri}"

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = self._page_path(page)
        raw = Path(page.file.abs_src_path or "").read_text("utf-8") if page.file.abs_src_path else markdown
        try:
            located = python_snippets(raw, path)  # line numbers of the file, front matter included
            placed = python_snippets(markdown, path)  # positions in the body MkDocs renders
        except FenceError as exc:
            raise PluginError(str(exc)) from exc
        if len(located) != len(placed):
            raise PluginError(f"{path}: 页面正文与文件中的代码块数目不一致（{len(placed)} ≠ {len(located)}）")
        results = [self._passing(snippet) for snippet in located]
        missing = [snippet for snippet, result in zip(located, results) if result is None]
        if missing:
            where = "\n".join(f"  {snippet.where}" for snippet in missing)
            raise PluginError(
                f"{len(missing)} 个代码片段没有当前源码和环境下的通过结果，页面拒绝构建"
                f"（run `guide test` first）：\n{where}"
            )
        self.outputs[page.file.src_uri] = [render_output(result) for result in results]  # type: ignore[arg-type]
        lines = markdown.split("\n")
        for index, snippet in reversed(list(enumerate(placed))):
            # A placeholder paragraph survives any nesting (admonition, tab); raw HTML would not.
            lines.insert(snippet.end_line, f"\n{' ' * snippet.indent}{_PLACEHOLDER.format(index)}\n")
        return "\n".join(lines)

    def _passing(self, snippet: Snippet) -> Result | None:
        result = self.store.get(result_key(snippet))
        return result if result is not None and result.passed else None

    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        outputs = self.outputs.get(page.file.src_uri, [])
        rendered, tested = len(_RENDERED_PYTHON.findall(html_text)), len(outputs)
        if rendered != tested:
            raise PluginError(
                f"{self._page_path(page)}: 渲染出 {rendered} 个 Python 代码块，但测试了 {tested} 个："
                "网站显示的代码必须就是测试过的代码（不要在 snippets/ 片段或 HTML 里放 Python 代码块）"
            )
        found = _PLACED.findall(html_text)
        if found != [str(index) for index in range(tested)]:
            raise PluginError(f"{self._page_path(page)}: 代码输出的占位符被其他扩展改写了，无法放置输出")
        return _PLACED.sub(lambda match: outputs[int(match.group(1))], html_text)


def render_output(result: Result) -> str:
    """The verified mark and captured output under a snippet, as HTML."""
    env = result.env
    mark = (
        f'<span class="guide-verified" title="此代码在构建前运行并通过测试">已验证 · Python {env.get("python")}'
        f' · TensorFlow {env.get("tensorflow")} · {result.duration:.1f} 秒</span>'
    )
    body = ""
    if result.output:
        text = html.escape(result.output.rstrip("\n")).replace("\n", "&#10;")
        pre = f'<pre class="guide-output__text"><code>{text}</code></pre>'
        count = result.output.count("\n") + 1
        body = (
            f"<details><summary>输出（{count} 行）</summary>{pre}</details>" if count > _LONG_OUTPUT else pre
        )
    return f'<div class="guide-output" data-search-exclude>{mark}{body}</div>'
