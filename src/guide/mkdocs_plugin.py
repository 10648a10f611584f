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

from guide.downloads import notebook_json, page_notebook, page_script
from guide.fences import FenceError, Snippet, python_snippets
from guide.front_matter import FrontMatterError, front_matter
from guide.generated import CHAPTERS_MARKER, SOURCES_MARKER, chapters_table, sources_table
from guide.questions import QuestionError, site_questions
from guide.results import DEFAULT_DIR, Result, ResultStore, result_key, store_dir
from guide.search_patch import SearchPatchError, patch_search_worker
from guide.source_map import seed_titles
from guide.typography import join_cjk_lines

log = logging.getLogger("mkdocs.plugins.guide")

_RENDERED_PYTHON = re.compile(r'<div class="language-python\b')
_LONG_OUTPUT = 20
_PLACEHOLDER = "guide-output-placeholder-{}"
_DRAFT_BANNER = (
    '!!! danger "草稿：未经校对，代码未经验证"\n\n'
    "    本页由 `guide import` 从原始题库生成，内容可能是错的；原始代码只作对照，没有运行。"
    "改正并验证后的题目在各章正文中。\n\n"
)
_PLACED = re.compile(r"<p>guide-output-placeholder-(\d+)</p>")


class GuideConfig(base.Config):
    results = c.Type(str, default=str(DEFAULT_DIR))
    """Result store folder, relative to mkdocs.yml."""
    banks = c.Type(str, default="banks")
    """Folder of the raw question banks, for the titles in the source table."""
    colab_branch = c.Type(str, default="gh-pages")
    """Branch that holds the published site, for "open in Colab" links (GitHub repositories only)."""


class GuidePlugin(BasePlugin[GuideConfig]):
    """Gate and decorate pages with the stored results of their snippets."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.store = ResultStore(store_dir(root, configured=self.config.results))
        self.docs_prefix = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
        self.outputs: dict[str, list[str]] = {}
        self.downloads: dict[str, tuple[str, str, str]] = {}  # src_uri -> (url, title, raw text)
        self.root = root
        self.docs_dir = config.docs_dir
        self.chapter_indexes = _chapter_indexes(config.nav or [], Path(config.docs_dir))
        self.repo_url = config.repo_url or ""
        try:
            self.questions = site_questions(Path(config.docs_dir))
        except QuestionError as exc:
            raise PluginError(str(exc)) from exc
        return config

    def _page_path(self, page: Page) -> str:
        return f"{self.docs_prefix}/{page.file.src_uri}"

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = self._page_path(page)
        raw = Path(page.file.abs_src_path or "").read_text("utf-8") if page.file.abs_src_path else markdown
        try:
            front_matter(raw, path)  # MkDocs shows broken front matter as text; the guide refuses it
        except FrontMatterError as exc:
            raise PluginError(str(exc)) from exc
        if not page.meta.get("title") and not re.search(r"^#\s+\S", markdown, re.MULTILINE):
            raise PluginError(f"{path}:1: 页面没有标题：请在 front matter 里写 title，或以一级标题 `# 标题` 开头")
        try:
            located = python_snippets(raw, path)  # line numbers of the file, front matter included
            placed = python_snippets(markdown, path)  # positions in the body MkDocs renders
        except FenceError as exc:
            raise PluginError(str(exc)) from exc
        if len(located) != len(placed):
            raise PluginError(f"{path}: 页面正文与文件中的代码块数目不一致（{len(placed)} ≠ {len(located)}）")
        results = [self._passing(snippet) for snippet in located]
        missing = [snippet for snippet, result in zip(located, results, strict=True) if result is None]
        if missing:
            where = "\n".join(f"  {snippet.where}" for snippet in missing)
            raise PluginError(
                f"{len(missing)} 个代码片段没有当前源码和环境下的通过结果，页面拒绝构建"
                f"（run `guide test` first）：\n{where}"
            )
        self.outputs[page.file.src_uri] = [render_output(result) for result in results]  # type: ignore[arg-type]
        if located:
            self.downloads[page.file.src_uri] = (page.url, page.title or "", raw)
        lines = markdown.split("\n")
        for index, snippet in reversed(list(enumerate(placed))):
            # A placeholder paragraph survives any nesting (admonition, tab); raw HTML would not.
            lines.insert(snippet.end_line, f"\n{' ' * snippet.indent}{_PLACEHOLDER.format(index)}\n")
        # Only after the placeholders, which need the fences' line numbers unchanged.
        markdown = self._generated("\n".join(lines), page.file.src_uri)
        return _DRAFT_BANNER + markdown if page.meta.get("status") == "draft" else markdown

    def _generated(self, markdown: str, page: str) -> str:
        """Fill the markers of the pages that show the guide's own data."""
        if SOURCES_MARKER in markdown:
            markdown = markdown.replace(
                SOURCES_MARKER, sources_table(self.questions, seed_titles(self.root / self.config.banks), page)
            )
        if CHAPTERS_MARKER in markdown:
            markdown = markdown.replace(CHAPTERS_MARKER, chapters_table(self._chapters(), page))
        return markdown

    def _chapters(self) -> list[tuple[str, str, int, int]]:
        """(index page, title, questions, snippets) of each chapter, in navigation order."""
        docs = Path(self.docs_dir)
        chapters = []
        for index in self.chapter_indexes:
            folder = Path(index).parent
            pages = sorted((docs / folder).rglob("*.md"))
            snippets = sum(len(python_snippets(p.read_text("utf-8"), p.as_posix())) for p in pages)
            questions = sum(1 for q in self.questions if q.page.startswith(f"{folder.as_posix()}/"))
            chapters.append((index, _title(docs / index), questions, snippets))
        return chapters

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
        html_text = join_cjk_lines(_PLACED.sub(lambda match: outputs[int(match.group(1))], html_text))
        if page.file.src_uri in self.downloads:
            # Under the page title when there is one, else at the top.
            head, sep, tail = html_text.partition("</h1>")
            bar = self._download_bar(page)
            html_text = head + sep + bar + tail if sep else bar + html_text
        return html_text

    def _download_bar(self, page: Page) -> str:
        stem = Path(page.file.src_uri).stem
        links = [
            f'<a href="{stem}.py" download>下载本页代码（.py）</a>',
            f'<a href="{stem}.ipynb" download>下载 Jupyter 笔记本（.ipynb）</a>',
        ]
        github = re.match(r"https://github\.com/([^/]+/[^/]+?)/?$", self.repo_url)
        if github:
            notebook = f"{github[1]}/blob/{self.config.colab_branch}/{page.url}{stem}.ipynb"
            links.append(f'<a href="https://colab.research.google.com/github/{notebook}">在 Colab 中打开</a>')
        return f'<p class="guide-downloads" data-search-exclude>{" ｜ ".join(links)}</p>'

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write each page's ``.py`` and ``.ipynb`` beside its HTML; fix Chinese query segmentation."""
        try:
            patch_search_worker(Path(config.site_dir))
        except SearchPatchError as exc:
            raise PluginError(str(exc)) from exc
        for src_uri, (url, title, raw) in self.downloads.items():
            folder = Path(config.site_dir) / url
            folder.mkdir(parents=True, exist_ok=True)
            stem, path = Path(src_uri).stem, f"{self.docs_prefix}/{src_uri}"
            (folder / f"{stem}.py").write_text(page_script(raw, path, title), encoding="utf-8")
            (folder / f"{stem}.ipynb").write_text(notebook_json(page_notebook(raw, path)), encoding="utf-8")


def _chapter_indexes(nav: list, docs: Path) -> list[str]:
    """The ``<chapter>/index.md`` pages in the order of ``nav`` (folder order when there is no nav)."""
    if not nav:
        return sorted(p.relative_to(docs).as_posix() for p in docs.glob("*/index.md"))
    found = []
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else []:
            first = value[0] if isinstance(value, list) and value else None
            if isinstance(first, str) and first.endswith("/index.md"):
                found.append(first)
    return found


def _title(page: Path) -> str:
    """The ``title`` of a page's front matter, else its first heading, else its file name."""
    text = page.read_text("utf-8")
    match = re.search(r"^title:\s*(.+)$", text, re.MULTILINE) or re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return match[1].strip() if match else page.stem


def render_output(result: Result) -> str:
    """The verified mark and captured output under a snippet, as HTML."""
    env = result.env
    mark = (
        f'<span class="guide-verified" title="此代码在构建前运行并通过测试">已验证 · Python {env.get("python")}'
        f" · TensorFlow {env.get('tensorflow')} · {result.duration:.1f} 秒</span>"
    )
    body = ""
    if result.output:
        text = html.escape(result.output.rstrip("\n")).replace("\n", "&#10;")
        pre = f'<pre class="guide-output__text"><code>{text}</code></pre>'
        count = result.output.count("\n") + 1
        body = f"<details><summary>输出（{count} 行）</summary>{pre}</details>" if count > _LONG_OUTPUT else pre
    return f'<div class="guide-output" data-search-exclude>{mark}{body}</div>'
