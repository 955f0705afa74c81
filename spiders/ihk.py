"""Site spider ``ihk``: the chambers' shared event platform on ihk.de (IHK Dresden, IHK Chemnitz).

The pattern to copy for a site no generic kind fits: a module in ``spiders/`` with one
:class:`SourceSpider` subclass whose ``name`` is the ``kind`` a sources.toml row names, a recorded
page under ``tests/sites/`` and a test file ``tests/unit/test_spider_<name>.py``.

The platform's event search builds its result list with JavaScript (so its rows say
``render = true``) and links each event's own page, whose address carries the platform's numeric
content id. The event page has no structured data, but a fixed layout: the title in ``h1``, date
and time in ``div.lead`` ("09.02.2027, 09:00 - 15:00 Uhr"), the place after a
"Veranstaltungsort:" label, the price after a "Preis" heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.http import Response

from spiders.base import SourceSpider

CONTENT_ID_RE = re.compile(r"(\d{6,})")
"""The platform's content ids (``…/veranstaltung-xyz-6041401``) mark links to event pages."""
PLACE_LABEL = "Veranstaltungsort"
PRICE_LABEL = "Preis"


class IhkSpider(SourceSpider):
    name = "ihk"
    kind = "ihk"

    def parse(self, response: Response) -> Iterator[Any]:
        """The search result list: every link to an event page (the row's ``follow`` selector, or
        any link with a content id), then the result list's next page."""
        assert self.source is not None
        if not hasattr(response, "css"):
            self.fail(f"not an HTML page at {response.url}")
            return
        selectors = self.source.selectors
        hrefs = response.css(selectors.follow or "a::attr(href)").getall()
        links = dict.fromkeys(response.urljoin(h.strip()) for h in hrefs if h.strip())
        here = urlsplit(response.url).path
        events = [
            link
            for link in links
            if CONTENT_ID_RE.search(urlsplit(link).path.rsplit("/", 1)[-1])
            and urlsplit(link).path != here  # the search itself has a content id too
        ]
        if not events and response.meta.get("is_start"):
            self.logger.warning("%s: no event links at %s", self.source_name, response.url)
        for link in events:
            # Event pages are plain HTML; only the search needs the browser.
            request = self.page(link, self.parse_event, render=False)
            if request is not None:
                yield request
        yield from self.next_page(response)

    def parse_event(self, response: Response) -> Iterator[Any]:
        title = _clean(" ".join(response.css("h1 ::text").getall()))
        when = _clean(" ".join(response.css("div.lead ::text").getall()))
        if not title or not when:
            self.drop("missing-title-or-date", response.url, title)
            return
        content = response.css("div.richtext") or response.css("main")
        match = CONTENT_ID_RE.search(urlsplit(response.url).path.rsplit("/", 1)[-1])
        yield self.raw_event(
            response,
            key=f"ihk:{match.group(1)}" if match else response.url,
            title=title,
            when=when,
            place_text=_after_label(content, PLACE_LABEL) or None,
            description=_description(content) or None,
            event_url=response.url,
            raw={"price": _after_label(content, PRICE_LABEL) or None, "lead": when},
        )


def _clean(text: str) -> str:
    return " ".join(text.split())


def _lines(node: Selector) -> str:
    """An element's text with its line breaks as commas: addresses are written line by line."""
    html = re.sub(r"\s*<br\s*/?>\s*", ", ", node.get())
    return _clean(" ".join(Selector(text=html).xpath("//body//text()").getall()))


def _after_label(content: Any, label: str) -> str:
    """The value that follows a label: in the same paragraph (``<strong>Label:</strong><br>…``)
    or in the element after a heading that says it."""
    for element in content.xpath(".//*[self::p or self::h2 or self::h3 or self::h4 or self::dt]"):
        text = _lines(element)
        if not text.startswith(label):
            continue
        rest = text[len(label) :].lstrip(":, ").strip()
        if rest:
            return rest
        following = element.xpath("following-sibling::*[1]")
        return _lines(following[0]) if following else ""
    return ""


def _description(content: Any) -> str:
    """The event's text: the paragraphs before the first labelled section."""
    parts = []
    for element in content.xpath("./*"):
        text = _lines(element)
        if element.root.tag in ("h2", "h3", "h4") or text.startswith((PLACE_LABEL, PRICE_LABEL)):
            break
        if element.root.tag == "p" and text:
            parts.append(element.get())
    return "".join(parts)
