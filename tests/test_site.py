"""The built site, checked as a reader would: what is rendered is what was tested, nothing leaves the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_support import ROOT, build_site, chromium_missing, requested_urls, serve, start_chromium

from guide.page.fences import python_snippets

SCREENSHOTS = ROOT / ".guide" / "screenshots"
# One worker builds the site and drives the browser for the whole module; skipped locally while nothing it
# reads has changed since a pass (CI always runs it).
pytestmark = [pytest.mark.xdist_group("site"), pytest.mark.unchanged_inputs("site")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def base_url(site: Path):  # noqa: ANN201
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    driver = start_chromium()
    yield driver
    driver.quit()


def _doc_pages() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


def _collected_items() -> int:
    """How many fence test items pytest collects from docs/ (what `guide doctest` runs)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", "docs"]
    listing = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return sum(1 for line in listing.splitlines() if "::line-" in line)


def test_every_rendered_python_block_is_a_tested_snippet(site: Path) -> None:
    tested = sum(len(python_snippets(p.read_text("utf-8"), p.as_posix())) for p in _doc_pages())
    assert _collected_items() == tested
    # The print view repeats every page; count each page once.
    pages = [p for p in site.rglob("*.html") if p.parent.name != "print_page"]
    rendered = sum(p.read_text("utf-8").count('class="language-python highlight"') for p in pages)
    verified = sum(p.read_text("utf-8").count('<div class="guide-output" data-search-exclude>') for p in pages)
    assert tested > 0
    assert rendered == tested == verified


def test_every_page_has_exactly_one_h1(site: Path) -> None:
    """A stray `#` at the start of a line (`- #5 …`) becomes a heading in Python-Markdown and breaks the TOC."""
    pages = [p for p in site.rglob("index.html") if p.parent.name != "print_page" and p.parent != site / "tags"]
    extra = [p.relative_to(site).as_posix() for p in pages if p.read_text("utf-8").count("<h1") > 1]
    assert pages and extra == []


def test_no_page_references_another_host(site: Path) -> None:
    """Scripts, styles, fonts and images all come from the site itself (no CDN, no Google Fonts)."""
    # rel="canonical" names the published address; it is not a request.
    pattern = re.compile(
        r"""<(?:script|link(?![^>]*rel="canonical")|img|iframe)\b[^>]*?(?:src|href)=["'](https?:)?//"""
    )
    offenders = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if pattern.search(p.read_text("utf-8"))]
    css = [p.name for p in site.rglob("*.css") if re.search(r"url\((['\"]?)(https?:)?//", p.read_text("utf-8"))]
    assert offenders == [] and css == []


def _open(browser, url: str):  # noqa: ANN001, ANN202
    from selenium.webdriver.support.ui import WebDriverWait

    requested_urls(browser)  # drop what earlier pages asked for
    browser.get(url)
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return WebDriverWait(browser, 20)


def test_home_page_renders_and_requests_only_its_own_host(browser, base_url: str) -> None:
    _open(browser, base_url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "home.png"))
    assert "深度学习面试题指南" in browser.title
    urls = requested_urls(browser)
    assert urls and all(u.startswith(base_url) or u.startswith(("data:", "blob:")) for u in urls), urls


def test_chapter_page_renders_formulas_and_outputs(browser, base_url: str) -> None:
    wait = _open(browser, base_url + "attention/basics/")
    wait.until(lambda d: d.find_elements("css selector", ".katex"))
    browser.save_screenshot(str(SCREENSHOTS / "attention-basics.png"))
    assert browser.find_elements("css selector", ".guide-verified")
    assert browser.find_elements("css selector", ".md-code__button, .md-clipboard")  # copy button
    urls = requested_urls(browser)
    assert all(u.startswith(base_url) or u.startswith(("data:", "blob:")) for u in urls), urls


# Real queries a candidate would type, and the question each must find first.
QUERIES = {
    "多头注意力": "attention/transformer/#q-att-multi-head",
    "位置编码": "attention/transformer/#q-att-positional-encoding",
    "硬注意力": "attention/variants/#q-att-soft-hard",
    "交叉注意力": "attention/variants/#q-att-cross",
    "注意力机制": "attention/basics/#q-att-what",
}


@pytest.mark.parametrize(("query", "expected"), QUERIES.items())
def test_chinese_search_finds_the_question_first(browser, base_url: str, query: str, expected: str) -> None:
    from selenium.webdriver.common.by import By

    wait = _open(browser, base_url)
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys(query)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a[href*='#q-']"))
    first = browser.find_elements(By.CSS_SELECTOR, ".md-search-result__item a[href*='#q-']")[0]
    href = first.get_attribute("href").replace(base_url, "")
    assert href.split("?")[0] + "#" + href.split("#")[1] == expected


def test_phone_viewport_renders_the_chapter(base_url: str) -> None:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    phone = start_chromium(390, 844, mobile=True)
    try:
        _open(phone, base_url + "attention/basics/")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.save_screenshot(str(SCREENSHOTS / "attention-basics-phone.png"))
        width = phone.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390 + 1  # no horizontal scrolling on a phone
    finally:
        phone.quit()


def test_downloads_are_served_and_the_source_map_resolves(site: Path, base_url: str) -> None:
    import json
    import urllib.request

    from guide.bank.source_map import source_map

    for suffix in ("py", "ipynb"):
        with urllib.request.urlopen(f"{base_url}attention/basics/basics.{suffix}") as response:
            body = response.read().decode("utf-8")
        assert "keras" in body or "numpy" in body
    json.loads(urllib.request.urlopen(f"{base_url}attention/basics/basics.ipynb").read())
    for row in source_map(ROOT / "docs", ROOT / "banks"):
        page, anchor = str(row["url"]).split("#")
        html = (site / page / "index.html").read_text("utf-8")
        assert f'id="{anchor}"' in html, row


def test_self_test_mode_hides_answers_and_is_remembered(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    wait = _open(browser, base_url + "attention/variants/")
    answer = browser.find_element(By.XPATH, "//p[strong[starts-with(., '答案')]]")
    assert answer.is_displayed()
    switch = browser.find_element(By.CSS_SELECTOR, ".md-header .guide-self-test-switch")
    switch.click()
    assert not answer.is_displayed() and switch.get_attribute("aria-pressed") == "true"
    buttons = browser.find_elements(By.CSS_SELECTOR, "button.guide-reveal")
    assert len(buttons) == len(browser.find_elements(By.CSS_SELECTOR, "h2[id^='q-']"))
    buttons[0].click()
    assert answer.is_displayed()
    wait = _open(browser, base_url + "attention/variants/")  # a new page load keeps the choice
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "button.guide-reveal"))
    answer = browser.find_element(By.XPATH, "//p[strong[starts-with(., '答案')]]")
    assert not answer.is_displayed()
    browser.find_element(By.CSS_SELECTOR, ".guide-toolbar [data-action=show]").click()  # 全部显示
    assert answer.is_displayed() and not browser.find_elements(By.CSS_SELECTOR, "button.guide-reveal")
    browser.find_element(By.CSS_SELECTOR, ".guide-toolbar [data-action=hide]").click()  # 全部隐藏
    assert not answer.is_displayed()
    browser.find_element(By.CSS_SELECTOR, ".guide-toolbar [data-action=show]").click()  # leave it off for other tests


def test_a_question_marked_mastered_is_remembered_counted_and_can_be_hidden(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, base_url + "attention/variants/")
    first = browser.find_element(By.CSS_SELECTOR, "h2[id^='q-']")
    mark = browser.find_element(By.CSS_SELECTOR, f".guide-mastered[data-question='{first.get_attribute('id')}']")
    mark.click()
    assert mark.get_attribute("aria-pressed") == "true"
    browser.find_element(By.CSS_SELECTOR, ".guide-only-open").click()  # 只看未掌握
    assert not first.is_displayed()
    _open(browser, base_url + "attention/")
    progress = browser.find_element(By.CSS_SELECTOR, ".guide-progress").text
    assert "你已掌握 1 题" in progress, progress
    _open(browser, base_url + "attention/variants/")
    browser.find_element(By.CSS_SELECTOR, ".guide-only-open").click()
    browser.find_element(By.CSS_SELECTOR, ".guide-mastered[aria-pressed=true]").click()  # leave it unmarked


PERMALINKS = [
    line for line in (ROOT / "tests" / "permalinks.txt").read_text("utf-8").splitlines() if line and line[0] != "#"
]


def test_every_permalink_published_before_keeps_resolving(site: Path) -> None:
    """Pages and question anchors readers may have saved; a merged question keeps an anchor that points on."""
    from guide.site.linkcheck import page_ids

    broken = []
    for url in PERMALINKS:
        path, _, anchor = url.partition("#")
        page = site / path / "index.html"
        if not page.is_file() or (anchor and anchor not in page_ids(page)):
            broken.append(url)
    assert not broken, broken


def test_the_pdf_of_the_whole_guide_opens_and_its_outline_has_every_chapter(site: Path) -> None:
    import pypdf

    from guide.cli.pdf import PDF_NAME, build_pdf
    from guide.page.model import site_pages

    assert build_pdf(site) == 0
    reader = pypdf.PdfReader(site / PDF_NAME)
    titles: list[str] = []

    def walk(entries: list) -> None:  # noqa: ANN001 - pypdf outline items
        for entry in entries:
            walk(entry) if isinstance(entry, list) else titles.append(entry.title)

    walk(reader.outline)
    chapters = [page.title for page in site_pages(ROOT / "docs") if page.relative.endswith("/index.md")]
    assert chapters and len(reader.pages) > len(chapters)
    assert [title for title in chapters if title not in titles] == [], titles[:40]


def test_on_the_print_page_every_copy_button_copies_its_own_code(browser, base_url: str) -> None:
    _open(browser, base_url + "print_page/")
    found = browser.execute_script(
        """
        const pres = Array.from(document.querySelectorAll('.highlight pre'));
        const buttons = Array.from(document.querySelectorAll('[data-clipboard-target]'));
        const own = buttons.filter((b) => {
          const target = document.querySelector(b.getAttribute('data-clipboard-target'));
          return target && target.closest('.highlight') === b.closest('.highlight');
        });
        return [pres.length, new Set(pres.map((p) => p.id)).size, buttons.length, own.length];
        """
    )
    blocks, unique_ids, buttons, own = found
    assert blocks > 100 and unique_ids == blocks and own == buttons > 0, found
