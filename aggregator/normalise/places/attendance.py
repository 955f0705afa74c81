"""Whether people meet in a room, online or both: the words for it, and what a source declared.

A schema.org or explicit ``online`` or ``mixed`` mode is believed; ``offline`` is not, because
event plugins emit it by default, so place words (``Online``, ``Webinar``, ``virtuell``,
``Zoom``, ``MS Teams``, ``Livestream``...; never ``digital`` alone, which German titles use for
the subject) override it. An online hint or a stream URL together with a physical place gives
``mixed``; ``hybrid`` always does.
"""

from __future__ import annotations

import re

from aggregator.model.vocabulary import Attendance

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
