"""Whether an event takes place: scheduled, cancelled or postponed.

Sources say so in structured fields (schema.org ``eventStatus``, iCalendar ``STATUS``, The
Events Calendar's event-status field) or only in words, most often by prefixing the title
(``ABGESAGT: ...``, ``[entfällt]``). Readers depend on a cancelled event being marked, and
equally on a running event never being marked by mistake, so words count only where their
meaning is unambiguous:

* in the title, a status word in marker position (at the start or end, in brackets, in
  capitals) or a status phrase (``fällt aus``, ``findet nicht statt``, ``neuer Termin folgt``);
  negated forms (``nicht abgesagt``, ``fällt nicht aus``) never count;
* in the description, only its opening (``TEXT_LIMIT`` characters) and only a clear statement
  about this event: a marker opening the text (``Abgesagt!``), or a sentence whose subject is
  the event itself (``Die Veranstaltung muss leider abgesagt werden``, ``Leider müssen wir
  das Seminar absagen``). A statement about another event (``Abgesagt wurde dagegen der
  Workshop im Mai``), a conditional (``wird abgesagt, wenn weniger als ...``) or a cancellation
  policy (``Stornierung``, ``Bei Absage durch den Veranstalter ...``, ``kostenfreie Absage bis
  14 Tage vorher``) does not count.

Declared ``EventRescheduled`` and ``EventMovedOnline`` mean the event takes place (at its new
date or online); a title saying it was moved to a named date (``verschoben auf den 12. Mai``,
``Neuer Termin: ...``) does too, and so does a description naming the new date (``Er soll nun vom
20. bis 22. Juni 2022 stattfinden``, ``rückt sie nun auf den 23. bis 25. Juni``), also when the
title only says ``verschoben`` (``wurde auf 2028 verschoben`` names no date), while
``verschoben`` without a new date, ``auf einen späteren Termin verschoben`` and ``neuer Termin
folgt`` mean postponed. Evidence of cancellation beats evidence of postponement; a title that
says both (``Veranstaltungen abgesagt oder verschoben``) is a list and says neither.
"""

from __future__ import annotations

import re

from aggregator.model.vocabulary import Status
from aggregator.normalise.first_look import FirstLook
from aggregator.normalise.text import clean_text

SCHEDULED, CANCELLED, POSTPONED = Status.SCHEDULED, Status.CANCELLED, Status.POSTPONED

TEXT_LIMIT = 400
"""How much of the description's opening is read: the first two or three sentences."""

_DECLARED = {
    "eventcancelled": CANCELLED,
    "eventcanceled": CANCELLED,
    "cancelled": CANCELLED,
    "canceled": CANCELLED,
    "abgesagt": CANCELLED,
    "eventpostponed": POSTPONED,
    "postponed": POSTPONED,
    "verschoben": POSTPONED,
    "eventrescheduled": SCHEDULED,
    "rescheduled": SCHEDULED,
    "eventmovedonline": SCHEDULED,
    "eventscheduled": SCHEDULED,
    "scheduled": SCHEDULED,
    "confirmed": SCHEDULED,
    "tentative": SCHEDULED,
}
"""Declared values (lower-cased, schema.org prefix removed). TEC post statuses (``publish``,
``future``, ``tribe-ignored`` ...) describe the WordPress post, not the event, and count as
nothing."""

_NEGATION = r"(?<!(?i:nicht)\s)(?<!(?i:kein)\s)(?<!(?i:keine)\s)(?<!(?i:not)\s)"
_CANCEL_WORD = (
    r"(?:abgesagt|absage|entfällt|entfallen|ausgefallen|fällt\s+aus|storniert|"
    r"cancell?ed|annulliert|abgebrochen)"
)
_POSTPONE_WORD = r"(?:verschoben|postponed|vertagt)"
_NEW_DATE = (
    r"(?:auf|in\s+den|in\s+die|zum|to)\s+(?:den\s+|das\s+)?"
    r"(?:\d|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|januar|februar|"
    r"märz|april|mai|juni|juli|august|september|oktober|november|dezember|herbst|frühjahr|"
    r"frühling|sommer|winter|anfang|ende|mitte|nächst|kommend|\d{4})"
)


def _marker(word: str) -> re.Pattern[str]:
    """A status word used as a label: starting the title before a separator, in brackets, or
    ending it (``KI-Tag verschoben``)."""
    return re.compile(
        rf"^\W*(?:leider\s+)?{word}\b\s*(?:[:!–—\-|/]|\)|\]|$)"
        rf"|[(\[]\s*{word}\s*[!.]?\s*[)\]]"
        rf"|(?:[:–—\-|/\s]|^)\s*{_NEGATION}{word}\s*[!.]?\s*$",
        re.I,
    )


_TITLE_CANCELLED = (
    _marker(_CANCEL_WORD),
    re.compile(rf"{_NEGATION}\b(?:ABGESAGT|ABSAGE|ENTFÄLLT|CANCELL?ED|AUSGEFALLEN)\b"),
    re.compile(
        rf"{_NEGATION}\b(?:fällt|entfällt)\s+(?:leider\s+|heute\s+|kurzfristig\s+)*aus\b"
        rf"|\bfindet\s+(?:leider\s+|heute\s+)*nicht\s+statt\b"
        rf"|{_NEGATION}\b(?:wurde|wird|ist)\s+(?:leider\s+|kurzfristig\s+)*abgesagt\b"
        r"|\bmuss\s+(?:leider\s+)?abgesagt\s+werden\b",
        re.I,
    ),
)
_TITLE_RESCHEDULED = re.compile(
    rf"\b{_POSTPONE_WORD}\s+{_NEW_DATE}|\bneue[rs]?\s+(?:termin|datum)\s*[:!]\s*(?!folgt)\S"
    r"|\bnachholtermin\b",
    re.I,
)
_TITLE_POSTPONED = (
    _marker(_POSTPONE_WORD),
    re.compile(rf"{_NEGATION}\b(?:VERSCHOBEN|POSTPONED)\b"),
    re.compile(
        r"\bneue[rs]?\s+(?:termin|datum)\s+(?:folgt|wird\s+(?:noch\s+)?bekannt\s*gegeben|"
        r"steht\s+noch\s+nicht\s+fest|tba)\b"
        r"|\btermin\s+(?:folgt|wird\s+(?:noch\s+)?bekannt\s*gegeben)\b"
        rf"|{_NEGATION}\b(?:wird|wurde|ist)\s+(?:leider\s+)?(?:auf\s+unbestimmte\s+zeit\s+)?"
        r"verschoben\b",
        re.I,
    ),
)

_EVENT_NOUN = (
    r"(?:veranstaltung|seminar|webinar|online-seminar|workshop|vortrag|konferenz|tagung|"
    r"event|termin|treffen|stammtisch|sprechstunde|kurs|schulung|lehrgang|messe|forum|"
    r"meetup|infoabend|abend|führung|exkursion|sitzung|fachtag|barcamp|hackathon|session|"
    r"lesung|diskussion|podiumsdiskussion|frühstück|training|coaching|kongress|gipfel)"
)
_THIS = r"(?:die|das|der|diese[rs]?|unser(?:e[rs]?)?|heutige[rs]?|morgige[rs]?)"
_ADJECTIVES = r"(?:[\w-]+\s+){0,2}?"
_CONDITION = re.compile(
    r"\b(?:wenn|falls|sofern|sollte|sollten|bei\s+zu\s+geringer|bei\s+weniger|"
    r"bei\s+nicht\s+ausreichender|vorbehalten|behält|behalten|if|unless|in\s+case)\b",
    re.I,
)
_TEXT_CANCELLED = (
    re.compile(rf"^\W*(?:leider\s+)?(?:{_CANCEL_WORD}|ABGESAGT|ENTFÄLLT)\s*[!:.–—-]", re.I),
    re.compile(  # "Aufgrund ... muss die Veranstaltung leider abgesagt werden"; sentence-initial
        # "Muss die Veranstaltung abgesagt werden, ..." is a condition, hence the (?<=\w\s)
        rf"(?<=\w\s)(?:muss|musste|müssen|mussten)\s+{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*\s+"
        r"(?:leider\s+|kurzfristig\s+|krankheitsbedingt\s+|ersatzlos\s+|heute\s+)*"
        r"(?:abgesagt|storniert|gestrichen)\s+werden\b",
        re.I,
    ),
    re.compile(
        rf"\b{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*\s+"
        r"(?:muss|musste|müssen|mussten|wird|wurde|ist)\s+"
        r"(?:leider\s+|aus\s+[\w\s]{0,30}?gründen\s+|kurzfristig\s+|krankheitsbedingt\s+|"
        r"ersatzlos\s+|heute\s+)*(?:abgesagt|storniert|gestrichen)\b",
        re.I,
    ),
    re.compile(
        rf"\b{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*\s+(?:leider\s+|heute\s+)*"
        r"(?:entfällt|fällt\s+(?:leider\s+|heute\s+|kurzfristig\s+)*aus|findet\s+"
        r"(?:leider\s+|heute\s+)*nicht\s+statt)\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:leider\s+)?(?:müssen|mussten)\s+wir\s+{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*\s+"
        r"(?:[\w-]+\s+){0,4}?absagen\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:leider\s+)?(?:entfällt|fällt)\s+{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*"
        r"(?:\s+[\w.-]+){0,4}?\s+aus\b"
        rf"|\bleider\s+entfällt\s+{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}"
        rf"|\b(?:leider\s+)?findet\s+{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*"
        r"(?:\s+[\w.-]+){0,4}?\s+nicht\s+statt\b",
        re.I,
    ),
    re.compile(
        r"\b(?:this|the)\s+(?:event|workshop|conference|meetup|webinar|talk|session|seminar)\s+"
        r"(?:has\s+been|is|was|had\s+to\s+be)\s+(?:\w+\s+)?(?:cancell?ed|called\s+off)\b",
        re.I,
    ),
)
_TEXT_POSTPONED = (
    re.compile(rf"^\W*(?:{_POSTPONE_WORD}|VERSCHOBEN)\s*[!:.–—-]", re.I),
    re.compile(  # one of a list of postponed events: "Verschoben wurde außerdem der Summit …"
        rf"^\W*{_POSTPONE_WORD}\s+(?:wurde|wird|werden|ist)\s+(?:außerdem|auch|ebenfalls|zudem)\b",
        re.I,
    ),
    re.compile(
        rf"\b{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*\s+(?:muss|musste|müssen|wird|wurde|ist)\s+"
        r"(?:leider\s+|kurzfristig\s+|krankheitsbedingt\s+)*(?:auf\s+(?:einen\s+)?"
        r"(?:späteren|unbestimmte|neuen)\s+\w+\s+)?verschoben\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:leider\s+)?(?:müssen|mussten)\s+wir\s+{_THIS}\s+{_ADJECTIVES}{_EVENT_NOUN}\w*\s+"
        r"(?:[\w-]+\s+){0,4}?verschieben\b",
        re.I,
    ),
    re.compile(
        r"\bein\s+neuer\s+termin\s+(?:folgt|wird\s+(?:noch\s+|zeitnah\s+|rechtzeitig\s+)?"
        r"bekannt\s*gegeben)\b|\bneuer\s+termin\s+folgt\b",
        re.I,
    ),
    re.compile(
        r"\b(?:this|the)\s+(?:event|workshop|conference|meetup|webinar|talk|session|seminar)\s+"
        r"(?:has\s+been|is|was|had\s+to\s+be)\s+(?:\w+\s+)?postponed\b",
        re.I,
    ),
)
_TEXT_RESCHEDULED = re.compile(
    r"\b(?:verschoben|verlegt|vertagt)\s+auf\s+(?:den\s+)?\d"
    r"|\bauf\s+den\s+\d{1,2}\.[^.!?]{0,60}?\b(?:verschoben|verlegt)"
    r"|\b(?:verleg|verschieb|rückt)\w*\b[^.!?]{0,80}?\b(?:auf|in)\s+(?:den|die)\b[^.!?]{0,50}?"
    r"\d{1,2}\.(?:\s*\d{1,2}\.|\s*(?:bis|-)\s*\d{1,2}\.)?\s*(?:\d{2,4}|[a-zäöü])"
    r"|\b(?:soll|wird|findet)\s+(?:\w+\s+)?(?:nun|jetzt|stattdessen)\b[^.!?]{0,30}?\b(?:am|vom|ab)\s+"
    r"\d{1,2}\."
    r"|\bneue[rn]?\s+termin\w*\s*(?:ist\s+)?:?\s*(?:der\s+|am\s+)?(?:\w+,?\s+)?\d{1,2}\."
    r"|\b(?:postponed|moved|rescheduled)\s+(?:to|until|for)\s+(?:the\s+)?(?:\d|january|february"
    r"|march|april|may|june|july|august|september|october|november|december)",
    re.IGNORECASE,
)
"""The text gives the date the event was moved to: it takes place, on that date (``Er soll nun
vom 20. bis 22. Juni 2022 stattfinden``, ``rückt sie nun auf den 23. bis 25. Juni``)."""
_TEXT_CALLED_OFF = re.compile(
    r"\bsag(?:t|en|te|ten)\s+(?:\w+\s+){0,3}?(?:veranstaltung|termin|event|seminar|workshop|"
    r"konferenz|tagung|messe|kongress|treffen|stammtisch)\w*\b[^!?\n]{0,60}?\bab\b"
    r"|\bstrich(?:en)?\s+(?:\w+\s+){1,4}?(?:den|die|das)\s+",
    re.IGNORECASE,
)
"""``sagt alle Veranstaltungen bis zum 19. April ab``, ``strich die Messe München den
Cybersecurity-Summit``."""
_CANCEL_ANYWHERE = re.compile(rf"\b{_CANCEL_WORD}\b", re.IGNORECASE)
_POSTPONE_ANYWHERE = re.compile(rf"\b{_POSTPONE_WORD}\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?])\s+")
"""A period after a number ends a date (``am 5. Mai``), not the sentence."""


def declared_status(declared: str | None) -> str | None:
    """The status a structured field states, or None when it states none."""
    if not declared:
        return None
    value = declared.strip().casefold()
    value = re.sub(r"^(?:https?://)?(?:www\.)?schema\.org/|^schema:", "", value)
    return _DECLARED.get(value)


def _title_status(title: str) -> str | None:
    """A title that says both (``Veranstaltungen abgesagt oder verschoben``, a list) says
    nothing about this event."""
    if not (_MAY_CANCEL.finds(title) or _MAY_POSTPONE_TITLE.finds(title)):
        return None
    if _CANCEL_ANYWHERE.search(title) and _POSTPONE_ANYWHERE.search(title):
        return None
    cancelled = any(p.search(title) for p in _TITLE_CANCELLED) or bool(
        _TEXT_CALLED_OFF.search(title)
    )
    postponed = any(p.search(title) for p in _TITLE_POSTPONED)
    if cancelled:
        return CANCELLED
    if _TITLE_RESCHEDULED.search(title):
        return SCHEDULED
    if postponed:
        return POSTPONED
    return None


_MAY_CANCEL = FirstLook(
    r"abgesagt|absage|entf|ausgefallen|fällt|storniert|cancel|annulliert|abgebrochen|gestrichen"
    r"|findet|called|sag|strich"
)
"""A first look for ``_TEXT_CANCELLED`` and ``_TEXT_CALLED_OFF``: each of their branches
needs one of these words (``absage`` of ``absagen``, ``sag`` of ``sagt … ab``), and most openings
have none, so the sentences need not be split and searched one pattern at a time."""
_MAY_MOVE = FirstLook(
    r"versch|verleg|vertagt|rückt|soll|wird|findet|neue|postponed|moved|rescheduled"
)
"""The same for ``_TEXT_RESCHEDULED``."""
_MAY_POSTPONE = FirstLook(r"verschoben|verschieben|postponed|vertagt|neuer")
"""The same for ``_TEXT_POSTPONED``."""
_MAY_POSTPONE_TITLE = FirstLook(r"verschoben|postponed|vertagt|neue|termin")
"""With ``_MAY_CANCEL``, the first look for the title's patterns."""


def _clear_statement(patterns: tuple[re.Pattern[str], ...], opening: str, words: FirstLook) -> bool:
    """A pattern matches inside a sentence that sets no condition; ``words`` are those one of
    which every pattern needs."""
    if not words.finds(opening):
        return False
    for sentence in _SENTENCE_END.split(opening):
        for pattern in patterns:
            match = pattern.search(sentence)
            if match and not _CONDITION.search(sentence):
                return True
    return False


def _text_status(text: str) -> str | None:
    opening = text[:TEXT_LIMIT]
    if _clear_statement((*_TEXT_CANCELLED, _TEXT_CALLED_OFF), opening, _MAY_CANCEL):
        return CANCELLED
    if _clear_statement((_TEXT_RESCHEDULED,), opening, _MAY_MOVE):
        return SCHEDULED
    if _clear_statement(_TEXT_POSTPONED, opening, _MAY_POSTPONE):
        return POSTPONED
    return None


def mentions_change(title: str, text: str) -> bool:
    """Whether the item speaks of a cancellation or a postponement at all (``Verschoben wurde
    außerdem der Summit …``): news about an event's date, even when it is no clear statement."""
    opening = text[:TEXT_LIMIT]
    return any(
        p.search(part)
        for p in (_CANCEL_ANYWHERE, _POSTPONE_ANYWHERE, _TEXT_CALLED_OFF)
        for part in (title, opening)
    )


def detect_status(declared: str | None, title: str = "", text: str = "") -> str:
    """``scheduled``, ``cancelled`` or ``postponed`` from the declared status and the words."""
    stated = declared_status(declared)
    told = _text_status(clean_text(text))
    worded = _title_status(clean_text(title)) or told
    if told == SCHEDULED and worded == POSTPONED:
        worded = SCHEDULED  # the title says it moved, the text says where to
    if CANCELLED in (stated, worded):
        return CANCELLED
    if stated == POSTPONED:
        return POSTPONED
    if declared and re.search(r"rescheduled|movedonline", declared, re.I):
        return SCHEDULED  # the words describe the move the source already made
    return worded or SCHEDULED
