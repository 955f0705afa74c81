"""The stamp a news text starts with: when and where it was written, not when the event is.

Press releases and news pages open with a dateline (``Kiel, 14.07.18 –``, ``Berlin, 19. November
2015``), a bracketed date (``[25.11.2021]``), a line with the publication date (``24.09.2022``,
``Veröffentlicht am 22.08.2018``, ``#Gemeinschaft 14. März 2023``) or a print header with
timestamps (``www.dresden.de 28.05.2015 22:25:53 Uhr``). Read as the event's date, such a stamp
turns every report into an event on its publication day and every announcement into one on the
wrong day. ``split`` takes the stamp off the text; the caller falls back on it when the rest names
no day (``Antje Schreiber, 13.03.2009 — Um 19:30 Uhr beginnt die Opener-Party``).

A line that is only a date is a stamp only when something says so (it is the publication date,
or a word like ``Veröffentlicht`` or a timestamp with seconds stands on it): in listings such a
line is the event's own date (``Donnerstag, 13. September, 16 bis 18.30 Uhr``).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from aggregator.normalise import dates

_DATEISH = (
    r"(?:\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?"
    r"|\d{1,2}\.?\s+[A-Za-zÄÖÜäöü]{3,9}\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})"
)
_PLACE_DATE = re.compile(
    rf"^(?:[A-ZÄÖÜ][\w.-]*\s+){{0,2}}[A-ZÄÖÜ][\w.-]*(?:\s+\([^)\n]{{1,20}}\))?,\s+{_DATEISH}"
    r"(?:\s*[.:–—-])?(?=\s)"
)
"""``Berlin, 19. November 2015``, ``Görlitz, 19. April 2019.``, ``Antje Schreiber, 13.03.2009``."""
_BRACKETED = re.compile(rf"^[\[(]\s*{_DATEISH}\s*[\])]")
_STAMP_WORDS = re.compile(
    r"(?<![\wäöüß])(?:veröffentlicht|aktualisiert|erstellt|stand|vom|posted|published|updated)"
    r"(?![\wäöüß])|^#\w+|\d{1,2}:\d{2}:\d{2}|^heute\s+\d{1,2}[:.]\d{2}",
    re.IGNORECASE,
)
_DATE_OR_TIME = re.compile(
    rf"{_DATEISH}|\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*uhr)?|\bum\b|\buhr\b|\bam\b|\bheute\b"
    r"|\b(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)\b\.?|[|,.\[\]()#-]",
    re.IGNORECASE,
)
_MAX_WORDS = 5
"""What a stamp line may hold besides its dates and times: a site or a name, ``mal gelesen``."""
_LABEL_LINES = 2
"""Short lines without a date before the stamp (a section name, ``Science``)."""


def split(text: str, tz: str, reference: date, published: date | None) -> tuple[str, str]:
    """(stamp, the rest of the text); the stamp is ``""`` when the text starts without one."""
    if not text:
        return "", text
    first = text.lstrip()
    offset = len(text) - len(first)
    inline = _PLACE_DATE.match(first) or _BRACKETED.match(first)
    if inline:
        end = offset + inline.end()
        return text[:end], text[end:]
    position = offset
    for number, line in enumerate(text[offset:].split("\n")):
        if number > _LABEL_LINES:
            break
        end = position + len(line)
        if any(ch.isdigit() for ch in line):
            if _is_stamp(line, tz, reference, published):
                return text[:end], text[end:]
            break
        if len(line.split()) > 2:
            break
        position = end + 1
    return "", text


def _is_stamp(line: str, tz: str, reference: date, published: date | None) -> bool:
    words = _DATE_OR_TIME.sub(" ", line).split()
    if len(words) > _MAX_WORDS:
        return False
    if _STAMP_WORDS.search(line.strip()):
        return True
    if published is None:
        return False
    when = dates.parse_when(line, tz, reference)
    if when is None:
        return False
    start = when.start
    return (start.date() if isinstance(start, datetime) else start) == published
