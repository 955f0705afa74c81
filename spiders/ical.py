"""Kind ``ical``: an iCalendar feed, recurring events expanded into their occurrences."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import icalendar
import recurring_ical_events
from scrapy.http import Response

from aggregator import clock
from spiders.base import SourceSpider

WINDOW_DAYS = 365


class ICalSpider(SourceSpider):
    name = "ical"
    kind = "ical"

    def parse(self, response: Response) -> Iterator[Any]:
        try:
            calendar = icalendar.Calendar.from_ical(response.body.decode("utf-8", "replace"))
        except ValueError as exc:
            self.drop("invalid-ical", response.url, str(exc))
            return
        zone = str(calendar.get("X-WR-TIMEZONE", "")) or None
        window_start = clock.today() - timedelta(days=1)
        window_end = window_start + timedelta(
            days=self.settings.getint("ICAL_WINDOW_DAYS", WINDOW_DAYS)
        )
        try:
            occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(
                window_start, window_end
            )
        except Exception as exc:  # the library raises several types for malformed rules
            self.drop("invalid-recurrence", response.url, str(exc))
            return
        for component in occurrences:
            item = self._event(response, component, zone)
            if item is not None:
                yield item

    def _event(self, response: Response, vevent: Any, zone: str | None) -> Any:
        dtstart = vevent.get("DTSTART")
        if dtstart is None:
            self.drop("missing-dtstart", response.url, str(vevent.get("UID", "")))
            return None
        start = dtstart.dt
        end = vevent.get("DTEND").dt if vevent.get("DTEND") is not None else None
        if end is None and vevent.get("DURATION") is not None:
            end = start + vevent.get("DURATION").dt
        all_day = isinstance(start, date) and not isinstance(start, datetime)
        if all_day and isinstance(end, date):
            end = end - timedelta(days=1)  # iCalendar's DTEND is exclusive for all-day events
        tzid = dtstart.params.get("TZID") if hasattr(dtstart, "params") else None
        uid = str(vevent.get("UID", "")) or f"{response.url}#{vevent.get('SUMMARY')}"
        recurring = vevent.get("RRULE") is not None or vevent.get("RECURRENCE-ID") is not None
        key = f"{uid}#{_iso(start)}" if recurring else uid
        geo = vevent.get("GEO")
        url = vevent.get("URL")
        return self.raw_event(
            response,
            key=key,
            title=str(vevent.get("SUMMARY", "")) or None,
            description=str(vevent.get("DESCRIPTION", "")) or None,
            start=_iso(start),
            end=_iso(end) if end is not None else None,
            all_day=all_day,
            timezone=str(tzid) if tzid else zone,
            place_text=str(vevent.get("LOCATION", "")) or None,
            latitude=geo.latitude if geo is not None else None,
            longitude=geo.longitude if geo is not None else None,
            status=str(vevent.get("STATUS", "")) or None,
            organizer=_organizer(vevent.get("ORGANIZER")),
            event_url=str(url) if url else None,
            categories=_categories(vevent.get("CATEGORIES")),
            raw=vevent.to_ical().decode("utf-8", "replace"),
        )


def _iso(value: date | datetime) -> str:
    """ISO text; a floating time stays without offset so the normaliser applies the source's zone."""
    return value.isoformat()


def _organizer(value: Any) -> str | None:
    if value is None:
        return None
    name = value.params.get("CN") if hasattr(value, "params") else None
    if name:
        return str(name).strip('"')
    text = str(value)
    return text.removeprefix("mailto:").removeprefix("MAILTO:") or None


def _categories(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value is not None else []
    out: list[str] = []
    for item in values:
        cats = getattr(item, "cats", None)
        out.extend(str(c) for c in (cats if cats is not None else [item]))
    return out
