"""The whole guide as one PDF: headless Chromium prints the built print view (print-site) after KaTeX has run.

Chromium's own print-to-PDF keeps the page's fonts, formulas and colours, and its document outline gives the
PDF a table of contents from the headings (one entry per chapter and question).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from guide.site.local_server import served

PDF_NAME = "guide.pdf"


def build_pdf(site: Path) -> int:
    """Write ``site/guide.pdf`` from ``site/print_page/index.html``; 0 on success (or skipped off CI)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        print("没有找到 chromium，无法生成全书 PDF：apt-get install chromium，或设 GUIDE_NO_PDF=1", file=sys.stderr)
        return 1
    target = site / PDF_NAME
    command = [
        chromium,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--run-all-compositor-stages-before-draw",
        # Formulas are rendered by the page's deferred KaTeX: give its scripts time before printing.
        "--virtual-time-budget=60000",
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
        f"--print-to-pdf={target.resolve()}",
    ]
    with served(site) as url:
        done = subprocess.run([*command, f"{url}print_page/"], capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not target.is_file():
        print(f"全书 PDF 生成失败：{done.stderr[-2000:]}", file=sys.stderr)
        return 1
    print(f"全书 PDF：{target}（{target.stat().st_size // 1024} KB）")
    return 0
