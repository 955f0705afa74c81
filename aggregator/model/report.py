"""A report on an event that is over: a Nachbericht, the slides of its talks, its recording.

News feeds and "Aktuelles" pages tell of past events as often as they announce coming ones. A
report is not an event (it would put a spurious event on its past date), but it is what remains
of the event for those who missed it, so it is kept and linked to its event. Normalisation makes
this record of a raw item; the dedupe stage finds its event; the store keeps it in ``reports``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aggregator.model.vocabulary import ReportKind


@dataclass(frozen=True)
class Report:
    source: str
    key: str
    """The item's key within its source, as a sighting's would be."""
    url: str
    """The report's own page: its identity (a feed entry's id is made from it)."""
    title: str
    kind: ReportKind
    """What it is first: what its title says, else its opening, else a report."""
    kinds: tuple[ReportKind, ...]
    """Everything it offers, ``kind`` first (a Nachbericht with the slides to download)."""
    reason: str
    """Why it is a report and not an announcement (``report: past tense``)."""
    fetched_at: str
    text: str = ""
    """Its text, plain: where it names the event it reports on."""
    published: str | None = None
    """The day it was published (ISO date), when its source says."""
    event_start: str | None = None
    """The day of the event it reports on, as it names it (ISO date); None when it names none,
    or names only a day after its own publication (``Der nächste Digitaltag findet am …``)."""
    event_end: str | None = None
    city: str | None = None
    """The town it puts the event in, if any."""
    topics: list[str] = field(default_factory=list)
    digital: bool = False
    """Whether its text is about digitalisation (the report feed carries only those)."""
