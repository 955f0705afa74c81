"""Scrapy spiders: one module per source kind, plus site-specific spiders for sites no kind fits.

A spider's ``name`` is the ``kind`` a ``sources.toml`` row names; Scrapy's ``SpiderLoader`` finds
every spider here (``SPIDER_MODULES``), so a new site spider needs no registration. Spiders only read
pages and yield :class:`aggregator.model.raw.RawEvent`; they know nothing of the database or the
feeds.
"""
