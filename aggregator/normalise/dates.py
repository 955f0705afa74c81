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

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple

from aggregator.lazy_import import lazy_import
from aggregator.normalise.timezones import zone_for

dateparser = lazy_import("dateparser")
"""Loaded by the first text only it can read: most runs never need it."""

__all__ = ["When", "clear_cache", "parse_datetime", "parse_when", "to_iso"]


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
    r"(?<![\d.])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[t ](?P<ih>\d{2}):(?P<imi>\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"\s*(?P<ioff>z|[+-]\d{2}:?\d{2})?)?(?![\d])"
)
_NUMERIC = (
    r"(?<![\w.,/:])(?P<nd>\d{1,2})\.\s?(?P<nm>\d{1,2})\."
    r"(?:(?P<ny>\d{4}|\d{2})(?![\d]|\.\d)|\s(?P<ny4>(?:19|20)\d{2})(?![\d:.]|\s*(?:uhr|h\b)))?"
    r"(?![\d])"
)
_SLASHED = r"(?<![\w./:])(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<sy>\d{4}|\d{2})(?![\d/])"
_DAY_MONTH = (
    rf"(?<![\w.,])(?P<dd>\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?{_MONTH.format(g='dm')}"
    r"(?:\s*,?\s*(?P<dy>\d{4})(?![\d:.])|\s*'(?P<dy2>\d{2})(?!\d))?"
)
_MONTH_DAY = (
    rf"(?<![{_LETTER}]){_MONTH.format(g='md')}\s*(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.]|\s*uhr)"
    r"(?:\s*(?:-|to|until)\s*(?P<mdd2>\d{1,2})(?:st|nd|rd|th)?(?![\d:.]))?"
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
    r"\s*(?:-|/|\+|bis(?:\s+(?:zum|einschließlich|einschl\.|inkl\.))?|und|and|&|to|until|till)\s*"
    rf"(?:(?:{_alternation(_WEEKDAYS)})\.?\s*,?\s*)?$"
)
_VERSION_WORDS = frozenset({"version", "release", "ver", "v", "python", "php", "typo3", "firmware"})
_SKIP_BEFORE = re.compile(
    r"(?<![a-zäöüß])(?:anmeldeschluss|frist|anmeldung\s+bis|anmelden\s+bis|bewerbungsschluss|"
    r"einsendeschluss|frühbucher\w*|deadline|stand|veröffentlicht|aktualisier\w*|erstellt|published|"
    r"geändert|änderung|"
    r"updated|registration\s+closes)\b[^.;|\n]{0,20}$"
)


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


def _iso_mention(m: re.Match[str]) -> _Mention:
    """A malformed time or offset (``12:60``, ``+99:00``) drops the time, not the date."""
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
    name = m["md"]
    if name not in _ENGLISH_MONTHS:
        return []
    month, year = _MONTHS[name], _full_year(m["mdy"])
    if m["mdd2"]:
        return [
            _Mention(start, m.end("mdd"), int(m["mdd"]), month, None),
            _Mention(m.start("mdd2"), end, int(m["mdd2"]), month, year),
        ]
    return [_Mention(start, end, int(m["mdd"]), month, year)]


def _plausible(mention: _Mention) -> bool:
    month, year = mention.month, mention.year
    if month is None or not 1 <= month <= 12 or not 1 <= mention.day:
        return False
    if year is not None and not 1970 <= year <= 2100:
        return False
    return mention.day <= _days_in_month(2000 if year is None else year, month)


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_LENGTHS[month - 1]


def _find_mentions(s: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    previous_end = 0
    for m in _DATE_RE.finditer(s):
        for mention in _mentions_at(m):
            if not _plausible(mention):
                continue
            offset = max(previous_end, mention.start - 40)
            before = s[offset : mention.start]
            word = _word_before(before)
            if word in _VERSION_WORDS and m["nd"]:
                continue
            if word in _WEEKDAYS and mention.weekday is None:
                mention = mention._replace(weekday=_WEEKDAYS[word])
            leading = _DAY_BEFORE.search(before) if _DIGIT.search(before) else None
            if leading and 1 <= int(leading["day"]) <= 31:
                mentions.append(_leading_day(leading, offset))
            mentions.append(mention)
            previous_end = mention.end
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


# --- joining two mentions into a span -------------------------------------------------------------

_RANGE_WORDS = frozenset(
    ["-", "/", "bis", "bis zum", "bis einschließlich", "bis einschl", "bis inkl"]
    + ["to", "until", "till", "through", "thru"]
)
_END_LABELS = frozenset({"enddatum", "ende", "end", "date", "endet", "ends"})
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
    gap = s[left.end : right.start]
    if len(gap) > 60:
        return "", 0
    gap = _GAP_TIMES.sub(" ", gap)
    listed = len(_LIST_DAYS.findall(gap))
    tokens = _GAP_NOISE.sub(" ", _LIST_DAYS.sub(" ", gap)).split()
    words = " ".join(t for t in tokens if t not in _END_LABELS)
    if words in _RANGE_WORDS or len(words) < len(" ".join(tokens)) and not words:
        return "range", 2
    if not words and "," in gap and not listed:
        return "list", 2
    if words in _LIST_WORDS or not words and listed:
        return "list", listed + 2
    return "", 0


def _resolve_year(month: int, day: int, weekday: int | None, reference: date) -> int | None:
    """The year of the next such date on or after reference, unless only a year next to it fits the
    weekday the text gives; a weekday that fits no year nearby is taken for a typo."""
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
    mentions: list[_Mention], joins: list[tuple[str, int]], index: int, reference: date
) -> _Span | None:
    first = mentions[index]
    second = mentions[index + 1] if index + 1 < len(mentions) else None
    kind, items = joins[index] if second else ("", 0)
    if not kind or second is None or second.month is None:
        return _single(first, reference)
    month = first.month or second.month
    start_year, end_year = first.year, second.year
    if start_year is None and end_year is not None:
        start_year = end_year
        if (month, first.day) > (second.month, second.day):
            start_year -= 1
    if start_year is None:
        weekday_year = _resolve_year(month, first.day, first.weekday, reference)
        if weekday_year is None:
            return None
        start_year = weekday_year
    if end_year is None:
        end_year = start_year + ((month, first.day) > (second.month, second.day))
    first = first._replace(month=month, year=start_year)
    if not (_exists(start_year, month, first.day) and _exists(end_year, second.month, second.day)):
        return _single(first, reference)
    start, end = date(start_year, month, first.day), date(end_year, second.month, second.day)
    if end < start or (kind == "list" and (end - start).days != items - 1):
        return _single(first, reference)
    return _Span(start, end, first, second)


def _single(mention: _Mention, reference: date) -> _Span | None:
    if mention.month is None:
        return None
    year = mention.year or _resolve_year(mention.month, mention.day, mention.weekday, reference)
    if year is None or not _exists(year, mention.month, mention.day):
        return None
    return _Span(date(year, mention.month, mention.day), None, mention, None)


def _event_span(s: str, mentions: list[_Mention], reference: date) -> _Span | None:
    """The event's date: the first mention not introduced as a deadline or publication date."""
    if len(mentions) == 1:
        return _single(mentions[0], reference)
    joins = [_connector(s, a, b) for a, b in zip(mentions, mentions[1:], strict=False)]
    candidates = [
        i
        for i, m in enumerate(mentions)
        if not _SKIP_BEFORE.search(s[max(0, m.start - 40) : m.start])
        and not (i and joins[i - 1][0])
    ]
    for index in candidates or range(len(mentions)):
        span = _span(mentions, joins, index, reference)
        if span is not None:
            return span
    return None


# --- times ----------------------------------------------------------------------------------------

_SUFFIX = (
    r"uhr|h(?![a-zäöüß])|a\.m\.?|p\.m\.?|pm(?![a-z])"
    r"|am(?![a-zäöüß])(?!\s+(?!(?:to|till|until|at|on|and|in|bis|mez|cet|utc|gmt)\b)[a-zäöüß])"
)
_HOUR = r"(?P<h{n}>\d{{1,2}})(?:(?P<c{n}>[:.h])(?P<m{n}>\d{{2}})(?::\d{{2}})?)?(?![\d])"
_TIME_RE = re.compile(
    rf"(?<![\w:,#/])(?<!\d\.){_HOUR.format(n=1)}(?:\s*(?P<s1>{_SUFFIX}))?"
    rf"(?:\s*(?:-|bis|to|until|till)\s*(?:ca\.?\s*)?{_HOUR.format(n=2)}(?:\s*(?P<s2>{_SUFFIX}))?)?"
    rf"(?:\s*\(?(?:(?P<zone>{_alternation(_ZONE_WORDS)})\b|(?P<off>[+-]\d{{2}}:?\d{{2}})(?!\d)))?"
    r"(?!\s*(?:€|eur\b|euro|\$|%|prozent|,-))"
)
_ROLE_BEFORE = re.compile(
    r"(?<![a-zäöüß])(?:"
    r"(?P<ignored>einlass|einlaß|doors?(?:\s+open)?|türöffnung|öffnung|check-in|registrierung"
    r"|akkreditierung|anmeldung|registration)"
    r"|(?P<end>bis|ende|end|until|till)"
    r"|(?P<start>beginn|beginnt|start|anfang|los\s+geht'?s|um|ab|from|at|von))"
    r"\s*(?:ab|um|from|at|ca\.?|gegen|etwa)?\s*:?\s*(?:ab|um|ca\.?|gegen|etwa)?\s*$"
)
"""The word just before a time that says what it is: doors opening, the end, or the start."""
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


def _find_times(s: str, lo: int, hi: int) -> list[_Time]:
    times: list[_Time] = []
    if not _DIGIT.search(s, lo, hi):
        return times
    cursor = lo
    for m in _TIME_RE.finditer(s, lo, hi):
        before = s[max(cursor, m.start() - 30) : m.start()].replace("#", "")
        clocks = _clocks(m) if _is_time(m, before) else None
        if clocks is None:
            continue
        role = _role(before, clocks[1] is not None)
        if times and clocks[1] and _AND.fullmatch(s, cursor, m.start()):
            role = "and"
        times.append(_Time(m.start(), m.end(), *clocks, role))
        cursor = m.end()
    return times


def _is_time(m: re.Match[str], before: str) -> bool:
    """Bare numbers are times only when something says so: a colon, ``Uhr``, am/pm, a zone, or a
    dotted time (``9.30``) that a range or a word like ``ab``/``um``/``bis`` introduces."""
    suffix = m["s1"] or m["s2"]
    if suffix == "h" and not (m["m1"] or m["h2"]):
        return False
    if m["c1"] in (":", "h") or m["c2"] in (":", "h") or suffix or m["zone"] or m["off"]:
        return True
    if m["c1"] != ".":
        return False
    role = _ROLE_BEFORE.search(before)
    return m["c2"] == "." or bool(role and not role["ignored"])


def _clocks(m: re.Match[str]) -> tuple[_Clock, _Clock | None] | None:
    zone = _ZONE_WORDS[m["zone"]] if m["zone"] else _offset_zone(m["off"]) if m["off"] else None
    if m["off"] and zone is None:
        return None
    first = _clock(m["h1"], m["m1"], m["s1"], zone)
    if m["h2"] is None:
        return (first, None) if first else None
    last = _clock(m["h2"], m["m2"], m["s2"] or m["s1"], zone)
    if not m["s1"] and m["s2"] and m["s2"][0] in "ap":
        shared = _clock(m["h1"], m["m1"], m["s2"], zone)
        if shared and last and (shared.hour, shared.minute) < (last.hour, last.minute):
            first = shared
    return (first, last) if first and last else None


def _role(before: str, has_range: bool) -> str:
    found = _ROLE_BEFORE.search(before)
    if found is None or found["end"] and has_range:
        return ""
    return found.lastgroup or ""


def _pick_times(times: list[_Time]) -> tuple[_Clock | None, _Clock | None]:
    """Start and end clock: a range wins (``10-12 und 14-16 Uhr`` spans both sessions), then an
    announced start, then the first plain time."""
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
    """The round trip through UTC moves a wall time in the spring-forward gap past the gap."""
    if clock.hour == 24:
        day, clock = day + timedelta(days=1), _Clock(0, clock.minute, clock.zone)
    wall = datetime(
        day.year, day.month, day.day, clock.hour, clock.minute, tzinfo=clock.zone or zone
    )
    return wall.astimezone(UTC).astimezone(zone)


def _when(s: str, span: _Span, mentions: list[_Mention], zone: tzinfo) -> When:
    """Times are read only up to the neighbouring dates, so that the time of a registration
    deadline mentioned later does not become the event's; between the two dates of a range they
    belong to its first day, after it to its last."""
    last_mention = span.last_mention or span.first_mention
    window_start, window_end = 0, len(s)
    if len(mentions) > 1:
        window_end = min((m.start for m in mentions if m.start >= last_mention.end), default=len(s))
        window_start = max(
            (m.end for m in mentions if m.end <= span.first_mention.start), default=0
        )
    start_clock = span.first_mention.clock
    end_clock = span.last_mention.clock if span.last_mention else None
    if span.last_mention is not None and start_clock is None:
        between = _find_times(s, span.first_mention.end, span.last_mention.start)
        after = _find_times(s, span.last_mention.end, window_end)
        if between:
            start_clock = _pick_times(between)[0]
            if end_clock is None:
                picked = _pick_times(after)
                end_clock = picked[1] or picked[0]
    if start_clock is None:
        start_clock, picked_end = _pick_times(_find_times(s, window_start, window_end))
        end_clock = end_clock or picked_end
    elif end_clock is None and span.last_mention is None:
        end_clock = _trailing_end(s, span.first_mention.end, window_end)
    if start_clock is None:
        return When(span.first, span.last or span.first, True)
    start = _at(span.first, start_clock, zone)
    if end_clock is None:
        if span.last in (None, span.first):
            return When(start, None, False)
        end_clock = _Clock(23, 59)
    end = _at(span.last or span.first, end_clock, zone)
    if end < start and span.last is None:
        end = _at(span.first + timedelta(days=1), end_clock, zone)
    return When(start, end if end > start else None, False)


_RANGE_AFTER = re.compile(r"\s*(?:-|bis|to|until)\s*")


def _trailing_end(s: str, position: int, window_end: int) -> _Clock | None:
    """``2027-03-17T18:00 - 20:00``: an end time right after a date that carries its own time."""
    dash = _RANGE_AFTER.match(s, position, window_end)
    if dash is None:
        return None
    times = _find_times(s, dash.end(), window_end)
    return times[0].first if times and times[0].start == dash.end() else None


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
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


def _clean(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    for dash in _DASHES:
        if dash in text:
            text = text.replace(dash, "-")
    return " ".join(text.split()).lower()


def _masked(s: str, mentions: list[_Mention]) -> str:
    """The text with dates blotted out, so their digits cannot be read as times."""
    pieces: list[str] = []
    cursor = 0
    for m in mentions:
        pieces += (s[cursor : m.start], "#" * (m.end - m.start))
        cursor = m.end
    pieces.append(s[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=8192)
def _parse_when(text: str, tz: str, reference: date) -> When | None:
    s = _clean(text)
    if not _DIGIT.search(s):
        return None
    zone = zone_for(tz)
    mentions = _find_mentions(s)
    span = _event_span(s, mentions, reference) if mentions else None
    if span is None:
        return _fallback(s, zone, reference)
    return _when(_masked(s, mentions), span, mentions, zone)


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
    """Free text from a page -> When, or None when the text holds no date.

    ``reference`` is "today" for texts without a year: always given by the caller, never read from
    a clock here, so that the same text means the same day in every field and on every re-ingest."""
    if isinstance(reference, datetime):
        reference = reference.date()
    return _parse_when(text, tz, reference)


def clear_cache() -> None:
    """Forget cached parses, for benchmarks that must measure cold parsing."""
    _parse_when.cache_clear()


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
