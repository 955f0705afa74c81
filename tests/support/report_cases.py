"""The labelled news items of ``tests/data/report_cases.toml`` run through the real ingest, and
how its answer is judged: is the item kept as a report, what it offers first, which event it is
linked to.

The unit test (tests/unit/test_report_cases.py) and ``benchmarks/bench_reports.py`` share this
module, so that both measure the same thing. Each run is a fresh database: the labelled events
first (as a calendar source gives them), then each item as a news feed gives it, read on the day
it was published, so that dates without a year are read as on that day.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from aggregator import store
from aggregator.ingest import ingest
from aggregator.model.raw import RawEvent
from tests.support import DATA, real_corpus

CASES = DATA / "report_cases.toml"
EVENT_SOURCE = "kalender"
NEWS_SOURCE = "news"
MEASURES = ("report", "kind", "offers", "match", "event")
KINDS = ("report", "slides", "recording")


@dataclass(frozen=True)
class LabelledEvent:
    id: str
    title: str
    start: str
    end: str | None = None
    city: str | None = None
    attendance: str = "offline"


@dataclass(frozen=True)
class Case:
    id: str
    url: str
    title: str
    text: str
    seen: date
    """The day its feed published it (the day the crawl reads it)."""
    report: bool
    announces: bool = False
    """It announces an event to come: it must make one (a report must make none)."""
    kind: str | None = None
    offers: tuple[str, ...] = ()
    event: str | None = None
    held_out: bool = False
    """Written after the rules, not used to tune them."""


def load(path: Path = CASES) -> tuple[list[LabelledEvent], list[Case]]:
    data = tomllib.loads(path.read_text("utf-8"))
    corpus = {item.id: item for item in real_corpus.load()}
    events = [LabelledEvent(**event) for event in data["event"]]
    cases = []
    for case in data["case"]:
        if "corpus" in case:
            item = corpus[case["corpus"]]
            told = {"url": item.url, "title": item.title, "text": item.text, "seen": item.seen}
        else:
            seen = case.get("published") or case.get("seen")
            told = {
                "url": case["url"],
                "title": case["title"],
                "text": case["text"],
                "seen": date.fromisoformat(seen) if seen else real_corpus.UNDATED_REFERENCE,
            }
        cases.append(
            Case(
                id=case["id"],
                report=case["report"],
                announces=case.get("announces", False),
                kind=case.get("kind"),
                offers=tuple(case.get("offers", ())),
                event=case.get("event"),
                held_out=case.get("held_out", False),
                **told,
            )
        )
    return events, cases


@dataclass(frozen=True)
class Outcome:
    """What the ingest made of one item."""

    report: bool
    kind: str | None
    offers: tuple[str, ...]
    event: str | None
    """The labelled event it was linked to (``?`` for an event not in the table)."""
    made_event: bool
    """It became an event of its own."""


def run(db_path: Path, events: list[LabelledEvent], cases: list[Case]) -> dict[str, Outcome]:
    """Ingest the events, then each item, into a new database at ``db_path``."""
    db = store.open_db(db_path)
    try:
        for event in events:
            ingest(db, [_event_item(event)], reference=date.fromisoformat(event.start[:10]))
        labelled = {
            row["event_id"]: row["key"]
            for row in db.query(
                "select key, event_id from event_sources where source = ?", [EVENT_SOURCE]
            )
        }
        for case in cases:
            ingest(db, [news_item(case)], reference=case.seen)
        reports = {row["key"]: row for row in db.query("select * from reports")}
        sightings = {
            row["key"]
            for row in db.query("select key from event_sources where source = ?", [NEWS_SOURCE])
        }
    finally:
        db.close()
    out = {}
    for case in cases:
        row = reports.get(case.id)
        kinds = tuple(json.loads(row["kinds"])) if row else ()
        out[case.id] = Outcome(
            report=row is not None,
            kind=row["kind"] if row else None,
            offers=kinds[1:],
            event=(labelled.get(row["event_id"], "?") if row["event_id"] else None)
            if row
            else None,
            made_event=case.id in sightings,
        )
    return out


def _event_item(event: LabelledEvent) -> RawEvent:
    return RawEvent(
        source=EVENT_SOURCE,
        kind="jsonld",
        key=event.id,
        url=f"https://kalender.example/{event.id}",
        fetched_at="2026-02-01T00:00:00+00:00",
        title=event.title,
        start=event.start,
        end=event.end,
        city=event.city,
        attendance=event.attendance,
        timezone="Europe/Berlin",
    )


def news_item(case: Case) -> RawEvent:
    """As an organiser's news feed gives it: title, text, link and publication day."""
    return RawEvent(
        source=NEWS_SOURCE,
        kind="rss",
        key=case.id,
        url="https://news.example/feed.xml",
        event_url=case.url,
        fetched_at="2026-02-01T00:00:00+00:00",
        title=case.title,
        description=case.text,
        published=case.seen.isoformat(),
        timezone="Europe/Berlin",
    )


@dataclass
class Tally:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


@dataclass
class Scores:
    tallies: dict[str, Tally] = field(default_factory=dict)
    """``report``, ``match``, and each kind (``kind:slides``)."""
    misses: dict[str, list[str]] = field(default_factory=lambda: {m: [] for m in MEASURES})

    def figures(self) -> dict[str, tuple[float, float]]:
        return {name: (t.precision, t.recall) for name, t in self.tallies.items()}


def score(cases: Iterable[Case], outcomes: dict[str, Outcome]) -> Scores:
    """``report``: kept as a report or not. ``kind``: what a report is first, per kind (an item
    wrongly kept as a report counts against the kind it was given). ``match``: among the items
    kept as reports, the link to the labelled event (one to another event, or to any event when
    the labelled one is not in the table, counts against precision). ``event``: the misses only,
    a report that became an event or an announcement that did not; ``offers``: the misses only,
    a report whose other kinds are not the labelled ones."""
    scores = Scores()
    tally = scores.tallies
    for name in ("report", "match", *(f"kind:{k}" for k in KINDS)):
        tally[name] = Tally()
    for case in sorted(cases, key=lambda c: c.id):
        got = outcomes[case.id]
        _count(tally["report"], case.report, got.report)
        if (case.report or case.announces) and got.made_event != case.announces:
            scores.misses["event"].append(case.id)
        if case.report != got.report:
            scores.misses["report"].append(case.id)
        for kind in KINDS:
            _count(tally[f"kind:{kind}"], case.kind == kind, got.kind == kind)
        if case.report and got.report and case.kind != got.kind:
            scores.misses["kind"].append(case.id)
        if case.report and got.report and set(case.offers) != set(got.offers):
            scores.misses["offers"].append(case.id)
        if not got.report:
            continue
        right = case.event is not None and got.event == case.event
        if right:
            tally["match"].true_positive += 1
        else:
            tally["match"].false_positive += got.event is not None
            tally["match"].false_negative += case.event is not None
        if got.event != case.event:
            scores.misses["match"].append(case.id)
    return scores


def _count(tally: Tally, wanted: bool, found: bool) -> None:
    tally.true_positive += wanted and found
    tally.false_positive += found and not wanted
    tally.false_negative += wanted and not found


def describe(cases: Iterable[Case], outcomes: dict[str, Outcome]) -> list[dict[str, Any]]:
    """Each miss with what was wanted and what was found, for the benchmark's listing."""
    return [
        {"id": c.id, "wanted": (c.report, c.kind, c.event), "found": outcomes[c.id]}
        for c in cases
        if (c.report, c.kind, c.event)
        != (outcomes[c.id].report, outcomes[c.id].kind if c.report else None, outcomes[c.id].event)
    ]
