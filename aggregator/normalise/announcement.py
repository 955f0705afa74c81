"""Whether a news item announces an event still to come, or reports on one that is over.

News feeds and "Aktuelles" pages carry reports as often as announcements, and a report names the
date of the event it reports on (``Am 16. Januar 2023 kamen 20 Gäste nach Mittweida``). Read as
an announcement it puts a past event into the database and, while its year is unknown, a phantom
one into the feeds. An item is a report when

* its title or the opening of its text says so (``Rückblick``, ``Nachbericht``, ``Das war die …``,
  ``Wie war's``, ``ein voller Erfolg``), or offers what only exists afterwards (``Folien zum
  Download``, ``Aufzeichnung``, ``zum Nachschauen``);
* it was published after the event ended (its source gives the publication day);
* the sentences that name the event's date speak of it in the past (``fand … statt``, ``trafen
  sich``, ``kamen``, ``took place``, ``am vergangenen Mittwoch``) and nothing in them invites or
  looks ahead (``lädt ein``, ``Anmeldung``, ``findet … statt``, ``wird``).

A report is kept (``aggregator.model.report``), and ``report_kinds`` says what it offers: a
report, the slides, a recording.

Cancellations and postponements are news about an event, never reports, even where they only
mention the change. Only items whose date was read from prose are judged: a structured start (JSON-LD, iCalendar, The Events Calendar) is
an announcement by its nature.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from aggregator.model.vocabulary import ReportKind
from aggregator.normalise.dates import When

_REPORT_WORDS = re.compile(
    r"(?<![\wäöüß])(?:(?:jahres)?rückblick|nachbericht|nachlese|nachbetrachtung|retrospektive"
    r"|impressionen|recap|looking\s+back"
    r"|(?:das|so|wie)\s+war(?:['’]s|\s+es|\s+er|\s+sie|\s+der|\s+die|\s+das)"
    r"|voller\s+erfolg|(?:ist|sind)\s+vorbei|zu\s+ende\s+gegangen)(?![\wäöüß])",
    re.IGNORECASE,
)
_OPENING = 120
"""How much of the text's start may say that it is a report."""
_PAST = re.compile(
    r"(?<![\wäöüß])(?:fand|fanden|stattfand|stattfanden|trafen|traf|kamen|kam|war|waren|wurde"
    r"|wurden|gab|ging|gingen|lief|liefen|hieß|hießen|verfolgten|verfolgte|diskutierten|sprachen"
    r"|sprach|zeigten|eröffnete|eröffneten|zog|zogen|feierte|feierten|erlebten|hatte|hatten"
    r"|besuchte|besuchten|endete|tüftelten|entwickelten|programmierten|präsentierten|stellten"
    r"|erhielten|nahmen|folgten|folgte|empfing|musste|mussten|durfte|lud|luden|erreichte|strich"
    r"|begann|begannen|stand|standen|gearbeitet|gesprochen|ausgerichtet|gestern|gestrige[nr]?|vergangene[nmn]?"
    r"|kürzlich|took\s+place|was\s+held|were\s+held|attended|followed|gathered|joined|hosted"
    r"|last\s+(?:night|week))(?![\wäöüß])",
    re.IGNORECASE,
)
_AHEAD = re.compile(
    r"(?<![\wäöüß])(?:findet|finden|lädt|laden|einladung|eingeladen\s+sind|anmeld\w*|melden"
    r"|tickets?|wird|werden|kommt|kommen|erwartet|öffnet|beginnt|beginnen|startet|steht\s+an"
    r"|steigt|läuft|laufen|soll|sollen|will|wollen|können|kann|gibt\s+es|geht\s+es|freuen|merkt"
    r"|ist|sind"
    r"|heute|morgen|kommende[nr]?|nächste[nr]?|save\s+the\s+date|register|join|will|is|are"
    r"|takes\s+place|invite\w*)(?![\wäöüß])",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[^\d\s][.!?])\s+(?=[A-ZÄÖÜ\"„])|\n+")
"""Sentence ends; a period after a number is a date's (``8. Dezember``), not the sentence's."""
_MONTH_NAMES = (
    ("januar", "jänner", "january", "jan"), ("februar", "february", "feb"),
    ("märz", "maerz", "march", "mar", "mär", "mrz"), ("april", "apr"), ("mai", "may"),
    ("juni", "june", "jun"), ("juli", "july", "jul"), ("august", "aug"),
    ("september", "sept", "sep"), ("oktober", "october", "okt", "oct"), ("november", "nov"),
    ("dezember", "december", "dez", "dec"),
)  # fmt: skip


def report_reason(
    title: str, text: str, when: When, published: date | None, news_of_change: bool = False
) -> str | None:
    """Why the item is a report rather than an announcement, or None for an announcement.
    ``news_of_change``: the item speaks of a cancellation or postponement, which is told in the
    past (``den der Cluster für den 11. März angesetzt hatte``) but is news, not a report."""
    if says_so(title, text):
        return "report: says so"
    if news_of_change:
        return None
    last = when.end if when.end is not None else when.start
    last_day = last.date() if isinstance(last, datetime) else last
    if published is not None and last_day < published:
        return "report: published after the event"
    start = when.start.date() if isinstance(when.start, datetime) else when.start
    told = f"{title}\n{text}"
    tense = _tense(_date_sentences(told, start)) or _tense(_SENTENCES.split(told)[:_LEAD])
    if tense < 0:
        return "report: past tense"
    return None


_LEAD = 4
"""Sentences read when those that name the date hold no verb (a heading ``Fachforum, 28. Juli``)."""


def _date_sentences(text: str, day: date) -> list[str]:
    """The sentences that name the event's day."""
    named = _day_pattern(day)
    return [s for s in _SENTENCES.split(text) if named.search(s)]


def names_day(text: str, day: date) -> bool:
    """Whether a text names this day (``16. Juni``, ``16.–18. Juni``, ``16.06.``, ``June 16``)."""
    return bool(_day_pattern(day).search(text))


@lru_cache(maxsize=512)
def _day_pattern(day: date) -> re.Pattern[str]:
    months = "|".join(_MONTH_NAMES[day.month - 1])
    then = r"(?:\s*(?:-|–|bis|und|to|and|&)\s*(?:zum\s+)?\d{1,2}(?:\.|st|nd|rd|th)?)?"
    return re.compile(
        rf"(?<!\d)0?{day.day}(?:\.|st|nd|rd|th)?{then}\s*(?:{months})\b"
        rf"|(?<!\d)0?{day.day}\.\s?0?{day.month}\.|\b(?:{months})\.?\s+0?{day.day}(?!\d)",
        re.IGNORECASE,
    )


def _tense(sentences: list[str]) -> int:
    """Negative when the sentences speak of the past more than of what is ahead, positive the
    other way round, 0 when they say neither."""
    past = sum(_count(_PAST, s) for s in sentences)
    ahead = sum(_count(_AHEAD, s) for s in sentences)
    return (ahead > past) - (past > ahead)


def _count(words: re.Pattern[str], sentence: str) -> int:
    """Words in capitals are names (``14-18 WAR WAS``), not verbs."""
    return sum(not (found.isupper() and len(found) > 1) for found in words.findall(sentence))


# What a report offers: the kind of a follow-up.

_MATERIAL = r"(?:präsentation(?:en)?|vortrag|vorträge|vortragsunterlagen|unterlagen|handouts?)"
_SLIDES = re.compile(
    r"(?<![\wäöüß])(?:(?:vortrags|präsentations|tagungs)?folien|foliensätze|slides|slide\s?decks?"
    rf"|{_MATERIAL}(?=[^.!?\n]{{0,80}}?(?:download|herunterzuladen|herunterladen|heruntergeladen))"
    r"|(?:download|herunterladen)(?=[^.!?\n]{0,40}?(?:präsentation|vortr|unterlagen)))",
    re.IGNORECASE,
)
"""Slides or handouts to download: said only of talks that were given."""
_SLIDES_OFFERED = re.compile(
    rf"{_SLIDES.pattern}|(?<![\wäöüß]){_MATERIAL}"
    r"(?=[^.!?\n]{0,80}?(?:abrufbar|stehen|steht|finden\s+sie|gibt\s+es|bereit))",
    re.IGNORECASE,
)
"""In a report's text also the talks that are there to read (``Sämtliche Präsentationen des
Tages stehen auf dem Digitalportal``), which in an announcement would be a programme."""
_RECORDING = re.compile(
    r"(?<![\wäöüß])(?:(?:video)?aufzeichnung(?:en)?|(?:video)?mitschnitte?|nachzuschauen|nachschauen"
    r"|nachsehen|nachzuhören|nachhören|on[-\s]demand|recordings?|watch\s+(?:it\s+)?again)(?![\wäöüß])",
    re.IGNORECASE,
)
"""A recording of the talks or the stream, to watch afterwards (not the livestream itself,
which announcements offer)."""
_RECORDING_OFFERED = re.compile(
    rf"{_RECORDING.pattern}|(?<![\wäöüß])(?:live)?stream\w*"
    r"(?=[^.!?\n]{0,60}?\b(?:noch|weiterhin|jetzt|nun)\b[^.!?\n]{0,40}?(?:verfügbar|abrufbar))",
    re.IGNORECASE,
)
"""In a report's text also the stream that is still there (``Der Stream ist noch auf YouTube
verfügbar``)."""
_KIND_WORDS = (
    (ReportKind.REPORT, _REPORT_WORDS),
    (ReportKind.SLIDES, _SLIDES),
    (ReportKind.RECORDING, _RECORDING),
)


_OFFERED = ((ReportKind.SLIDES, _SLIDES_OFFERED), (ReportKind.RECORDING, _RECORDING_OFFERED))


def says_so(title: str, text: str) -> bool:
    """Whether the title or the opening of the text call the item a report, or offer what only
    exists once the event is over (the slides, a recording)."""
    opening = text[:_OPENING]
    return any(words.search(title) or words.search(opening) for _, words in _KIND_WORDS)


def report_kinds(title: str, text: str) -> tuple[ReportKind, ...]:
    """What a report offers, what it is first: the kind its title names first (``Nachbericht
    … : Folien zum Download`` is a report that offers slides), else its first sentence (``Hier
    finden Sie die Folien …``), else a report; then the slides and the recording its text
    offers."""
    lead = _SENTENCES.split(text, maxsplit=1)[0][:_OPENING]
    first = _first_kind(title) or _first_kind(lead) or ReportKind.REPORT
    told = f"{title}\n{text}"
    offered = [kind for kind, words in _OFFERED if words.search(told)]
    return tuple(dict.fromkeys([first, *offered]))


def _first_kind(text: str) -> ReportKind | None:
    found = [
        (m.start(), n) for n, (_, words) in enumerate(_KIND_WORDS) if (m := words.search(text))
    ]
    return _KIND_WORDS[min(found)[1]][0] if found else None
