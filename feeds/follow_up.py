"""The reports on each past event (a Nachbericht, the slides, a recording), as its page lists
them and the year archive marks it, read once per publish.

An event page is built from its row, its sightings, its neighbours on the same day and these:
a publish that rebuilds only the pages of changed events must count a new or changed report
(``reports`` rows with that ``event_id``) as a change of its event's page and year archive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from aggregator.model.vocabulary import ReportKind
from feeds import labels, sanitise


@dataclass(frozen=True)
class FollowUp:
    kind: str
    """What it is, in words: ``Nachbericht``, ``Folien``, ``Aufzeichnung``."""
    offers: list[str]
    """What else it offers, in words (a Nachbericht with the slides)."""
    title: str
    url: str
    source: str
    """Who published it: the source's organiser, else the source's name."""
    published: str | None
    """The day it was published (ISO date)."""

    @property
    def published_label(self) -> str:
        return labels.day_label(self.published) if self.published else ""


def index(db: sqlite_utils.Database) -> dict[str, list[FollowUp]]:
    """Event id -> its reports, newest first (one query; none before the reports table)."""
    if "reports" not in db.table_names():
        return {}
    rows = db.execute(
        """select r.event_id, r.kind, r.kinds, r.title, r.url,
                  coalesce(nullif(src.organizer, ''), r.source), r.published
           from reports r left join sources src on src.name = r.source
           where r.event_id is not null
           order by r.event_id, coalesce(r.published, r.first_seen) desc, r.url"""
    )
    out: dict[str, list[FollowUp]] = {}
    for event_id, kind, kinds, title, url, source, published in rows:
        link = sanitise.url(url)
        if link is None:
            continue
        out.setdefault(event_id, []).append(
            FollowUp(
                kind=labels.REPORT_WORD[ReportKind(kind)],
                offers=[labels.REPORT_WORD[ReportKind(k)] for k in json.loads(kinds) if k != kind],
                title=sanitise.line(title),
                url=link,
                source=sanitise.line(source),
                published=published,
            )
        )
    return out


def marks(follow_ups: list[FollowUp]) -> list[str]:
    """What an event's reports offer together, each once: the year archive's mark."""
    words = [w for f in follow_ups for w in (f.kind, *f.offers)]
    return [w for w in labels.REPORT_WORD.values() if w in words]
