"""Which sightings are the same event: days, place and title agree.

Two sightings are the same event when their days overlap, their places agree and their titles are
similar once case, punctuation, years, umlaut spellings and words that only name the kind of event
(``Digitalkonferenz``, ``Workshop``) are set aside. A sighting that joined an event before joins it
again (by its source and key), so an event's id never changes once published.

Sightings are only compared within a block of the same day and place, never all pairs, so the cost
grows linearly with the number of events.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import chain
from operator import attrgetter

from rapidfuzz import fuzz

from aggregator.collection import cycles_collected_afterwards
from aggregator.dedupe.titles import TITLE_THRESHOLD, TitleKey, title_key, title_similarity, tokens
from aggregator.folding import fold
from aggregator.model.event import Event, Sighting, SightingKey
from aggregator.model.vocabulary import Attendance

MAX_SPAN_DAYS = 14
"""Days of one event that take part in blocking; a mistaken year-long span stays cheap."""
TIME_TOLERANCE = timedelta(hours=1, minutes=15)
"""Start times further apart on the same day are different events (a conference and the evening
meetup); closer ones are one event told differently (doors open, or a source's zone mistake)."""
MAX_DISTANCE_KM = 30.0
"""Coordinates further apart are different places even when neither side names a city."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event is, as far as matching needs it."""

    city: tuple[str, ...] | None
    """Folded words of the city name (``halle saale``)."""
    attendance: str
    """offline, online, mixed, or unknown when the sighting names no place at all."""
    coords: tuple[float, float] | None


def place_of(event: Event) -> Place:
    located = bool(event.venue or event.street or event.postcode or event.latitude)
    return _place(event.city, located, event.attendance, event.latitude, event.longitude)


@lru_cache(maxsize=65536)
def _place(
    city_name: str | None,
    located: bool,
    attendance: str,
    latitude: float | None,
    longitude: float | None,
) -> Place:
    """Cached: a million sightings name a few thousand places, and ``Place`` is immutable."""
    city = tuple(tokens(fold(re.sub(r"[()]", " ", city_name)))) if city_name else None
    known = bool(city or located)
    attendance = attendance if known or attendance != Attendance.OFFLINE else "unknown"
    coords = None
    if latitude is not None and longitude is not None:
        coords = (float(latitude), float(longitude))
    return Place(city or None, attendance, coords)


def places_agree(a: Place, b: Place) -> bool:
    """Same city, or one unknown; online matches online (and hybrid), never a place only in town."""
    if a is b:  # places are shared (``_place`` is cached): most candidates are in the same one
        return True
    if {a.attendance, b.attendance} == {Attendance.ONLINE, Attendance.OFFLINE}:
        return False
    if a.coords and b.coords and _distance_km(a.coords, b.coords) > MAX_DISTANCE_KM:
        return False
    if a.city and b.city:
        short, long = sorted((a.city, b.city), key=len)
        return long[: len(short)] == short
    return True


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What matching needs of an event, computed once per event."""

    days: tuple[date, ...]
    start: datetime | None
    """The start instant of a timed event."""
    place: Place
    title: TitleKey
    organizer: Organiser | None = None
    """The organiser the sighting's page names itself (not a source's default)."""

    @classmethod
    def of(cls, event: Event, organizer: str | None = None) -> Fingerprint:
        start = _instant(event.start, event.all_day)
        named = organiser(organizer) if organizer else None
        return cls(event_days(event), start, place_of(event), title_key(event.title), named)

    def ignore(self, other: Fingerprint) -> frozenset[str]:
        """Words of either city, and their adjectives (``Leipziger``), say nothing about the title."""
        return _city_words(self.place.city, other.place.city)


@lru_cache(maxsize=4096)
def _city_words(*cities: tuple[str, ...] | None) -> frozenset[str]:
    """Cached: every pair compared asks, and a dense year compares most pairs within one city."""
    words: set[str] = set()
    for city in cities:
        for word in city or ():
            words.update((word, word + "er"))
    return frozenset(words)


def _instant(start: str, all_day: bool) -> datetime | None:
    if all_day or len(start) <= 10:
        return None
    instant = datetime.fromisoformat(start)
    return instant if instant.tzinfo is not None else None


class _Fingerprints:
    """The fingerprints of one run of clustering. Every source that lists an event writes its
    title and times again, so a million sightings have a few hundred thousand distinct ones: each
    is worked out once per run and shared (which also saves memory), where the module's bounded
    caches would evict them before they come round again."""

    def __init__(self) -> None:
        self._titles: dict[str, TitleKey] = {}
        self._times: dict[tuple[str, str | None, bool], tuple[tuple[date, ...], datetime | None]]
        self._times = {}

    def of(self, event: Event, organizer: str | None = None) -> Fingerprint:
        title = self._titles.get(event.title)
        if title is None:
            title = self._titles[event.title] = title_key(event.title)
        when = (event.start, event.end, event.all_day)
        times = self._times.get(when)
        if times is None:
            times = self._times[when] = (_days(*when), _instant(event.start, event.all_day))
        named = organiser(organizer) if organizer else None
        return Fingerprint(times[0], times[1], place_of(event), title, named)


@dataclass(frozen=True, slots=True)
class Organiser:
    """An organiser's name as matching compares it."""

    words: str
    """Folded, stopwords and legal forms left out."""
    numbers: frozenset[str]


ORGANISER_AGREEMENT = 70.0
"""rapidfuzz token-set score from which two named organisers may be one (``IHK Dresden`` and
``Industrie- und Handelskammer Dresden``, ``Sächsische Digitalagentur`` and ``Digitalagentur
Sachsen``); ``IHK Dresden`` and ``IHK Chemnitz`` score lower."""


@lru_cache(maxsize=65536)
def organiser(name: str) -> Organiser:
    words = tokens(fold(name))
    return Organiser(" ".join(words), frozenset(w for w in words if w.isdigit()))


def organisers_agree(a: Organiser | None, b: Organiser | None) -> bool:
    """Two events whose pages name clearly different organisers (by their words, or a number:
    ``Netzwerk 3``, ``Netzwerk 4``) are different events, however alike their titles; when
    either page names none, the organiser says nothing."""
    if a is None or b is None or a.words == b.words:
        return True
    if a.numbers != b.numbers:
        return False
    return fuzz.token_set_ratio(a.words, b.words) >= ORGANISER_AGREEMENT


def match_score(a: Fingerprint, b: Fingerprint) -> float:
    """0-100; at least ``TITLE_THRESHOLD`` when ``a`` and ``b`` are the same event."""
    if not _days_overlap(a.days, b.days) or not _place_and_time_agree(a, b):
        return 0.0
    return title_similarity(a.title, b.title, a.ignore(b))


def _days_overlap(a: tuple[date, ...], b: tuple[date, ...]) -> bool:
    """Most events last one day: no sets built for them (this runs for every candidate)."""
    if len(a) == 1:
        return a[0] in b
    if len(b) == 1:
        return b[0] in a
    return not set(a).isdisjoint(b)


def _place_and_time_agree(a: Fingerprint, b: Fingerprint) -> bool:
    if a.start and b.start and abs(a.start - b.start) > TIME_TOLERANCE:
        return False
    return places_agree(a.place, b.place)


def same_event(a: Event, b: Event) -> bool:
    """Overlapping days, agreeing places and similar titles."""
    return match_score(Fingerprint.of(a), Fingerprint.of(b)) >= TITLE_THRESHOLD


def event_days(event: Event) -> tuple[date, ...]:
    return _days(event.start, event.end, event.all_day)


@lru_cache(maxsize=65536)
def _days(start: str, end: str | None, all_day: bool) -> tuple[date, ...]:
    first = date.fromisoformat(start[:10])
    last = date.fromisoformat(end[:10]) if end else first
    if not all_day and end and len(end) > 10 and end[11:16] <= "06:00":
        last = max(first, last - timedelta(days=1))  # an evening event ending after midnight
    span = min(max((last - first).days, 0), MAX_SPAN_DAYS)
    return tuple(first + timedelta(days=i) for i in range(span + 1))


def event_id_for(source: str, key: str) -> str:
    """The id an event gets from the first sighting that creates it; never recomputed later."""
    return hashlib.sha1(f"{source}\x1f{key}".encode()).hexdigest()[:16]


@dataclass
class Cluster:
    """One event: its id and the sightings of this ingest that belong to it."""

    event_id: str
    sightings: list[Sighting] = field(default_factory=list)


@dataclass(slots=True)
class _Entry:
    event_id: str
    fingerprint: Fingerprint
    slot: int | None
    """``time_slot`` of the start: compared before anything else when candidates are gathered."""


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=65536)
def time_slot(start: datetime | None) -> int | None:
    """Which ``TIME_TOLERANCE``-long stretch since 1970 an instant falls in. Two starts within the
    tolerance are in the same stretch or in neighbouring ones, so a candidate two stretches or more
    away is rejected by an integer comparison instead of a comparison of aware datetimes (a dense
    day in one city has many events whose titles share words but whose hours differ). Integer
    division of ``timedelta`` is exact; cached, so that entries of one start share one ``int``."""
    return None if start is None else (start - EPOCH) // TIME_TOLERANCE


PREFIX_KEYS = 2
"""How many of a title's rarest words stand for it in the index (see ``BlockIndex``)."""
COMMON_IN_BLOCK = 32
"""A word that more events of one day and place share than this says no more about an event
there than ``Workshop`` does: it finds no candidates in that block (the whole title still does)."""


@dataclass(slots=True)
class _Block:
    """The events of one day and place, in the order they were added, found by title word: by
    every word (``by_word``) and by their rarest words only (``by_rare_word``)."""

    entries: list[_Entry] = field(default_factory=list)
    by_word: dict[str, Filed] = field(default_factory=dict)
    by_rare_word: dict[str, Filed] = field(default_factory=dict)


Filed = int | list[int]
"""The positions filed under a word in one block: one position as itself (most words of a block
are in one title; a list would take 88 bytes more), several as a list. A list stops growing
after ``COMMON_IN_BLOCK`` + 1 positions, except for a whole title: past that bound the word
finds nothing in the block, however many more events have it."""


def _file(index: dict[str, Filed], key: str, position: int) -> None:
    filed = index.get(key)
    if filed is None:
        index[key] = position
    elif isinstance(filed, int):
        index[key] = [filed, position]
    elif len(filed) <= COMMON_IN_BLOCK or key[0] == "=":
        filed.append(position)


class BlockIndex:
    """Events by day and place: a new sighting is compared only with the events of its days in its
    city (or of unknown place; hybrid events also with online ones), and of those only with the
    ones whose titles share a word with it. Words are compared by their first five letters, so
    that ``Cyber`` finds ``Cybersecurity`` and a typo late in a word does not matter. A sighting
    without a place looks at every place of its days.

    Inside a day and place the events are found by word, not read one by one, so the work stays
    proportional to the events that share words with the sighting, however many fall on one day
    in one city. With ``rarity`` (how many titles of the ingest have each word), a title is
    filed under its ``PREFIX_KEYS`` rarest words, and a pair is compared when one title's rarest
    words are among the other's words: two titles alike enough to match share their rarest
    words (one may have a typo or an extra word), while a common word (``Workshop``, ``KMU``)
    alone no longer makes every title that has it a candidate."""

    def __init__(self, rarity: Mapping[str, int] | None = None) -> None:
        self._days: dict[date, dict[str, _Block]] = defaultdict(lambda: defaultdict(_Block))
        self._members: dict[str, tuple[Fingerprint, ...]] = {}
        """An event's fingerprints; a tuple, as most events have one or two (a list takes more)."""
        self._rarity = rarity
        self._rarest: dict[tuple[str, ...], tuple[str, ...]] = {}

    def fits(self, fingerprint: Fingerprint, event_id: str) -> bool:
        """Place and time agree with every sighting of the event, not just the one that matched:
        a sighting without a place must not chain an event in Chemnitz to one in Plauen."""
        return all(
            _place_and_time_agree(fingerprint, m)
            and organisers_agree(fingerprint.organizer, m.organizer)
            for m in self._members.get(event_id, ())
        )

    def add(self, event_id: str, fingerprint: Fingerprint) -> None:
        self._members[event_id] = (*self._members.get(event_id, ()), fingerprint)
        entry = _Entry(event_id, fingerprint, time_slot(fingerprint.start))
        place = fingerprint.place
        block = _block(place)
        keys = fingerprint.title.keys
        rare = self._rare(keys)
        names = [block]
        if place.attendance == Attendance.MIXED and block != "@online":
            names.append("@online")
        for day in fingerprint.days:
            blocks = self._days[day]
            for name in names:
                filed = blocks[name]
                position = len(filed.entries)
                filed.entries.append(entry)
                by_word, by_rare_word = filed.by_word, filed.by_rare_word
                for key in keys:
                    _file(by_word, key, position)
                for key in rare:
                    _file(by_rare_word, key, position)

    def candidates(self, fingerprint: Fingerprint) -> list[_Entry]:
        """The events to compare, each once, in the order they were filed (by day, by place and
        by position), which decides between equally good matches. Events whose start is further
        from this one's than ``TIME_TOLERANCE`` are left out (their ``time_slot`` is two or more
        away): ``match_score`` would give them 0, so leaving them out decides nothing."""
        keys = fingerprint.title.keys
        rare = self._rare(keys)
        slot = time_slot(fingerprint.start)
        every = self._rarity is None
        names = _looked_at(fingerprint.place)
        found: list[_Entry] = []
        seen: set[int] | None = None
        for day in fingerprint.days:
            blocks = self._days.get(day)
            if not blocks:
                continue
            groups = blocks.values() if names is None else [blocks[n] for n in names if n in blocks]
            for group in groups:
                positions = _positions(group, keys, rare, every)
                if not positions:
                    continue
                entries = [group.entries[p] for p in sorted(positions)]
                if slot is not None:
                    entries = [e for e in entries if e.slot is None or -1 <= e.slot - slot <= 1]
                if not found:  # one group files an event once: no duplicates yet
                    found = entries
                    continue
                if seen is None:
                    seen = {id(entry) for entry in found}
                for entry in entries:
                    if id(entry) not in seen:
                        seen.add(id(entry))
                        found.append(entry)
        return found

    def _rare(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """The whole title and its ``PREFIX_KEYS`` rarest words (ties by spelling), worked out
        once per title: the fingerprints of one title share its keys."""
        if self._rarity is None:
            return keys
        rare = self._rarest.get(keys)
        if rare is None:
            rarity = self._rarity
            words = sorted(
                (k for k in keys if not k.startswith("=")), key=lambda k: (rarity.get(k, 0), k)
            )
            rare = (*(k for k in keys if k.startswith("=")), *words[:PREFIX_KEYS])
            self._rarest[keys] = rare
        return rare


def _positions(
    group: _Block, keys: tuple[str, ...], rare: tuple[str, ...], every: bool
) -> set[int]:
    """Positions in ``group`` of the events to compare: sharing any word (``every``), or whose
    rarest words the title has, or that have the title's rarest words. A word that more events of
    the block share than ``COMMON_IN_BLOCK`` finds none, unless it is the whole title (``=``)."""
    found: set[int] = set()
    lookups = (
        ((group.by_word, keys),) if every else ((group.by_word, rare), (group.by_rare_word, keys))
    )
    for index, words in lookups:
        for key in words:
            filed = index.get(key)
            if filed is None:
                continue
            if isinstance(filed, int):
                found.add(filed)
            elif len(filed) <= COMMON_IN_BLOCK or key[0] == "=":
                found.update(filed)
    return found


@lru_cache(maxsize=4096)
def _looked_at(place: Place) -> tuple[str, ...] | None:
    """The blocks of a day a sighting at ``place`` looks in: its own, the one of unknown places,
    and for a hybrid event the online one; None for all of them (no place known)."""
    block = _block(place)
    if not block or (place.attendance == Attendance.MIXED and not place.city):
        return None
    if place.attendance == Attendance.MIXED and block != "@online":
        return (block, "", "@online")
    return (block, "")


def _block(place: Place) -> str:
    """A city's first word, ``@online``, or empty when the place is unknown."""
    if place.city:
        return place.city[0]
    return "@online" if place.attendance == Attendance.ONLINE else ""


def cluster(
    sightings: Iterable[Sighting],
    known: Mapping[SightingKey, str],
    existing: Iterable[tuple[str, Event]] = (),
    present: Mapping[str, set[str]] | None = None,
) -> list[Cluster]:
    """Assign every sighting to an event: the one it joined before, the best match, or a new one.

    ``existing`` are stored events that new sightings may join; ``present`` names, by event, the
    sources that list it in this ingest without change (their sightings are not passed again). A
    cluster never takes two sightings of one source from the same ingest: a site lists each of its
    events once, so two entries on one site on the same day are two events.
    """
    with cycles_collected_afterwards():
        return _cluster(sightings, known, existing, present)


def _cluster(
    sightings: Iterable[Sighting],
    known: Mapping[SightingKey, str],
    existing: Iterable[tuple[str, Event]],
    present: Mapping[str, set[str]] | None,
) -> list[Cluster]:
    fingerprints = _Fingerprints()
    stored = [(event_id, fingerprints.of(event)) for event_id, event in existing]
    ordered = [
        (s, fingerprints.of(s.event, _named_organiser(s)))
        for s in sorted(sightings, key=attrgetter("source", "key"))
    ]
    rarity = _rarity(Counter(fp.title.keys for _, fp in chain(stored, ordered)))
    index = BlockIndex(rarity)
    clusters: dict[str, Cluster] = {}
    sources = {event_id: tuple(names) for event_id, names in (present or {}).items()}
    event_id: str | None
    for event_id, fingerprint in stored:
        index.add(event_id, fingerprint)
    pending: list[tuple[Sighting, Fingerprint]] = []
    for item in ordered:
        sighting, fingerprint = item
        event_id = known.get(sighting.source_key)
        if event_id is None:
            pending.append(item)
            continue
        clusters.setdefault(event_id, Cluster(event_id)).sightings.append(sighting)
        _add_source(sources, event_id, sighting.source)
        index.add(event_id, fingerprint)
    pending.sort(key=lambda p: p[0].event.start[:10])  # stable: by source and key within a day
    for sighting, fingerprint in pending:
        event_id = _best_match(fingerprint, sighting.source, index, sources)
        if event_id is None:
            event_id = event_id_for(sighting.source, sighting.key)
        clusters.setdefault(event_id, Cluster(event_id)).sightings.append(sighting)
        _add_source(sources, event_id, sighting.source)
        index.add(event_id, fingerprint)
    return list(clusters.values())


def _add_source(sources: dict[str, tuple[str, ...]], event_id: str, source: str) -> None:
    """The sources of an event as a tuple: most events have one to four, and a set of them takes
    216 bytes where a tuple of one takes 48."""
    named = sources.get(event_id, ())
    if source not in named:
        sources[event_id] = (*named, source)


def _rarity(titles: Counter[tuple[str, ...]]) -> Counter[str]:
    """How many titles have each word, counted once per distinct title (sources repeat them)."""
    rarity: Counter[str] = Counter()
    for keys, count in titles.items():
        for key in keys:
            rarity[key] += count
    return rarity


def _named_organiser(sighting: Sighting) -> str | None:
    raw = sighting.raw if isinstance(sighting.raw, dict) else {}
    value = raw.get("organizer")
    return value if isinstance(value, str) and value.strip() else None


def _best_match(
    fingerprint: Fingerprint, source: str, index: BlockIndex, sources: Mapping[str, tuple[str, ...]]
) -> str | None:
    best_id, best_score = None, TITLE_THRESHOLD
    for entry in index.candidates(fingerprint):
        if source in sources.get(entry.event_id, ()):
            continue
        score = match_score(fingerprint, entry.fingerprint)
        if score > best_score or (score == best_score and best_id is None):
            if index.fits(fingerprint, entry.event_id):
                best_id, best_score = entry.event_id, score
    return best_id
