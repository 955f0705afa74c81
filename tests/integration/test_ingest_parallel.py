"""A large ingest normalises on several cores and writes the database one core would write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aggregator import store
from aggregator.ingest import ingest, parallel
from aggregator.model.raw import RawEvent
from tests.support.raw_events import forum_sightings, raw

SUBJECTS = ["KI im Mittelstand", "IT-Sicherheit", "E-Rechnung", "Cloud-Souveränität", "Robotik"]
CITIES = ["Dresden", "Leipzig", "Chemnitz", "Zwickau", "Görlitz"]


def raws() -> list[RawEvent]:
    """Events on three sites, some announced on two of them in other words, an item listed
    twice, and one no normaliser can read."""
    out = list(forum_sightings())
    for n in range(400):
        day = f"2027-{1 + n % 12:02d}-{1 + n % 27:02d}"
        title = f"{SUBJECTS[n % 5]} – Praxisabend {n}"
        city = CITIES[n % 5]
        out.append(raw("kammer", str(n), title, f"{day}T18:00:00+01:00", city=city))
        if n % 3 == 0:
            out.append(raw("agentur", f"a{n}", title.upper(), day, all_day=True, city=city))
        if n % 7 == 0:
            out.append(raw("verband", f"v{n}", title, f"{day}T18:00:00+01:00", venue=f"IHK {city}"))
    out.append(raw("kammer", "7", f"{SUBJECTS[2]} – Praxisabend 7", "2027-08-08T18:00:00+01:00"))
    out.append(raw("kammer", "kaputt", "Ohne Datum", "irgendwann"))
    return out


def tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"select * from {table} order by 1, 2").fetchall()
            for table in ("events", "event_sources", "event_topics")
        }


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-11-27")


def test_a_pool_of_workers_writes_what_one_core_writes(tmp_path, monkeypatch, today):
    one = tmp_path / "one.db"
    report_one = ingest(store.open_db(one), raws())
    monkeypatch.setattr(parallel, "POOL_FROM", 100)
    monkeypatch.setattr(parallel, "CHUNK", 40)
    started = []
    real_pool = parallel.ProcessPoolExecutor

    def pool(*args, **kwargs):
        started.append(args)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", pool)
    many = tmp_path / "many.db"
    report_many = ingest(store.open_db(many), raws())
    assert started, "the ingest used a pool"
    assert tables(many) == tables(one)
    assert report_many.sources == report_one.sources
    assert (report_many.new, report_many.updated) == (report_one.new, report_one.updated)
    assert report_one.sources["kammer"].dropped == {"no date": 1}
