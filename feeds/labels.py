"""How an event is introduced to a person: the words for its date, place, status and topics.

A narrow feed list shows only the start of each title, so entry titles lead with what the event is,
then when and where (``Forum Sachsen Digital · Mi 17.03.2027, 09:00 · Dresden``): readers show when
an entry was published, not when the event happens. Times are shown as the organiser announced
them: the wall-clock time at the event's place. The labels are cached per distinct date and
place: a publish asks for each event's once per format and page.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from aggregator.model.topics import label_de
from aggregator.model.vocabulary import Attendance, ReportKind, Status
from feeds import sanitise

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
STATUS_PREFIX = {Status.CANCELLED: "ABGESAGT: ", Status.POSTPONED: "VERSCHOBEN: "}
STATUS_WORD = {Status.CANCELLED: "Abgesagt", Status.POSTPONED: "Verschoben"}
REPORT_WORD = {
    ReportKind.REPORT: "Nachbericht",
    ReportKind.SLIDES: "Folien",
    ReportKind.RECORDING: "Aufzeichnung",
}
"""What a report on a past event offers, as the pages and the report feed name it."""


def headline(event: dict[str, Any]) -> str:
    """The entry title: status, the event's own title, then date and start time, and city."""
    parts = [sanitise.line(event["title"]), date_label(event)]
    town = town_label(event)
    if town:
        parts.append(town)
    return status_prefix(event) + " · ".join(parts)


def status_prefix(event: dict[str, Any]) -> str:
    return STATUS_PREFIX.get(event.get("status") or Status.SCHEDULED, "")


def titled(event: dict[str, Any]) -> str:
    """The event's title with its status in front, as calendars show it."""
    return status_prefix(event) + sanitise.line(event["title"])


def date_label(event: dict[str, Any]) -> str:
    """``Mi 17.03.2027, 09:00``; several days: ``Di 15.06.2027 – Mi 16.06.2027``."""
    start = parse(event["start"])
    label = _day(start)
    if isinstance(start, datetime):
        label += f", {start:%H:%M}"
    end = parse(event["end"]) if event.get("end") else None
    if end is not None and _date(end) != _date(start):
        label += f" – {_day(end)}"
    return label


def when_label(event: dict[str, Any]) -> str:
    """Date and times in full: ``Mi 17.03.2027, 09:00–12:30 Uhr``."""
    return _when(event["start"], event.get("end"))


@functools.lru_cache(maxsize=65536)
def _when(start_text: str, end_text: str | None) -> str:
    start = parse(start_text)
    end = parse(end_text) if end_text else None
    if not isinstance(start, datetime):
        if end is None or _date(end) == _date(start):
            return f"{_day(start)} (ganztägig)"
        return f"{_day(start)} – {_day(end)}"
    if end is None:
        return f"{_day(start)}, {start:%H:%M} Uhr"
    if _date(end) == _date(start):
        return f"{_day(start)}, {start:%H:%M}–{end:%H:%M} Uhr"
    end_time = f", {end:%H:%M} Uhr" if isinstance(end, datetime) else ""
    return f"{_day(start)}, {start:%H:%M} Uhr – {_day(end)}{end_time}"


def town_label(event: dict[str, Any]) -> str:
    city = sanitise.line(event.get("city"))
    if city:
        return city
    return "Online" if event.get("attendance") == Attendance.ONLINE else ""


def place_label(event: dict[str, Any]) -> str:
    """``Haus der Wirtschaft, Kleiststraße 10, 01067 Dresden``; ``Online``; ``… und online``."""
    return _place(
        event.get("attendance"),
        event.get("venue"),
        event.get("street"),
        event.get("postcode"),
        event.get("city"),
    )


@functools.lru_cache(maxsize=65536)
def _place(
    attendance: str | None,
    venue: str | None,
    street: str | None,
    postcode: str | None,
    city: str | None,
) -> str:
    if attendance == Attendance.ONLINE:
        return "Online"
    town = " ".join(p for p in (postcode, city) if p)
    label = ", ".join(sanitise.line(p) for p in (venue, street, town) if p and sanitise.line(p))
    if attendance == Attendance.MIXED:
        return f"{label} und online" if label else "Hybrid (vor Ort und online)"
    return label


def hashtags(event: dict[str, Any]) -> list[str]:
    """``#smartKMU``: the event's hashtags as people write them, each one clean line."""
    return [f"#{tag}" for tag in (sanitise.line(t) for t in event.get("hashtags") or []) if tag]


def topic_label(slug: str) -> str:
    return label_de(slug)


def month_label(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


@functools.lru_cache(maxsize=65536)
def parse(value: str) -> date | datetime:
    """A stored start or end: a plain date for all-day events, else a time with its offset."""
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def day_label(value: str) -> str:
    """An ISO date as ``Mi 02.12.2026``."""
    return _day(date.fromisoformat(value[:10]))


def _date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _day(value: date | datetime) -> str:
    return f"{WEEKDAYS[value.weekday()]} {value:%d.%m.%Y}"
