"""Kind ``html``: plain listings described by CSS selectors in ``sources.toml``.

On a listing page, ``item`` selects one element per event and ``title``, ``when``, ``place``,
``description``, ``link`` and ``follow`` apply inside that element; ``next`` applies to the page.
``follow`` gives the event's detail page to read as well. There the ``detail_*`` selectors apply to
the whole page, and so does schema.org markup if the page has any: the detail page's values win
where it has them, the listing's fill what it lacks (listings shorten titles and descriptions and
often leave out the time). A listing event whose detail page fails is kept as the listing says it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector
from scrapy.http import Response
from twisted.python.failure import Failure

from aggregator.model.address import ADDRESS_FIELDS
from aggregator.model.raw import RawEvent
from spiders.base import SourceSpider, failed_request
from spiders.jsonld import event_from_schemaorg
from spiders.schemaorg import extract_events

STRUCTURED_FIELDS = (
    "start",
    "end",
    "all_day",
    *ADDRESS_FIELDS,
    "attendance",
    "online_url",
    "status",
    "organizer",
)
"""What a detail page's schema.org Event adds to a listing item when the item lacks it."""


_BREAK_RE = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)


class HtmlSpider(SourceSpider):
    name = "html"
    kind = "html"

    def parse(self, response: Response) -> Iterator[Any]:
        assert self.source is not None
        selectors = self.source.selectors
        if not hasattr(response, "css"):
            self.fail(f"not an HTML page at {response.url}")
            return
        elements = response.css(selectors.item)
        if not elements and response.meta.get("is_start"):
            self.logger.warning(
                "%s: item selector %r matches nothing at %s (has the site changed?)",
                self.source_name,
                selectors.item,
                response.url,
            )
        for element in elements:
            item = self._listing_item(response, element)
            detail = element.css(selectors.follow).get() if selectors.follow else None
            if detail:
                url = response.urljoin(detail.strip())
                item.event_url = item.event_url or url
                request = self.page(
                    url, self.parse_detail, cb_kwargs={"item": item}, errback=self.detail_failed
                )
                if request is not None:
                    yield request
                    continue
            yield from self._valid(item)
        yield from self.next_page(response)

    def _listing_item(self, response: Response, element: Selector) -> RawEvent:
        assert self.source is not None
        selectors = self.source.selectors
        title = _text(element, selectors.title)
        when = _text(element, selectors.when)
        href = element.css(selectors.link).get() if selectors.link else None
        link = response.urljoin(href.strip()) if href else None
        return self.raw_event(
            response,
            key=link or f"{response.url}#{title}#{when}",
            title=title or None,
            when=when or None,
            place_text=_text(element, selectors.place) or None,
            description=_html(element, selectors.description) or None,
            published=_text(element, selectors.published) or None,
            event_url=link,
            raw=element.get(),
        )

    def parse_detail(self, response: Response, item: RawEvent) -> Iterator[Any]:
        assert self.source is not None
        selectors = self.source.selectors
        if hasattr(response, "css"):
            for field, selector in (
                ("title", selectors.detail_title),
                ("when", selectors.detail_when),
                ("place_text", selectors.detail_place),
                ("published", selectors.detail_published),
            ):
                value = _text(response, selector)
                if value:
                    setattr(item, field, value)
            description = _html(response, selectors.detail_description)
            if description:
                item.description = description
            self._complete_from_markup(response, item)
        item.url = response.url
        yield from self._valid(item)

    def _complete_from_markup(self, response: Response, item: RawEvent) -> None:
        found = extract_events(response.text, response.url)
        if len(found.events) != 1:
            return
        structured = event_from_schemaorg(self, response, found.events[0])
        if structured is None:
            return
        for field in STRUCTURED_FIELDS:
            if getattr(item, field) in (None, "") and getattr(structured, field) is not None:
                setattr(item, field, getattr(structured, field))
        item.title = item.title or structured.title
        item.description = item.description or structured.description

    def detail_failed(self, failure: Failure) -> Iterator[Any]:
        self.on_error(failure)
        yield from self._valid(failed_request(failure).cb_kwargs["item"])

    def _valid(self, item: RawEvent) -> Iterator[RawEvent]:
        if not item.title or not (item.when or item.start):
            self.drop("missing-title-or-date", item.url, item.title or "")
            return
        yield item


def _text(node: Any, selector: str | None) -> str:
    """The text a selector picks; elements are flattened, a line break becomes a comma
    (``Bildungszentrum<br>Limbacher Straße 195`` is one address)."""
    if not selector:
        return ""
    parts = []
    for part in node.css(selector).getall():
        if "<" in part:
            part = _BREAK_RE.sub(", ", part)
            part = " ".join(Selector(text=part).xpath("//body//text()").getall())
        if part.strip():
            parts.append(part.strip())
    return " ".join(" ".join(parts).split())


def _html(node: Any, selector: str | None) -> str:
    if not selector:
        return ""
    return "".join(node.css(selector).getall()).strip()
