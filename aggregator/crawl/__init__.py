"""Everything that runs inside the crawl process: Scrapy settings, middlewares, extensions, the HTTP
cache policy, rendering, the per-source figures; and the two ways to start that process (a local
child process, or jobs on scrapyd nodes)."""
