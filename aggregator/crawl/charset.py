"""Which encoding a page really is in, when its declarations disagree with its bytes.

Scrapy believes the HTTP header before the page: a server that sends ``charset=ISO-8859-1`` for
every file (Apache's old default) turns a UTF-8 page into "KÃ¼nstliche Intelligenz in GÃ¶rlitz".
Here the page is decoded as browsers and people would read it: a byte-order mark first, then a
``<meta charset>`` that decodes the bytes cleanly, then the header's charset if it does; and a
single-byte charset (Latin-1, Windows-1252) loses to UTF-8 when the bytes are valid UTF-8 with
multi-byte characters, which text in those charsets practically never is. Bytes no declaration
decodes are left to charset-normalizer's detection.

Choosing the decoding from the bytes beats repairing the text afterwards (ftfy): the bytes still
say everything, and a repair heuristic can damage text that was right. w3lib reads the
declarations as Scrapy does; charset-normalizer (maintained, already installed with requests)
guesses only when nothing declared fits.
"""

from __future__ import annotations

import codecs
from typing import Any

import charset_normalizer
from scrapy.http import Request, Response, TextResponse
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

SINGLE_BYTE = {"cp1252", "iso8859_1", "iso8859_15", "ascii"}
"""Charsets in which any byte is a character, so that UTF-8 bytes "decode" into mojibake."""


def decodes(body: bytes, encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def real_encoding(body: bytes, header: str | None) -> str | None:
    """The encoding to read ``body`` in, given the Content-Type header's charset; None when the
    body is plain ASCII and any declaration will do."""
    bom, _ = read_bom(body)
    if bom:
        return resolve_encoding(bom)
    if body.isascii():
        return None
    declared = [html_body_declared_encoding(body), http_content_type_encoding(header)]
    chosen = next((resolve_encoding(e) for e in declared if e and decodes(body, e)), None)
    if chosen is None:
        best = charset_normalizer.from_bytes(body).best()
        if best is None:
            return None
        # Of the charsets that give the same text, the one German sites write in.
        return "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    if _codec(chosen) in SINGLE_BYTE and decodes(body, "utf-8"):
        return "utf-8"
    return chosen


class CharsetRepair:
    """Downloader middleware: hand pages on decoded in their real encoding (after decompression
    at 590, before MetaRefreshMiddleware at 580 reads the page)."""

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CharsetRepair:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        if not isinstance(response, TextResponse):
            return response
        header = response.headers.get(b"Content-Type")
        encoding = real_encoding(response.body, header.decode("latin-1") if header else None)
        if encoding is None or _codec(encoding) == _codec(response.encoding):
            return response
        self.stats.inc_value("aggregator/repaired/charset")
        return response.replace(encoding=encoding)


def _codec(encoding: str) -> str:
    """Python's canonical name of an encoding (``utf8``, ``UTF-8`` -> ``utf_8``)."""
    try:
        return codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        return encoding.lower()
