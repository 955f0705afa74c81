"""The ``sources.toml`` file: which organiser sites to crawl and how.

Validation is strict about keys (a typo such as ``selector`` instead of ``selectors`` would otherwise
silently crawl nothing) and reports the source and the key, because the file is edited by hand by the
people who run the crawl.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aggregator.folding import slug
from aggregator.model.topics import VOCABULARY

GENERIC_KINDS = ("jsonld", "ical", "tribe", "rss", "html", "auto")
"""The kinds every installation has; site spiders add their names (``aggregator.crawl.kinds``)."""
SELECTOR_KEYS = (
    "follow",
    "next",
    "item",
    "title",
    "when",
    "place",
    "link",
    "description",
    "published",
    "detail_title",
    "detail_when",
    "detail_place",
    "detail_description",
    "detail_published",
)
"""``detail_*`` (kind html) apply to the whole detail page that ``follow`` leads to;
``published`` picks a news item's publication date (the day its ``heute`` means)."""
SOURCE_KEYS = {
    "name",
    "url",
    "kind",
    "organizer",
    "region",
    "topics",
    "selectors",
    "render",
    "enabled",
    "max_pages",
    "max_events",
    "max_seconds",
    "allow_private",
    "delay",
    "concurrency",
    "timezone",
    "verified",
    "notes",
}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DEFAULT_MAX_PAGES = 200
MAX_DELAY = 600.0
"""Seconds; a longer pause between two pages is a typo (milliseconds meant) rather than politeness."""
MAX_CONCURRENCY = 16
"""A source's requests at a time: the crawl's whole budget (``CONCURRENT_REQUESTS``) at most."""


class SourcesError(ValueError):
    """An invalid sources file; the message names the source and the key."""


@dataclass(frozen=True)
class Selectors:
    follow: str | None = None
    next: str | None = None
    item: str | None = None
    title: str | None = None
    when: str | None = None
    place: str | None = None
    link: str | None = None
    description: str | None = None
    published: str | None = None
    detail_title: str | None = None
    detail_when: str | None = None
    detail_place: str | None = None
    detail_description: str | None = None
    detail_published: str | None = None


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str
    organizer: str | None = None
    region: str | None = None
    topics: tuple[str, ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    render: bool = False
    """Render pages in headless Chromium before extraction (JavaScript-built listings)."""
    enabled: bool = True
    max_pages: int = DEFAULT_MAX_PAGES
    max_events: int | None = None
    """Events per crawl at most; None: the crawl's ``AGGREGATOR_MAX_EVENTS``."""
    max_seconds: int | None = None
    """Wall time of the source's crawl at most; None: the crawl's ``AGGREGATOR_MAX_SECONDS``."""
    allow_private: bool = False
    """May the crawl reach loopback, private and link-local addresses (an intranet calendar)? By
    default only the exact host and port of a source URL that is itself on one."""
    delay: float | None = None
    """Seconds between two requests to the site, for sites that allow more (or ask for less) than
    the crawl's ``DOWNLOAD_DELAY``; AutoThrottle still slows down when the site does."""
    concurrency: int | None = None
    """Requests at a time to the site instead of ``CONCURRENT_REQUESTS_PER_DOMAIN``."""
    timezone: str | None = None
    """The zone for times the source gives without one; Europe/Berlin when unset."""
    verified: bool | None = None
    """Whether the row has been checked against the live site; None when nobody said."""
    notes: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "url": self.url,
            "kind": self.kind,
            "organizer": self.organizer,
            "region": self.region,
            "topics": list(self.topics),
            "selectors": {k: getattr(self.selectors, k) for k in SELECTOR_KEYS},
            "render": self.render,
            "enabled": self.enabled,
            "max_pages": self.max_pages,
            "max_events": self.max_events,
            "max_seconds": self.max_seconds,
            "allow_private": self.allow_private,
            "delay": self.delay,
            "concurrency": self.concurrency,
            "timezone": self.timezone,
            "verified": self.verified,
            "notes": self.notes,
        }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        """The inverse of :meth:`to_dict` (crawl jobs and scrapyd pass sources this way); the kind
        was checked when the file was read, and the crawl finds its spider or fails the source."""
        row = {k: v for k, v in data.items() if v is not None}
        row["selectors"] = {k: v for k, v in (row.get("selectors") or {}).items() if v}
        return _source(row, 0, "<dict>", None)


def load_sources(path: str | Path, kinds: Collection[str] = GENERIC_KINDS) -> list[Source]:
    """Read and validate a sources file; ``kinds`` are the kinds a row may name."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path}: not UTF-8 ({exc.reason})") from None
    return parse_sources(text, str(path), kinds)


def parse_sources(
    text: str, origin: str = "sources.toml", kinds: Collection[str] = GENERIC_KINDS
) -> list[Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: not valid TOML: {exc}") from None
    unknown = set(data) - {"source"}
    if unknown:
        raise SourcesError(
            f"{origin}: unknown top-level key {sorted(unknown)[0]!r} (expected [[source]] tables)"
        )
    rows = data.get("source", [])
    if not isinstance(rows, list):
        raise SourcesError(f"{origin}: 'source' must be an array of tables ([[source]])")
    sources = [_source(row, i, origin, kinds) for i, row in enumerate(rows)]
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise SourcesError(f"{origin}: source {source.name!r}: key 'name': used twice")
        seen.add(source.name)
    return sources


def _source(row: Any, index: int, origin: str, kinds: Collection[str] | None) -> Source:
    label = f"source #{index + 1}"
    if not isinstance(row, dict):
        raise SourcesError(f"{origin}: {label}: must be a table")
    name = row.get("name")
    if isinstance(name, str) and name:
        label = f"source {name!r}"

    def fail(key: str, problem: str) -> SourcesError:
        return SourcesError(f"{origin}: {label}: key {key!r}: {problem}")

    for key in row:
        if key not in SOURCE_KEYS:
            raise fail(key, f"unknown key (allowed: {', '.join(sorted(SOURCE_KEYS))})")
    if not isinstance(name, str) or not name:
        raise fail("name", "required, a non-empty string")
    if not NAME_RE.match(name):
        raise fail("name", "use lower-case letters, digits, '-' and '_' only")
    url = row.get("url")
    if not isinstance(url, str) or not url:
        raise fail("url", "required, a non-empty string")
    url = _normalise_url(url)
    problem = _url_problem(url)
    if problem:
        raise fail("url", f"{problem}, got {row['url']!r}")
    kind = row.get("kind", "auto")
    if not isinstance(kind, str) or not kind or (kinds is not None and kind not in kinds):
        known = ", ".join(sorted(kinds or GENERIC_KINDS))
        raise fail("kind", f"must be one of {known}, got {kind!r}")
    for key in ("organizer", "region", "timezone", "notes"):
        if key in row and not isinstance(row[key], str):
            raise fail(key, "must be a string")
    for key in ("organizer", "region", "timezone"):
        if key in row and not row[key].strip():
            raise fail(key, "must not be empty (leave the key out instead)")
    if "timezone" in row and not _is_zone(row["timezone"]):
        raise fail("timezone", f"unknown time zone {row['timezone']!r} (e.g. 'Europe/Berlin')")
    topics = row.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) and t for t in topics):
        raise fail("topics", "must be a list of strings")
    for topic in topics:
        if slug(topic) not in _topic_spellings():
            raise fail("topics", f"unknown topic {topic!r} (see docs/topics.md)")
    for key in ("render", "enabled", "verified", "allow_private"):
        if key in row and not isinstance(row[key], bool):
            raise fail(key, "must be true or false")
    max_pages = row.get("max_pages", DEFAULT_MAX_PAGES)
    for key in ("max_pages", "max_events", "max_seconds"):
        value = row.get(key, 1)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail(key, "must be a whole number of at least 1")
    delay = row.get("delay")
    if delay is not None and (
        not isinstance(delay, int | float) or isinstance(delay, bool) or not 0 <= delay <= MAX_DELAY
    ):
        raise fail("delay", f"must be a number of seconds from 0 to {MAX_DELAY:g}, got {delay!r}")
    concurrency = row.get("concurrency")
    if concurrency is not None and (
        not isinstance(concurrency, int)
        or isinstance(concurrency, bool)
        or not 1 <= concurrency <= MAX_CONCURRENCY
    ):
        raise fail(
            "concurrency",
            f"must be a whole number from 1 to {MAX_CONCURRENCY}, got {concurrency!r}",
        )
    selectors = _selectors(row.get("selectors", {}), fail)
    if kind == "html":
        _check_html_selectors(selectors, fail)
    return Source(
        name=name,
        url=url,
        kind=kind,
        organizer=row.get("organizer"),
        region=row.get("region"),
        topics=tuple(topics),
        selectors=selectors,
        render=row.get("render", False),
        enabled=row.get("enabled", True),
        max_pages=max_pages,
        max_events=row.get("max_events"),
        max_seconds=row.get("max_seconds"),
        allow_private=row.get("allow_private", False),
        delay=None if delay is None else float(delay),
        concurrency=concurrency,
        timezone=row.get("timezone"),
        verified=row.get("verified"),
        notes=row.get("notes"),
    )


def _selectors(value: Any, fail: Any) -> Selectors:
    if not isinstance(value, dict):
        raise fail("selectors", "must be a table ([source.selectors])")
    for key, selector in value.items():
        if key not in SELECTOR_KEYS:
            raise fail(
                f"selectors.{key}", f"unknown selector (allowed: {', '.join(SELECTOR_KEYS)})"
            )
        if selector is not None and (not isinstance(selector, str) or not selector.strip()):
            raise fail(f"selectors.{key}", "must be a non-empty CSS selector string")
        if selector:
            _check_css(selector, lambda problem, key=key: fail(f"selectors.{key}", problem))
    return Selectors(**{k: value.get(k) for k in SELECTOR_KEYS})


def _check_html_selectors(selectors: Selectors, fail: Any) -> None:
    """An html source needs items, and a title and a date from the listing or the detail page."""
    if not selectors.item:
        raise fail("selectors.item", "required for kind 'html'")
    for key in ("title", "when"):
        if not getattr(selectors, key) and not getattr(selectors, f"detail_{key}"):
            raise fail(f"selectors.{key}", "required for kind 'html'")
    details = [k for k in SELECTOR_KEYS if k.startswith("detail_") and getattr(selectors, k)]
    if details and not selectors.follow:
        raise fail(f"selectors.{details[0]}", "needs selectors.follow (the detail page's link)")


def _check_css(selector: str, fail: Any) -> None:
    """Compile the selector now, so a typo is reported before a crawl rather than during it."""
    from parsel import Selector

    try:
        Selector(text="<html></html>").css(selector)
    except Exception as exc:  # cssselect raises several types; all mean "bad selector"
        raise fail(f"not a valid CSS selector: {exc}") from None


def _url_problem(url: str) -> str | None:
    """Why the address cannot be crawled, or None: a scheme the crawl speaks, a host, a port."""
    if re.search(r"[\s\x00-\x1f\x7f]", url):
        return "must not contain spaces or control characters"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an http(s):// or webcal:// URL"
    try:
        port = parts.port
    except ValueError:
        return "has an invalid port"
    if not parts.hostname or port == 0:
        return "has no host" if not parts.hostname else "has an invalid port"
    try:
        parts.hostname.encode("idna")
    except UnicodeError:
        return "has an invalid host name"
    return None


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@cache
def _topic_spellings() -> frozenset[str]:
    """Every spelling of a topic a source may use as a whole: slug, both labels, aliases."""
    return frozenset(
        slug(tag)
        for name, topic in VOCABULARY.items()
        for tag in (name, topic.label_de, topic.label_en, *topic.aliases)
    )


def _normalise_url(url: str) -> str:
    """``webcal://`` is how calendar subscription links are written; it means https."""
    if url.startswith("webcal://"):
        return "https://" + url[len("webcal://") :]
    return url.strip()
