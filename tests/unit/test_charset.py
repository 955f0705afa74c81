"""Pages whose declared charset lies: decoded as their bytes say, through the middleware a crawl
uses. (A page declared ISO-8859-1 that is UTF-8, crawled for real: tests/integration/test_faults.py.)"""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from aggregator.crawl.charset import CharsetRepair, real_encoding

TITLE = "Künstliche Intelligenz im Handwerk – Görlitz, Straße der Einheit"
PAGE = f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1></body></html>"


def read(body: bytes, content_type: str | None, cls: type = HtmlResponse) -> str:
    """The page's text as the spider sees it after the middleware."""
    crawler = get_crawler(Spider)
    headers = {"Content-Type": content_type} if content_type else {}
    url = "https://kammer.example/veranstaltungen/"
    response = cls(url, body=body, headers=headers, request=Request(url))
    repaired = CharsetRepair.from_crawler(crawler).process_response(response.request, response)
    return repaired.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (PAGE.encode("utf-8"), "text/html; charset=ISO-8859-1"),
        (PAGE.encode("utf-8"), "text/html; charset=windows-1252"),
        (PAGE.encode("cp1252"), "text/html; charset=utf-8"),
        (PAGE.encode("cp1252"), "text/html"),
        (
            PAGE.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252"),
            "text/html; charset=UTF-8",
        ),
        (PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8"), "text/html"),
        (PAGE.encode("utf-8-sig"), "text/html; charset=ISO-8859-1"),
        (PAGE.encode("utf-8"), "text/html; charset=utf-8"),
    ],
    ids=[
        "utf8-declared-latin1",
        "utf8-declared-cp1252",
        "cp1252-declared-utf8",
        "cp1252-undeclared",
        "meta-beats-a-wrong-header",
        "utf8-with-a-wrong-meta",
        "bom-wins",
        "all-true",
    ],
)
def test_the_text_is_what_the_page_says(body, content_type):
    text = read(body, content_type)
    assert TITLE in text
    assert "Ã" not in text


def test_json_declared_latin1_that_is_utf8():
    body = '{"title": "Datenschutz für Vereine in Plauen"}'.encode()
    assert "für" in read(body, "application/json; charset=ISO-8859-1", TextResponse)


def test_plain_ascii_keeps_any_declaration():
    assert real_encoding(b"<p>Digitaltag 2027</p>", "text/html; charset=ISO-8859-1") is None
