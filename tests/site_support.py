"""Build the real site once, serve it on loopback, and drive it with headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guide.site.local_server import served as serve  # noqa: F401 - the tests serve the site the PDF is printed from

ROOT = Path(__file__).resolve().parent.parent


def build_site(destination: Path) -> Path:
    """``mkdocs build --strict`` of the repository into ``destination``; fail the test with its log."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(destination)]
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if built.returncode != 0:
        pytest.fail(f"mkdocs build failed (run `guide doctest` first):\n{built.stderr[-4000:]}")
    return destination


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None. In CI a missing browser is a failure."""
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    if not missing:
        return None
    reason = f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    return reason


def start_chromium(width: int = 1280, height: int = 900, mobile: bool = False):  # noqa: ANN201 - selenium type
    """Headless Chromium with the performance log on, so every request a page makes can be listed."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    if mobile:
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}}
        )
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


def requested_urls(driver) -> list[str]:  # noqa: ANN001 - selenium type
    """Every URL the browser asked for since the last call (from the DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
