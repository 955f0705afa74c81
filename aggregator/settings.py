"""Scrapy settings for every crawl: polite by default, overridable per run."""

BOT_NAME = "digital-events-aggregator"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = (
    "digital-events-aggregator/0.1 (+https://github.com/digital-events-aggregator/aggregator; "
    "collects public event listings for feeds)"
)
ROBOTSTXT_OBEY = True

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# Sources come from a file people edit; a local path or inline data in it must not be read.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}

EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "aggregator.crawlstats.SourceStats": 500,
    "aggregator.progress.CrawlProgress": 510,
}

FEED_EXPORT_ENCODING = "utf-8"
FEED_STORE_EMPTY = True
# Each source's raw items: one JSON-lines file per source and run (spider attributes fill the names).
FEEDS = {
    "data/raw/%(run_id)s/%(source_name)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "overwrite": True,
    }
}
AGGREGATOR_RAW_DIR = "data/raw"
AGGREGATOR_SOURCES = "sources.toml"

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
