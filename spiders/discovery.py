"""Which source kind fits an organiser's site: the cheap signals real sites carry.

``discover`` reads one page. :class:`Prober` drives it over the few pages a person would look at:
the page given, the site's events page (the "Veranstaltungen" link), and two event pages linked
from there, because many sites put schema.org markup only on the event pages themselves. The
spider ``auto`` and ``aggregator sources --discover`` both use the prober, each with its own way
of fetching pages.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from spiders.schemaorg import extract_events
from spiders.tribe import API_PATH, api_url_from_page, api_urls

FEED_TYPES = ("application/rss+xml", "application/atom+xml")
LISTING_RE = re.compile(
    r"veranstaltung|termin|event|kalender|calendar|agenda|seminar|webinar|workshop|"
    r"weiterbildung|kurs",
    re.IGNORECASE,
)
NEXT_SELECTOR = 'a[rel~="next"]::attr(href), link[rel~="next"]::attr(href), a.next::attr(href)'
"""The usual ways a listing links its next page (rel=next, class "next")."""
MAX_PROBES = 6


@dataclass(frozen=True)
class Discovery:
    kind: str
    url: str
    reason: str
    follow: str | None = None
    """For jsonld found on event pages only: the selector of their links on ``url``."""
    next: str | None = None


def discover(html: str, url: str) -> Discovery | None:
    """The best kind for this page alone, in order of how much structure each gives."""
    page = Selector(text=html)
    if _is_events_calendar(page, html):
        api = api_url_from_page(html, url) or api_urls(_site_root(url))[0]
        return Discovery("tribe", api, "The Events Calendar (WordPress) on the page")
    calendar = page.css('link[rel="alternate"][type="text/calendar"]::attr(href)').get()
    if calendar:
        return Discovery("ical", _join(url, calendar), "iCalendar alternate link")
    subscription = _calendar_link(page, url)
    if subscription:
        return Discovery("ical", subscription, "link to an iCalendar feed")
    if extract_events(html, url).events:
        return Discovery("jsonld", url, "schema.org Event on the page", next=NEXT_SELECTOR)
    feed = _feed_link(page, url)
    if feed:
        return Discovery("rss", feed, "RSS/Atom alternate link")
    return None


def _is_events_calendar(page: Selector, html: str) -> bool:
    return bool(
        page.css('meta[name="tec-api-version"], meta[name="tec-api-origin"]')
        or page.css(f'link[href*="{API_PATH}"]')
        or "/plugins/the-events-calendar/" in html
    )


def _calendar_link(page: Selector, url: str) -> str | None:
    """A calendar to subscribe to, not the "add to calendar" links of single events: one distinct
    feed link, or the one whose text offers a subscription."""
    links: dict[str, str] = {}
    for anchor in page.css("a[href]"):
        href = (anchor.attrib.get("href") or "").strip()
        lowered = href.lower()
        path = urlsplit(lowered).path
        if lowered.startswith("webcal:") or path.endswith(".ics") or "ical=1" in lowered:
            target = "https:" + href[len("webcal:") :] if lowered.startswith("webcal:") else href
            text = " ".join(anchor.css("::text").getall())
            links.setdefault(_join(url, target), text)
    if len(links) == 1:
        return next(iter(links))
    offers = [link for link, text in links.items() if re.search(r"abonn|subscri", text, re.I)]
    return offers[0] if offers else None


def _feed_link(page: Selector, url: str) -> str | None:
    """The site's feed; one that names events beats the general news feed."""
    feeds = []
    for link in page.css('link[rel="alternate"]'):
        if (link.attrib.get("type") or "").lower() in FEED_TYPES and link.attrib.get("href"):
            label = f"{link.attrib.get('title', '')} {link.attrib['href']}"
            feeds.append((not LISTING_RE.search(label), _join(url, link.attrib["href"])))
    return min(feeds)[1] if feeds else None


def listing_links(html: str, url: str, limit: int = 3) -> list[str]:
    """Links on the same site whose text or address says events ("Veranstaltungen", "Termine")."""
    host = urlsplit(url).netloc
    found: list[str] = []
    for anchor in Selector(text=html).css("a[href]"):
        href = _join(url, anchor.attrib["href"]).split("#")[0]
        text = " ".join(anchor.css("::text").getall())
        if urlsplit(href).netloc != host or href.rstrip("/") == url.split("#")[0].rstrip("/"):
            continue
        if (LISTING_RE.search(text) or LISTING_RE.search(urlsplit(href).path)) and (
            href not in found
        ):
            found.append(href)
    return found[:limit]


def detail_links(html: str, url: str, limit: int = 2) -> tuple[str | None, list[str]]:
    """The links of a listing that lead to its events' own pages, and a selector for them.

    Candidates lie below the listing's folder; the biggest group sharing a CSS class (or, without
    classes, an address prefix) wins, since a listing repeats one markup per event.
    """
    base = url.split("?")[0].split("#")[0]
    folder = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
    groups: dict[str, list[str]] = {}
    raw_hrefs: dict[str, list[str]] = {}
    for anchor in Selector(text=html).css("a[href]"):
        raw = anchor.attrib["href"].strip()
        href = _join(url, raw).split("#")[0]
        if not href.startswith(folder) or href in (base, folder) or "page=" in href:
            continue
        if anchor.attrib.get("rel") == "next" or "next" in anchor.attrib.get("class", ""):
            continue
        classes = anchor.attrib.get("class", "").split()
        group = f"a.{classes[0]}" if classes else ""
        if href not in groups.setdefault(group, []):
            groups[group].append(href)
            raw_hrefs.setdefault(group, []).append(raw)
    if not groups:
        return None, []
    group = max(groups, key=lambda g: (len(groups[g]), g != ""))
    if group:
        return f"{group}::attr(href)", groups[group][:limit]
    prefix = _common_prefix(raw_hrefs[group])
    if len(prefix) < 2:
        return None, []
    return f'a[href^="{prefix}"]::attr(href)', groups[group][:limit]


def _common_prefix(hrefs: list[str]) -> str:
    counts = Counter(h.rsplit("/", 1)[0] + "/" for h in hrefs if "/" in h)
    if not counts:
        return ""
    prefix, count = counts.most_common(1)[0]
    return prefix if count >= max(2, len(hrefs) // 2) else ""


class Prober:
    """Discovery over a few pages, fetched by the caller: ``next_url`` says which page to fetch,
    ``feed`` takes it and returns the discovery once one is made."""

    def __init__(self, url: str, max_probes: int = MAX_PROBES) -> None:
        self.start = url
        self.max_probes = max_probes
        self.queue: deque[tuple[str, str, str | None, str | None]] = deque(
            [(url, "page", None, None)]
        )
        self.seen: set[str] = set()
        self.current: tuple[str, str, str | None, str | None] | None = None
        self.looked_at: list[str] = []

    def next_url(self) -> str | None:
        while self.queue and len(self.looked_at) < self.max_probes:
            self.current = self.queue.popleft()
            if self.current[0] not in self.seen:
                self.seen.add(self.current[0])
                self.looked_at.append(self.current[0])
                return self.current[0]
        return None

    def feed(self, url: str, html: str) -> Discovery | None:
        assert self.current is not None
        _, role, listing, selector = self.current
        if role == "detail":
            if extract_events(html, url).events and listing:
                return Discovery(
                    "jsonld",
                    listing,
                    "schema.org Event on the event pages",
                    follow=selector,
                    next=NEXT_SELECTOR,
                )
            return None
        found = discover(html, url)
        if found is not None:
            return found
        if role == "listing" or LISTING_RE.search(urlsplit(url).path):
            selector, links = detail_links(html, url)
            if selector:
                self.queue.extendleft(reversed([(link, "detail", url, selector) for link in links]))
        if role == "page":
            self.queue.extend((link, "listing", None, None) for link in listing_links(html, url))
        return None


def _site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _join(base: str, href: str) -> str:
    return urljoin(base, href.strip())
