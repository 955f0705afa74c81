"""The URL scheme of the published files: one path per selection and format.

``events.atom`` holds every upcoming event; ``region/sachsen.ics``, ``city/dresden.rss``,
``topic/ki.json`` and ``region/sachsen/topic/ki.atom`` hold a part of them. Paths are made of
ASCII slugs so that they survive every web server, shell and calendar app unchanged.
"""

from __future__ import annotations

import re
import unicodedata

FORMATS = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "ics": "text/calendar",
    "json": "application/feed+json",
}
"""File extension -> media type, in the order the page offers them."""

_SPELT_OUT = str.maketrans(
    {
        **{"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"},
        # Letters that Unicode does not decompose into a base letter and an accent.
        **{"Œ": "Oe", "œ": "oe", "Æ": "Ae", "æ": "ae", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l"},
        **{"Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i"},
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """``Thüringen`` -> ``thueringen``, ``Halle (Saale)`` -> ``halle-saale``.

    German umlauts become their usual two-letter spelling (as in URLs and e-mail addresses of
    German sites); other accents are dropped (``Görlitz`` and ``Gorlitz`` differ, ``Besançon``
    becomes ``besancon``, ``Wrocław`` ``wroclaw``)."""
    text = unicodedata.normalize("NFKD", name.translate(_SPELT_OUT))
    ascii_text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")


def file_path(slug: str, ext: str) -> str:
    return f"{slug}.{ext}"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def webcal(url: str) -> str | None:
    """The ``webcal://`` form of an http(s) address, which calendar apps open as a subscription."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("http", "https"):
        return "webcal://" + rest
    return None
