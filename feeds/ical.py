"""iCalendar (RFC 5545) file for calendar subscriptions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from feeds.selection import STATUS_PREFIX, Selection, place_label

PRODID = "-//digital-events-aggregator//DE"
REFRESH = timedelta(hours=12)
UID_DOMAIN = "digital-events-aggregator"


def render(events: list[dict[str, Any]], selection: Selection, base_url: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", selection.title)
    cal.add("x-wr-timezone", "Europe/Berlin")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for event in events:
        cal.add_component(_vevent(event))
    cal.add_missing_timezones()
    return cal.to_ical()


def _vevent(event: dict[str, Any]) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"{event['id']}@{UID_DOMAIN}")
    vevent.add("summary", STATUS_PREFIX.get(event["status"], "") + event["title"])
    start = _value(event["start"], event["timezone"])
    vevent.add("dtstart", start)
    if event["all_day"]:
        last = _value(event["end"], event["timezone"]) if event.get("end") else start
        vevent.add("dtend", last + timedelta(days=1))  # exclusive in iCalendar
    elif event.get("end"):
        vevent.add("dtend", _value(event["end"], event["timezone"]))
    # DTSTAMP is when the event's information last changed, so re-publishing is byte-identical.
    vevent.add("dtstamp", datetime.fromisoformat(event["updated"]))
    vevent.add("last-modified", datetime.fromisoformat(event["updated"]))
    vevent.add("created", datetime.fromisoformat(event["first_seen"]))
    vevent.add("sequence", event.get("sequence") or 0)
    vevent.add("status", {"cancelled": "CANCELLED"}.get(event["status"], "CONFIRMED"))
    location = place_label(event)
    if location:
        vevent.add("location", location)
    if event.get("latitude") is not None and event.get("longitude") is not None:
        vevent.add("geo", (event["latitude"], event["longitude"]))
    if event.get("url"):
        vevent.add("url", event["url"])
    description = event.get("description_text") or ""
    if event.get("organizer"):
        description = f"Veranstalter: {event['organizer']}\n\n{description}".strip()
    if description:
        vevent.add("description", description)
    if event["topics"]:
        vevent.add("categories", event["topics"])
    return vevent


def _value(value: str, zone: str | None) -> date | datetime:
    """Times carry their zone's TZID (with a VTIMEZONE), or are UTC; never floating."""
    if len(value) == 10:
        return date.fromisoformat(value)
    parsed = datetime.fromisoformat(value)
    try:
        return parsed.astimezone(ZoneInfo(zone or ""))
    except (ZoneInfoNotFoundError, ValueError):
        return parsed.astimezone(UTC)
