"""The Scrapy settings module that ``scrapy.cfg``, scrapyd eggs and ``scrapy crawl`` name.

That name is a promise to deployments; the settings themselves live with the rest of the crawl
machinery in ``aggregator.crawl.settings``.
"""

from aggregator.crawl.settings import *  # noqa: F403
