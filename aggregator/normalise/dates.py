"""Read event dates and times from the text organisers publish, German or English.

Event pages write dates in a few dozen shapes (``Mi, 17. März 2027, 9:30 Uhr``, ``15.–16. Juni``,
``30.12. - 2.1.``, ``March 17, 2027 @ 9:00 am``). A regex scanner reads those directly: it is
about fifty times faster than dateparser, understands ranges, ``Uhr`` with dots and
weekday-checked years, and never reads ``19 Uhr`` as a year. dateparser is kept as the fallback for
the rare text that names a month or looks like a date but fits none of the scanner's shapes; its
answer is only accepted when the day and year it found are really in the text.

Conventions the rest of the project relies on:

- No time in the text -> all-day; ``end`` is the last day, inclusive (one day: ``end == start``).
- Timed events are aware datetimes in the event's zone, never floating. Wall times that do not exist
  (the spring-forward gap) move forward by the gap; ambiguous ones take the first (summer) offset.
- A time range whose end is not after its start ends the next day (``19:00 - 01:00 Uhr``).
- A multi-day range with a start time but no end time (``15.–16. Juni 2027, 9:30 Uhr``) ends
  at 23:59 on its last day: the last day is known, its closing hour is not, and keeping the span
  matters more to feeds and dedupe than leaving ``end`` empty.
- A text with an end time but no start time stays all-day: the start is unknown.
- Without a year, the date is the next one on or after the reference day; a weekday given with it
  picks the nearest year in which the date falls on that weekday. An explicit year wins over a
  contradicting weekday.
- Two dates joined by ``und``/``&``/a comma form one span only when the days are consecutive
  (``13. und 14. März``); otherwise they are separate sessions and the first one is the event.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from typing import NamedTuple

from aggregator.lazy_import import lazy_import
from aggregator.normalise.timezones import zone_for

dateparser = lazy_import("dateparser")
"""Loaded by the first text only it can read: most runs never need it."""
html = lazy_import("html")
resources = lazy_import("importlib.resources")
tomllib = lazy_import("tomllib")
easter = lazy_import("dateutil.easter")
"""Needed for entities, named days and running text only: ``aggregator parse-dates`` starts
faster without them (``importlib.resources`` alone loads ``tempfile``, ``zipfile`` and more)."""

__all__ = ["When", "clear_cache", "parse_datetime", "parse_when", "prose_when", "to_iso"]


@dataclass(frozen=True)
class When:
    """When an event happens, in the event's own zone."""

    start: datetime | date
    """Aware datetime in the event's zone, or a date when all_day."""
    end: datetime | date | None
    """Aware datetime, or a date (last day, INCLUSIVE) when all_day; None for an open-ended time."""
    all_day: bool


# --- vocabulary -----------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "jänner": 1, "jaenner": 1, "january": 1, "jan": 1,
    "februar": 2, "feber": 2, "february": 2, "feb": 2,
    "märz": 3, "maerz": 3, "marz": 3, "march": 3, "mrz": 3, "mär": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}  # fmt: skip
_ENGLISH_MONTHS = frozenset(
    "january jan february feb march mar april apr may june jun july jul august aug september sept "
    "sep october oct november nov december dec".split()
)
_WEEKDAYS = {
    "montag": 0, "mo": 0, "monday": 0, "mon": 0,
    "dienstag": 1, "di": 1, "tuesday": 1, "tues": 1, "tue": 1,
    "mittwoch": 2, "mi": 2, "wednesday": 2, "wed": 2,
    "donnerstag": 3, "do": 3, "thursday": 3, "thurs": 3, "thur": 3, "thu": 3,
    "freitag": 4, "fr": 4, "friday": 4, "fri": 4,
    "samstag": 5, "sonnabend": 5, "sa": 5, "saturday": 5, "sat": 5,
    "sonntag": 6, "so": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
_CENTRAL_EUROPE = zone_for("Europe/Berlin")
_ZONE_WORDS = {
    "mez": _CENTRAL_EUROPE,
    "cet": _CENTRAL_EUROPE,
    "mesz": _CENTRAL_EUROPE,
    "cest": _CENTRAL_EUROPE,
    "utc": UTC,
    "gmt": UTC,
}
"""Pages write ``MEZ`` all year round for German time, so the zone words mean Central European
wall time with its DST, not a fixed +01:00."""


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_LETTER = "a-zäöüß"
_MONTH = rf"(?P<{{g}}>{_alternation(_MONTHS)})(?![{_LETTER}])\.?"
_WEEKDAY = rf"(?<![{_LETTER}])(?P<wd>{_alternation(_WEEKDAYS)})(?![{_LETTER}])"
_ORDINAL = r"(?:\.|st|nd|rd|th|ter|ten)?"

# --- date mentions --------------------------------------------------------------------------------

_ISO = (
    r"(?<![\d.])(?P<iy>\d{4})(?:-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[t ](?P<ih>\d{2}):(?P<imi>\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"\s*(?P<ioff>z|[+-]\d{2}:?\d{2})?)?"
    r"|(?P<bm>\d{2})(?P<bd>\d{2})t(?P<bh>\d{2})(?P<bmi>\d{2})(?:\d{2})?(?P<bz>z)?)(?![\d])"
)
"""ISO 8601, also in the basic form iCalendar writes (``20270607T143000``), there with its time
only: eight digits alone are rather an order or file number."""
_NUMERIC = (
    r"(?<![\w.,/:])(?P<nd>\d{1,2})\.\s?(?P<nm>\d{1,2})\."
    r"(?:(?P<ny>\d{4}|\d{2})(?![\d]|\.\d)|\s(?P<ny4>(?:19|20)\d{2})(?![\d:.]|\s*(?:uhr|h\b)))?"
    r"(?![\d])"
)
_SLASHED = r"(?<![\w./:])(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<sy>\d{4}|\d{2})(?![\d/])"
_DAY_MONTH = (
    rf"(?<![\w.,])(?P<dd>\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?{_MONTH.format(g='dm')}"
    r"(?:\s*,?\s*(?P<dy>\d{4})(?![\d:]|\.\d)|\s*'(?P<dy2>\d{2})(?!\d))?"
)
_MONTH_DAY = (
    rf"(?<![{_LETTER}])(?P<md>{_alternation(_ENGLISH_MONTHS)})(?![{_LETTER}])\.?\s*(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.]|\s*uhr)"
    r"(?:\s*(?:-|to|until|and|&)\s*(?P<mdd2>\d{1,2})(?:st|nd|rd|th)?(?![\d:.]))?"
    r"(?:\s*,?\s*(?P<mdy>\d{4})(?![\d:]))?"
)
_DATE_RE = re.compile(
    rf"(?<![\w.])(?=\d)(?:(?:{_ISO})|(?:{_NUMERIC})|(?:{_SLASHED})|(?:{_DAY_MONTH}))"
    rf"|(?<![{_LETTER}])(?=[adfjmnos])(?:{_MONTH_DAY})"
)
"""One pass over the text; the look-aheads on the first character keep the scan cheap."""

_DAY_BEFORE = re.compile(
    rf"(?:(?<![{_LETTER}])(?P<wd>{_alternation(_WEEKDAYS)})\.?\s*,?\s*)?"
    r"(?<![\w.,:])(?P<day>\d{1,2})(?:\.|st|nd|rd|th)?(?:\s*,\s*\d{1,2}\.?)*"
    r"\s*(?:-|/|\+|bis(?:\s+(?:zum|einschließlich|einschl\.|inkl\.))?|zum|und|and|&|to|until|till)\s*"
    rf"(?:(?:{_alternation(_WEEKDAYS)})\.?\s*,?\s*)?$"
)
_RANGE_ENDINGS = (
    "-", "/", "+", "bis", "zum", "einschließlich", "einschl", "inkl", "und", "and", "&", "to",
    "until", "till", *_WEEKDAYS,
)  # fmt: skip
"""How a text before a date ends when a first day stands there (``15.–``, ``15. und``, ``Mo.,``):
a cheap look before ``_DAY_BEFORE``, which the scanner would otherwise try at every date."""
_VERSION_WORDS = frozenset({"version", "release", "ver", "v", "python", "php", "typo3", "firmware"})
_COUNTERS = frozenset(
    "tag teil nr no runde part day woche kw raum saal halle stand level stage modul block session "
    "folge episode band heft track".split()
)
"""``Programm Tag 1 - 28. August``: a number after these counts something, it is no first day."""
_DEADLINE_BEFORE = re.compile(
    r"(?<![a-zäöüß])(?:(?:an|ein|be|bu|re)\w*schluss|\w*frist|anmeldung\s+bis|anmelden\s+bis|"
    r"frühbucher\w*|deadline|registration\s+closes)\b[^.;|\n]{0,20}$"
)
"""A deadline is never the event's date."""
_DEADLINE_HINT = re.compile(r"schluss|frist|bis|früh|deadline|closes")
"""A cheap first look for ``_DEADLINE_BEFORE``: most dates have none of these before them."""
_ASIDE_BEFORE = re.compile(
    r"(?<![a-zäöüß])(?:stand|veröffentlicht|aktualisier\w*|erstellt|published|geändert|änderung"
    r"|updated|bis|nicht|statt|anstatt|ursprünglich|angesetzt|geplant\s+war|sollte|eigentlich"
    r"|ausblick|nächste\s+ausgabe|next\s+edition)\b[^.;|\n]{0,20}$"
)
"""Dates that are the event's only when the text gives no other: when it was published or
changed, the end of something (``bis zum``), the date an event was moved away from."""
_NEW_DATE_BEFORE = re.compile(
    r"(?<![a-zäöüß])(?:verschoben\s+auf|verlegt\s+auf|auf\s+den|neue[rn]?\s+termin\w*|"
    r"nachholtermin|ersatztermin|stattdessen|sondern|nun|jetzt|now)\b[^.;|\n]{0,12}$"
)
"""The date an event was moved to (``nicht am 25. März, sondern … auf den 21. September``)."""
_CUE_HINT = re.compile(
    r"schluss|frist|bis|früh|deadline|closes|stand|veröff|aktualis|erstellt|publish|geänd|änderung"
    r"|updated|nicht|statt|ursprüng|angesetzt|geplant|sollte|eigentlich|ausblick|nächste|next"
    r"|verschoben|verlegt|auf den|termin|nachhol|ersatz|sondern|nun|jetzt|now"
)
"""A cheap first look for the three patterns above: most dates have none of these before them."""


class _Clock(NamedTuple):
    hour: int
    minute: int
    zone: tzinfo | None = None
    """Set when the text names the zone of this time (``17 Uhr MEZ``, an ISO offset)."""


class _Mention(NamedTuple):
    """A date as written: month and year may be missing and are filled from context."""

    start: int
    end: int
    day: int
    month: int | None
    year: int | None
    weekday: int | None = None
    clock: _Clock | None = None
    relative: bool = False
    """Said relative to the item's publication day (``morgen``, ``am kommenden Freitag``)."""


def _iso_mention(m: re.Match[str]) -> _Mention:
    """A malformed time or offset (``12:60``, ``+99:00``) drops the time, not the date."""
    if m["bm"]:
        clock = _clock(m["bh"], m["bmi"], None, UTC if m["bz"] else None)
        return _Mention(m.start(), m.end(), int(m["bd"]), int(m["bm"]), int(m["iy"]), clock=clock)
    clock = None
    if m["ih"]:
        offset = m["ioff"]
        zone = (UTC if offset == "z" else _offset_zone(offset)) if offset else None
        if zone or not offset:
            clock = _clock(m["ih"], m["imi"], None, zone)
    return _Mention(m.start(), m.end(), int(m["id"]), int(m["im"]), int(m["iy"]), clock=clock)


def _offset_zone(text: str) -> tzinfo | None:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _full_year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _mentions_at(m: re.Match[str]) -> list[_Mention]:
    """The one or two mentions (``March 15-16``) a match of ``_DATE_RE`` stands for."""
    start, end = m.start(), m.end()
    if m["iy"]:
        return [_iso_mention(m)]
    if m["nd"]:
        year = _full_year(m["ny"] or m["ny4"])
        return [_Mention(start, end, int(m["nd"]), int(m["nm"]), year)]
    if m["sa"]:
        first, second = int(m["sa"]), int(m["sb"])
        day, month = (second, first) if second > 12 >= first else (first, second)
        return [_Mention(start, end, day, month, _full_year(m["sy"]))]
    if m["dd"]:
        month = _MONTHS[m["dm"]]
        return [_Mention(start, end, int(m["dd"]), month, _full_year(m["dy"] or m["dy2"]))]
    month, year = _MONTHS[m["md"]], _full_year(m["mdy"])
    if m["mdd2"]:
        return [
            _Mention(start, m.end("mdd"), int(m["mdd"]), month, None),
            _Mention(m.start("mdd2"), end, int(m["mdd2"]), month, year),
        ]
    return [_Mention(start, end, int(m["mdd"]), month, year)]


def _plausible(mention: _Mention) -> bool:
    _, _, day, month, year, _, _, _ = mention
    if month is None or not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= _days_in_month(2000, month)
    return 1970 <= year <= 2100 and day <= _days_in_month(year, month)


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_LENGTHS[month - 1]


def _find_mentions(s: str, published: date | None = None) -> list[_Mention]:
    mentions = _absolute_mentions(s)
    if published is None:
        return mentions
    relative = [
        r
        for r in _relative_mentions(s, published)
        if not any(m.start < r.end and r.start < m.end for m in mentions)
    ]
    return sorted(mentions + relative) if relative else mentions


def _absolute_mentions(s: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    previous_end = 0
    for m in _DATE_RE.finditer(s):
        for mention in _mentions_at(m):
            if not _plausible(mention):
                continue
            start = mention.start
            offset = start - 40
            if offset < previous_end:
                offset = previous_end
            if offset < start:  # the text before the date: a weekday, a first day
                before = s[offset:start]
                word = _word_before(before)
                if word in _VERSION_WORDS and m["nd"]:
                    continue
                if word in _WEEKDAYS and mention.weekday is None:
                    start, end, day, month, year, _, clock, relative = mention
                    mention = _Mention(
                        start, end, day, month, year, _WEEKDAYS[word], clock, relative
                    )
                leading = (
                    _DAY_BEFORE.search(before)
                    if _DIGIT.search(before) and before.rstrip(" ,.").endswith(_RANGE_ENDINGS)
                    else None
                )
                if (
                    leading
                    and 1 <= int(leading["day"]) <= 31
                    and _word_before(before[: leading.start("day")]) not in _COUNTERS
                ):
                    mentions.append(_leading_day(leading, offset))
            mentions.append(mention)
            previous_end = mention.end
    return mentions


_RELATIVE_DAYS = {
    "heute": 0, "heutigen": 0, "heutige": 0, "heutiger": 0, "today": 0, "tonight": 0,
    "this evening": 0, "morgen": 1, "morgigen": 1, "morgige": 1, "morgiger": 1, "tomorrow": 1,
    "übermorgen": 2, "gestern": -1, "gestrigen": -1, "gestrige": -1, "gestriger": -1,
    "yesterday": -1, "last night": -1, "vorgestern": -2,
}  # fmt: skip
_FULL_WEEKDAYS = [name for name in _WEEKDAYS if len(name) >= 6]
_COMING = {"kommenden": 1, "nächsten": 1, "diesen": 1, "this": 1, "next": 1, "coming": 1}
_PAST = {"vergangenen": -1, "letzten": -1, "last": -1}
_RELATIVE_RE = re.compile(
    rf"(?<![{_LETTER}])(?:"
    r"(?P<day>übermorgen|vorgestern|heutige[nr]?|morgige[nr]?|gestrige[nr]?|gestern|today|tonight"
    r"|this evening|tomorrow|yesterday|last night"
    r"|(?<!bis )(?:(?<!von )|(?=heute\s+bis\b))heute"
    r"|(?<!heute )(?<!am )(?<!guten )(?<!jeden )(?:(?<!von )|(?=morgen\s+bis\b))morgen(?!s))"
    rf"|(?P<dir>{_alternation([*_COMING, *_PAST])})\s+(?P<wd>{_alternation(_FULL_WEEKDAYS)})"
    rf")(?![{_LETTER}])"
)
"""Days named relative to the day the item was published: ``heute``, ``morgen`` (not ``heute
Morgen``, ``am Morgen`` or ``von morgen``, the future), ``am kommenden Freitag``, ``last night``."""


def _relative_mentions(s: str, published: date) -> list[_Mention]:
    mentions = []
    for m in _RELATIVE_RE.finditer(s):
        if m["day"]:
            day = published + timedelta(days=_RELATIVE_DAYS[m["day"]])
        else:
            weekday = _WEEKDAYS[m["wd"]]
            if m["dir"] in _COMING:
                day = published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
            else:
                day = published - timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)
        mentions.append(_Mention(m.start(), m.end(), day.day, day.month, day.year, relative=True))
    return mentions


def _word_before(before: str) -> str:
    """The word a date follows, skipping ``den``/``the`` and punctuation (``Mi., den``)."""
    words = before[-20:].replace(",", " ").replace(".", " ").split()
    if words and words[-1] in ("den", "the"):
        words.pop()
    return words[-1] if words else ""


def _leading_day(m: re.Match[str], offset: int) -> _Mention:
    """``15.–16. Juni``: the first day of a range that borrows month and year from the second."""
    weekday = _WEEKDAYS[m["wd"]] if m["wd"] else None
    return _Mention(
        offset + m.start("day"), offset + m.end("day"), int(m["day"]), None, None, weekday
    )


# --- days named instead of written ---------------------------------------------------------------


@cache
def _named_days() -> tuple[re.Pattern[str], dict[str, tuple[int, int] | int]]:
    """The names of ``aggregator/data/named_days.toml`` as one pattern (with the Sundays and
    weekends of Advent), and each name's fixed (month, day) or its distance from Easter."""
    table = tomllib.loads(
        resources.files("aggregator").joinpath("data/named_days.toml").read_text("utf-8")
    )
    days: dict[str, tuple[int, int] | int] = {
        name: (int(value[:2]), int(value[3:])) for name, value in table["fixed"].items()
    }
    days.update(table["easter"])
    pattern = re.compile(
        rf"(?<![{_LETTER}])(?:(?P<nth>{_alternation(_ADVENT_ORDINALS)})\s*advent"
        r"(?P<weekend>s?-?wochenende)?(?:s?-?sonntag)?"
        rf"|(?P<name>{_alternation(days)}))(?![{_LETTER}])"
        r"(?:\s(?P<year>(?:19|20)\d\d)(?![\d:]|\.\d))?"
    )
    return pattern, days


_ADVENT_ORDINALS = {
    "ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "1.": 1, "2.": 2, "3.": 3, "4.": 4,
    "first": 1, "second": 2, "third": 3, "fourth": 4,
}  # fmt: skip
_NAMED_HINT = re.compile(
    r"advent|neujahr|valentin|tag der|reformation|allerheiligen|nikolaus|heiligabend|silvester"
    r"|rosenmontag|aschermittwoch|gründonnerstag|karfreitag|karsamstag|oster|himmelfahrt|pfingst"
    r"|fronleichnam"
)
"""A cheap first look for ``_named_days``: most texts name none."""


def _named_mentions(s: str, base: date) -> list[_Mention]:
    """``am zweiten Adventswochenende``, ``an Christi Himmelfahrt``: the day of the year
    written after it, else the next such day on or after ``base`` (a weekend: its Saturday and
    Sunday, as a range)."""
    pattern, days = _named_days()
    mentions: list[_Mention] = []
    for m in pattern.finditer(s):
        for year in (int(m["year"]),) if m["year"] else (base.year, base.year + 1):
            if m["nth"]:
                sunday = _advent_sunday(year, _ADVENT_ORDINALS[m["nth"]])
                first = sunday - timedelta(days=1) if m["weekend"] else sunday
                last = sunday if m["weekend"] else None
            else:
                spec = days[m["name"]]
                first = (
                    easter.easter(year) + timedelta(days=spec)
                    if isinstance(spec, int)
                    else date(year, *spec)
                )
                last = None
            if first >= base:
                break
        if last is None:
            mentions.append(_Mention(m.start(), m.end(), first.day, first.month, first.year))
        else:  # two mentions that touch: ``_connector`` joins them into a range
            mentions.append(_Mention(m.start(), m.start(), first.day, first.month, first.year))
            mentions.append(_Mention(m.start(), m.end(), last.day, last.month, last.year))
    return mentions


def _advent_sunday(year: int, nth: int) -> date:
    """The fourth Sunday of Advent is the last Sunday before 25 December."""
    eve = date(year, 12, 24)
    return eve - timedelta(days=(eve.weekday() + 1) % 7 + 7 * (4 - nth))


# --- joining two mentions into a span -------------------------------------------------------------

_RANGE_WORDS = frozenset(
    ["-", "/", "bis", "bis zum", "bis einschließlich", "bis einschl", "bis inkl", "zum"]
    + ["to", "until", "till", "through", "thru"]
)
_CLAUSE_RANGE = re.compile(r"\bbis\s+(?:zum\s+|einschließlich\s+)?$")
_CLAUSE_BREAK = re.compile(r"[.;!?]\s|\b(?:anmeld|bewerb|einsend|frist|registr)")
"""``Am 15. April startete die Aktion, die bis zum 19. April läuft``: a date introduced by
``bis`` later in the same sentence ends the span, unless a deadline comes between."""
_END_LABELS = frozenset({"enddatum", "ende", "end", "date", "endet", "ends", "dtend"})
_LIST_WORDS = frozenset({"und", "&", "+", "and", "sowie"})
_GAP_NOISE = re.compile(
    r"#+|\b(?:uhr|h|ca|den|am|the|on|um|at|from|von|vom|st|nd|rd|th)\b\.?"
    rf"|{_WEEKDAY}\.?|[@|,;:.()\[\]]|\s+"
)
"""What may stand between two dates of one range besides the joining word: times (removed
before), weekdays, labels, punctuation."""
_LIST_DAYS = re.compile(r"\d{1,2}\.?")
_GAP_TIMES = re.compile(
    r"\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?(?![\d])|\d{1,2}\s*(?:uhr|[ap]\.?m\.?)(?![a-z])"
)


class _Span(NamedTuple):
    first: date
    last: date | None
    first_mention: _Mention
    last_mention: _Mention | None


def _connector(s: str, left: _Mention, right: _Mention) -> tuple[str, int]:
    """How the text between two mentions joins them: 'range', 'list' (with its item count) or ''."""
    if left.end == right.start:
        return "range", 2  # a named weekend (``_named_mentions``)
    gap = s[left.end : right.start]
    if len(gap) > 60:
        return "", 0
    gap = _GAP_TIMES.sub(" ", gap)
    listed = len(_LIST_DAYS.findall(gap))
    tokens = _GAP_NOISE.sub(" ", _LIST_DAYS.sub(" ", gap)).split()
    words = " ".join(t for t in tokens if t not in _END_LABELS)
    if words in _RANGE_WORDS or len(words) < len(" ".join(tokens)) and not words:
        return "range", 2
    if "bis" in gap and _CLAUSE_RANGE.search(gap) and not _CLAUSE_BREAK.search(gap):
        return "range", 2
    if not words and "," in gap and not listed:
        return "list", 2
    if words in _LIST_WORDS or not words and listed:
        return "list", listed + 2
    return "", 0


class _Years:
    """What decides the year of a date written without one; worked out only when a date lacks
    its year (most texts give it)."""

    __slots__ = ("_edition", "_mentions", "_published", "_stated", "_text", "reference")

    def __init__(
        self, text: str, mentions: list[_Mention], reference: date, published: date | None
    ) -> None:
        self._text, self._mentions, self._published = text, mentions, published
        self.reference = (
            reference if published is None else published - timedelta(days=_RECENT_PAST_DAYS)
        )
        """Year-less dates are the next such date on or after this day."""
        self._stated: dict[tuple[int, int], int] | None = None
        self._edition: int | None | bool = False

    @property
    def stated(self) -> dict[tuple[int, int], int]:
        """(month, day) -> the year the text gives the same day elsewhere."""
        if self._stated is None:
            self._stated = {}
            for m in self._mentions:
                if m.year is not None and m.month is not None and not m.relative:
                    self._stated.setdefault((m.month, m.day), m.year)
        return self._stated

    @property
    def edition(self) -> int | None:
        """The one year the text names as an edition (``Datenspuren 2019``, ``Digital Days
        2025``)."""
        if self._edition is False:
            latest = (self._published or self.reference).year + 2
            self._edition = (
                _edition_year(self._text, latest) if _YEARISH.search(self._text) else None
            )
        return self._edition if isinstance(self._edition, int) else None


_EDITION_YEAR = re.compile(
    r"(?<![\w.])(?P<word>[A-ZÄÖÜ][\w.:@-]*?)\s?(?P<year>(?:19|20)\d{2})(?![\d+%]|\.\d{1,2}\.)"
)
_YEARISH = re.compile(r"(?:19|20)\d\d")
_NOT_EDITIONS = frozenset(
    "jahr jahres jahren jahrgang mitte anfang ende herbst frühjahr frühling sommer winter "
    "sommersemester wintersemester semester stand ab bis seit vor nach im in".split()
)


def _edition_year(text: str, latest: int) -> int | None:
    """The year an event's name carries, when the text names exactly one: what a year-less date
    of the same text most likely means (``Datenspuren 2019 – 21. – 22. September``). Years of
    dates, seasons and spans (``Juni 2022``, ``Herbst 2023``, ``Jahr 2029``) are not editions, and
    neither is a year more than two years after the reference (``Dresden 2030``)."""
    found = {
        int(m["year"])
        for m in _EDITION_YEAR.finditer(text)
        if m["word"].casefold().rstrip(".:") not in _NOT_EDITIONS
        and m["word"].casefold().rstrip(".") not in _MONTHS
        and 1990 <= int(m["year"]) <= latest
    }
    return found.pop() if len(found) == 1 else None


_DATED = _Years("", [], date.min, None)
_RECENT_PAST_DAYS = 90
"""A publication date makes the nearest date likely, also a recent past one (a report): the
year is that of the next such date on or after three months before publication."""


def _resolve_year(month: int, day: int, weekday: int | None, years: _Years) -> int | None:
    """The year the text gives the same day elsewhere, else the edition year its name carries,
    else the next such date on or after the reference, unless only a year next to that one fits
    the weekday the text gives; a weekday that fits no year nearby is taken for a typo."""
    for known in (years.stated.get((month, day)), years.edition):
        if known is not None and _exists(known, month, day):
            return known
    reference = years.reference
    default = next(
        (y for y in range(reference.year, reference.year + 9) if _exists(y, month, day)), None
    )
    if default is None:
        return None
    if date(default, month, day) < reference:
        default = next(y for y in range(default + 1, default + 9) if _exists(y, month, day))
    if weekday is None:
        return default
    for distance in (0, 1):
        for year in (default + distance, default - distance):
            if _exists(year, month, day) and date(year, month, day).weekday() == weekday:
                return year
    return default


def _exists(year: int, month: int, day: int) -> bool:
    return day <= _days_in_month(year, month)


def _span(
    mentions: list[_Mention], joins: list[tuple[str, int]], index: int, years: _Years
) -> _Span | None:
    first = mentions[index]
    second = mentions[index + 1] if index + 1 < len(mentions) else None
    kind, items = joins[index] if second else ("", 0)
    if not kind or second is None or second.month is None:
        return _single(first, years)
    month = first.month or second.month
    start_year, end_year = first.year, second.year
    if start_year is None and end_year is None:
        end_year = years.stated.get((second.month, second.day))
    if start_year is None and end_year is not None:
        start_year = end_year
        if (month, first.day) > (second.month, second.day):
            start_year -= 1
    if start_year is None:
        weekday_year = _resolve_year(month, first.day, first.weekday, years)
        if weekday_year is None:
            return None
        start_year = weekday_year
    if end_year is None:
        end_year = start_year + ((month, first.day) > (second.month, second.day))
    first = first._replace(month=month, year=start_year)
    if not (_exists(start_year, month, first.day) and _exists(end_year, second.month, second.day)):
        return _single(first, years)
    start, end = date(start_year, month, first.day), date(end_year, second.month, second.day)
    if end < start or (kind == "list" and (end - start).days != items - 1):
        return _single(first, years)
    return _Span(start, end, first, second)


def _single(mention: _Mention, years: _Years) -> _Span | None:
    _, _, day, month, year, weekday, _, _ = mention
    if month is None:
        return None
    year = year or _resolve_year(month, day, weekday, years)
    if year is None or day > _days_in_month(year, month):
        return None
    return _Span(date(year, month, day), None, mention, None)


def _rank(s: str, mention: _Mention, starts_range: bool) -> int:
    """How surely a mention is the event's date, 0 (a new date) to 3 (an aside) and 4 (the day
    of a decision about it); ``_DEADLINE`` for a deadline. A relative day (``heute``) ranks below a written date unless it opens a range
    (``von morgen bis 7. September``): news mentions the day they report on in passing."""
    plain = 2 if mention.relative and not starts_range else 1
    after = mention.end + 1
    if after < len(s) and s[after] in _DECIDED_FIRST and _DECIDED_AFTER.match(s, mention.end):
        return _DECIDED
    lo = max(0, mention.start - 40)
    if not _CUE_HINT.search(s, lo, mention.start):
        return plain
    before = s[lo : mention.start]
    if _DEADLINE_BEFORE.search(before):
        return _DEADLINE
    if _NEW_DATE_BEFORE.search(before):
        return 0
    if _ASIDE_BEFORE.search(before):
        return 3
    return plain


_DEADLINE = 9
_DECIDED = 4
_DECIDED_AFTER = re.compile(
    r" (?:strichen|strich|sagten|sagte|verschoben|verschob|verlegten|verlegte"
    r"|cancell?ed|postponed|called\s+off)(?![a-zäöüß])"
)
_DECIDED_FIRST = frozenset("svcp")
"""``Schon am 29. Februar strich die Messe den Kongress, angesetzt für den 3. und 4. März``: a
date followed by a past decision (cancelled, postponed, said) is the day it was taken, the
event's date only when the text gives no other."""


def _event_span(
    s: str, mentions: list[_Mention], years: _Years, prose: bool, about: _About | None = None
) -> tuple[int, _Span] | None:
    """The event's date and the index of its mention: the best-ranked mention (of equals, the
    one whose words are closest to the title's, else the first), never the second date of a
    range, nor a deadline in prose (a date field that holds only a deadline-like date is still
    read: a source put it there as the date)."""
    if len(mentions) == 1:
        only = mentions[0]
        if prose and only.start:
            lo = only.start - 40 if only.start > 40 else 0
            if _DEADLINE_HINT.search(s, lo, only.start) and _DEADLINE_BEFORE.search(
                s, lo, only.start
            ):
                return None
        span = _single(only, years)
        return (0, span) if span else None
    joins = [_connector(s, a, b) for a, b in zip(mentions, mentions[1:], strict=False)]
    ranked = sorted(
        (rank, i)
        for i, m in enumerate(mentions)
        if not (i and joins[i - 1][0])
        and (rank := _rank(s, m, i + 1 < len(mentions) and joins[i][0] == "range")) < _DEADLINE
    )
    if about is not None and len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        ranked = _closest_first(s, mentions, joins, ranked, about)
    fallback = [] if prose else [(0, i) for i in range(len(mentions))]
    for _, index in ranked or fallback:
        span = _span(mentions, joins, index, years)
        if span is not None:
            return index, span
    return None


# --- which of several dates the item is about ----------------------------------------------------


class _About(NamedTuple):
    """What an announcement is about: its title's significant words (stemmed), and where the
    lines of its text begin in the cleaned text (``_clean`` joins them into one)."""

    words: frozenset[str]
    lines: tuple[int, ...]


_WORD = re.compile(r"[^\W\d_]{4,}")
_SUFFIXES = ("en", "er", "es", "e", "n", "s")


@cache
def _function_words() -> frozenset[str]:
    table = resources.files("aggregator").joinpath("data/function_words.txt").read_text("utf-8")
    words = (line.strip() for line in table.splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def _stem(word: str) -> str:
    """``Workshops`` and ``Workshop``, ``digitale`` and ``digital`` meet; short words stay."""
    if len(word) > 5:
        for suffix in _SUFFIXES:
            if word.endswith(suffix):
                return word[: -len(suffix)]
    return word


@lru_cache(maxsize=4096)
def _title_words(title: str) -> frozenset[str]:
    """The words of a title that say what the event is about: no function words, no months or
    weekdays (they say when)."""
    ignored = _function_words()
    return frozenset(
        _stem(word)
        for word in _WORD.findall(title.lower())
        if word not in ignored and word not in _MONTHS and word not in _WEEKDAYS
    )


def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of ``text`` begins in its cleaned form (words joined by single spaces)."""
    if "\n" not in text:
        return ()
    if "&" in text:
        text = html.unescape(text)
    starts: list[int] = []
    cursor = 0
    for line in text.split("\n"):
        words = line.split()
        if not words:
            continue
        if starts:
            cursor += 1
        starts.append(cursor)
        cursor += sum(map(len, words)) + len(words) - 1
    return tuple(starts)


def _closest_first(
    s: str,
    mentions: list[_Mention],
    joins: list[tuple[str, int]],
    ranked: list[tuple[int, int]],
    about: _About,
) -> list[tuple[int, int]]:
    """Of the equally ranked dates, the one whose sentence or line shares most of the title's
    words comes first (a newsletter's ``4.2.2026 – Text wrangling with Vim`` under the title
    ``Feminist Linux Meetup: Text wrangling with Vim``); the first stays first unless another
    is closer."""
    best = ranked[0][0]
    equals = [index for rank, index in ranked if rank == best]
    masked = _masked(s, mentions)
    scores = [
        len(_words_around(masked, mentions, joins, i, about.lines) & about.words) for i in equals
    ]
    top = max(scores)
    if top <= scores[0]:
        return ranked
    chosen = equals[scores.index(top)]
    return [(best, chosen)] + [r for r in ranked if r[1] != chosen]


def _words_around(
    masked: str,
    mentions: list[_Mention],
    joins: list[tuple[str, int]],
    index: int,
    lines: tuple[int, ...],
) -> set[str]:
    """The stemmed words of a date's part of its sentence or line: up to halfway to the dates
    before and after it in the same sentence (``Nach einer Buchvorstellung am 16. Oktober widmet
    sich das Labor am 18. Oktober einem Thementag rund um Gaming``)."""
    last = index
    while last + 1 < len(mentions) and joins[last][0]:
        last += 1
    start, end = mentions[index].start, mentions[last].end
    lo = max((m.end() for m in _SENTENCE.finditer(masked, 0, start)), default=0)
    lo = max(lo, lines[bisect_right(lines, start) - 1] if lines and lines[0] <= start else 0)
    if index and mentions[index - 1].end > lo:
        lo = (mentions[index - 1].end + start) // 2
    sentence_end = _SENTENCE.search(masked, end)
    hi = sentence_end.start() if sentence_end else len(masked)
    after = bisect_right(lines, end)
    if after < len(lines):
        hi = min(hi, lines[after])
    if last + 1 < len(mentions) and mentions[last + 1].start < hi:
        hi = (end + mentions[last + 1].start) // 2
    if _REGISTRATION.search(masked, lo, hi):
        return set()
    return {_stem(word) for word in _WORD.findall(masked, lo, hi)}


_REGISTRATION = re.compile(
    r"anmeld|schluss|frist|deadline|bewerb|registr|einsend|einreich|ticket|vorverkauf"
)
"""A date told with these words is when to register, submit or buy tickets, however many of the
title's words its sentence shares."""


# --- times ----------------------------------------------------------------------------------------

_SUFFIX = (
    r"uhr|h(?![a-zäöüß])|a\.m\.?|p\.m\.?|pm(?![a-z])"
    r"|am(?![a-zäöüß])(?!\s+(?!(?:to|till|until|at|on|and|in|bis|mez|cet|utc|gmt)\b)[a-zäöüß])"
)
_HOUR = r"(?P<h{n}>\d{{1,2}})(?:(?P<c{n}>[:.h])(?P<m{n}>\d{{2}})(?::\d{{2}})?)?(?![\d])"
_TIME_RE = re.compile(
    rf"(?<![\w:,#/])(?<!\d\.){_HOUR.format(n=1)}(?:\s*(?P<s1>{_SUFFIX}))?"
    rf"(?:\s*(?:-|bis|to|until|till)\s*,?\s*(?:ca\.?\s*)?{_HOUR.format(n=2)}(?:\s*(?P<s2>{_SUFFIX}))?)?"
    rf"(?:\s*\(?(?:(?P<zone>{_alternation(_ZONE_WORDS)})\b|(?P<off>[+-]\d{{2}}:?\d{{2}})(?!\d)))?"
    r"(?!\s*(?:€|eur\b|euro|\$|%|prozent|,-))"
)
_TimeParts = tuple[
    str, str | None, str | None, str | None, str | None, str | None, str | None, str | None,
    str | None, str | None,
]  # fmt: skip
"""The groups of a ``_TIME_RE`` match in order (``h1 c1 m1 s1 h2 c2 m2 s2 zone off``), read in
one call: a time's checks read most of them, and one lookup by name costs as much as all."""
assert tuple(_TIME_RE.groupindex) == ("h1", "c1", "m1", "s1", "h2", "c2", "m2", "s2", "zone", "off")
_ROLE_BEFORE = re.compile(
    r"(?<![a-zäöüß])(?:"
    r"(?P<ignored>einlass|einlaß|doors?(?:\s+open)?|türöffnung|öffnung|check-in|registrierung"
    r"|akkreditierung|anmeldung|registration)"
    r"|(?P<end>bis|ende|end|until|till)"
    r"|(?P<start>beginn|beginnt|start|anfang|los\s+geht'?s|um|ab|from|at|von))"
    r"\s*(?:ab|um|from|at|ca\.?|gegen|etwa)?\s*:?\s*(?:ab|um|ca\.?|gegen|etwa)?\s*$"
)
"""The word just before a time that says what it is: doors opening, the end, or the start."""
_ROLE_ENDINGS = (
    "einlass", "einlaß", "door", "doors", "open", "öffnung", "check-in", "registrierung",
    "akkreditierung", "anmeldung", "registration", "bis", "ende", "end", "until", "till", "beginn",
    "beginnt", "start", "anfang", "geht's", "gehts", "um", "ab", "from", "at", "von", "ca",
    "gegen", "etwa",
)  # fmt: skip
"""The words ``_ROLE_BEFORE`` can end with: most times follow none, and the regex is dear."""
_AND = re.compile(r"\s*(?:uhr)?\s*(?:und|&|,|sowie|and)\s*")


class _Time(NamedTuple):
    start: int
    end: int
    first: _Clock
    last: _Clock | None
    role: str
    """'start', 'end', 'ignored' (doors open), 'and' (a further session) or '' (no hint)."""


def _clock(hour: str, minute: str | None, suffix: str | None, zone: tzinfo | None) -> _Clock | None:
    h, m = int(hour), int(minute or 0)
    if suffix and suffix[0] in "ap" and 1 <= h <= 12:
        h = h % 12 + (12 if suffix[0] == "p" else 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return _Clock(h, m, zone)


_DOORS_AFTER = re.compile(r"\s*(?:uhr\s*)?(?:doors?|einlass|admission|check-in|registrierung)\b")
"""``7:30 door, 8 pm slam``: a time named the doors' after it."""
_DOORS_FIRST = frozenset("udeacr")
"""The letters ``_DOORS_AFTER`` can begin with after a space: checked first, it is rare."""


def _find_times(s: str, lo: int, hi: int) -> list[_Time]:
    times: list[_Time] = []
    if not _DIGIT.search(s, lo, hi):
        return times
    cursor = lo
    evening: bool | None = None
    for m in _TIME_RE.finditer(s, lo, hi):
        start, end = m.span()
        before = s[cursor if cursor > start - 30 else start - 30 : start]
        if "#" in before:
            before = before.replace("#", "")
        parts: _TimeParts = m.groups()  # type: ignore[assignment]
        clocks = _clocks(parts) if _is_time(parts, before) else None
        if clocks is None or clocks[0].hour < 12:
            if evening is None:
                evening = "abend" in s or "nachmittag" in s or "evening" in s or "afternoon" in s
            if evening:
                clocks = _in_the_evening(s, end, parts, before, clocks)
        if clocks is None:
            continue
        role = _role(before, clocks[1] is not None)
        if s[end + 1 : end + 2] in _DOORS_FIRST and end < hi and _DOORS_AFTER.match(s, end, hi):
            role = "ignored"
        elif times and clocks[1] and _AND.fullmatch(s, cursor, start):
            role = "and"
        times.append(_Time(start, end, *clocks, role))
        cursor = end
    return times


_DAY_PART = r"(?:[a-zäöüß]*(?:abend|nachmittag)s?|(?:in\s+the\s+)?(?:afternoon|evening))"
_DAY_PART_AFTER = re.compile(rf"\s*(?:uhr\s*)?(?:am\s+)?{_DAY_PART}(?![a-zäöüß])")
_DAY_PART_BEFORE = re.compile(
    rf"(?<![a-zäöüß]){_DAY_PART}\W{{0,3}}(?:um|ab|gegen|at|from|von)\s*(?:ca\.?\s*)?$"
)

_HOUR_WORD_BEFORE = re.compile(r"(?<![a-zäöüß])(?:um|at|ab|gegen)\s*$")


def _in_the_evening(
    s: str,
    end: int,
    parts: _TimeParts,
    before: str,
    clocks: tuple[_Clock, _Clock | None] | None,
) -> tuple[_Clock, _Clock | None] | None:
    """``um 8 Uhr abends``, ``nachmittags um 3``, ``tomorrow afternoon – at 2``: an hour of the
    afternoon or evening written on the twelve-hour dial; with such a word next to it, also a
    bare hour after ``um``/``at`` is a time."""
    h1, c1, _, s1, h2, _, _, s2, _, _ = parts
    if (s1 or s2 or "")[:1] in ("a", "p"):
        return clocks
    if not (_DAY_PART_AFTER.match(s, end) or _DAY_PART_BEFORE.search(before)):
        return clocks
    if clocks is None:
        if c1 or h2 or not _HOUR_WORD_BEFORE.search(before):
            return None
        first = _clock(h1, None, None, None)
        clocks = (first, None) if first else None
        if clocks is None:
            return None
    first, last = clocks
    return _later(first), _later(last) if last else None


def _later(clock: _Clock) -> _Clock:
    return clock._replace(hour=clock.hour + 12) if 1 <= clock.hour <= 11 else clock


def _is_time(parts: _TimeParts, before: str) -> bool:
    """Bare numbers are times only when something says so: a colon, ``Uhr``, am/pm, a zone, or a
    dotted time (``9.30``) that a range or a word like ``ab``/``um``/``bis`` introduces."""
    _, c1, m1, s1, h2, c2, _, s2, zone, off = parts
    suffix = s1 or s2
    if suffix == "h" and not (m1 or h2):
        return False
    if c1 in (":", "h") or c2 in (":", "h") or suffix or zone or off:
        return True
    if c1 != ".":
        return False
    if c2 == ".":
        return True
    role = _ROLE_BEFORE.search(before) if before.rstrip(" :.").endswith(_ROLE_ENDINGS) else None
    return bool(role and not role["ignored"])


def _clocks(parts: _TimeParts) -> tuple[_Clock, _Clock | None] | None:
    h1, _, m1, s1, h2, _, m2, s2, zone_word, off = parts
    zone = _ZONE_WORDS[zone_word] if zone_word else _offset_zone(off) if off else None
    if off and zone is None:
        return None
    first = _clock(h1, m1, s1, zone)
    if h2 is None:
        return (first, None) if first else None
    last = _clock(h2, m2, s2 or s1, zone)
    if not s1 and s2 and s2[0] in "ap":
        shared = _clock(h1, m1, s2, zone)
        if shared and last and (shared.hour, shared.minute) < (last.hour, last.minute):
            first = shared
    return (first, last) if first and last else None


def _role(before: str, has_range: bool) -> str:
    if not before.rstrip(" :.").endswith(_ROLE_ENDINGS):
        return ""
    found = _ROLE_BEFORE.search(before)
    if found is None or found["end"] and has_range:
        return ""
    return found.lastgroup or ""


def _pick_times(times: list[_Time]) -> tuple[_Clock | None, _Clock | None]:
    """Start and end clock: a range wins (``10-12 und 14-16 Uhr`` spans both sessions), then an
    announced start, then the first plain time."""
    if not times:
        return None, None
    usable = [t for t in times if t.role != "ignored"] or [t._replace(role="") for t in times]
    for i, t in enumerate(usable):
        if t.last is not None and t.role != "end":
            last: _Clock | None = t.last
            for later in usable[i + 1 :]:
                if later.role != "and":
                    break
                last = later.last
            return t.first, last
    start = next((t for t in usable if t.role == "start"), None) or next(
        (t for t in usable if t.role == ""), None
    )
    if start is None:
        return None, None
    end = next((t for t in usable if t.role == "end" and t.start > start.start), None)
    return start.first, end.first if end else None


# --- assembling -----------------------------------------------------------------------------------


def _at(day: date, clock: _Clock, zone: tzinfo) -> datetime:
    """The round trip through UTC moves a wall time in the spring-forward gap past the gap, and a
    time the text gave in another zone into the event's. Clocks change at night, so a wall time
    in the event's own zone between 05:00 and 22:59 needs no round trip (most event times)."""
    if clock.hour == 24:
        day, clock = day + timedelta(days=1), _Clock(0, clock.minute, clock.zone)
    if clock.zone is None and _DAYTIME[0] <= clock.hour <= _DAYTIME[1]:
        return datetime(day.year, day.month, day.day, clock.hour, clock.minute, tzinfo=zone)
    wall = datetime(
        day.year, day.month, day.day, clock.hour, clock.minute, tzinfo=clock.zone or zone
    )
    return wall.astimezone(UTC).astimezone(zone)


_DAYTIME = (5, 22)
"""Hours in which no time zone changes its clocks (changes happen between 23:00 and 04:00)."""


def _when(s: str, span: _Span, mentions: list[_Mention], zone: tzinfo) -> When:
    """Times are read only up to the neighbouring dates (of another day, for a single day given
    twice: ``Kommenden Montag, am 14. September … ab 14 Uhr``), so that the time of a
    registration deadline mentioned later does not become the event's; between the two dates of a
    range they belong to its first day, after it to its last."""
    first, last, first_mention, last_mention = span
    window_start, window_end = 0, len(s)
    if len(mentions) > 1:
        day = (first.day, first.month) if last is None else None
        others = [m for m in mentions if (m.day, m.month) != day]
        after = (last_mention or first_mention).end
        window_end = min((m.start for m in others if m.start >= after), default=len(s))
        window_start = max((m.end for m in others if m.end <= first_mention.start), default=0)
    start_clock = first_mention.clock
    end_clock = last_mention.clock if last_mention else None
    if last_mention is not None and start_clock is None:
        between = _find_times(s, first_mention.end, last_mention.start)
        if between:
            start_clock = _pick_times(between)[0]
            if end_clock is None:
                picked = _pick_times(_find_times(s, last_mention.end, window_end))
                end_clock = picked[1] or picked[0]
    if start_clock is None:
        start_clock, picked_end = _window_clocks(s, window_start, window_end)
        end_clock = end_clock or picked_end
    elif end_clock is None and last_mention is None:
        end_clock = _trailing_end(s, first_mention.end, window_end)
    if start_clock is None:
        return When(first, last or first, True)
    start = _at(first, start_clock, zone)
    if end_clock is None:
        if last in (None, first):
            return When(start, None, False)
        end_clock = _Clock(23, 59)
    end = _at(last or first, end_clock, zone)
    if end < start and last is None:
        end = _at(first + timedelta(days=1), end_clock, zone)
    return When(start, end if end > start else None, False)


def _window_clocks(s: str, lo: int, hi: int) -> tuple[_Clock | None, _Clock | None]:
    """The start and end clock of the times in ``s[lo:hi]``, remembered for short texts: with
    the dates blotted out, the date fields of a site's events repeat (``##########, 19:00 Uhr``),
    and their times need to be read once."""
    if len(s) > _SHORT:
        return _pick_times(_find_times(s, lo, hi))
    return _short_window_clocks(s, lo, hi)


@lru_cache(maxsize=4096)
def _short_window_clocks(s: str, lo: int, hi: int) -> tuple[_Clock | None, _Clock | None]:
    return _pick_times(_find_times(s, lo, hi))


_SHORT = 200
"""Texts up to this length are date fields, whose times repeat; longer ones are prose."""
_RANGE_AFTER = re.compile(r"\s*(?:-|bis|to|until)\s*")


def _trailing_end(s: str, position: int, window_end: int) -> _Clock | None:
    """``2027-03-17T18:00 - 20:00``: an end time right after a date that carries its own time."""
    dash = _RANGE_AFTER.match(s, position, window_end)
    if dash is None:
        return None
    times = _find_times(s, dash.end(), window_end)
    return times[0].first if times and times[0].start == dash.end() else None


_DASH = re.compile("[\u2010-\u2015\u2212]")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+")
_CLAUSE = re.compile(r"[^,;|()\[\]\n]+")
_DATE_HINT = re.compile(
    rf"(?<![{_LETTER}])(?:{_alternation(_MONTHS)})(?![{_LETTER}])"
    r"|\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\d{4}\.\d{1,2}\.\d{1,2}"
)
"""What only dateparser may still read: a month name, or numbers joined by slashes or hyphens.
Dotted day-month-year is the scanner's own, so a dotted text it rejected (a version number) is
not handed on."""


_BETWEEN = re.compile(r"(zwischen\s+(?:dem\s+)?\d{1,2}(?:[:.]\d{2}|\.)?\s*(?:uhr\s+)?)und(?=\s+\d)")
"""``zwischen 16 und 18 Uhr``, ``zwischen dem 8. und 10. Juni``: ``und`` that joins a range."""
_MIDNIGHT = re.compile(r"(?<![a-zäöüß])(?:mitternacht|midnight)(?![a-zäöüß])")


def _clean(text: str) -> str:
    """One line, lower case, ASCII dashes; a range's ``und`` and ``Mitternacht`` are rewritten in
    place (same length, so that positions stay those of the text)."""
    if "&" in text:
        text = html.unescape(text)
    if _DASH.search(text):
        text = _DASH.sub("-", text)
    s = " ".join(text.split()).lower()
    if "zwischen" in s:
        s = _BETWEEN.sub(r"\1bis", s)
    if "mitternacht" in s or "midnight" in s:
        s = _MIDNIGHT.sub(lambda m: "24:00".ljust(len(m[0])), s)
    return s


def _masked(s: str, mentions: list[_Mention]) -> str:
    """The text with dates blotted out, so their digits cannot be read as times."""
    if len(mentions) == 1:
        (m,) = mentions
        return s[: m.start] + "#" * (m.end - m.start) + s[m.end :]
    pieces: list[str] = []
    cursor = 0
    for m in mentions:
        pieces += (s[cursor : m.start], "#" * (m.end - m.start))
        cursor = m.end
    pieces.append(s[cursor:])
    return "".join(pieces)


def _parse_when(
    text: str,
    tz: str,
    reference: date,
    published: date | None,
    prose: bool,
    title: str | None = None,
) -> When | None:
    s = _clean(text)
    named = prose and _NAMED_HINT.search(s) is not None
    if published is None and not named and not _DIGIT.search(s):
        return None
    zone = zone_for(tz)
    mentions = _absolute_mentions(s) if published is None else _find_mentions(s, published)
    if named:
        mentions = _with_named(s, mentions, reference, published)
    if not mentions:
        return _fallback(s, zone, reference) if _DIGIT.search(s) else None
    if published is None and len(mentions) == 1 and mentions[0].year is not None:
        years = _DATED  # the one date carries its year: nothing to resolve
    else:
        years = _Years(text, mentions, reference, published)
    about = None
    if title and len(mentions) > 1:
        words = _title_words(title)
        about = _About(words, _line_starts(text)) if words else None
    chosen = _event_span(s, mentions, years, prose, about)
    if chosen is None:
        deadlines = prose and all(_rank(s, m, False) == _DEADLINE for m in mentions)
        return None if deadlines else _fallback(s, zone, reference)
    index, span = chosen
    masked = _masked(s, mentions)
    when = _when(masked, span, mentions, zone)
    if not prose:
        return when
    if when.all_day and len(mentions) > 1:
        when = _more_precise(s, masked, mentions, index, when, years, zone)
        if when.all_day and index:
            when = _usual_hour(masked, mentions, span, when, zone)
    if span.last is None and (when.all_day or when.end is None) and _LASTING_HINT.search(s):
        when = _lasting(s, span, when, zone)
    if span.last is None and (when.all_day or when.end is None) and _UNTIL_HINT.search(s):
        when = _until_weekday(masked, mentions, span, when, zone)
    return when


def _with_named(
    s: str, mentions: list[_Mention], reference: date, published: date | None
) -> list[_Mention]:
    """The mentions with the days the text names (``Christi Himmelfahrt``), dated like a
    year-less date: the next such day on or after the reference, or three months before the
    publication."""
    base = reference if published is None else published - timedelta(days=_RECENT_PAST_DAYS)
    named = [
        n
        for n in _named_mentions(s, base)
        if not any(m.start < n.end and n.start < m.end for m in mentions)
    ]
    return sorted(mentions + named) if named else mentions


def _more_precise(
    s: str,
    masked: str,
    mentions: list[_Mention],
    index: int,
    when: When,
    years: _Years,
    zone: tzinfo,
) -> When:
    """The same day given again with its hours (a title's ``am 14. April 2027``, the text's ``Am
    Mittwoch, 14. April 2027, von 15 bis 18 Uhr``): the most precise reading that agrees wins."""
    first = when.start
    if not any(
        m.day == first.day and m.month == first.month for i, m in enumerate(mentions) if i != index
    ):
        return when
    joins = [_connector(s, a, b) for a, b in zip(mentions, mentions[1:], strict=False)]
    best = when
    for other in range(len(mentions)):
        if other == index or (other and joins[other - 1][0]):
            continue
        if _rank(s, mentions[other], False) == _DEADLINE:
            continue
        span = _span(mentions, joins, other, years)
        if span is None or span.first != when.start:
            continue
        if when.end != when.start and (span.last or span.first) != when.end:
            continue  # one session of a longer event (``vom 3. bis 24. Juni … DO 3.6. 19 Uhr``)
        candidate = _when(masked, span, mentions, zone)
        if _precision(candidate) > _precision(best):
            best = candidate
    return best


def _usual_hour(
    masked: str, mentions: list[_Mention], span: _Span, when: When, zone: tzinfo
) -> When:
    """A later date of a list without its own hours takes the hours said before every date
    (``the meetup happens every first Wednesday at 6pm`` above a newsletter's dates)."""
    first, last = _pick_times(_find_times(masked, 0, mentions[0].start))
    if first is None:
        return when
    start = _at(span.first, first, zone)
    last_day = span.last or span.first
    if last is None:
        return When(
            start, None if last_day == span.first else _at(last_day, _Clock(23, 59), zone), False
        )
    end = _at(last_day, last, zone)
    if end <= start and last_day == span.first:
        end = _at(span.first + timedelta(days=1), last, zone)
    return When(start, end, False)


def _precision(when: When) -> tuple[bool, bool, bool]:
    return (not when.all_day, when.end is not None and when.end != when.start, when.all_day)


_LASTING = re.compile(
    r"(?<![a-zäöüß])(?<!vor )(?<!in )(?<!nach )(?<!alle )(?<!seit )"
    r"(?P<n>zwei|drei|vier|fünf|two|three|four|five|[2-5])[\s-]?"
    r"(?:tägige[nrs]?|tage?\b(?!\s+(?:vorher|zuvor|später|danach|nach|vor)\b)"
    r"|days?\b(?!\s+(?:before|after|ago)\b))"
)
_LASTING_HINT = re.compile(r" tage|tägig| days|-day")
_NUMBERS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "two": 2, "three": 3, "four": 4, "five": 5}
_SENTENCE = re.compile(r"[.!?;](?:\s|$)")


def _lasting(s: str, span: _Span, when: When, zone: tzinfo) -> When:
    """``Am 15. Oktober beginnen die Datenspuren: zwei Tage Vorträge``, ``viertägige``: a length
    in days in the sentence of a single date gives its last day."""
    start = span.first_mention.start
    sentence_start = max((m.end() for m in _SENTENCE.finditer(s, 0, start)), default=0)
    end_match = _SENTENCE.search(s, span.first_mention.end)
    found = _LASTING.search(s, sentence_start, end_match.start() if end_match else len(s))
    if found is None:
        return when
    days = _NUMBERS.get(found["n"]) or int(found["n"])
    last = span.first + timedelta(days=days - 1)
    if when.all_day:
        return When(span.first, last, True)
    return When(when.start, _at(last, _Clock(23, 59), zone), False)


_UNTIL_HINT = re.compile(r"(?:bis|until|till|through|thru) ")
_UNTIL_WEEKDAY = re.compile(
    rf"(?<![{_LETTER}])(?:bis|until|till|through|thru)\s+"
    r"(?:einschließlich\s+|einschl\.\s*|inkl\.\s*|zum\s+|kommenden\s+|nächsten\s+|next\s+)?"
    rf"(?P<wd>{_alternation(_FULL_WEEKDAYS)})(?![{_LETTER}])(?![.,]?\s*(?:den\s+|the\s+)?#)"
)
"""``bis Sonntag``, not ``bis Freitag, den 17. Dezember`` (the weekday of a written date)."""


def _until_weekday(
    masked: str, mentions: list[_Mention], span: _Span, when: When, zone: tzinfo
) -> When:
    """``Das Festival öffnet am 6. 9. … Bis Sonntag gibt es Ausstellungen``, ``von Freitag bis
    Montag``: an end named only by its weekday, after the start and before any other date, is
    that weekday's next day on or after the start; a ticket or registration deadline is not."""
    after = span.first_mention.end
    window_end = min((m.start for m in mentions if m.start >= after), default=len(masked))
    found = _UNTIL_WEEKDAY.search(masked, after)
    if found is None or found.start() >= window_end:
        return when
    sentence_start = max((m.end() for m in _SENTENCE.finditer(masked, 0, found.start())), default=0)
    if _REGISTRATION.search(masked, max(sentence_start, found.start() - 60), found.start()):
        return when
    last = span.first + timedelta(days=(_WEEKDAYS[found["wd"]] - span.first.weekday()) % 7)
    if last == span.first:
        return when
    if when.all_day:
        return When(span.first, last, True)
    times = _find_times(masked, found.end(), min(found.end() + 20, window_end))
    clock = times[0].first if times and times[0].role != "ignored" else _Clock(23, 59)
    return When(when.start, _at(last, clock, zone), False)


def _fallback(s: str, zone: tzinfo, reference: date) -> When | None:
    """dateparser for the rare date the scanner has no shape for, checked against the text.

    dateparser gives up on a whole line with noise around the date, so it reads the clause that
    holds the date (between commas, bars, brackets); the times come from the rest as usual."""
    if len(s) > 200:
        return None
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(reference, time()),
        "REQUIRE_PARTS": ["day", "month"],
        "DATE_ORDER": "DMY",
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    for clause in _CLAUSE.finditer(s):
        if not _DATE_HINT.search(clause[0]):
            continue
        found = dateparser.parse(clause[0], languages=["de", "en"], settings=settings)
        if found is None or not _written(found, clause[0], reference):
            continue
        mention = _Mention(clause.start(), clause.end(), found.day, found.month, found.year)
        span = _Span(found.date(), None, mention, None)
        return _when(_masked(s, [mention]), span, [mention], zone)
    return None


def _written(found: datetime, clause: str, reference: date) -> bool:
    """Whether the day is in the text, and the year too unless it is this or next year."""
    if not 1970 <= found.year <= 2100:
        return False
    numbers = {int(n) for n in _NUMBER.findall(clause)}
    year_written = found.year in numbers or found.year % 100 in numbers
    return found.day in numbers and (year_written or 0 <= found.year - reference.year <= 1)


def parse_when(text: str, tz: str, reference: date) -> When | None:
    """A date text from a page (a field, a listing line) -> When, or None when it holds no date.

    ``reference`` is "today" for texts without a year: always given by the caller, never read from
    a clock here, so that the same text means the same day in every field and on every re-ingest."""
    if isinstance(reference, datetime):
        reference = reference.date()
    return _parse_text(text, tz, reference)


def prose_when(
    text: str, tz: str, reference: date, published: date | None = None, title: str | None = None
) -> When | None:
    """The event's date in an announcement's running text (title and text of a news item).

    Besides what ``parse_when`` reads: the same day given again with its hours makes the reading
    precise (``am 14. April`` in the title, ``von 15 bis 18 Uhr`` in the text), a length in days
    gives the last day (``zwei Tage Vorträge``), and ``published``, the day the text was published
    when its source says so, anchors the words relative to it (``heute``, ``morgen``, ``am
    kommenden Freitag``; without it they are not read) and replaces the reference for year-less
    dates, also reaching three months back, where a report on a recent event finds its date.
    ``title``, the item's title, picks among several dates of equal standing the one the item
    is about: the one whose sentence or line shares most of its words."""
    if isinstance(reference, datetime):
        reference = reference.date()
    if isinstance(published, datetime):
        published = published.date()
    return _parse_prose(text, tz, reference, published, title)


@lru_cache(maxsize=8192)
def _parse_text(text: str, tz: str, reference: date) -> When | None:
    return _parse_when(text, tz, reference, None, False)


@lru_cache(maxsize=8192)
def _parse_prose(
    text: str, tz: str, reference: date, published: date | None, title: str | None
) -> When | None:
    return _parse_when(text, tz, reference, published, True, title)


def clear_cache() -> None:
    """Forget cached parses, for benchmarks that must measure cold parsing."""
    _parse_text.cache_clear()
    _parse_prose.cache_clear()
    _short_window_clocks.cache_clear()


# --- structured values ----------------------------------------------------------------------------


def parse_datetime(value: str, tz: str, reference: date) -> datetime | date | None:
    """Structured values: ISO 8601 with or without offset ('2027-03-17T09:00:00+01:00',
    '2027-03-17T09:00', '2027-03-17', 'Z'), TEC 'Y-m-d H:i:s' local wall time, iCal basic
    '20270317T090000' / '...Z' / '20270317'. Naive values are local wall time in tz. Returns date
    for a date-only value. An aware input keeps its instant but is converted to tz (so the stored
    value shows the local offset).

    Anything else is read as free text by parse_when (its start, a year-less date relative to
    ``reference``), since sources put text there too; None when that finds no date either."""
    text = value.strip()
    if not text:
        return None
    zone = zone_for(tz)
    if len(text) in (8, 10) and text[:4].isdigit():
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        when = parse_when(text, tz, reference)
        return when.start if when else None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC).astimezone(zone)


def to_iso(value: datetime | date) -> str:
    """'2027-03-17T09:00:00+01:00' (seconds always, offset always) or '2027-03-17'."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError(f"floating datetime has no zone: {value!r}")
        return value.isoformat(timespec="seconds")
    return value.isoformat()
