"""render = true without a browser, in-process: the reason names the fix, and the settings that
route pages through scrapy-playwright with Debian's chromium. (Rendering in a real crawl:
tests/integration/test_kind_render.py.)"""

from __future__ import annotations

from scrapy.settings import Settings

from aggregator.crawl.rendering import HANDLER, chromium_path, enable_rendering


def test_missing_chromium_is_reported_not_skipped(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium_path(str(tmp_path / "chromium")) is None
    settings = Settings({"AGGREGATOR_CHROMIUM": str(tmp_path / "chromium")})
    problem = enable_rendering(settings)
    assert problem is not None and "apt-get install chromium" in problem


def test_rendering_routes_pages_through_playwright_with_the_chromium_found(tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    assert chromium_path(str(browser)) == str(browser)
    settings = Settings(
        {
            "AGGREGATOR_CHROMIUM": str(browser),
            "PLAYWRIGHT_LAUNCH_OPTIONS": {"headless": True, "executable_path": "/elsewhere"},
            "DOWNLOAD_HANDLERS": {"file": None},
            "RETRY_EXCEPTIONS": ["twisted.internet.error.TimeoutError"],
        }
    )
    assert enable_rendering(settings) is None
    assert settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") == {
        "headless": True,
        "executable_path": str(browser),
    }
    assert settings.getdict("DOWNLOAD_HANDLERS") == {
        "file": None,
        "http": HANDLER,
        "https": HANDLER,
    }
    assert settings.getlist("RETRY_EXCEPTIONS") == [
        "twisted.internet.error.TimeoutError",
        "playwright.async_api.Error",
    ]
