"""Links that open a calendar service's "new event" or "subscribe" form, filled in from our data.

People who live in Google Calendar or Outlook.com add an event or subscribe a feed with one click
rather than downloading a file; both services read these documented query parameters. Times go to
Google in UTC (its ``dates`` value has no offset) and to Outlook as ISO 8601 with the offset.
All-day events carry the exclusive end day, as in iCalendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from feeds import labels, sanitise

GOOGLE_EVENT = "https://calendar.google.com/calendar/render"
OUTLOOK_EVENT = "https://outlook.live.com/calendar/0/action/compose"
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"
UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_ESCAPED = [chr(byte) if byte in UNRESERVED else f"%{byte:02X}" for byte in range(256)]
"""Each byte as ``urllib.parse.quote(..., safe="")`` writes it."""


def google_event(event: dict[str, Any], details: str) -> str:
    start, end = _span(event)
    if isinstance(start, datetime):
        dates = f"{_utc(start)}/{_utc(end if isinstance(end, datetime) else start)}"
    else:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    params = {
        "action": "TEMPLATE",
        "text": labels.titled(event),
        "dates": dates,
        "details": details,
        "location": labels.place_label(event),
        "ctz": event.get("timezone") or "Europe/Berlin",
    }
    return f"{GOOGLE_EVENT}?{query(params)}"


def outlook_event(event: dict[str, Any], details: str) -> str:
    start, end = _span(event)
    params = {
        "rru": "addevent",
        "subject": labels.titled(event),
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "allday": "false" if isinstance(start, datetime) else "true",
        "location": labels.place_label(event),
        "body": details,
    }
    return f"{OUTLOOK_EVENT}?{query(params)}"


def google_subscribe(webcal_url: str) -> str:
    """Google adds a calendar by its ``webcal://`` address (``cid``)."""
    return f"{GOOGLE_SUBSCRIBE}?{query({'cid': webcal_url})}"


def outlook_subscribe(https_url: str, name: str) -> str:
    params = {"url": https_url, "name": sanitise.line(name)}
    return f"{OUTLOOK_SUBSCRIBE}?{query(params)}"


def query(params: dict[str, str]) -> str:
    """``urlencode(params, quote_via=quote)``, byte for byte: the standard library quotes in a
    Python loop over the bytes, which on every event page (two forms with the title, place and
    links) came to a third of the page's template time; a table of the 256 bytes joined in C
    gives the same text."""
    return "&".join(f"{_quote(key)}={_quote(value)}" for key, value in params.items())


def _quote(text: str) -> str:
    return "".join(map(_ESCAPED.__getitem__, text.encode("utf-8")))


def _span(event: dict[str, Any]) -> tuple[date | datetime, date | datetime]:
    """Start and end as the forms want them: a timed event without an end ends when it starts;
    an all-day event ends on the day after its last day."""
    start = labels.parse(event["start"])
    end = labels.parse(event["end"]) if event.get("end") else None
    if isinstance(start, datetime):
        return start, end if isinstance(end, datetime) and end > start else start
    last = end if isinstance(end, date) and not isinstance(end, datetime) else start
    return start, last + timedelta(days=1)


def _utc(value: datetime) -> str:
    return f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
