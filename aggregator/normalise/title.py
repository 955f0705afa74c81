"""The event's name out of the title an organiser wrote around it.

News and listing titles wrap the name in what the reader should do or know: ``Einladung:``,
``Save the date:``, ``Anmeldung offen:``, a status (``ABGESAGT:``), a leading date
(``19.06.2020: Digitaltag in Leipzig``), a trailing date and town (``Revierstammtisch in Görlitz am
1. Dezember 2022``, ``IoT-Fachkongress … 18. Oktober 2017, Wien``) or a call (``– Call for
Participation``). The feeds show date, town and status in their own fields, and the dedupe stage
compares names, so these are taken off; a town is only taken off the end when the gazetteer knows
it, and the name itself is never emptied. The title as the source wrote it stays in the sighting's
raw record (``event_sources.raw``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from aggregator.normalise.places.gazetteer import lookup, lookup_key

_STATUS_PREFIX = re.compile(
    r"^\s*[\[(]?\s*(?:abgesagt|entfällt|entfaellt|fällt aus|verschoben|cancell?ed|postponed)"
    r"\s*[\])]?\s*[:\-–—|!]+\s*",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"^\s*[\[(]?\s*(?:einladung|save\s+the\s+date|anmeldung\s+(?:offen|geöffnet|gestartet|läuft)"
    r"|jetzt\s+anmelden|mitmachen|ankündigung|veranstaltungstipp|tipp|terminhinweis|erinnerung"
    r"|reminder|last\s+call|neu|new|live|heute|morgen|today|tomorrow)\s*[\])]?\s*[:!–—|]\s*",
    re.IGNORECASE,
)
_CALL = re.compile(
    r"\s*(?:[-–—|:]\s*)?(?:call\s+for\s+(?:papers|participation|proposals|speakers)|cfp"
    r"|jetzt\s+anmelden!?|anmeldung\s+(?:offen|geöffnet)|ausgebucht|restplätze)\s*!?\s*$",
    re.IGNORECASE,
)
_WEEKDAY = (
    r"(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag"
    r"|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?,?\s*"
)
_MONTH = r"(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zä]*\.?"
_DAY = (
    rf"(?:{_WEEKDAY})?(?:\d{{1,2}}\.\s?\d{{1,2}}\.(?:\d{{2,4}})?|\d{{1,2}}\.?\s*{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
)
_DATE = (
    rf"{_DAY}(?:\s*(?:[-–—]|bis|to|und|and|&)\s*{_DAY})?"
    r"(?:,?\s*(?:um\s+|ab\s+)?\d{1,2}(?:[:.]\d{2}\s*(?:uhr|h|am|pm)?|\s*(?:uhr|h|am|pm)))?"
)
_LEADING_DATE = re.compile(rf"^\s*{_DATE}\s*[:|–—-]\s*", re.IGNORECASE)
_TRAILING_DATE = re.compile(
    rf"(?:\s*[,–—|:/-]\s*|\s+(?:am|on|vom|ab)\s+|\s+)\(?{_DATE}\)?\s*$", re.IGNORECASE
)
_BRACKETED_DATE = re.compile(rf"\s*\(\s*{_DATE}\s*\)\s*$", re.IGNORECASE)
_TRAILING_TOWN = re.compile(
    r"(?:\s*,\s*|\s+(?:in|im|at)\s+)(?P<town>(?:St\.\s|Bad\s)?[A-ZÄÖÜ][\wäöüß.-]+"
    r"(?:\s\([\w\s]+\))?)\s*$"
)
_QUOTED = re.compile(r'^\s*["„“»«]([^"„“»«]+)["“”«»]\s*(?:[-–—|(]?\s*(?:online|hybrid)\)?)?\s*$')


@lru_cache(maxsize=16384)
def event_title(title: str) -> str:
    """The name of the event in a cleaned one-line title (see the module doc). Cached: a series
    and the sources that announce the same event repeat their titles."""
    name = title
    for pattern in (_STATUS_PREFIX, _PREFIX, _PREFIX, _LEADING_DATE):
        name = _cut(name, pattern)
    dated = False
    for _ in range(3):
        before = name
        for pattern in (_CALL, _BRACKETED_DATE, _TRAILING_DATE):
            name = _cut(name, pattern)
        dated = dated or name != before
        name = _without_town(name, dated)
        if name == before:
            break
    quoted = _QUOTED.match(name)
    if quoted:
        name = quoted.group(1)
    return name.strip(" -–—|:,") or title


def _cut(name: str, pattern: re.Pattern[str]) -> str:
    cut = pattern.sub("", name, count=1)
    return cut if len(cut.split()) >= 1 and cut.strip(" -–—|:,") else name


def _without_town(name: str, dated: bool) -> str:
    """A town at the end goes with a date that went, or after a name (``KI-Kongress in
    Dresden``); a headline keeps it (``Hacker-Kongress startet morgen in Leipzig``)."""
    m = _TRAILING_TOWN.search(name)
    if m is None or m.start() == 0:
        return name
    if not dated and re.search(r"(?<![\w-])[a-zäöüß]{4,}", name[: m.start()]):
        return name
    town = lookup(m["town"])
    if town is None or lookup_key(town.name).split()[0] != lookup_key(m["town"]).split()[0]:
        return name
    return name[: m.start()]
