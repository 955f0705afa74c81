"""The same event seen on several sites becomes one event.

Two sightings are the same event when their days overlap, their places agree and their titles are
similar once case, punctuation, years, umlaut spellings and words that only name the kind of event
(``Digitalkonferenz``, ``Workshop``) are set aside. A sighting that joined an event before joins it
again (by its source and key), so an event's id never changes once published.

Sightings are only compared within a block of the same day and place, never all pairs, so the cost
grows linearly with the number of events. The merged event takes each field from the sighting that
knows it best and every sighting is kept, so merging loses nothing.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from aggregator.model.event import Event, Sighting

SightingKey = tuple[str, str]

MAX_SPAN_DAYS = 14
"""Days of one event that take part in blocking; a mistaken year-long span stays cheap."""
TIME_TOLERANCE = timedelta(hours=2, minutes=30)
"""Start times further apart on the same day are different events (a conference and the evening
meetup); closer ones are one event told differently (doors open, or a source's zone mistake)."""
TITLE_THRESHOLD = 88.0
"""rapidfuzz score from which two normalised titles name the same event."""
MAX_DISTANCE_KM = 30.0
"""Coordinates further apart are different places even when neither side names a city."""

KIND_FAMILIES: dict[str, tuple[str, ...]] = {
    "conference": (
        "forum",
        "tag",
        "tage",
        "day",
        "konferenz",
        "kongress",
        "congress",
        "conference",
        "tagung",
        "symposium",
        "summit",
        "gipfel",
        "convention",
    ),
    "fair": ("messe", "expo", "ausstellung", "fair"),
    "course": (
        "workshop",
        "seminar",
        "webinar",
        "schulung",
        "training",
        "kurs",
        "lehrgang",
        "werkstatt",
        "bootcamp",
        "masterclass",
        "tutorial",
        "crashkurs",
    ),
    "meetup": (
        "meetup",
        "stammtisch",
        "treffen",
        "afterwork",
        "fruhstuck",
        "breakfast",
        "abend",
        "nacht",
        "night",
        "brunch",
        "lunch",
    ),
    "talk": (
        "vortrag",
        "vorlesung",
        "lecture",
        "talk",
        "keynote",
        "lesung",
        "lesekreis",
        "sprechstunde",
        "sprechtag",
        "infoveranstaltung",
        "informationsveranstaltung",
        "diskussion",
        "podiumsdiskussion",
        "dialog",
        "gesprach",
    ),
    "hackathon": ("hackathon", "barcamp", "hackday", "gamejam", "jam"),
}
"""Words that say what kind of event it is. Sources add or drop them freely (``Digitalkonferenz
Forum Sachsen Digital``), so they are set aside when comparing titles; two titles naming kinds of
different families (a workshop, a meetup) are different events. A token ending in one of these
words (``Digitalkonferenz``, ``Netzwerktreffen``) counts too, its first part stays."""
KIND_WORDS = {word: family for family, words in KIND_FAMILIES.items() for word in words}
GENERIC_WORDS = frozenset({"veranstaltung", "event", "events", "online", "live", "hybrid"})
"""Words set aside with the kind words: they say how, not what."""
KIND_PREFIXES = frozenset(
    {"fach", "praxis", "info", "informations", "themen", "aktions", "experten"}
)
"""First parts of a kind word that say no more than it (``Fachtagung``, ``Praxistag``)."""
STOPWORDS = frozenset(
    """der die das den dem des ein eine einen einem einer eines und oder fur im in am an auf aus
    bei mit von vom zu zum zur uber unter nach vor wie was wer ihr ihre ihren sie wir es ist sind
    neu neue neues the a an and or of for in on at to with by from your our how what is are
    e v ev ggmbh gmbh ag mbh
    jetzt anmelden anmeldung erforderlich kostenlos kostenfrei gebuhrenfrei restplatze verfugbar
    ausgebucht warteliste eintritt frei register now free""".split()
)
"""Function words, legal forms, and the registration notes sources append to titles
(``Jetzt anmelden``, ``Restplätze verfügbar``)."""
SUBTITLE_RE = re.compile(r"\s[-|/]\s|:\s|\s\(|\)\s*|\"")
"""Separators of a title's parts, after ``fold`` made dashes and quotes ASCII."""
DATE_IN_TITLE_RE = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\b(?:19|20)\d{2}\b")
GENDER_RE = re.compile(r"[*:_/]innen\b|(?<=[a-zäöü])Innen\b")
SHORT_PREFIX_RE = re.compile(r"\b(\w)-(\w)")
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)+|\w+")
DIGITS = frozenset("0123456789")
SEPARATORS = frozenset('-|/:()"')
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


FOLD_TABLE = str.maketrans(
    {
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "ß": "ss",
        "é": "e",
        "è": "e",
        "á": "a",
        "–": "-",
        "—": "-",
        "·": "|",
        "„": '"',
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "’": "'",
        "\xa0": " ",
    }
)
"""Umlauts and the punctuation German titles use, to ASCII; anything else goes through NFKD."""


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case and umlaut spellings removed: ``Sächsischer``, ``Saechsischer`` and ``Sachsischer`` agree."""
    text = text.casefold()
    if not text.isascii():
        text = text.translate(FOLD_TABLE)
        if not text.isascii():
            text = unicodedata.normalize("NFKD", text)
            text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


@dataclass(frozen=True, slots=True)
class TitleKey:
    """A title reduced to what tells one event from another."""

    words: tuple[str, ...]
    """Significant words in order: no stopwords, years or dates."""
    core: tuple[str, ...]
    """``words`` in order without the words that name the kind of event."""
    segments: tuple[frozenset[str], ...]
    """``words`` of each part between subtitle separators (``Name – what it is about``)."""
    subtitled: bool
    """The parts after the first say more than the kind of event."""
    numbers: frozenset[str]
    """Numbers that are not years: ``Teil 1`` and ``Teil 2`` are different events."""
    kinds: frozenset[str]
    folded: str
    """The whole title folded, for titles that are all stopwords or numbers."""
    keys: frozenset[str]
    """What the block index files the title under: the first five letters of each word."""


@lru_cache(maxsize=65536)
def title_key(title: str) -> TitleKey:
    text = GENDER_RE.sub("", title) if "nnen" in title else title
    if DIGITS.intersection(text):
        text = DATE_IN_TITLE_RE.sub(" ", text)
    text = fold(text)
    parts = SUBTITLE_RE.split(text) if SEPARATORS.intersection(text) else (text,)
    segments = [_tokens(part) for part in parts]
    tokens = [t for part in segments for t in part]
    folded = " ".join(TOKEN_RE.findall(fold(title)))
    kinds: set[str] = set()
    core: list[str] = []
    for token in tokens:
        stem, kind = _split_kind(token)
        if kind:
            kinds.add(kind)
        if stem and stem not in core:
            core.append(stem)
    return TitleKey(
        words=tuple(dict.fromkeys(tokens)),
        core=tuple(core),
        segments=tuple(frozenset(part) for part in segments if part) if len(parts) > 1 else (),
        subtitled=any(_split_kind(t)[0] for part in segments[1:] for t in part),
        numbers=frozenset(t for t in tokens if t[0].isdigit() and _is_number(t)),
        kinds=frozenset(kinds),
        folded=folded,
        keys=frozenset([*(w[:5] for w in tokens), "=" + folded]),
    )


def _tokens(folded: str) -> list[str]:
    text = SHORT_PREFIX_RE.sub(r"\1\2", folded) if "-" in folded else folded
    return [t for t in TOKEN_RE.findall(text) if t not in STOPWORDS and t != "_"]


def _is_number(token: str) -> bool:
    return all(c.isdigit() or c in ".," for c in token)


@lru_cache(maxsize=65536)
def _split_kind(token: str) -> tuple[str, str | None]:
    """``digitalkonferenz`` -> (``digital``, conference); a plain kind word leaves no stem."""
    if token in KIND_WORDS:
        return "", KIND_WORDS[token]
    if token in GENERIC_WORDS:
        return "", None
    for end in range(len(token) - 3, 3, -1):
        kind = KIND_WORDS.get(token[end:])
        if kind:
            stem = token[:end]
            return ("" if stem in GENERIC_WORDS or stem in KIND_PREFIXES else stem), kind
    return token, None


def title_similarity(a: TitleKey, b: TitleKey, ignore: frozenset[str] = frozenset()) -> float:
    """0-100: how surely two titles name the same event (``ignore``: the city's own words)."""
    if a.folded == b.folded and a.folded:
        return 100.0
    if a.numbers != b.numbers and a.numbers and b.numbers:
        return 0.0
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return 0.0
    words_a = tuple(w for w in a.words if w not in ignore)
    words_b = tuple(w for w in b.words if w not in ignore)
    best = _word_score(words_a, words_b, min_subset=2)
    core_a = tuple(w for w in a.core if w not in ignore)
    core_b = tuple(w for w in b.core if w not in ignore)
    best = max(best, _word_score(core_a, core_b, min_subset=3))
    if _segment_found(a, frozenset(words_b), ignore) or _segment_found(
        b, frozenset(words_a), ignore
    ):
        best = max(best, 92.0)
    return best


def _word_score(x: tuple[str, ...], y: tuple[str, ...], min_subset: int) -> float:
    """Word by word, typos forgiven: equal titles 100; one title inside the other 90 when the
    inner one has ``min_subset`` words (or is one long compound); otherwise the share of words
    both have. Words only one side has count against, unless they are the other side's words
    written together or apart (``Cyber Security`` ~ ``Cybersecurity``)."""
    if not x or not y:
        return 0.0
    if not set(x).intersection(y):  # nothing in common but perhaps the spelling of one compound
        return 95.0 if fuzz.ratio("".join(x), "".join(y)) >= TITLE_THRESHOLD else 0.0
    only_x, only_y = _unpartnered(x, y), _unpartnered(y, x)
    if only_x and only_y and fuzz.ratio("".join(only_x), "".join(only_y)) >= TITLE_THRESHOLD:
        return 95.0
    if not only_x and not only_y:
        return 100.0
    inner = x if not only_x else y if not only_y else ()
    if inner and (len(inner) >= min_subset or (len(inner) == 1 and len(inner[0]) >= 12)):
        return 90.0
    shared = len(x) - len(only_x) + len(y) - len(only_y)
    return 100.0 * shared / (len(x) + len(y))


def _unpartnered(x: tuple[str, ...], y: tuple[str, ...]) -> list[str]:
    """Words of ``x`` that ``y`` lacks, also as a near spelling (one typo in a long word)."""
    missing = [w for w in x if w not in y]
    if not missing:
        return missing
    spare = [o for o in y if o not in x and len(o) >= 5 and not o[0].isdigit()]
    return [w for w in missing if not (spare and _near(w, spare))]


def _near(word: str, others: list[str]) -> bool:
    if len(word) < 5 or word[0].isdigit():
        return False
    return any(fuzz.ratio(word, o, score_cutoff=85) for o in others)


def _segment_found(a: TitleKey, other: tuple[str, ...], ignore: frozenset[str]) -> bool:
    """Two titles share a part: ``Smart-City-Dialog Sachsen: Daten für die Kommune`` and
    ``Smart-City-Dialog in Görlitz: Wie Kommunen ihre Daten nutzen können``. A part of three words
    or more found whole in the other title counts; the main part (before the first separator) of
    two words counts when a real subtitle follows it (``KI-Sprechstunde – Ihre Fragen zu
    künstlicher Intelligenz``), not when only a kind word does (``Cloud-Souveränität – Meetup`` is
    not ``Forum: Cloud-Souveränität für Fortgeschrittene``)."""
    if len(a.segments) < 2:
        return False
    for position, segment in enumerate(a.segments):
        segment = segment - ignore
        needed = 2 if position == 0 and a.subtitled else 3
        if len(segment) < needed or len(segment.difference(other)) > 1:
            continue  # too short to name an event, or more than one typo away
        if not _unpartnered(tuple(segment), other):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event is, as far as matching needs it."""

    city: tuple[str, ...] | None
    """Folded words of the city name (``halle saale``)."""
    attendance: str
    """offline, online, mixed, or unknown when the sighting names no place at all."""
    coords: tuple[float, float] | None


def place_of(event: Event) -> Place:
    city = tuple(_tokens(fold(re.sub(r"[()]", " ", event.city)))) if event.city else None
    known = bool(city or event.venue or event.street or event.postcode or event.latitude)
    attendance = event.attendance if known or event.attendance != "offline" else "unknown"
    coords = None
    if event.latitude is not None and event.longitude is not None:
        coords = (float(event.latitude), float(event.longitude))
    return Place(city or None, attendance, coords)


def places_agree(a: Place, b: Place) -> bool:
    """Same city, or one unknown; online matches online (and hybrid), never a place only in town."""
    if {a.attendance, b.attendance} == {"online", "offline"}:
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

    @classmethod
    def of(cls, event: Event) -> Fingerprint:
        start = None
        if not event.all_day and len(event.start) > 10:
            start = datetime.fromisoformat(event.start)
            if start.tzinfo is None:
                start = None
        return cls(event_days(event), start, place_of(event), title_key(event.title))

    def ignore(self, other: Fingerprint) -> frozenset[str]:
        """Words of either city, and their adjectives (``Leipziger``), say nothing about the title."""
        words: set[str] = set()
        for place in (self.place, other.place):
            for word in place.city or ():
                words.update((word, word + "er"))
        return frozenset(words)


def match_score(a: Fingerprint, b: Fingerprint) -> float:
    """0-100; at least ``TITLE_THRESHOLD`` when ``a`` and ``b`` are the same event."""
    if not set(a.days) & set(b.days) or not _place_and_time_agree(a, b):
        return 0.0
    return title_similarity(a.title, b.title, a.ignore(b))


def _place_and_time_agree(a: Fingerprint, b: Fingerprint) -> bool:
    if a.start and b.start and a.days[0] == b.days[0] and abs(a.start - b.start) > TIME_TOLERANCE:
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


class BlockIndex:
    """Events by day and place: a new sighting is compared only with the events of its days in its
    city (or of unknown place; hybrid events also with online ones), and of those only with the
    ones whose titles share a word with it. Words are compared by their first five letters, so
    that ``Cyber`` finds ``Cybersecurity`` and a typo late in a word does not matter. A sighting
    without a place looks at every place of its days."""

    def __init__(self) -> None:
        self._days: dict[date, dict[str, list[_Entry]]] = defaultdict(lambda: defaultdict(list))
        self._members: dict[str, list[Fingerprint]] = defaultdict(list)

    def fits(self, fingerprint: Fingerprint, event_id: str) -> bool:
        """Place and time agree with every sighting of the event, not just the one that matched:
        a sighting without a place must not chain an event in Chemnitz to one in Plauen."""
        return all(_place_and_time_agree(fingerprint, m) for m in self._members[event_id])

    def add(self, event_id: str, fingerprint: Fingerprint) -> None:
        self._members[event_id].append(fingerprint)
        entry = _Entry(event_id, fingerprint)
        place = fingerprint.place
        block = _block(place)
        for day in fingerprint.days:
            self._days[day][block].append(entry)
            if place.attendance == "mixed" and block != "@online":
                self._days[day]["@online"].append(entry)

    def candidates(self, fingerprint: Fingerprint) -> Iterator[_Entry]:
        place = fingerprint.place
        block = _block(place)
        keys = fingerprint.title.keys
        seen: set[int] = set()
        for day in fingerprint.days:
            blocks = self._days.get(day)
            if not blocks:
                continue
            if not block or (place.attendance == "mixed" and not place.city):
                groups = list(blocks.values())
            else:
                groups = [blocks.get(block, ()), blocks.get("", ())]
                if place.attendance == "mixed" and block != "@online":
                    groups.append(blocks.get("@online", ()))
            for group in groups:
                for entry in group:
                    if id(entry) in seen or keys.isdisjoint(entry.fingerprint.title.keys):
                        continue
                    seen.add(id(entry))
                    yield entry


def _block(place: Place) -> str:
    """A city's first word, ``@online``, or empty when the place is unknown."""
    if place.city:
        return place.city[0]
    return "@online" if place.attendance == "online" else ""


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
    index = BlockIndex()
    clusters: dict[str, Cluster] = {}
    sources: dict[str, set[str]] = defaultdict(set)
    for event_id, names in (present or {}).items():
        sources[event_id].update(names)
    for event_id, event in existing:
        index.add(event_id, Fingerprint.of(event))
    pending: list[Sighting] = []
    for sighting in sorted(sightings, key=lambda s: (s.source, s.key)):
        event_id = known.get((sighting.source, sighting.key))
        if event_id is None:
            pending.append(sighting)
            continue
        clusters.setdefault(event_id, Cluster(event_id)).sightings.append(sighting)
        sources[event_id].add(sighting.source)
        index.add(event_id, Fingerprint.of(sighting.event))
    pending.sort(key=lambda s: (s.event.start[:10], s.source, s.key))
    for sighting in pending:
        fingerprint = Fingerprint.of(sighting.event)
        event_id = _best_match(fingerprint, sighting.source, index, sources)
        if event_id is None:
            event_id = event_id_for(sighting.source, sighting.key)
        clusters.setdefault(event_id, Cluster(event_id)).sightings.append(sighting)
        sources[event_id].add(sighting.source)
        index.add(event_id, fingerprint)
    return list(clusters.values())


def _best_match(
    fingerprint: Fingerprint, source: str, index: BlockIndex, sources: Mapping[str, set[str]]
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


def merge(sightings: list[Sighting]) -> Event:
    """One event from its sightings, each field from the sighting that knows it best.

    Authority decides ties: the organiser's own site over a site that lists other organisers'
    events (see ``Authority``). Time comes from the most precise sighting, the place from the
    fullest address, the description is the longest, topics are the union of all.
    """
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
    if "mixed" in said or {"online", "offline"} <= said:
        return "mixed"
    return "online" if said == {"online"} else "offline"


def _status(ranked: list[Sighting], authority: Authority) -> str:
    """The organiser's own word if it has one; otherwise a cancellation anywhere is news."""
    own = [s for s in ranked if authority.rank(s)[0] == 2]
    statuses = {s.event.status for s in own or ranked}
    for status in ("cancelled", "postponed"):
        if status in statuses:
            return status
    return "scheduled"


def _first(values: Iterable[object]) -> object:
    return next((v for v in values if v not in (None, "")), None)
