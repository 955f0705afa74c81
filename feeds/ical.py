"""iCalendar (RFC 5545, with RFC 7986 calendar properties) files for calendar subscriptions.

Times are never floating: each carries a TZID whose VTIMEZONE is in the file, or is UTC. All-day
events use VALUE=DATE with an exclusive DTEND. DTSTAMP and LAST-MODIFIED are when the event's
information last changed, so re-publishing an unchanged database gives an identical file.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from feeds import entries, identity, labels, sanitise, urls
from feeds.selection import Selection

PRODID = "-//digital-events-aggregator//Termine zur Digitalisierung//DE"
REFRESH = timedelta(hours=12)
"""How often calendar apps should fetch the file again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
DEFAULT_ZONE = "Europe/Berlin"
STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def render(
    events: list[dict[str, Any]], selection: Selection, base_url: str, fallback_updated: str
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", selection.title)
    cal.add("x-wr-calname", selection.title)
    cal.add("x-wr-caldesc", entries.SUBTITLE)
    cal.add("x-wr-timezone", DEFAULT_ZONE)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    self_url = urls.absolute(base_url, urls.file_path(selection.slug, "ics"))
    cal.add("source", self_url, parameters={"VALUE": "URI"})
    cal.add("url", entries.page_url(base_url, selection), parameters={"VALUE": "URI"})
    components = [vevent(event) for event in events]
    for zone in sorted({z for c in components for z in _zones(c)}):
        cal.add_component(vtimezone(zone, *_years(events)))
    for component in components:
        cal.add_component(component)
    return cal.to_ical()


@functools.cache
def vtimezone(zone: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The zone's rules for the years the file's events span (the same for every file that
    spans them, so it is worked out once per publish)."""
    return icalendar.Timezone.from_tzinfo(
        ZoneInfo(zone),
        tzid=zone,
        first_date=date(first_year, 1, 1),
        last_date=date(last_year, 1, 1),
    )


def vevent(event: dict[str, Any]) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", identity.calendar_uid(event["id"]))
    component.add("summary", labels.titled(event))
    start = _value(event["start"], event.get("timezone"))
    component.add("dtstart", start)
    end = _value(event["end"], event.get("timezone")) if event.get("end") else None
    if event.get("all_day") or not isinstance(start, datetime):
        last = end if isinstance(end, date) and not isinstance(end, datetime) else start
        component.add("dtend", last + timedelta(days=1))  # exclusive in iCalendar
    elif isinstance(end, datetime) and end > start:
        component.add("dtend", end)
    updated = entries.instant(event["updated"]).astimezone(UTC)
    component.add("dtstamp", updated)
    component.add("last-modified", updated)
    component.add("created", entries.instant(event["first_seen"]).astimezone(UTC))
    component.add("sequence", event.get("sequence") or 0)
    component.add("status", STATUS.get(event.get("status") or "", "CONFIRMED"))
    component.add("class", "PUBLIC")
    component.add("transp", "TRANSPARENT")
    location = labels.place_label(event)
    if location:
        component.add("location", location)
    if event.get("latitude") is not None and event.get("longitude") is not None:
        component.add("geo", (float(event["latitude"]), float(event["longitude"])))
    link = sanitise.url(event.get("url"))
    if link:
        component.add("url", link, parameters={"VALUE": "URI"})
    component.add("description", _description(event, link))
    if event["topics"]:
        component.add("categories", [labels.topic_label(t) for t in event["topics"]])
    return component


def _zones(component: icalendar.Event) -> set[str]:
    return {
        component[name].params["TZID"]
        for name in ("DTSTART", "DTEND")
        if name in component and "TZID" in component[name].params
    }


def _years(events: list[dict[str, Any]]) -> tuple[int, int]:
    """From the year before the first event to two years after the last one."""
    first = min(int(e["start"][:4]) for e in events)
    last = max(int((e.get("end") or e["start"])[:4]) for e in events)
    return first - 1, last + 2


def _description(event: dict[str, Any], link: str | None) -> str:
    """Plain text: the facts a calendar does not show elsewhere, then the organiser's text."""
    lines = []
    status = labels.STATUS_WORD.get(event.get("status") or "")
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
        parsed = parsed.replace(tzinfo=_zone(zone) or _zone(DEFAULT_ZONE))
    local = _zone(zone)
    return parsed.astimezone(local) if local else parsed.astimezone(UTC)


def _zone(name: str | None) -> ZoneInfo | None:
    if not name or name.upper() == "UTC":
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
