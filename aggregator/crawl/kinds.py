"""Which spider reads a source: found by Scrapy's own ``SpiderLoader`` in ``SPIDER_MODULES``.

A source's ``kind`` is a spider's name: the generic kinds (``jsonld``, ``ical``, ...) and every
site spider placed in ``spiders/`` are found the same way, without a list kept by hand.
"""

from __future__ import annotations

from scrapy import Spider
from scrapy.settings import BaseSettings, Settings
from scrapy.spiderloader import get_spider_loader


def _project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("aggregator.crawl.settings", priority="project")
    return settings


def source_kinds(settings: BaseSettings | None = None) -> frozenset[str]:
    """Every kind a ``sources.toml`` row may name."""
    return frozenset(get_spider_loader(settings or _project_settings()).list())


def spider_for(kind: str, settings: BaseSettings | None = None) -> type[Spider]:
    """The spider class of a kind; KeyError for a kind no spider has."""
    return get_spider_loader(settings or _project_settings()).load(kind)
