"""Which event a report is about: the day it names, its town and the event's name in its words.

A report names its event the way a reader would: its day in past tense (``Am 17. März fand …
statt``), often its town, and its name somewhere in the title or the text (``Rückblick auf den
KI-Stammtisch``, ``… trafen sich zum Herbstforum Digitaler Mittelstand``). The rules are the
duplicate finder's: the days overlap, the places agree (``places_agree``, or the report names
the event's town among others), and the event's title key (``title_key``, the town's and the
state's own words set aside) is found in the report's words, a typo forgiven. A report that
names no day (``Impressionen vom Cloud-Tag``) is looked for among the events of the weeks before
it was published.

Of several events that fit, the one named in the report's title wins, then the one named with
more words; a report that fits none stays unmatched (and is kept so).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from aggregator.dedupe.matching import Place, event_days, place_of, places_agree
from aggregator.dedupe.titles import (
    TitleKey,
    abbreviated,
    title_key,
    title_similarity,
    tokens,
    unpartnered,
)
from aggregator.folding import fold
from aggregator.model.event import Event
from aggregator.model.report import Report

LOOKBACK_DAYS = 30
"""A report that names no day is about an event of the month before its publication."""
MIN_NAME_LETTERS = 6
"""An event named by one word only must be named by a word this long (``Digitaltag``, not
``KI``): a short word alone is found in too many reports."""


def report_days(report: Report) -> tuple[date, ...]:
    """The days its event may be on: the ones it names, else the month before it was
    published, else none."""
    if report.event_start:
        first = date.fromisoformat(report.event_start)
        last = date.fromisoformat(report.event_end) if report.event_end else first
        return tuple(first + timedelta(days=n) for n in range(max((last - first).days, 0) + 1))
    if report.published:
        published = date.fromisoformat(report.published)
        return tuple(published - timedelta(days=n) for n in range(LOOKBACK_DAYS + 1))
    return ()


def event_of(report: Report, candidates: Iterable[tuple[str, Event]]) -> str | None:
    """The id of the event the report is about, among ``candidates`` (any events: those not
    on its days or in its town are passed over), or None."""
    days = set(report_days(report))
    place = _place(report)
    title_words = frozenset(_words(report.title))
    said = title_words | frozenset(_words(report.text))
    best: tuple[tuple[bool, int, float], str] | None = None
    for event_id, event in sorted(candidates, key=lambda c: c[0]):
        where = place_of(event)
        if days.isdisjoint(event_days(event)):
            continue
        if not (places_agree(place, where) or _town_said(where, said)):
            continue
        key = title_key(event.title)
        ignore = _town_words(place, where) | _words_of(event.region)
        name = _named(key, said, ignore)
        if name is None:
            continue
        in_title = not unpartnered(name, title_words)
        similar = title_similarity(title_key(report.title), key, ignore)
        rank = (in_title, len(name), similar)
        # A tie keeps the smaller id: the same data, the same match.
        if best is None or rank > best[0]:
            best = (rank, event_id)
    return best[1] if best else None


def _place(report: Report) -> Place:
    """Its town only: how it was attended is not what a report is read for (a Nachbericht of a
    meeting in a room mentions its livestream)."""
    city = (
        tuple(tokens(fold(report.city.replace("(", " ").replace(")", " "))))
        if report.city
        else None
    )
    return Place(city or None, "unknown", None)


def _words(text: str) -> list[str]:
    return tokens(abbreviated(fold(text)))


def _town_said(where: Place, said: frozenset[str]) -> bool:
    """A report often names several towns (the organiser's, the venue's): the event's own among
    them agrees with it too."""
    return bool(where.city) and set(where.city or ()) <= said


def _words_of(name: str | None) -> frozenset[str]:
    """A state's words (``Sachsen``) in a title name no event either (``Smart-City-Dialog
    Sachsen`` is reported as ``der Smart-City-Dialog in Görlitz``)."""
    return frozenset(tokens(fold(name))) if name else frozenset()


def _town_words(a: Place, b: Place) -> frozenset[str]:
    """The towns' words and their adjectives (``Leipziger``) name no event."""
    words = {w for place in (a, b) for w in place.city or ()}
    return frozenset(words | {w + "er" for w in words})


def _named(key: TitleKey, said: frozenset[str], ignore: frozenset[str]) -> tuple[str, ...] | None:
    """The event's name as the report says it: its whole title's words, else the part before
    its subtitle (``smartKMU 2026 – Digitalkonferenz für kleine Unternehmen`` is named
    ``smartKMU``); None when neither is found, or the name is one short word."""
    names = [key.words]
    if key.segments:
        names.append(tuple(w for w in key.words if w in key.segments[0]))
    for words in names:
        name = tuple(w for w in words if w not in ignore)
        if len(name) == 1 and len(name[0]) < MIN_NAME_LETTERS:
            continue
        if name and not unpartnered(name, said):
            return name
    return None
