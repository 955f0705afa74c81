"""A faster ingest writes the rows the ingest wrote before it, row by row.

``tests/data/ingest_rows.json.gz`` holds every row of the tables an ingest writes (with the
events' rowids, which the search index points at) after two ingests of the same raw items, as
the ingest of commit c4f66b2 (before issue 13's streaming writer) wrote them: a first ingest
large enough for the pool of workers and the bulk load, with events announced on several sites,
an item listed twice, one no normaliser can read, labelled events and news items that report on
them; then a day later the same sites again, where one healthy site no longer lists some events,
another changed some titles, and a third, not healthy this time, lists only part of its events.

The ``digest`` column is left out of the recording and checked against the raw items here: it
fingerprints the normalising code itself, which other work changes without changing a row.
Rewrite the recording only for a change that is meant to change the rows:
``python -m tests.integration.test_ingest_same_rows``.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aggregator import store
from aggregator.ingest import ingest, parallel
from aggregator.ingest.digest import raw_digest, said
from aggregator.model.raw import RawEvent
from aggregator.store import derived
from tests.integration.test_ingest_parallel import raws as announcements
from tests.support import report_cases

RECORDING = Path(__file__).parents[1] / "data" / "ingest_rows.json.gz"
TABLES = {
    "events": "select rowid, * from events",
    "event_sources": "select * from event_sources",
    "event_topics": "select * from event_topics",
    "source_sightings": "select * from source_sightings",
    "reports": "select * from reports",
    "events_fts": "select rowid, * from events_fts",
}


def first_items() -> list[RawEvent]:
    events, cases = report_cases.load()
    return [
        *announcements(),
        *(report_cases._event_item(event) for event in events),
        *(report_cases.news_item(case) for case in cases),
    ]


def later_items(first: list[RawEvent]) -> list[RawEvent]:
    """A day later: ``kammer`` lists every event but every fifth, ``agentur`` renamed every
    fourth, ``verband`` (not healthy) lists only its first half."""
    out = []
    verband = [r for r in first if r.source == "verband"]
    for n, item in enumerate(first):
        item = replace(item, fetched_at="2026-11-28T03:00:00+00:00")
        if item.source == "kammer" and n % 5 == 0:
            continue
        if item.source == "agentur" and n % 4 == 0:
            item = replace(item, title=f"{item.title} (neuer Termin)")
        if item.source == "verband" and verband.index(first[n]) >= len(verband) // 2:
            continue
        out.append(item)
    return out


HEALTHY = ["kammer", "agentur", "kalender", "news", "digitalagentur"]


@contextmanager
def pinned(day: str) -> Iterator[None]:
    before = os.environ.get("AGGREGATOR_TODAY")
    os.environ["AGGREGATOR_TODAY"] = day
    try:
        yield
    finally:
        if before is None:
            del os.environ["AGGREGATOR_TODAY"]
        else:
            os.environ["AGGREGATOR_TODAY"] = before


def ingest_both(path: Path) -> dict[str, dict[str, list[list[Any]]]]:
    """The rows after each of the two ingests, and the digests every sighting should carry."""
    first = first_items()
    db = store.open_db(path)
    out = {}
    with pinned("2026-11-27"):
        ingest(db, first, healthy_sources=HEALTHY)
    out["first"] = rows(path)
    with pinned("2026-11-28"):
        ingest(db, later_items(first), healthy_sources=HEALTHY)
    out["later"] = rows(path)
    db.close()
    return out


def rows(path: Path) -> dict[str, list[list[Any]]]:
    with sqlite3.connect(path) as conn:
        out = {}
        for table, query in TABLES.items():
            cursor = conn.execute(query)
            names = [d[0] for d in cursor.description]
            found = [
                [
                    None if name == "digest" else value
                    for name, value in zip(names, row, strict=True)
                ]
                for row in cursor
            ]
            out[table] = [names, *sorted(found, key=repr)]
    return out


def digests(path: Path) -> dict[tuple[str, str], str]:
    with sqlite3.connect(path) as conn:
        return {
            (s, k): d for s, k, d in conn.execute("select source, key, digest from event_sources")
        }


def expected_digests(
    stored: dict[tuple[str, str], str], *ingests: list[RawEvent]
) -> dict[tuple[str, str], str]:
    """What each stored sighting said last (an item a healthy or partial site no longer lists
    keeps the digest it had; dropped items and reports are no sightings: the recorded rows say
    which are)."""
    out = {}
    for items in ingests:
        for item in items:
            out[(item.source, item.key)] = raw_digest(said(item))
    return {key: out[key] for key in stored}


SMALL = {"POOL_FROM": 100, "CHUNK": 40, "BULK_THRESHOLD": 100}
"""The pool and the bulk load (a first ingest) at the size of this test."""


@pytest.fixture
def pool_for_small_ingests(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (parallel, derived):
        for name, value in SMALL.items():
            if hasattr(module, name):
                monkeypatch.setattr(module, name, value)


def test_every_row_is_the_one_the_ingest_wrote_before(tmp_path, pool_for_small_ingests):
    recorded = json.loads(gzip.decompress(RECORDING.read_bytes()))
    path = tmp_path / "events.db"
    first = first_items()
    db = store.open_db(path)
    with pinned("2026-11-27"):
        ingest(db, first, healthy_sources=HEALTHY)
    assert_same(rows(path), recorded["first"])
    assert digests(path) == expected_digests(digests(path), first)
    later = later_items(first)
    with pinned("2026-11-28"):
        ingest(db, later, healthy_sources=HEALTHY)
    db.close()
    assert_same(rows(path), recorded["later"])
    assert digests(path) == expected_digests(digests(path), first, later)


def assert_same(found: dict[str, list[list[Any]]], recorded: dict[str, list[list[Any]]]) -> None:
    assert found.keys() == recorded.keys()
    for table, (names, *expected) in recorded.items():
        assert found[table][0] == names, table
        assert len(found[table]) - 1 == len(expected), table
        for got, want in zip(found[table][1:], expected, strict=True):
            assert dict(zip(names, got, strict=True)) == dict(zip(names, want, strict=True)), table


if __name__ == "__main__":
    import tempfile

    parallel.POOL_FROM, parallel.CHUNK = SMALL["POOL_FROM"], SMALL["CHUNK"]
    derived.BULK_THRESHOLD = SMALL["BULK_THRESHOLD"]
    with tempfile.TemporaryDirectory() as tmp:
        content = json.dumps(ingest_both(Path(tmp) / "events.db"), ensure_ascii=False)
    RECORDING.write_bytes(gzip.compress(content.encode(), mtime=0))
