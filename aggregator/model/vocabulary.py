"""The closed vocabularies of the event record: whether it takes place, and how people attend.

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
