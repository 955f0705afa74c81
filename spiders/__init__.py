"""Scrapy spiders: one module per source kind, plus site-specific spiders for sites no kind fits.

Spiders only read pages and yield :class:`aggregator.model.raw.RawEvent`; they know nothing of the
database or the feeds.
"""

from __future__ import annotations

import importlib
import pkgutil

from spiders.base import SourceSpider

KIND_MODULES = {
    "jsonld": "spiders.jsonld",
    "ical": "spiders.ical",
    "tribe": "spiders.tribe",
    "rss": "spiders.rss",
    "html": "spiders.html",
    "auto": "spiders.auto",
}


def spider_for(kind: str) -> type[SourceSpider]:
    """The spider class for a source kind or for the name of a site-specific spider."""
    if kind in KIND_MODULES:
        module = importlib.import_module(KIND_MODULES[kind])
        return _spider_in(module, kind)
    for cls in _site_spiders():
        if cls.name == kind:
            return cls
    raise KeyError(f"no spider for kind {kind!r}")


def site_spider_names() -> set[str]:
    return {cls.name for cls in _site_spiders()}


def _spider_in(module: object, name: str) -> type[SourceSpider]:
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, SourceSpider) and value.name == name:
            return value
    raise KeyError(f"module {module!r} defines no spider named {name!r}")


def _site_spiders() -> list[type[SourceSpider]]:
    """Spiders in modules other than the generic kinds, e.g. ``spiders/ihk_dresden.py``."""
    found = []
    generic = set(KIND_MODULES.values()) | {"spiders.base"}
    for info in pkgutil.iter_modules(__path__, "spiders."):
        if info.name in generic or info.name.split(".")[-1].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, SourceSpider)
                and value.__module__ == info.name
                and getattr(value, "name", None)
            ):
                found.append(value)
    return found
