"""iCalendar (RFC 5545, with RFC 7986 calendar properties) files for calendar subscriptions.

Times are never floating: each carries a TZID whose VTIMEZONE is in the file, or is UTC. All-day
events use VALUE=DATE with an exclusive DTEND. DTSTAMP and LAST-MODIFIED are when the event's
information last changed, so re-publishing an unchanged database gives an identical file.

The VTIMEZONE blocks come from the icalendar package (from the zoneinfo rules). The events'
content lines are written here: icalendar needs about 4 ms per event, which for a 100,000-event
database appearing in several selections each made publishing take many minutes; the rules for
text escaping and line folding are short and every file is checked by icalendar in the tests.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from aggregator.model.vocabulary import Status
from feeds import entries, identity, labels, sanitise, urls
from feeds.selection import Selection

PRODID = "-//digital-events-aggregator//Termine zur Digitalisierung//DE"
REFRESH = "PT12H"
"""How often calendar apps should fetch the file again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
DEFAULT_ZONE = "Europe/Berlin"
STATUS = {Status.CANCELLED: "CANCELLED", Status.POSTPONED: "TENTATIVE"}


class Calendars:
    """Renders the calendar of each selection; an event's VEVENT is written once per publish
    (kept in ``texts``, where the event's own calendar file finds it)."""

    def __init__(self, base_url: str, texts: entries.EntryTexts | None = None) -> None:
        self.base_url = base_url
        self._vevents: dict[entries.EventKey, str] = {} if texts is None else texts.vevents

    def __len__(self) -> int:
        return len(self._vevents)

    def render(
        self,
        events: list[dict[str, Any]],
        selection: Selection,
        fallback_updated: str,
        *,
        self_url: str | None = None,
        page_link: str | None = None,
    ) -> bytes:
        self_url = self_url or urls.absolute(self.base_url, urls.file_path(selection.slug, "ics"))
        head = [
            f"NAME:{escape_text(selection.title)}",
            f"X-WR-CALNAME:{escape_text(selection.title)}",
            f"X-WR-CALDESC:{escape_text(entries.SUBTITLE)}",
            f"X-WR-TIMEZONE:{DEFAULT_ZONE}",
            f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
            f"X-PUBLISHED-TTL:{REFRESH}",
            f"SOURCE;VALUE=URI:{self_url}",
            f"URL;VALUE=URI:{page_link or entries.page_url(self.base_url, selection)}",
        ]
        return calendar(head, events, [self._vevent(event) for event in events])

    def _vevent(self, event: dict[str, Any]) -> str:
        key = entries.event_key(event)
        text = self._vevents.get(key)
        if text is None:
            text = self._vevents[key] = vevent(event)
        return text


def calendar(head: list[str], events: list[dict[str, Any]], vevents: list[str]) -> bytes:
    """A VCALENDAR with the given calendar properties, a VTIMEZONE for every zone the events
    use, and their VEVENTs."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *head,
    ]
    zones = sorted({zone for event in events for zone in _zones(event)})
    years = _years(events) if events else (0, 0)
    body = [vtimezone(zone, *years) for zone in zones] + vevents
    text = "".join(fold(line) for line in lines) + "".join(body) + "END:VCALENDAR\r\n"
    return text.encode("utf-8")


def event_calendar(
    event: dict[str, Any], base_url: str, texts: entries.EntryTexts | None = None
) -> bytes:
    """One event to add to a calendar (``e/<id>.ics``): the same VEVENT and UID as in the
    subscribed calendars, so an event added alone and later subscribed to shows up once (the
    very text, when a calendar of this publish wrote it into ``texts``)."""
    page = urls.absolute(base_url, urls.event_path(event["id"]))
    head = [f"NAME:{escape_text(labels.titled(event))}", f"URL;VALUE=URI:{page}"]
    known = None if texts is None else texts.vevents.get(entries.event_key(event))
    return calendar(head, [event], [known or vevent(event)])


def vevent(event: dict[str, Any]) -> str:
    start = _value(event["start"], event.get("timezone"))
    end = _value(event["end"], event.get("timezone")) if event.get("end") else None
    updated = _utc(event["updated"])
    lines = [
        "BEGIN:VEVENT",
        f"UID:{identity.calendar_uid(event['id'])}",
        f"DTSTAMP:{updated}",
        f"SUMMARY:{escape_text(labels.titled(event))}",
        _time("DTSTART", start),
    ]
    if event.get("all_day") or not isinstance(start, datetime):
        last = end if isinstance(end, date) and not isinstance(end, datetime) else start
        lines.append(_time("DTEND", last + timedelta(days=1)))  # exclusive in iCalendar
    elif isinstance(end, datetime) and end > start:
        lines.append(_time("DTEND", end))
    lines += [
        f"CREATED:{_utc(event['first_seen'])}",
        f"LAST-MODIFIED:{updated}",
        f"SEQUENCE:{int(event.get('sequence') or 0)}",
        f"STATUS:{STATUS.get(event.get('status') or Status.SCHEDULED, 'CONFIRMED')}",
        "CLASS:PUBLIC",
        "TRANSP:TRANSPARENT",
    ]
    location = labels.place_label(event)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if event.get("latitude") is not None and event.get("longitude") is not None:
        lines.append(f"GEO:{float(event['latitude']):.6f};{float(event['longitude']):.6f}")
    link = sanitise.url(event.get("url"))
    if link:
        lines.append(f"URL;VALUE=URI:{link}")
    lines.append(f"DESCRIPTION:{escape_text(_description(event, link))}")
    names = [*(labels.topic_label(t) for t in event["topics"]), *labels.hashtags(event)]
    if names:
        lines.append(f"CATEGORIES:{','.join(escape_text(name) for name in names)}")
    lines.append("END:VEVENT")
    return "".join(fold(line) for line in lines)


@functools.cache
def vtimezone(zone: str, first_year: int, last_year: int) -> str:
    """The zone's rules for the years the file's events span (the same for every file that
    spans them, so it is worked out once per publish)."""
    component = icalendar.Timezone.from_tzinfo(
        ZoneInfo(zone),
        tzid=zone,
        first_date=date(first_year, 1, 1),
        last_date=date(last_year, 1, 1),
    )
    ical: bytes = component.to_ical()
    return ical.decode("utf-8")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    value = sanitise.text(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with a space
    return "\r\n ".join(parts) + "\r\n"


def _time(name: str, value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if value.tzinfo is UTC:
        return f"{name}:{value:%Y%m%dT%H%M%SZ}"
    return f"{name};TZID={value.tzinfo}:{value:%Y%m%dT%H%M%S}"


def _utc(value: str) -> str:
    return f"{entries.instant(value).astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _zones(event: dict[str, Any]) -> set[str]:
    if len(event["start"]) == 10:
        return set()
    zone = _zone(event.get("timezone"))
    return {str(zone)} if zone else set()


def _years(events: list[dict[str, Any]]) -> tuple[int, int]:
    """From the year before the first event to two years after the last one."""
    first = min(int(e["start"][:4]) for e in events)
    last = max(int((e.get("end") or e["start"])[:4]) for e in events)
    return first - 1, last + 2


def _description(event: dict[str, Any], link: str | None) -> str:
    """Plain text: the facts a calendar does not show elsewhere, then the organiser's text."""
    lines = []
    status = labels.STATUS_WORD.get(event.get("status") or Status.SCHEDULED)
    if status:
        lines.append(status.upper())
    organizer = sanitise.line(event.get("organizer"))
    if organizer:
        lines.append(f"Veranstalter: {organizer}")
    if event["topics"]:
        lines.append("Themen: " + ", ".join(labels.topic_label(t) for t in event["topics"]))
    text = sanitise.text(event.get("description_text")).strip()
    if text:
        lines.extend(["", text])
    if link:
        lines.extend(["", link])
    return "\n".join(lines).strip()


def _value(value: str, zone: str | None) -> date | datetime:
    """A stored time in its own zone (whose VTIMEZONE goes into the file), or in UTC."""
    parsed = labels.parse(value)
    if not isinstance(parsed, datetime):
        return parsed
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_zone(zone) or ZoneInfo(DEFAULT_ZONE))
    local = _zone(zone)
    return parsed.astimezone(local) if local else parsed.astimezone(UTC)


@functools.cache
def _zone(name: str | None) -> ZoneInfo | None:
    if not name or name.upper() in ("UTC", "ETC/UTC", "Z"):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
