"""The URL scheme of the published files: one path per selection and format.

``events.atom`` holds every upcoming event; ``region/sachsen.ics``, ``city/dresden.rss``,
``topic/ki.json`` and ``region/sachsen/topic/ki.atom`` hold a part of them. Paths are made of
ASCII slugs so that they survive every web server, shell and calendar app unchanged.
"""

from __future__ import annotations

FORMATS = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "ics": "text/calendar",
    "json": "application/feed+json",
}
"""File extension -> media type, in the order the page offers them."""


def file_path(slug: str, ext: str) -> str:
    return f"{slug}.{ext}"


def event_path(event_id: str, ext: str = "html") -> str:
    """An event's own page (``e/<id>.html``) and calendar file (``e/<id>.ics``): made from the
    stable id only, so the address never changes while the event's details do."""
    return f"e/{event_id}.{ext}"


def archive_path(year: int) -> str:
    return f"archiv/{year}.html"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def webcal(url: str) -> str | None:
    """The ``webcal://`` form of an http(s) address, which calendar apps open as a subscription."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("http", "https"):
        return "webcal://" + rest
    return None
