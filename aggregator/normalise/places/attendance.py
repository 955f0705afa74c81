"""Whether people meet in a room, online or both: the words for it, and what a source declared.

A schema.org or explicit ``online`` or ``mixed`` mode is believed; ``offline`` is not, because
event plugins emit it by default, so place words (``Online``, ``Webinar``, ``virtuell``,
``Zoom``, ``MS Teams``, ``Livestream``...; never ``digital`` alone, which German titles use for
the subject) override it. An online hint or a stream URL together with a physical place gives
``mixed``; ``hybrid`` always does.

Announcements say it in sentences too (``prose_cues``), in words a place field would not use:
``findet online statt``, ``in rein digitaler Form``, ``ins Internet verlegt``, ``per Microsoft
Teams``, ``als Online-Event``, ``Online-Vortragsreihe``, ``unter www.…``, ``Zugang über folgenden
Link`` (online), ``wird live gestreamt``, ``per Livestream`` (a way to join from afar: ``mixed``
with a room, ``online`` without), ``hybrid``, ``online und vor Ort`` (mixed). A sentence that
rejects the format (``ein Online-Barcamp kam nie in Frage``) and words about registration or the
programme (``Anmeldung online``, ``das Programm gibt es online``) do not count, and neither do the
subject words ``Online-Dienste`` or ``digital`` alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from aggregator.model.vocabulary import Attendance
from aggregator.normalise.first_look import FirstLook

ONLINE = re.compile(
    r"\b(?:online\w*|virtuell\w*|virtual|webinar\w*|web-?seminar\w*|webcast\w*|"
    r"live-?stream\w*|zoom(?:-\w+)?|webex|jitsi|big\s?blue\s?button|gotomeeting|gotowebinar|"
    r"(?:ms|microsoft)[\s-]teams(?:-\w+)?|teams[\s-](?:meeting|konferenz|sitzung|call)|"
    r"video-?konferenz\w*|videocall|video-?call)\b",
    re.I,
)
"""An online channel: a place text naming one is no evidence of a room."""
HYBRID = re.compile(r"\bhybrid\w*\b", re.I)
ONSITE = re.compile(
    r"\b(?:vor\s+ort|in\s+pr[äa]senz|pr[äa]senz\w*|in\s+person|on-?site|offline)\b", re.I
)
ANY_CUE = re.compile(rf"{ONLINE.pattern}|\bhybrid\w*|\bvor\s+ort\b|\bpr[äa]senz\w*", re.I)
"""Any of the three, for brackets around channels (``Hybrid (Dresden + Livestream)``)."""


def declared_attendance(value: str | None) -> tuple[str | None, bool]:
    """The attendance mode a source declared, and whether the value was a stream URL instead."""
    if not value:
        return None, False
    text = value.strip().casefold()
    if text.startswith(("http://", "https://")) and "schema.org" not in text:
        return None, True
    if "mixed" in text or "hybrid" in text:
        return Attendance.MIXED, False
    if any(word in text for word in ("online", "virtual", "virtuell")):
        return Attendance.ONLINE, False
    if any(word in text for word in ("offline", "präsenz", "in person", "vor ort")):
        return Attendance.OFFLINE, False
    return None, False


def attendance_mode(declared: str | None, *, physical: bool, online: bool, hybrid: bool) -> str:
    """``offline``, ``online`` or ``mixed`` from the declared mode and the cues found: a declared
    ``offline`` counts for nothing (see the module doc)."""
    if declared == Attendance.MIXED or hybrid:
        return Attendance.MIXED
    if declared == Attendance.ONLINE:
        return Attendance.ONLINE
    if online:
        return Attendance.MIXED if physical else Attendance.ONLINE
    return Attendance.OFFLINE


_ONLY_ONLINE = re.compile(
    r"\b(?:(?:findet|finden|läuft|laufen|statt|geht|gehen|gibt\s+es)\b[^.;!?\n]{0,50}?"
    r"\b(?-i:online|digital|virtuell)(?!-)\b(?!\s+(?:und|oder)\s+(?:vor\s+ort|in\s+präsenz))"
    r"|(?:nur|rein|komplett|ausschließlich|erstmals|vollständig|zu\s+100\s+prozent)\s+"
    r"(?:online|digital|virtuell)\w*|in\s+(?:rein\s+)?(?:digitaler|virtueller)\s+form"
    r"|(?:ins|im)\s+(?:internet|netz)\b|als\s+(?:kostenlose\s+)?online-?\w+|onlinekonferenz"
    r"|moved\s+(?:them|it)\s+online|online[\s-]only|digital\s+(?:durchgeführt|übertragen)"
    r"|digital\s+durchgeführte[nrs]?|(?:digital|online)\s+(?:durchführen|abhalten|durch\b)"
    r"|unter\s+(?:https?://|www\.)|zugang\s+über\s+(?:folgenden|diesen|den)\s+link)",
    re.IGNORECASE,
)
"""The event itself happens online (a venue it is streamed from does not make it ``mixed``)."""
_ONLINE_FORMAT = re.compile(
    r"\b(?:online-?(?:veranstaltung|event|seminar|vortrag|ringvorlesung|konferenz|treffen|workshop"
    r"|format|sitzung|session|angebot|festival|edition|ausgabe|sprechstunde|kurs|schulung"
    r"|meeting|pressegespräch)\w*|video-?pressegespräch\w*|webinar\w*|web-?seminar\w*"
    r"|(?:per|über|via|mit)\s+(?:microsoft\s+|ms\s+)?(?:zoom|teams|webex|big\s?blue\s?button"
    r"|jitsi|youtube|gotomeeting|gotowebinar)\b|video-?konferenz\w*|live-video\w*"
    r"|virtuelle[nrs]?\s+(?:veranstaltung|führung|labortour|bühne|event|form)\w*"
    r"|digitale[nrs]?\s+(?:veranstaltung|event|format|sitzung|treffen)\w*|e-lectures?"
    r"|online\s+(?:sessions?|events?|workshops?|meetings?|talks?))",
    re.IGNORECASE,
)
_STREAM = re.compile(
    r"\b(?:live-?stream\w*|live\s+gestreamt|gestreamt|audiostream\w*|videostream\w*"
    r"|live-(?:audio|video)?übertragung\w*|remote-teilnahme|live\s+übertragen)",
    re.IGNORECASE,
)
_PROSE_HYBRID = re.compile(
    r"\bhybrid\w*|\b(?:online|remote)[\s-]+(?:und|oder|&|/)\s+(?:vor[\s-]ort|in\s+präsenz"
    r"|präsenz)|\b(?:vor[\s-]ort|präsenz\w*)\s+(?:und|oder|&|/)\s+(?:online|remote)"
    r"|\bphysische\s+und\s+\w*\s*digitale",
    re.IGNORECASE,
)
_REJECTED = re.compile(
    r"\b(?:nicht|nie|kein\w*)\s+in\s+frage|\bkam\s+(?:für\s+uns\s+)?(?:nie|nicht)", re.IGNORECASE
)
"""A sentence that rejects a format (``ein Online-Ersatz kam nicht in Frage``)."""
_NOT_THE_FORMAT = re.compile(
    r"\b(?:anmeld\w*|anmeldung|programm|fahrplan|tickets?|infos?|informationen|aufzeichnung\w*"
    r"|registrier\w*|aktionsplan)\b[^.;!?\n]{0,30}?\b(?:online|digital)\b"
    r"|\b(?:online|digital)\s+(?:anmelden|buchen|registrieren|abrufbar|bestellen)\b"
    r"|\bseit\s+heute\s+online|\bon\s+demand\b",
    re.IGNORECASE,
)
"""Words about registration and the programme, not the event (``Anmeldung online``)."""
_PROSE_SENTENCE = re.compile(r"(?<=[^\d\s][.!?])\s+|\n+")


@dataclass(frozen=True)
class ProseCues:
    """What an announcement's sentences say about how people attend."""

    online_only: bool = False
    online: bool = False
    stream: bool = False
    hybrid: bool = False


def prose_cues(text: str, elsewhen: Callable[[str], bool] = lambda _: False) -> ProseCues:
    """The format words of an announcement, sentence by sentence (see the module doc);
    ``elsewhen`` tells a sentence about another date, whose format is not the event's (``Im
    Dezember bleibt es bei Slots in rein digitalem Format``)."""
    online_only = online = stream = hybrid = False
    if not _ANY_PROSE_CUE.finds(text):
        return ProseCues()
    for sentence in _PROSE_SENTENCE.split(text):
        if not sentence or not _ANY_PROSE_CUE.finds(sentence) or _REJECTED.search(sentence):
            continue
        sentence = _NOT_THE_FORMAT.sub(" ", sentence)
        found = (
            bool(_PROSE_HYBRID.search(sentence)),
            bool(_ONLY_ONLINE.search(sentence)),
            bool(_ONLINE_FORMAT.search(sentence)),
            bool(_STREAM.search(sentence)),
        )
        if any(found) and not elsewhen(sentence):
            hybrid, online_only = hybrid or found[0], online_only or found[1]
            online, stream = online or found[2], stream or found[3]
    return ProseCues(online_only, online, stream, hybrid)


_ANY_PROSE_CUE = FirstLook(
    r"online|digital|virtu|hybrid|stream|webinar|seminar|zoom|teams|webex|button|jitsi|youtube"
    r"|gotomeeting|video|netz|internet|www\.|https?://|link|remote|e-lecture|übertragung"
    r"|übertragen"
)
"""A first look, for the text and again for each sentence: one without any of these words
matches none of the format patterns, and most have none."""


def with_prose(mode: str, cues: ProseCues, room: bool, town: bool) -> str:
    """The attendance the place gave, corrected by the announcement's own words: a place alone
    says ``offline`` by default, the sentences know better. ``room``: a venue or an address is
    known; ``town``: only a town, which for an online format is more likely the organiser's."""
    if mode == Attendance.MIXED or cues.hybrid:
        return Attendance.MIXED
    if cues.online_only or mode == Attendance.ONLINE:
        return Attendance.ONLINE
    if cues.stream:
        return Attendance.MIXED if room or town else Attendance.ONLINE
    if cues.online:
        return Attendance.MIXED if room else Attendance.ONLINE
    return mode
