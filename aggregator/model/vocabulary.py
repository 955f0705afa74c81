"""The closed vocabularies of the event record: whether it takes place, and how people attend;
and of the report on an event that is over: what it offers.

They are ``StrEnum``s, so a member is its own string in the database, in JSON and in comparisons
(``Status.CANCELLED == "cancelled"``): the stored values are a contract with every reader.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class Attendance(StrEnum):
    OFFLINE = "offline"
    """People meet in a room."""
    ONLINE = "online"
    MIXED = "mixed"
    """Hybrid: a room, and a way to join online."""


class ReportKind(StrEnum):
    """What a follow-up of a past event offers its reader."""

    REPORT = "report"
    """A Nachbericht, Rückblick, Impressionen: what happened, told afterwards."""
    SLIDES = "slides"
    """The talks' slides or handouts to download."""
    RECORDING = "recording"
    """A recording of the talks or the livestream, to watch afterwards."""
