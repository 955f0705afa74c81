"""Kind ``ical``: an iCalendar feed, recurring events expanded into their occurrences.

Feeds come from Google, Outlook, The Events Calendar, Plone and hand-written templates, and each
breaks the standard somewhere: Windows zone names (``W. Europe Standard Time``), WordPress offsets
(``TZID=UTC+0``), floating times, events without DTSTART, ends before starts. One broken event never
costs the feed: it is dropped (or its end ignored) with a counted reason, and a calendar that
icalendar refuses as a whole is read again one event at a time.

Times keep what the feed says: an offset when the feed gives a zone, a wall time with the zone to
read it in (``RawEvent.timezone``) when it does not. Single events are read however far ahead they
lie; recurring ones are expanded ``ICAL_WINDOW_DAYS`` ahead (EXDATE and moved or cancelled
occurrences included).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
from scrapy.http import Response

from aggregator import clock
from spiders.base import SourceSpider

WINDOW_DAYS = 365
MAX_OCCURRENCES = 500
MAX_RULE_STEPS = 100_000
"""Steps a rule may take from its DTSTART to the window (about a third of a second)."""
_PERIOD_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 604800}
TZID_MARK = "X-AGGREGATOR-TZID"
SERIES_MARK = "X-AGGREGATOR-SERIES"
OPEN_END_MARK = "X-AGGREGATOR-OPEN-END"
"""The expansion gives every occurrence an end; these marks keep what the feed itself said."""
_BLOCK_RE = re.compile(r"^BEGIN:(VEVENT|VTIMEZONE)\r?$.*?^END:\1\r?$", re.M | re.S)


class ICalSpider(SourceSpider):
    name = "ical"
    kind = "ical"

    def parse(self, response: Response) -> Iterator[Any]:
        text = decode(response.body)
        if "BEGIN:VCALENDAR" not in text[:4096].upper():
            reason = f"not an iCalendar feed at {response.url}"
            if response.meta.get("is_start"):
                self.fail(reason)
            else:
                self.drop("not-ical", response.url)
            return
        calendar = self._read(text, response.url)
        if calendar is None:
            return
        feed_zone = str(calendar.get("X-WR-TIMEZONE", "")).strip() or None
        self._prepare(calendar, response.url)
        window_start = clock.today() - timedelta(days=1)
        window_end = window_start + timedelta(
            days=self.settings.getint("ICAL_WINDOW_DAYS", WINDOW_DAYS)
        )
        for component in self._occurrences(calendar, window_start, window_end, response.url):
            try:
                item = self._event(response, component, feed_zone)
            except (ValueError, TypeError, AttributeError) as exc:  # a value icalendar kept broken
                self.drop("invalid-event", response.url, f"{component.get('UID', '')}: {exc}")
                continue
            yield item

    def _occurrences(
        self, calendar: icalendar.Calendar, window_start: date, window_end: date, url: str
    ) -> Iterator[icalendar.Component]:
        """Single events in the window and beyond it; each recurring event's occurrences in the
        window, generated one at a time and at most ``ICAL_MAX_OCCURRENCES`` of them (the
        library's ``between`` would first build every occurrence of a ``FREQ=SECONDLY`` rule)."""
        cap = self.settings.getint("ICAL_MAX_OCCURRENCES", MAX_OCCURRENCES)
        zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
        singles, series = _split(calendar)
        try:
            yield from recurring_ical_events.of(
                _calendar(calendar, zones, singles), skip_bad_series=True
            ).between(window_start, window_end)
        except Exception as exc:  # the library raises several types for malformed values
            self.drop("invalid-recurrence", url, str(exc))
        for component in singles:
            start = _moment(component, "DTSTART")
            if start is not None and _day(start) >= window_end:
                yield component
        for uid, components in series.items():
            if not self._within_reach(components, window_start, url):
                continue
            query = recurring_ical_events.of(
                _calendar(calendar, zones, components), skip_bad_series=True
            )
            try:
                # A datetime: from a date, the library's search for the next occurrences
                # would add hours to a date and never get past its first day.
                earliest = datetime.combine(window_start, time())
                for count, occurrence in enumerate(query.after(earliest)):
                    start = _moment(occurrence, "DTSTART")
                    if start is None or _day(start) >= window_end:
                        break
                    if count == cap:
                        self.incomplete("max_occurrences", f"{uid}: {cap} occurrences kept")
                        break
                    yield occurrence
            except Exception as exc:  # the library raises several types for malformed rules
                self.drop("invalid-recurrence", url, f"{uid}: {exc}")

    def _within_reach(
        self, components: list[icalendar.Component], window_start: date, url: str
    ) -> bool:
        """Whether a series can be expanded into the window without generating millions of
        occurrences before it. The rule is read from its DTSTART on, so a dense rule that began
        long ago (every minute since 2020) is brought forward by whole periods of its own
        (whole weeks, at least), which changes none of its occurrences; one that counts its
        occurrences (COUNT) cannot be, and is left out as past the limit."""
        master = next((c for c in components if c.get("RRULE") is not None), None)
        rule = master.get("RRULE") if master is not None else None
        if master is None or not isinstance(rule, icalendar.vRecur):
            return True
        start = _moment(master, "DTSTART")
        period = _PERIOD_SECONDS.get(str((rule.get("FREQ") or [""])[0]).upper())
        if start is None or period is None:
            return True
        period *= max(int((rule.get("INTERVAL") or [1])[0]), 1)
        behind = (window_start - _day(start)).days * 86400
        if behind / period <= MAX_RULE_STEPS:
            return True
        if rule.get("COUNT"):
            uid = str(master.get("UID", ""))
            self.incomplete("max_occurrences", f"{uid}: too many occurrences before the window")
            return False
        step = math.lcm(period, 7 * 86400)
        periods = behind // step - 1  # one short of the window: an occurrence may overlap it
        if periods < 1:
            return True
        shift = timedelta(seconds=periods * step)
        for name in ("DTSTART", "DTEND"):
            moment = _moment(master, name)
            if moment is not None:
                params = dict(master[name].params)
                master.pop(name)
                master.add(name, moment + shift, parameters=params)
        return True

    def _read(self, text: str, url: str) -> icalendar.Calendar | None:
        """The calendar; if icalendar refuses it whole, every event that parses on its own."""
        try:
            return icalendar.Calendar.from_ical(text)
        except ValueError as exc:
            self.logger.warning(
                "%s: calendar unreadable as a whole (%s), reading event by event",
                self.source_name,
                exc,
            )
        calendar = icalendar.Calendar()
        timezones: list[icalendar.Component] = []
        for match in _BLOCK_RE.finditer(text):
            block = match.group(0)
            try:
                component = icalendar.Calendar.from_ical(
                    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + block + "\r\nEND:VCALENDAR\r\n"
                ).subcomponents[0]
            except (ValueError, IndexError) as exc:
                if match.group(1) == "VEVENT":
                    self.drop("invalid-component", url, str(exc))
                continue
            (timezones if match.group(1) == "VTIMEZONE" else calendar.subcomponents).append(
                component
            )
        calendar.subcomponents[:0] = timezones
        if not any(c.name == "VEVENT" for c in calendar.subcomponents):
            self.drop("invalid-ical", url, "no readable event")
            return None
        self.repaired("ical-read-per-event")
        return calendar

    def _prepare(self, calendar: icalendar.Calendar, url: str) -> None:
        """Drop events that cannot be placed in time; mark what the expansion would lose."""
        kept = []
        for component in calendar.subcomponents:
            if component.name != "VEVENT":
                kept.append(component)
                continue
            uid = str(component.get("UID", ""))
            errors = [name for name, _ in getattr(component, "errors", [])]
            dtstart = component.get("DTSTART")
            if "DTSTART" in errors or (dtstart is None and errors):
                self.drop("invalid-dtstart", url, uid)
                continue
            if dtstart is None:
                self.drop("missing-dtstart", url, uid)
                continue
            if _moment(component, "DTSTART") is None:  # a duration, a time or a period
                self.drop("invalid-dtstart", url, uid)
                continue
            for name in ("DTEND", "DURATION", "RRULE", "EXDATE", "RDATE"):
                if name in errors:  # the event stands without its broken property
                    component.pop(name, None)
                    self.repaired(f"invalid-{name.lower()}")
            if component.get("DTEND") is not None and _moment(component, "DTEND") is None:
                del component["DTEND"]  # parsed, but as a duration, a time or a period
                self.repaired("invalid-dtend")
            if _ends_before_start(component):
                del component["DTEND"]
                self.repaired("end-before-start")
            tzid = dtstart.params.get("TZID") if hasattr(dtstart, "params") else None
            if tzid:
                component.add(TZID_MARK, str(tzid))
            if any(component.get(k) is not None for k in ("RRULE", "RDATE", "RECURRENCE-ID")):
                component.add(SERIES_MARK, "1")
            if component.get("DTEND") is None and component.get("DURATION") is None:
                component.add(OPEN_END_MARK, "1")
            kept.append(component)
        calendar.subcomponents = kept

    def _event(self, response: Response, vevent: Any, feed_zone: str | None) -> Any:
        start = vevent["DTSTART"].dt
        zone = self._zone(start, vevent, feed_zone)
        end = vevent["DTEND"].dt if vevent.get("DTEND") is not None else None
        if end is None and vevent.get("DURATION") is not None:
            end = start + vevent["DURATION"].dt
        all_day = isinstance(start, date) and not isinstance(start, datetime)
        if vevent.get(OPEN_END_MARK):
            end = None
        if all_day and isinstance(end, date) and not isinstance(end, datetime):
            end = max(end - timedelta(days=1), start)  # DTEND of a whole day is exclusive
        uid = str(vevent.get("UID", "")).strip()
        if vevent.get(SERIES_MARK):
            recurrence = vevent.get("RECURRENCE-ID")
            key = f"{uid}#{(recurrence.dt if recurrence is not None else start).isoformat()}"
        else:
            key = uid or f"{response.url}#{vevent.get('SUMMARY')}#{start.isoformat()}"
        geo = vevent.get("GEO")
        url = vevent.get("URL")
        description = (
            str(vevent.get("DESCRIPTION", "")).strip() or str(vevent.get("X-ALT-DESC", "")).strip()
        )
        return self.raw_event(
            response,
            key=key,
            title=str(vevent.get("SUMMARY", "")).strip() or None,
            description=description or None,
            start=start.isoformat(),
            end=end.isoformat() if end is not None else None,
            all_day=all_day,
            timezone=zone,
            place_text=str(vevent.get("LOCATION", "")).strip() or None,
            latitude=geo.latitude if geo is not None else None,
            longitude=geo.longitude if geo is not None else None,
            status=str(vevent.get("STATUS", "")).strip() or None,
            organizer=_organizer(vevent.get("ORGANIZER")),
            event_url=str(url).strip() if url else None,
            categories=_categories(vevent.get("CATEGORIES")),
            raw=_raw(vevent),
        )

    def _zone(self, start: date | datetime, vevent: Any, feed_zone: str | None) -> str | None:
        """The zone the event's times belong to, as an IANA name where one can be told."""
        assert self.source is not None
        tzid = str(vevent.get(TZID_MARK, "")) or None
        if isinstance(start, datetime) and start.tzinfo is not None:
            key = getattr(start.tzinfo, "key", None)
            if isinstance(key, str) and key and key != "UTC":
                return key
            named = WINDOWS_TO_OLSON.get(tzid or "") or tzid
            return named if named and _is_iana(named) else self.source.timezone
        if tzid:  # a TZID icalendar could not resolve, e.g. WordPress's UTC+0
            return self.wall_time_zone(WINDOWS_TO_OLSON.get(tzid, tzid))
        return feed_zone or self.source.timezone


def _split(
    calendar: icalendar.Calendar,
) -> tuple[list[icalendar.Component], dict[str, list[icalendar.Component]]]:
    """The calendar's single events, and its recurring ones by UID (a rule, its moved or
    cancelled occurrences)."""
    singles: list[icalendar.Component] = []
    series: dict[str, list[icalendar.Component]] = {}
    for component in calendar.walk("VEVENT"):
        if component.get(SERIES_MARK):
            series.setdefault(str(component.get("UID", "")), []).append(component)
        else:
            singles.append(component)
    return singles, series


def _calendar(
    whole: icalendar.Calendar, zones: list[icalendar.Component], events: list[icalendar.Component]
) -> icalendar.Calendar:
    """A calendar of some of the events, with the whole one's properties (``X-WR-TIMEZONE``
    places floating times) and time zones."""
    calendar = icalendar.Calendar()
    calendar.update(whole)
    calendar.subcomponents = [*zones, *events]
    return calendar


def decode(body: bytes) -> str:
    """Feeds are UTF-8 by the standard; some Windows tools still write cp1252."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def _ends_before_start(vevent: icalendar.Component) -> bool:
    start, end = _moment(vevent, "DTSTART"), _moment(vevent, "DTEND")
    if start is None or end is None:
        return False
    try:
        if isinstance(start, datetime) != isinstance(end, datetime):
            return _day(end) < _day(start)
        return end < start
    except TypeError:  # aware against naive: compare the wall clocks
        return _wall(end) < _wall(start)


def _moment(component: icalendar.Component, name: str) -> date | None:
    """A DTSTART's or DTEND's date or datetime; None when it is missing or holds another type of
    value (icalendar also reads a duration, a time of day or a period there)."""
    value = getattr(component.get(name), "dt", None)
    return value if isinstance(value, date) else None


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _wall(value: date) -> date:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def _is_iana(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return "/" in name


def _raw(vevent: Any) -> str:
    for mark in (TZID_MARK, SERIES_MARK, OPEN_END_MARK):
        vevent.pop(mark, None)
    ical: bytes = vevent.to_ical()
    return ical.decode("utf-8", "replace")


def _organizer(value: Any) -> str | None:
    if value is None:
        return None
    value = value[0] if isinstance(value, list) and value else value
    name = value.params.get("CN") if hasattr(value, "params") else None
    if name:
        return str(name).strip('"').strip() or None
    text = str(value)
    return re.sub(r"^mailto:", "", text, flags=re.I) or None


def _categories(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value is not None else []
    out: list[str] = []
    for item in values:
        cats = getattr(item, "cats", None)
        out.extend(str(c).strip() for c in (cats if cats is not None else [item]) if str(c).strip())
    return out
