"""``render = true``: a source's pages go through headless Chromium (scrapy-playwright) first.

Set up per crawler when its spider is created, so that rendering works however the spider is run
(``aggregator crawl``, ``scrapy crawl``, scrapyd), and only the crawlers of rendering sources load a
browser. Debian's chromium is used, never a browser download.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


def chromium_path(configured: str | None) -> str | None:
    """The Chromium to render with: the configured one, else the Debian/Ubuntu one on the PATH."""
    if configured and Path(configured).is_file():
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


def enable_rendering(settings: Any) -> str | None:
    """Route requests marked for rendering through scrapy-playwright; the reason if impossible."""
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError:
        return "render = true needs scrapy-playwright: pip install -e '.[render]'"
    browser = chromium_path(settings.get("AGGREGATOR_CHROMIUM"))
    if browser is None:
        return (
            f"render = true needs Chromium at {settings.get('AGGREGATOR_CHROMIUM')}: "
            "apt-get install chromium"
        )
    options = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"), executable_path=browser)
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, priority="cmdline")
    handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": HANDLER, "https": HANDLER}
    settings.set("DOWNLOAD_HANDLERS", handlers, priority="cmdline")
    # A navigation the browser aborts under load is retried (with back-off) like a timeout.
    retry_on = [*settings.getlist("RETRY_EXCEPTIONS"), "playwright.async_api.Error"]
    settings.set("RETRY_EXCEPTIONS", retry_on, priority="cmdline")
    return None
