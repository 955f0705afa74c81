"""Scrapy settings for every crawl: polite by default, overridable per run.

Organiser sites are small: a chamber's or a club's web server must never notice us. Hence robots.txt,
AutoThrottle on top of a fixed delay, two requests at a time per site, retries that back off, and an
HTTP cache that revalidates (ETag / Last-Modified) so that a nightly re-crawl of unchanged pages is
answered by 304s.
"""

from __future__ import annotations

from typing import Any

from aggregator import __version__

BOT_NAME = "digital-events-aggregator"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

AGGREGATOR_CONTACT_URL = "https://github.com/digital-events-aggregator/aggregator"
"""Where a site operator learns who crawls them and how to object; part of the User-Agent."""


def user_agent(contact_url: str = AGGREGATOR_CONTACT_URL) -> str:
    return (
        f"digital-events-aggregator/{__version__} (+{contact_url}; "
        "collects public event listings for feeds)"
    )


USER_AGENT = user_agent()
ROBOTSTXT_OBEY = True

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0
"""Seconds before the first retry; doubled for each further one (aggregator.crawl.backoff)."""
RETRY_BACKOFF_MAX = 60.0

DOWNLOADER_MIDDLEWARES = {
    # First of all, before robots.txt (100) is asked for: where the crawl may go at all.
    "aggregator.crawl.urlpolicy.UrlPolicy": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "aggregator.crawl.backoff.BackoffRetryMiddleware": 550,
    # After decompression (590), before MetaRefreshMiddleware (580) reads the page.
    "aggregator.crawl.charset.CharsetRepair": 585,
    # Closer to the network than the cache (900), so it sees the 304s the cache turns into pages.
    "aggregator.crawl.stats.WireStats": 950,
}

HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "aggregator.crawl.httpcache.RevalidatingPolicy"
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_GZIP = True
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# Sources come from a file people edit; a local path or inline data in it must not be read.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}

EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "aggregator.crawl.stats.SourceStats": 500,
    "aggregator.crawl.progress.CrawlProgress": 510,
}

# Each source's raw items: one JSON-lines file per source and run, renamed into place when whole.
ITEM_PIPELINES = {"aggregator.crawl.rawfile.RawFileWriter": 900}
AGGREGATOR_RAW_DIR = "data/raw"
AGGREGATOR_SOURCES = "sources.toml"
ICAL_WINDOW_DAYS = 365
"""Recurring iCalendar events are expanded into occurrences this many days ahead."""

# Limits no page can exceed; a source that reaches one is reported with the limit's name and is
# "partial" (it keeps its events). Per source in sources.toml: max_pages, max_events, max_seconds.
AGGREGATOR_MAX_EVENTS = 10_000
"""Events per source and crawl (``max_events``); the items beyond are dropped, the crawl closed."""
AGGREGATOR_MAX_SECONDS = 1800
"""Wall time of one source's crawl (``max_seconds``), applied as Scrapy's CLOSESPIDER_TIMEOUT."""
AGGREGATOR_CRAWL_SECONDS = 4 * 3600
"""Wall time of the whole crawl process: past it the process group is stopped, then killed, and
the sources still running fail. The backstop for a source that blocks the crawl's event loop."""
ICAL_MAX_OCCURRENCES = 500
"""Occurrences of one recurring iCalendar event at most (``RRULE:FREQ=SECONDLY`` exists)."""
JSONLD_MAX_DEPTH = 64
"""Nesting of one JSON-LD script at most; deeper scripts are dropped before they are parsed."""

# render = true: pages go through headless Chromium (scrapy-playwright). The crawl installs the
# download handler only when a source asks for it; Debian's chromium is used, never a download.
AGGREGATOR_CHROMIUM = "/usr/bin/chromium"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": AGGREGATOR_CHROMIUM,
    "headless": True,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
    ],
}
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2


def skip_heavy_resources(request: Any) -> bool:
    """Rendering needs the page's scripts and data, not its pictures, videos and fonts."""
    return request.resource_type in ("image", "media", "font")


PLAYWRIGHT_ABORT_REQUEST = skip_heavy_resources

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
