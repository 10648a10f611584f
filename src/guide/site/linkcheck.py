"""Check every internal link and anchor of a built site.

MkDocs' own validation checks the links written in Markdown; this also checks what plugins and templates
add to the built HTML (tag pages, download links, generated tables, the print view's copies).
"""

from __future__ import annotations

import html.parser
import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(html.parser.HTMLParser):
    """Collects the ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def _read(file: Path) -> _Page:
    page = _Page()
    page.feed(file.read_text("utf-8"))
    return page


def page_ids(file: Path) -> set[str]:
    """The ids a built HTML page defines (the anchors a link may point at)."""
    return _read(file).ids


def _target(site: Path, page: Path, path: str) -> Path:
    base = posixpath.dirname(page.relative_to(site).as_posix())
    resolved = site / posixpath.normpath(posixpath.join(base, unquote(path)))
    return resolved / "index.html" if resolved.is_dir() or path.endswith("/") else resolved


def _derived(site: Path, file: Path) -> bool:
    """Pages not written from docs/, whose links are not ours to check.

    404.html is served from any depth, so MkDocs writes its links as absolute URLs of the published
    site. print_page/ is print-site's copy of every page; its anchor rewriting misses an id when
    another tag precedes it on the same line (print-site 2.9), which the page it copies does not.
    """
    relative = file.relative_to(site).as_posix()
    return relative == "404.html" or relative.startswith("print_page/")


def broken_links(site: Path) -> Iterator[str]:
    """Yield ``page.html: link`` for each internal link whose file or anchor does not exist."""
    pages = {file: _read(file) for file in sorted(site.rglob("*.html")) if not _derived(site, file)}
    for file, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            target = _target(site, file, parts.path) if parts.path else file
            if not target.exists():
                yield f"{file.relative_to(site).as_posix()}: {link}（目标不存在）"
            elif parts.fragment and target.suffix == ".html":
                found = pages.get(target) or _read(target)
                if unquote(parts.fragment) not in found.ids:
                    yield f"{file.relative_to(site).as_posix()}: {link}（锚点不存在）"
