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
from urllib.parse import urlsplit

from aggregator.crawl.settings import USER_AGENT
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


def source_row(url: str, found: Discovery | None, looked_at: list[str]) -> str:
    if found is None:
        return (
            f"# no events calendar, iCalendar feed, schema.org events or feed found on "
            f"{', '.join(looked_at)}\n"
            '# describe the listing with kind = "html" and selectors (see docs/sources.md)'
        )
    name = re.sub(r"[^a-z0-9]+", "-", (urlsplit(url).hostname or "source").lower()).strip("-")
    name = name.removeprefix("www-")
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
    found, looked_at = discover_site(url, fetch)
    return source_row(url, found, looked_at)
