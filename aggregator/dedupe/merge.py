"""One event from its sightings: each field from the sighting that knows it best.

Every sighting is kept (in ``event_sources``), so merging loses nothing; the merged event is what the
feeds show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TypeVar
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from aggregator.dedupe.matching import Place, place_of, places_agree
from aggregator.folding import fold
from aggregator.model.event import Event, Sighting
from aggregator.model.vocabulary import Attendance, Status

T = TypeVar("T")

PLATFORM_HOSTS = (
    "eventbrite.",
    "meetup.com",
    "xing.com",
    "linkedin.com",
    "facebook.com",
    "pretix.eu",
    "ti.to",
    "eveeno.com",
    "doo.net",
    "lu.ma",
    "zoom.us",
)
"""Ticketing and social platforms: a link there is better than an aggregator's listing, but the
organiser's own page is better still."""


def merge(sightings: list[Sighting]) -> Event:
    """One event from its sightings, each field from the sighting that knows it best.

    Authority decides ties: the organiser's own site over a site that lists other organisers'
    events (see ``Authority``). Time comes from the most precise sighting, the place from the
    fullest address, the description is the longest, topics, hashtags and links are the union of
    all (the organiser's own first).
    """
    if len(sightings) == 1:
        return _alone(sightings[0])
    return _merged(sightings)


def _merged(sightings: list[Sighting]) -> Event:
    ranked = sorted(sightings, key=lambda s: (s.source, s.key))
    authority = Authority(ranked)
    by_authority = sorted(ranked, key=authority.rank, reverse=True)
    timing = max(by_authority, key=_time_precision).event
    placed = max(by_authority, key=_place_fullness).event
    named = min(by_authority, key=lambda s: _shouting(s.event.title)).event
    described = max(by_authority, key=lambda s: len(s.event.description_text)).event
    places = {id(s): place_of(s.event) for s in ranked}
    here = place_of(placed)
    same_place = [s.event for s in by_authority if places_agree(places[id(s)], here)]
    located = _first(e for e in same_place if e.latitude is not None and e.longitude is not None)
    return replace(
        by_authority[0].event,
        title=named.title,
        start=timing.start,
        end=timing.end,
        all_day=timing.all_day,
        timezone=timing.timezone,
        description=described.description,
        description_text=described.description_text,
        venue=placed.venue,
        street=placed.street,
        postcode=placed.postcode,
        city=placed.city,
        region=_first(e.region for e in same_place),
        country=_first(e.country for e in same_place),
        latitude=located.latitude if located else None,
        longitude=located.longitude if located else None,
        attendance=_attendance([places[id(s)] for s in ranked]),
        status=_status(by_authority, authority),
        url=authority.best_url(),
        organizer=authority.organizer(),
        topics=sorted({t for s in ranked for t in s.event.topics}),
        hashtags=_union((s.event.hashtags for s in by_authority), key=str.casefold),
        social_links=_union(s.event.social_links for s in by_authority),
        app_links=_union(s.event.app_links for s in by_authority),
    )


def _alone(sighting: Sighting) -> Event:
    """What ``merge`` makes of an event with one sighting (most events of a first ingest), without
    ranking the sighting against none: its fields, tidied as ``merge`` tidies them."""
    event = sighting.event
    located = event.latitude is not None and event.longitude is not None
    named = _raw(sighting, "organizer")
    return replace(
        event,
        region=_first((event.region,)),
        country=_first((event.country,)),
        latitude=event.latitude if located else None,
        longitude=event.longitude if located else None,
        attendance=_attendance([place_of(event)]),
        status=_news({event.status}),
        organizer=event.organizer if named else _first((event.organizer,)),
        topics=sorted(set(event.topics)),
        hashtags=_union((event.hashtags,), key=str.casefold),
        social_links=_union((event.social_links,)),
        app_links=_union((event.app_links,)),
    )


class Authority:
    """Whose word counts: the organiser's own site over sites that list others' events.

    A source row in ``sources.toml`` names its organisation (``organizer``). A sighting comes from
    the organiser's own site when that name is the event's organiser as some sighting states it
    explicitly on the page; it comes from an aggregator (a chamber, an agency) when the page names
    a different organiser. When no page names one, no source is preferred by name.

    URLs: a link on the organiser's own host beats a link out of an aggregator's listing (which
    usually points to the organiser's page), which beats a ticketing or social platform, which
    beats the aggregator's own listing page.
    """

    def __init__(self, sightings: list[Sighting]) -> None:
        self.sightings = sightings
        self.explicit = [name for name in (_raw(s, "organizer") for s in sightings) if name]
        own = {id(s): self._is_own(s) for s in sightings}
        hosts = {_host(s.event.url) for s in sightings if own[id(s)] == 2} - {""}
        self._rank = {id(s): (own[id(s)], self._url_rank(s, own[id(s)], hosts)) for s in sightings}

    def _is_own(self, sighting: Sighting) -> int:
        """2 the organiser's site, 1 cannot tell, 0 an aggregator."""
        default = _raw(sighting, "default_organizer")
        if not self.explicit or not default:
            return 2 if _host_names(sighting.url, self.explicit) else 1
        if any(_same_name(default, name) for name in self.explicit):
            return 2
        return 0

    @staticmethod
    def _url_rank(sighting: Sighting, own: int, hosts: set[str]) -> int:
        host = _host(sighting.event.url)
        if not host:
            return 0
        if own == 2 or host in hosts:
            return 4
        if any(p in host for p in PLATFORM_HOSTS):
            return 2
        if host != _host(sighting.url):
            return 3
        return 1

    def rank(self, sighting: Sighting) -> tuple[int, int]:
        """(whose site: 2 organiser, 1 unknown, 0 aggregator; how good its URL is, 0-4)."""
        return self._rank[id(sighting)]

    def best_url(self) -> str | None:
        best = max(self.sightings, key=lambda s: self._rank[id(s)][::-1])
        return best.event.url

    def organizer(self) -> str | None:
        """The organiser a page names, preferring the organiser's own page; else a source default."""
        ranked = sorted(self.sightings, key=self.rank, reverse=True)
        for sighting in ranked:
            if _raw(sighting, "organizer"):
                return sighting.event.organizer
        return _first(s.event.organizer for s in ranked)


RAW_KEYS = ("organizer", "default_organizer")
"""What merging reads of a sighting's raw item: the organiser the page names, and the one its
source row in ``sources.toml`` names."""


def _raw(sighting: Sighting, key: str) -> str | None:
    raw = sighting.raw if isinstance(sighting.raw, dict) else {}
    value = raw.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _same_name(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 90


@lru_cache(maxsize=65536)
def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _host_names(url: str, organisers: list[str]) -> bool:
    """``ndws.de`` is the site of ``Netzwerk Digitale Wirtschaft Sachsen``: initials or name."""
    if not organisers:
        return False
    labels = _host(url).split(".")
    if len(labels) < 2:
        return False
    label = labels[-2].replace("-", "")
    for name in organisers:
        words = re.findall(r"\w+", fold(name))
        if label in ("".join(words), "".join(w[0] for w in words if w)) and len(label) >= 3:
            return True
    return False


def _time_precision(sighting: Sighting) -> int:
    """A date only < a start only < an end at midnight or 23:59 (a parser's or a calendar's "until
    the end of the day", not a time anyone stated) < a stated end."""
    event = sighting.event
    if event.all_day:
        return 0
    if not event.end:
        return 1
    return 2 if event.end[11:16] in ("23:59", "00:00") else 3


def _place_fullness(sighting: Sighting) -> int:
    event = sighting.event
    parts = (event.venue, event.street, event.postcode, event.city)
    coords = event.latitude is not None and event.longitude is not None
    return sum(1 for p in parts if p) + int(coords)


def _shouting(title: str) -> int:
    """Titles in capitals are the worse spelling of the same title."""
    upper = sum(map(str.isupper, title))
    return int(upper > 1.5 * sum(map(str.islower, title)))


def _attendance(places: list[Place]) -> str:
    """Hybrid if any source says so, or one says online and another names a place."""
    said = {p.attendance for p in places} - {"unknown"}
    if Attendance.MIXED in said or {Attendance.ONLINE, Attendance.OFFLINE} <= said:
        return Attendance.MIXED
    return Attendance.ONLINE if said == {Attendance.ONLINE} else Attendance.OFFLINE


def _status(ranked: list[Sighting], authority: Authority) -> str:
    """The organiser's own word if it has one; otherwise a cancellation anywhere is news."""
    own = [s for s in ranked if authority.rank(s)[0] == 2]
    return _news({s.event.status for s in own or ranked})


def _news(statuses: set[str]) -> str:
    for status in (Status.CANCELLED, Status.POSTPONED):
        if status in statuses:
            return status
    return Status.SCHEDULED


def _union(lists: Iterable[list[str]], key: Callable[[str], str] = str) -> list[str]:
    """Every value once, in the order of the lists; ``key`` tells which values are the same."""
    seen: dict[str, str] = {}
    for values in lists:
        for value in values:
            seen.setdefault(key(value), value)
    return list(seen.values())


def _first(values: Iterable[T | None]) -> T | None:
    return next((v for v in values if v not in (None, "")), None)
