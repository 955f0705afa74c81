"""Defence in depth at output: whatever the database holds, no script reaches a reader.

Descriptions are sanitised at ingest already; they are cleaned again here with a narrower
allow-list, because feedgen escapes but does not sanitise, and a database written by an older
version (or edited by hand) must not become an attack on subscribers. Control characters are
removed from every string, because XML 1.0 forbids them and feedgen raises on them.

Every function is pure and cached per distinct string: a publish asks for the same city,
organiser, title and description once per format and page.
"""

from __future__ import annotations

import functools
import re

import nh3

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_CLEANER = nh3.Cleaner(
    tags={
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h3", "h4", "h5",
        "h6", "i", "li", "ol", "p", "pre", "s", "small", "strong", "sub", "sup", "u", "ul",
    },
    clean_content_tags={"script", "style"},
    attributes={"a": {"href", "hreflang", "title"}, "abbr": {"title"}},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)  # fmt: skip


@functools.lru_cache(maxsize=65536)
def text(value: str | None) -> str:
    """Plain text safe for XML: control characters removed."""
    return _NOT_XML.sub("", value or "")


@functools.lru_cache(maxsize=65536)
def line(value: str | None) -> str:
    """One line of plain text (titles, names): control characters and line breaks removed."""
    return " ".join(text(value).split())


@functools.lru_cache(maxsize=4096)
def html(value: str | None) -> str:
    """An HTML fragment that keeps formatting and links but nothing that runs."""
    if not value:
        return ""
    return _CLEANER.clean(text(value))


@functools.lru_cache(maxsize=65536)
def url(value: str | None) -> str | None:
    """A link a reader may follow: http(s) only; ``javascript:`` and the like become None."""
    value = line(value)
    scheme, sep, _ = value.partition(":")
    if sep and scheme.lower() in ("http", "https") and " " not in value:
        return value
    return None
