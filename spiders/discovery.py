"""Which source kind fits a page: the cheap signals real organiser sites carry."""

from __future__ import annotations

from dataclasses import dataclass

from parsel import Selector

from spiders.schemaorg import extract_events
from spiders.tribe import API_PATH

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


@dataclass(frozen=True)
class Discovery:
    kind: str
    url: str
    reason: str


def discover(html: str, url: str) -> Discovery | None:
    """The best kind for a page, in order of how much structure each gives."""
    page = Selector(text=html)
    if page.css('meta[name="tec-api-version"]') or page.css('meta[name="tec-api-origin"]'):
        origin = page.css('meta[name="tec-api-origin"]::attr(content)').get()
        root = origin or page.css('link[rel="https://api.w.org/"]::attr(href)').get() or url
        root = root.split("/wp-json")[0].rstrip("/") + "/"
        return Discovery("tribe", _join(url, root), "The Events Calendar API meta tag")
    calendar = page.css('link[rel="alternate"][type="text/calendar"]::attr(href)').get()
    if calendar:
        return Discovery("ical", _join(url, calendar), "iCalendar alternate link")
    for href in page.css("a::attr(href)").getall():
        lowered = href.lower()
        if lowered.startswith("webcal:") or lowered.endswith(".ics") or "ical=1" in lowered:
            return Discovery("ical", _join(url, href.replace("webcal://", "https://")), "ics link")
    if extract_events(html, url).events:
        return Discovery("jsonld", url, "schema.org Event on the page")
    for feed_type in FEED_TYPES:
        feed = page.css(f'link[rel="alternate"][type="{feed_type}"]::attr(href)').get()
        if feed:
            return Discovery("rss", _join(url, feed), f"{feed_type} alternate link")
    if page.css(f'link[href*="{API_PATH}"]'):
        return Discovery("tribe", url, "wp-json tribe link")
    return None


def _join(base: str, href: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, href.strip())
