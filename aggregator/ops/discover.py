"""``aggregator sources --discover URL``: look at a site and print the source row ``auto`` would use.

The same prober as the ``auto`` spider, fetching with urllib: a person adding a source wants an
answer in a second, not a Scrapy run; the row printed is meant to be pasted into sources.toml and
checked.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable
from html import unescape
from urllib.parse import urlsplit

from aggregator.crawl.settings import USER_AGENT
from aggregator.folding import slug
from spiders.discovery import Discovery, Prober

Fetch = Callable[[str], str]


def fetch_page(url: str, timeout: float = 20) -> str:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
        charset: str = response.headers.get_content_charset() or "utf-8"
        body: bytes = response.read()
        return body.decode(charset, "replace")


def discover_site(url: str, fetch: Fetch = fetch_page) -> tuple[Discovery | None, list[str]]:
    """The discovery for the site at ``url`` and the pages looked at to make it."""
    url = "https://" + url[len("webcal://") :] if url.startswith("webcal://") else url
    prober = Prober(url)
    while (page_url := prober.next_url()) is not None:
        try:
            html = fetch(page_url)
        except (urllib.error.URLError, OSError, ValueError):
            if page_url == url:
                raise
            continue
        found = prober.feed(page_url, html)
        if found is not None:
            return found, prober.looked_at
    return None, prober.looked_at


GENERIC_TITLE_PARTS = frozenset(
    {"startseite", "home", "homepage", "willkommen", "veranstaltungen", "termine", "events",
     "aktuelles", "news", "kalender", "start"}
)  # fmt: skip
"""Parts of a page title that name the page, not the site (``Startseite | Digitalagentur``)."""
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:-]\s+|\s+[|]\s*")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SITE_NAME = re.compile(
    r"<meta[^>]+property=[\"']og:site_name[\"'][^>]+content=[\"']([^\"']+)", re.IGNORECASE
)


def site_name(url: str, html: str) -> str:
    """The row's name: the site's own name (``og:site_name``, or the part of its title that is
    not "Startseite"), else its host and path, so that rows discovered on different sites, or on
    one host (``127.0.0.1``, ``ihk.de/chemnitz``), never share a name."""
    match = _SITE_NAME.search(html) or _TITLE.search(html)
    if match:
        title = unescape(" ".join(match.group(1).split()))
        parts = [p for p in _TITLE_SEPARATORS.split(title) if slug(p)]
        named = [p for p in parts if slug(p).replace("-", " ") not in GENERIC_TITLE_PARTS]
        if named:
            return slug(named[0])[:60].strip("-")
    address = urlsplit(url)
    host = (address.hostname or "source").removeprefix("www.")
    return slug(f"{host} {address.path}")[:60].strip("-") or "source"


def source_row(
    url: str, found: Discovery | None, looked_at: list[str], name: str | None = None
) -> str:
    if found is None:
        return (
            f"# no events calendar, iCalendar feed, schema.org events or feed found on "
            f"{', '.join(looked_at)}\n"
            '# describe the listing with kind = "html" and selectors (see docs/sources.md)'
        )
    name = name or site_name(url, "")
    lines = [
        "[[source]]",
        f'name = "{name}"',
        f'url = "{found.url}"',
        f'kind = "{found.kind}"  # {found.reason}',
        "verified = false",
        f'notes = "found by --discover on {url}; check organizer, region and topics"',
    ]
    if found.follow or found.next:
        lines.append("[source.selectors]")
        if found.follow:
            lines.append(f"follow = '{found.follow}'")
        if found.next:
            lines.append(f"next = '{found.next}'")
    return "\n".join(lines)


def discover_source(url: str, fetch: Fetch = fetch_page) -> str:
    pages: list[str] = []

    def remembered(page_url: str) -> str:
        html = fetch(page_url)
        pages.append(html)
        return html

    found, looked_at = discover_site(url, remembered)
    return source_row(url, found, looked_at, site_name(url, pages[0] if pages else ""))
