"""MkDocs plugin: hooks that wire the page model, the result cache and the renderers; no logic of their own.

It never executes code or imports TensorFlow: it reads the results the doc tests stored.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from guide.errors import GuideError
from guide.page.typography import join_cjk_lines
from guide.run.cache import ResultStore, results_dir
from guide.site import pages
from guide.site.asset_patches import patch_mermaid, patch_search_worker
from guide.site.glossary import add_search_words, read_glossary
from guide.site.render import mark_blocks, python_fence, validate

log = logging.getLogger("mkdocs.plugins.guide")
Hook = TypeVar("Hook", bound=Callable[..., Any])


def _reported(hook: Hook) -> Hook:
    """Show a `GuideError` as MkDocs shows a plugin error: one clear line, no traceback."""

    @functools.wraps(hook)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return hook(*args, **kwargs)
        except GuideError as exc:
            raise PluginError(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


class GuideConfig(base.Config):
    banks = c.Type(str, default="banks")
    """Folder of the raw question banks, for the titles in the source table."""
    glossary = c.Type(str, default="snippets/glossary.md")
    """The glossary; pymdownx.snippets appends it to every page, and its Chinese names feed the search."""
    topics = c.Type(str, default="topics.yml")
    """The topic map's data file."""
    colab_branch = c.Type(str, default="gh-pages")
    """Branch that holds the published site, for "open in Colab" links (GitHub repositories only)."""


class GuidePlugin(BasePlugin[GuideConfig]):
    """Gate and decorate pages with the stored results of their snippets."""

    @_reported
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        # python fences render through the guide's formatter (code + verified output), as markdown-exec does.
        if "pymdownx.superfences" not in config.markdown_extensions:
            raise GuideError("mkdocs.yml: guide 插件需要 markdown_extensions 里的 pymdownx.superfences")
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        fences.append({"name": "python", "class": "python", "validator": validate, "format": python_fence})
        if (glossary := self.root / self.config.glossary).is_file():
            add_search_words(read_glossary(glossary))
        self.site = pages.Site(
            pages.load(Path(config.docs_dir)),
            ResultStore(results_dir(self.root)),
            self.root,
            self.config,
            config,
        )
        return config

    @_reported
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in self.site.downloads():
            files.append(file)
        return files

    @_reported
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.site.read_chapters(nav)
        return nav

    @_reported
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        model = self.site.page(page.file.src_uri)
        self.site.start(model)
        return self.site.decorate(model, markdown)

    @_reported
    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        model = self.site.page(page.file.src_uri)
        self.site.finish(model)
        # The download bar goes under the page title when there is one, else at the top.
        head, title_end, tail = html.partition("</h1>")
        bar = self.site.download_bar(model, page.url)
        page_id = model.relative.removesuffix(".md").replace("/", "-")
        return mark_blocks(join_cjk_lines(head + title_end + bar + tail if title_end else bar + html), page_id)

    @_reported
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        patch_search_worker(Path(config.site_dir))
        patch_mermaid(Path(config.site_dir))
