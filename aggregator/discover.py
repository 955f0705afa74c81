"""``aggregator sources --discover URL``: fetch one page and print the source row ``auto`` would use."""

from __future__ import annotations

import re
import urllib.request
from urllib.parse import urlsplit

from aggregator.settings import USER_AGENT
from spiders.discovery import discover


def discover_source(url: str, timeout: float = 20) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
        html = response.read().decode(response.headers.get_content_charset() or "utf-8", "replace")
    found = discover(html, url)
    if found is None:
        return f'# no events found on {url}: try kind = "html" with selectors'
    name = re.sub(r"[^a-z0-9]+", "-", urlsplit(url).hostname or "source").strip("-")
    return (
        "[[source]]\n"
        f'name = "{name}"\n'
        f'url = "{found.url}"\n'
        f'kind = "{found.kind}"  # {found.reason}\n'
    )
