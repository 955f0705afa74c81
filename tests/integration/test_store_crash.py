"""The SQLite file when the process writing it is killed in the middle of an ingest: the previous
state survives, intact (the other store tests: tests/unit/test_store.py)."""

from __future__ import annotations

import multiprocessing
import os

from aggregator import store
from aggregator.ingest import ingest
from tests.support.raw_events import forum_sightings
from tests.unit.test_store import snapshot


def _die_in_the_middle(path: str) -> None:
    os.environ["AGGREGATOR_TODAY"] = "2026-12-01"
    write_sightings = store.write_sightings

    def die(database, rows):
        write_sightings(database, rows)
        os._exit(3)  # the process is killed: no rollback, no cleanup

    store.write_sightings = die
    ingest(store.open_db(path), forum_sightings(), healthy_sources=["digitalagentur"])


def test_a_killed_process_leaves_the_previous_state(tmp_path):
    path = tmp_path / "events.db"
    db = store.open_db(path)
    ingest(db, forum_sightings()[:1])
    db.close()
    before = snapshot(path)
    child = multiprocessing.get_context("fork").Process(target=_die_in_the_middle, args=(path,))
    child.start()
    child.join(60)
    assert child.exitcode == 3
    assert snapshot(path) == before
    reopened = store.open_db(path)
    assert reopened.execute("pragma integrity_check").fetchone()[0] == "ok"
