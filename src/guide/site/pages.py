"""The site's view of the guide: its parsed pages, the build gate, generated text and downloads."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

from guide.errors import GuideError
from guide.page.fences import python_snippets
from guide.page.model import Page, check_unique, page_files, read_page
from guide.run.cache import Result, ResultError, ResultStore, result_key
from guide.site import generated, topics
from guide.site.downloads import page_notebook, page_script
from guide.site.render import PageRendering, begin_page

_DRAFT_BANNER = (
    '!!! danger "草稿：未经校对，代码未经验证"\n\n'
    "    本页由 `guide import` 从原始题库生成，内容可能是错的；原始代码只作对照，没有运行。"
    "改正并验证后的题目在各章正文中。\n\n"
)


def load(docs: Path) -> dict[str, Page]:
    """Every page under ``docs`` by its docs-relative path; every broken page is reported, not just the first."""
    found: dict[str, Page] = {}
    problems: list[str] = []
    for file in page_files(docs):
        try:
            page = read_page(docs, file)
        except GuideError as exc:
            problems.append(str(exc))
            continue
        found[page.relative] = page
    if problems:
        raise GuideError("\n".join(problems))
    check_unique(question for page in found.values() for question in page.questions)
    return found


@dataclass(frozen=True)
class Chapter:
    """A top-level folder of docs/ whose ``index.md`` heads a section of the navigation."""

    index: str
    title: str

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.index)


class Site:
    """What the plugin's hooks ask of the guide, one method a hook."""

    def __init__(self, pages: dict[str, Page], store: ResultStore, root: Path, plugin: Any, mkdocs: Any) -> None:
        self.pages, self.store, self.root = pages, store, root
        self.plugin, self.mkdocs = plugin, mkdocs
        self.chapters: list[Chapter] = []
        self.rendering: PageRendering | None = None
        self._topics: tuple[int, list[topics.Area]] | None = None

    def topics(self) -> tuple[int, list[topics.Area]]:
        """The topic map, its entry links checked against the site's questions (read once a build)."""
        if self._topics is None:
            questions = {q.anchor: q for p in self.pages.values() for q in p.questions}
            self._topics = topics.load_topics(self.root / self.plugin.topics, questions)
        return self._topics

    def page(self, src_uri: str) -> Page:
        return self.pages[src_uri]

    def _result(self, code: str) -> Result | None:
        try:
            result = self.store.get(result_key(code))
        except ResultError as exc:
            raise GuideError(f"{exc}（运行 `guide test` 会重新生成它）") from exc
        return result if result is not None and result.passed else None

    def start(self, page: Page) -> None:
        """The build gate: every python fence needs a passing result for its current code and environment."""
        if not page.title:
            raise GuideError(f"{page.path}:1: 页面没有标题：请在 front matter 里写 title，或以一级标题 `# 标题` 开头")
        self._refuse_fragments_with_code(page)
        results = {snippet: self._result(snippet.code) for snippet in page.python}
        missing = [snippet.where for snippet, result in results.items() if result is None]
        if missing:
            where = "\n".join(f"  {place}" for place in missing)
            raise GuideError(
                f"{len(missing)} 个代码片段没有当前源码和环境下的通过结果，"
                f"页面拒绝构建（run `guide test` first）：\n{where}"
            )
        self.rendering = begin_page({result.key: result for result in results.values() if result})

    def _refuse_fragments_with_code(self, page: Page) -> None:
        for line, fragment in page.includes:
            for base in self.mkdocs.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."]):
                file = self.root / base / fragment
                if file.is_file() and python_snippets(file.read_text("utf-8"), f"{base}/{fragment}"):
                    raise GuideError(
                        f"{page.path}:{line}: 引入的片段 {base}/{fragment} 里有 python 代码块；片段里的代码不会被测试，"
                        "请把代码写在页面里"
                    )

    def finish(self, page: Page) -> None:
        """Prove the page rendered exactly the snippets that were tested, in order."""
        rendered = self.rendering.rendered if self.rendering else []
        tested = [result_key(snippet.code) for snippet in page.python]
        if rendered != tested:
            raise GuideError(
                f"{page.path}: 渲染出 {len(rendered)} 个 Python 代码块，但测试了 {len(tested)} 个："
                "网站显示的代码必须就是测试过的代码（不要在 snippets/ 片段或 HTML 里放 Python 代码块）"
            )

    def decorate(self, page: Page, markdown: str) -> str:
        """Fill the generated tables, mark each question's level, and put a banner on drafts."""
        markdown = generated.fill(markdown, page, self)
        markdown = generated.badges(markdown, page, self)
        if page.relative.endswith("/index.md"):
            inside = [q for p in self.pages.values() if _in_folder(p, page) for q in p.questions]
            markdown += "\n\n" + generated.progress(inside)
        return _DRAFT_BANNER + markdown if page.is_draft else markdown

    def download_bar(self, page: Page, url: str) -> str:
        """Links to the page's ``.py``, ``.ipynb`` and Colab, or nothing for a page without snippets."""
        if not page.python:
            return ""
        stem = Path(page.relative).stem
        links = [
            f'<a href="{stem}.py" download>下载本页代码（.py）</a>',
            f'<a href="{stem}.ipynb" download>下载 Jupyter 笔记本（.ipynb）</a>',
        ]
        github = re.match(r"https://github\.com/([^/]+/[^/]+?)/?$", self.mkdocs.repo_url or "")
        if github:
            notebook = f"{github[1]}/blob/{self.plugin.colab_branch}/{url}{stem}.ipynb"
            links.append(f'<a href="https://colab.research.google.com/github/{notebook}">在 Colab 中打开</a>')
        return f'<p class="guide-downloads" data-search-exclude>{" ｜ ".join(links)}</p>'

    def downloads(self) -> list[File]:
        """A ``.py`` and an ``.ipynb`` beside each page with snippets, as generated files (`mkdocs serve` too)."""
        files = []
        for page in self.pages.values():
            if not page.python:
                continue
            folder = posixpath.dirname(page.relative)
            stem = Path(page.relative).stem
            # Directory URLs: docs/a/b.md is served at a/b/, so its downloads go to a/b/b.py.
            target = posixpath.join(folder, stem if stem != "index" else "", stem)
            notebook = page_notebook(page, lambda snippet: self._result(snippet.code), self.mkdocs.site_url or "")
            files.append(File.generated(self.mkdocs, f"{target}.py", content=page_script(page)))
            files.append(File.generated(self.mkdocs, f"{target}.ipynb", content=notebook))
        return files

    def read_chapters(self, nav: Navigation) -> None:
        """The chapters in navigation order: sections (at any depth) that open with a folder's ``index.md``."""
        self.chapters = []

        def walk(items: list[Any]) -> None:
            for item in items:
                if isinstance(item, Section):
                    first = item.children[0] if item.children else None
                    if isinstance(first, MkDocsPage) and first.file.src_uri.endswith("/index.md"):
                        self.chapters.append(Chapter(first.file.src_uri, item.title))
                    else:
                        walk(item.children)

        walk(nav.items)


def _in_folder(page: Page, index: Page) -> bool:
    return page.relative.startswith(posixpath.dirname(index.relative) + "/")
