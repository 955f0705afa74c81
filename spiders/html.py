"""Kind ``html``: plain listings described by CSS selectors in ``sources.toml``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from parsel import Selector
from scrapy.http import Response

from spiders.base import SourceSpider


class HtmlSpider(SourceSpider):
    name = "html"
    kind = "html"

    def parse(self, response: Response) -> Iterator[Any]:
        assert self.source is not None
        selectors = self.source.selectors
        if not hasattr(response, "css"):
            self.drop("not-html", response.url)
            return
        items = response.css(selectors.item)
        for element in items:
            title = _text(element, selectors.title)
            when = _text(element, selectors.when)
            if not title or not when:
                self.drop("missing-title-or-date", response.url, title or "")
                continue
            href = element.css(selectors.link).get() if selectors.link else None
            link = response.urljoin(href.strip()) if href else None
            item = self.raw_event(
                response,
                key=link or f"{response.url}#{title}#{when}",
                title=title,
                when=when,
                place_text=_text(element, selectors.place) or None,
                description=_html(element, selectors.description) or None,
                event_url=link,
                raw=element.get(),
            )
            if link and selectors.follow:
                request = self.page(link, self.parse_detail, cb_kwargs={"item": item})
                if request is not None:
                    yield request
                    continue
            yield item
        if selectors.next:
            href = response.css(selectors.next).get()
            if href:
                request = self.page(response.urljoin(href.strip()), self.parse)
                if request is not None:
                    yield request

    def parse_detail(self, response: Response, item: Any) -> Iterator[Any]:
        """Detail pages complete the listing's fields: a longer description, a fuller place."""
        assert self.source is not None
        selectors = self.source.selectors
        description = _html(response, selectors.description)
        place = _text(response, selectors.place)
        if description and len(description) > len(item.description or ""):
            item.description = description
        if place and len(place) > len(item.place_text or ""):
            item.place_text = place
        yield item


def _text(node: Any, selector: str | None) -> str:
    if not selector:
        return ""
    parts = node.css(selector).getall()
    text = " ".join(p.strip() for p in parts if p and p.strip())
    if "<" in text:
        text = Selector(text=text).xpath("string()").get() or ""
    return " ".join(text.split())


def _html(node: Any, selector: str | None) -> str:
    if not selector:
        return ""
    return "".join(node.css(selector).getall()).strip()
