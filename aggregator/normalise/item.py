"""Raw items as the source said them -> events as the aggregator understands them.

Pure functions: the same raw item and reference date always give the same event, so raw files can be
re-ingested after a parser improves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from aggregator.model.event import Event, Sighting
from aggregator.model.raw import RawEvent
from aggregator.model.report import Report
from aggregator.model.vocabulary import Attendance, Status
from aggregator.normalise import (
    announcement,
    datelines,
    dates,
    follow_up,
    places,
    social,
    status,
    text,
    topics,
)
from aggregator.normalise.timezones import zone_name
from aggregator.normalise.title import event_title


@dataclass(frozen=True)
class Dropped:
    """A raw item that cannot become an event, and why (shown in the run report)."""

    source: str
    key: str
    reason: str


@dataclass(frozen=True)
class Reported(Dropped):
    """A raw item that reports on an event that is over: it makes no event, but is kept as a
    report and linked to its event (``aggregator.normalise.follow_up``)."""

    report: Report


def normalise(raw: RawEvent, reference: date) -> Sighting | Dropped:
    title = text.clean_text(raw.title)
    if not title:
        return Dropped(raw.source, raw.key, "no title")
    tz = zone_name(raw.timezone)
    published = _published(raw.published, tz, reference)
    description = text.sanitise_html(raw.description, base_url=raw.url)
    description_text = text.html_to_text(description)
    structured = _structured_when(raw, tz, reference)
    when = structured or _prose_when(raw, title, description_text, tz, reference, published)
    if when is None:
        if announcement.says_so(title, description_text):
            return _reported(
                raw, "report: says so", title, description_text, None, published, reference
            )
        return Dropped(raw.source, raw.key, "no date")
    event_status = status.detect_status(raw.status, title, description_text)
    if structured is None and event_status == Status.SCHEDULED:
        reason = announcement.report_reason(
            title,
            description_text,
            when,
            published,
            news_of_change=status.mentions_change(title, description_text),
        )
        if reason:
            return _reported(raw, reason, title, description_text, when, published, reference)
    place = _place(raw, title, description_text, _elsewhen(when, tz, reference, published))
    talk = social.conversation(raw, title, description_text)
    event = Event(
        title=event_title(title),
        start=dates.to_iso(when.start),
        end=dates.to_iso(when.end) if when.end is not None else None,
        all_day=when.all_day,
        timezone=tz,
        description=description,
        description_text=description_text,
        venue=place.venue,
        street=place.street,
        postcode=place.postcode,
        city=place.city,
        region=place.region,
        country=place.country,
        latitude=place.latitude,
        longitude=place.longitude,
        attendance=place.attendance,
        status=event_status,
        url=text.canonical_url(raw.event_url or raw.url, base=raw.url),
        organizer=text.clean_text(raw.organizer or raw.default_organizer) or None,
        topics=topics.detect_topics(title, description_text, raw.categories, raw.source_topics),
        hashtags=talk.hashtags,
        social_links=talk.social_links,
        app_links=talk.app_links,
    )
    return Sighting(
        source=raw.source,
        key=raw.key,
        url=raw.url,
        fetched_at=raw.fetched_at,
        event=event,
        raw=raw.to_dict(),
    )


def _reported(
    raw: RawEvent,
    reason: str,
    title: str,
    description_text: str,
    when: dates.When | None,
    published: date | None,
    reference: date,
) -> Reported:
    """The report, with the town it puts the event in (read as an announcement's would be)."""
    tz = zone_name(raw.timezone)
    elsewhen = _elsewhen(when, tz, reference, published) if when else _nowhen
    place = _place(raw, title, description_text, elsewhen)
    made = follow_up.report(raw, reason, title, description_text, when, published, place.city)
    return Reported(raw.source, raw.key, reason, made)


def _nowhen(sentence: str) -> bool:
    return False


def _elsewhen(
    when: dates.When, tz: str, reference: date, published: date | None
) -> Callable[[str], bool]:
    """Whether a sentence is about a day outside the event (``Im Dezember (13. bis 15. Dezember
    2021) bleibt es bei Slots in rein digitalem Format``)."""
    first, last = _day(when.start), _day(when.end if when.end is not None else when.start)

    def elsewhen(sentence: str) -> bool:
        if not any(ch.isdigit() for ch in sentence) or announcement.names_day(sentence, first):
            return False
        found = dates.prose_when(sentence, tz, reference, published)
        return found is not None and not first <= _day(found.start) <= last

    return elsewhen


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _place(
    raw: RawEvent, title: str, description_text: str, elsewhen: Callable[[str], bool]
) -> places.Place:
    """The place the fields give, or the text; how people attend, from both and from the
    announcement's own words. An online event whose place came from its text has no town: a town
    in an online announcement is the organiser's."""
    place = _resolved_place(
        venue=text.clean_text(raw.venue) or None,
        street=text.clean_text(raw.street) or None,
        postcode=text.clean_text(raw.postcode) or None,
        city=text.clean_text(raw.city) or None,
        region=text.clean_text(raw.region) or None,
        country=text.clean_text(raw.country) or None,
        text=text.clean_text(raw.place_text) or _place_from_text(raw, title, description_text),
        latitude=raw.latitude,
        longitude=raw.longitude,
        attendance=raw.attendance,
        online_url=raw.online_url,
        default_region=raw.default_region,
    )
    structured = any(
        value not in (None, "")
        for value in (raw.venue, raw.street, raw.postcode, raw.city, raw.place_text, raw.latitude)
    )
    mode = places.with_prose(
        place.attendance,
        places.prose_cues(f"{title}\n{description_text}", elsewhen),
        room=structured or bool(place.venue or place.street or place.postcode),
        town=place.city is not None,
    )
    if mode == Attendance.ONLINE and not structured:
        return places.Place(region=place.region, country=place.country, attendance=mode)
    return place if mode == place.attendance else replace(place, attendance=mode)


def _resolved_place(**given: Any) -> places.Place:
    """A source's events share their venue, and sources share venues: the same fields are
    resolved once. Fields a cache cannot hold (a list where a number belongs) are resolved
    each time."""
    try:
        return _resolved(tuple(given.items()))
    except TypeError:
        return places.resolve_place(**given)


@lru_cache(maxsize=16384)
def _resolved(given: tuple[tuple[str, Any], ...]) -> places.Place:
    """Shared between events: ``normalise`` only reads it."""
    return places.resolve_place(**dict(given))


def _place_from_text(raw: RawEvent, title: str, description_text: str) -> str | None:
    """Sources without any place field (news feeds) name the place in their text: a labelled
    place or an address (its town: the one a phrase in it names, ``… in Ostritz``, else its own,
    else the one the title and the sentences put the event in), or only the town."""
    given = (raw.venue, raw.street, raw.postcode, raw.city, raw.latitude, raw.online_url)
    if any(value not in (None, "") for value in given):
        return None
    label = places.place_in_text(description_text)
    inside = places.placed_town(label) if label else None
    if label and not inside and places.resolve_place(text=label).city:
        return label
    town = inside or places.town_in_prose(title, description_text)
    return ", ".join(part for part in (label, town) if part) or None


def _published(value: str | None, tz: str, reference: date) -> date | None:
    """The item's publication day, from whatever form the source gives (RFC 822 from feeds is
    turned into ISO 8601 by the spider; a listing's date line is free text)."""
    if not value:
        return None
    found = dates.parse_datetime(value, tz, reference)
    return found.date() if isinstance(found, datetime) else found


def _structured_when(raw: RawEvent, tz: str, reference: date) -> dates.When | None:
    """The start/end a source gives as fields (also when a field holds text)."""
    if not raw.start:
        return None
    start = dates.parse_datetime(raw.start, tz, reference)
    if start is not None:
        end = dates.parse_datetime(raw.end, tz, reference) if raw.end else None
        return _structured(start, end, raw.all_day)
    return dates.parse_when(" ".join(filter(None, [raw.start, raw.end])), tz, reference)


def _prose_when(
    raw: RawEvent,
    title: str,
    description_text: str,
    tz: str,
    reference: date,
    published: date | None,
) -> dates.When | None:
    """The date the prose gives: ``when``, the title and the text (of news kinds, where the date
    is nowhere else), the text's dateline set aside unless nothing else names a day."""
    if not (raw.when or raw.kind in _NEWS_KINDS):
        return None
    stamp, body = datelines.split(description_text, tz, reference, published)
    teaser = raw.when and _letters(raw.when) == _letters(description_text)
    prose = _prose(None if teaser else raw.when, title, body)
    found = dates.prose_when(prose, tz, reference, published, title)
    if found is None and stamp:
        found = dates.prose_when(f"{stamp}\n{prose}", tz, reference, published, title)
    if found is None:
        day = _day_of_page(raw.event_url) or _day_of_page(raw.url)
        if day:
            found = dates.prose_when(f"{day}\n{prose}", tz, reference, published, title)
    return found


_DAY_VIEW = re.compile(
    r"/(?:day|tag|date|datum)/(?P<y>\d{4})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})/?(?:[?#]|$)"
    r"|[?&](?:date|datum|day|tag|tribe-bar-date)=(?P<qy>\d{4})-(?P<qm>\d{2})-(?P<qd>\d{2})(?:[&#]|$)",
    re.IGNORECASE,
)


def _day_of_page(url: str | None) -> str | None:
    """The day of a calendar's day view (``/terminal/day/2025/9/25``, ``?date=2025-09-25``),
    for listing lines that give only their hours: the day is the page's. A date in a news
    archive's path (``/2025/09/25/slug``) is when the news was posted, not a day view's."""
    found = _DAY_VIEW.search(url) if url else None
    if found is None:
        return None
    year, month, day = (found["y"], found["m"], found["d"]) if found["y"] else found.group(4, 5, 6)
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


_NEWS_KINDS = frozenset({"rss"})
"""Kinds whose items are news: the event's date is in their title and text, not in a field."""


def _prose(when: str | None, title: str, body: str) -> str:
    """The texts that may say when: ``when`` first, then the title and the text unless ``when``
    holds them already (old rss raw items). A listing whose ``when`` is its teaser is read as its
    text, whose dateline is set aside."""
    parts = [when] if when else []
    said = _letters(when or "")
    for part in (title, body):
        if part and _letters(part) not in said:
            parts.append(part)
    return "\n".join(parts)


def _letters(value: str) -> str:
    return re.sub(r"\W+", "", value).casefold()


def _structured(
    start: datetime | date, end: datetime | date | None, all_day: bool | None
) -> dates.When:
    """A structured start/end pair: all-day when the source says so or gives dates only."""
    if all_day or not isinstance(start, datetime):
        first = start.date() if isinstance(start, datetime) else start
        last = end.date() if isinstance(end, datetime) else end
        if last is None or last < first:
            last = first
        return dates.When(first, last, True)
    if isinstance(end, date) and not isinstance(end, datetime):
        end = None
    if end is not None and end <= start:
        end = end + timedelta(days=1) if end.time() < start.time() else None
    return dates.When(start, end, False)
