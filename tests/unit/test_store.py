"""The SQLite file: schema and migrations, search kept in sync, readers during a write, crashes."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from aggregator import store
from aggregator.ingest import ingest
from aggregator.normalise.item import normalise
from aggregator.store import derived
from aggregator.store.schema import PUBLISHED_FIELDS
from tests.support import DATA
from tests.support.raw_events import forum_sightings, raw

SPINE_V1 = DATA / "spine_v1.db"


def search(path: Path, query: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "select title from events where rowid in "
            "(select rowid from events_fts where events_fts match ?) order by title",
            [query],
        )
        return [r[0] for r in rows]


def snapshot(path: Path) -> list[str]:
    """Every row of every table, to compare a file before and after."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute("select name from sqlite_master where type = 'table' order by 1")
        ]
        return [f"{t}: {row}" for t in tables for row in conn.execute(f"select * from [{t}]")]


def test_a_new_file_is_current_in_wal_mode_with_indexes(tmp_path):
    db = store.open_db(tmp_path / "events.db")
    assert store.schema_version(db) == store.SCHEMA_VERSION == 8
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    leading = {index.columns[0] for index in db["events"].indexes}
    assert {"start", "start_utc", "last_day", "city", "region", "status", "attendance"} <= leading
    indexed = {tuple(index.columns) for index in db["events"].indexes}
    assert ("city", "start") in indexed, "a chosen city is listed by start from the index"
    assert db["events"].detect_fts() == "events_fts"


def test_a_spine_v1_file_upgrades_cleanly(tmp_path, monkeypatch):
    path = tmp_path / "events.db"
    shutil.copy(SPINE_V1, path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("pragma user_version").fetchone()[0] == 1
    before = {r[0]: r for r in sqlite3.connect(path).execute("select id, title from events")}
    db = store.open_db(path)
    assert store.schema_version(db) == 8
    counts = {
        r["title"] + (" (removed)" if r["removed_at"] else ""): r["source_count"]
        for r in db.query("select * from events")
    }
    assert counts == {
        "Forum Sachsen Digital 2027": 2,
        "KI-Stammtisch Dresden": 1,
        "KI-Stammtisch Dresden (removed)": 0,
        "Cybersecurity-Frühstück Chemnitz": 1,
    }
    assert {r["id"] for r in db.query("select id from events")} == set(before)
    assert search(path, "Ransomware") == ["Cybersecurity-Frühstück Chemnitz"]
    assert search(path, '"IT-Sicherheit"') == ["Cybersecurity-Frühstück Chemnitz"], "topic names"
    names = {r["title"]: json.loads(r["topic_names"]) for r in db.query("select * from events")}
    assert names["Cybersecurity-Frühstück Chemnitz"] == ["IT-Sicherheit"]
    assert store.migrate(db) == 8, "opening again changes nothing"
    steps = [m.name for m in store.MIGRATIONS.applied(db)]
    assert steps == [
        "v1_spine",
        "v2_cheap_reingest",
        "v3_topic_names",
        "v4_hashtags_and_social_links",
        "v5_partial_sources",
        "v6_reports",
        "v7_topics_and_upcoming_indexes",
        "v8_source_sighting_counts",
    ], "the record starts where user_version was"
    assert "last_partial" in db["sources"].columns_dict
    assert "sources_partial" in db["runs"].columns_dict
    assert db["reports"].exists() and db["reports"].detect_fts() == "reports_fts"
    assert "last_reports" in db["sources"].columns_dict
    assert {"reports", "reports_new", "reports_linked"} <= set(db["runs"].columns_dict)
    assert db.execute("select applied_at from _sqlite_migrations").fetchall()[0] == (
        "before-record",
    )
    # The next run on the upgraded file: known sightings keep their events, a new source joins.
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-11-27")
    forum = raw(
        "wfs",
        "a-17",
        "Digitalkonferenz Forum Sachsen Digital",
        "2027-05-13T09:00:00+02:00",
        city="Dresden",
    )
    report = ingest(db, [forum])
    assert report.new == 0
    assert db.execute(
        "select source_count from events where id = 'c886ee8bf2fdc793'"
    ).fetchone() == (3,)
    assert sighting_counts(db) == grouped_sighting_counts(db)
    assert ("wfs", 1, 0) in sighting_counts(db), "the new source's sighting is counted"
    with db.atomic():
        db.execute("update event_sources set removed_at = '2026-11-27' where source = 'wfs'")
    assert ("wfs", 0, 1) in sighting_counts(db), "a removed sighting moves from active to removed"
    with db.atomic():
        db.execute("delete from event_sources where source = 'wfs'")
    assert ("wfs", 0, 0) in sighting_counts(db)
    assert sorted([*grouped_sighting_counts(db), ("wfs", 0, 0)]) == sighting_counts(db)


def sighting_counts(db: sqlite_utils.Database) -> list[tuple[str, int, int]]:
    return db.execute("select source, active, removed from source_sightings order by 1").fetchall()


def grouped_sighting_counts(db: sqlite_utils.Database) -> list[tuple[str, int, int]]:
    return db.execute(
        """select source, sum(removed_at is null), sum(removed_at is not null)
           from event_sources group by source order by 1"""
    ).fetchall()


def test_a_file_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "events.db"
    store.open_db(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("pragma user_version = 99")
    with pytest.raises(store.SchemaError):
        store.open_db(path)


def test_a_file_with_a_step_this_program_does_not_know_is_refused(tmp_path):
    path = tmp_path / "events.db"
    store.open_db(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) values (?, ?, ?)",
            (store.MIGRATIONS.name, "v3_from_the_future", "2030-01-01"),
        )
    before = snapshot(path)
    with pytest.raises(store.SchemaError, match="v3_from_the_future"):
        store.open_db(path)
    assert snapshot(path) == before


def test_search_follows_every_change(tmp_path, monkeypatch):
    path = tmp_path / "events.db"
    db = store.open_db(path)
    ingest(db, forum_sightings())
    assert search(path, "Congress") == ["Forum Sachsen Digital 2027"]
    assert search(path, "Datenschutz") == []
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    changed = forum_sightings()
    changed[3].title = "Datenschutz-Stammtisch Dresden"
    changed[0].venue = changed[1].venue = "Messe Dresden"
    ingest(db, changed)
    assert search(path, "Datenschutz") == ["Datenschutz-Stammtisch Dresden"]
    assert search(path, "title:KI") == []
    assert search(path, "Congress") == []
    assert search(path, "Messe") == ["Forum Sachsen Digital 2027"]
    # Only last_seen moves on an unchanged run; the index still answers the same.
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-02")
    ingest(db, changed)
    assert search(path, "Messe") == ["Forum Sachsen Digital 2027"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("insert into events_fts(events_fts) values('integrity-check')")


def test_hashtags_and_social_links_are_stored_merged_and_searchable(tmp_path, monkeypatch):
    """Step 4: each sighting's hashtags and links, the union per event (one spelling per tag),
    as JSON lists; the search finds an event by its hashtag."""
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-11-27")
    path = tmp_path / "events.db"
    db = store.open_db(path)
    sightings = forum_sightings()
    sightings[0].description = (
        "<p>Die Digitalkonferenz für den Mittelstand: #smartKMU, live auf "
        '<a href="https://www.youtube.com/watch?v=fsd2027live">YouTube</a>.</p>'
    )
    sightings[0].raw = {"sameAs": ["https://mastodon.social/@forumsachsendigital"]}
    sightings[1].categories = ["#smartkmu", "#KI2027"]
    sightings[1].raw = {"sameAs": "https://apps.apple.com/de/app/forum-sachsen-digital/id1"}
    ingest(db, sightings)
    row = next(db.query("select * from events where title = 'Forum Sachsen Digital 2027'"))
    assert json.loads(row["hashtags"]) == ["smartKMU", "KI2027"]
    assert json.loads(row["social_links"]) == [
        "https://mastodon.social/@forumsachsendigital",
        "https://www.youtube.com/watch?v=fsd2027live",
    ]
    assert json.loads(row["app_links"]) == [
        "https://apps.apple.com/de/app/forum-sachsen-digital/id1"
    ]
    meetup = next(db.query("select * from events where title = 'KI-Stammtisch Dresden'"))
    assert (meetup["hashtags"], meetup["social_links"], meetup["app_links"]) == ("[]",) * 3
    assert search(path, "smartkmu") == ["Forum Sachsen Digital 2027"]
    assert search(path, "hashtags:KI2027") == ["Forum Sachsen Digital 2027"]


def test_events_without_hashtags_or_links_keep_their_content_hash():
    """Rows written before step 4 are not all "updated" by the first run after it: the new fields
    count towards the hash only once they hold something."""
    sighting = normalise(forum_sightings()[3], date(2026, 11, 27))
    assert sighting.event.hashtags == sighting.event.social_links == []
    fields_before_step_4 = {
        name: getattr(sighting.event, name)
        for name in PUBLISHED_FIELDS
        if name not in ("hashtags", "social_links", "app_links")
    }
    released = hashlib.sha256(json.dumps(fields_before_step_4, sort_keys=True).encode())
    assert store.content_hash(sighting.event) == released.hexdigest()[:20]
    sighting.event.hashtags = ["KIStammtischDD"]
    assert store.content_hash(sighting.event) != released.hexdigest()[:20]


def topic_rows(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            """select t.topic, e.title, t.last_day from event_topics t
               join events e on e.id = t.event_id order by 1, 2"""
        ).fetchall()


def derived_in_step(path: Path) -> None:
    """The topics table holds exactly what the events say, the counts of sightings what the
    sightings say; the search index is sound."""
    with sqlite3.connect(path) as conn:
        expected = conn.execute(
            """select j.value, e.id from events e, json_each(e.topics) j
               where e.removed_at is null order by 1, 2"""
        ).fetchall()
        assert conn.execute(
            "select topic, event_id from event_topics order by 1, 2"
        ).fetchall() == (expected)
        conn.execute("insert into events_fts(events_fts) values('integrity-check')")
        counts = sighting_counts(sqlite_utils.Database(conn))
        assert counts and counts == grouped_sighting_counts(sqlite_utils.Database(conn))


def test_the_topics_table_follows_every_change(tmp_path, monkeypatch):
    path = tmp_path / "events.db"
    db = store.open_db(path)
    ingest(db, forum_sightings())
    assert ("ki", "KI-Stammtisch Dresden", "2027-05-13") in topic_rows(path)
    derived_in_step(path)
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    changed = forum_sightings()
    changed[3].title = "Datenschutz-Stammtisch Dresden"
    changed[3].end = "2027-05-14T21:30:00+02:00"
    ingest(db, changed)
    stammtisch = [(t, day) for t, title, day in topic_rows(path) if "Stammtisch" in title]
    assert ("datenschutz", "2027-05-14") in stammtisch
    assert all(day == "2027-05-14" for _, day in stammtisch), "its new last day"
    derived_in_step(path)
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-02")
    ingest(db, changed[:3], healthy_sources=["ki-stammtisch"])
    assert {title for _, title, _ in topic_rows(path)} == {"Forum Sachsen Digital 2027"}, (
        "a removed event leaves the topics table"
    )
    derived_in_step(path)


def test_a_bulk_load_rebuilds_search_and_topics_once_and_keeps_the_triggers(tmp_path):
    path = tmp_path / "events.db"
    db = store.open_db(path)
    triggers = sorted(db.execute("select name, sql from sqlite_master where type = 'trigger'"))
    with db.atomic(), store.bulk_load(db):
        kept = db.execute("select tbl_name from sqlite_master where type = 'trigger'").fetchall()
        assert kept == [("reports",)] * 3, "the events' triggers are set aside, no others"
        ingest(db, forum_sightings())
        assert db.execute("select count(*) from event_topics").fetchone()[0] == 0, "not yet"
    assert sorted(db.execute("select name, sql from sqlite_master where type = 'trigger'")) == (
        triggers
    )
    assert search(path, "Congress") == ["Forum Sachsen Digital 2027"]
    derived_in_step(path)
    with pytest.raises(RuntimeError, match="transaction"):
        with store.bulk_load(db):
            pass
    with pytest.raises(RuntimeError, match="half way"), db.atomic(), store.bulk_load(db):
        db.execute("delete from events")
        raise RuntimeError("half way")
    assert sorted(db.execute("select name, sql from sqlite_master where type = 'trigger'")) == (
        triggers
    ), "a failed load rolls the dropped triggers back"
    assert search(path, "Congress") == ["Forum Sachsen Digital 2027"]


def test_a_reader_is_not_blocked_while_ingest_writes(tmp_path, monkeypatch):
    path = tmp_path / "events.db"
    db = store.open_db(path)
    ingest(db, forum_sightings()[:1])
    seen_during_write = []
    write_sightings = store.write_sightings

    def read_meanwhile(database, rows):
        write_sightings(database, rows)
        reader = sqlite3.connect(path, timeout=0)  # fail at once instead of waiting on a lock
        seen_during_write.append(
            reader.execute("select title, source_count from events").fetchall()
        )
        reader.close()

    monkeypatch.setattr(store, "write_sightings", read_meanwhile)
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    ingest(db, forum_sightings())
    assert seen_during_write == [[("Forum Sachsen Digital 2027", 1)]], "the previous state"
    with sqlite3.connect(path) as reader:
        assert reader.execute("select count(*) from events").fetchone()[0] == 2


def test_an_exception_in_the_middle_of_ingest_leaves_the_previous_state(tmp_path, monkeypatch):
    path = tmp_path / "events.db"
    db = store.open_db(path)
    ingest(db, forum_sightings()[:2], healthy_sources=["wirtschaftskammer"])
    before = snapshot(path)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    for step in ("write_sightings", "mark_events_removed"):
        with monkeypatch.context() as patch:
            patch.setattr(store, step, broken)
            with pytest.raises(RuntimeError):
                ingest(db, forum_sightings()[2:], healthy_sources=["wirtschaftskammer"])
        db.conn.commit()  # the program carries on: whatever ingest left open would land now
        assert snapshot(path) == before, step


def test_a_first_ingest_loads_in_bulk_and_a_small_one_into_a_full_database_does_not(
    tmp_path, monkeypatch
):
    """The search index and topics come out the same either way; only the way they are kept
    differs (a rebuild at the end, or the triggers row by row)."""
    monkeypatch.setattr(derived, "BULK_THRESHOLD", 2)
    loads = []
    original = derived.bulk_load

    def counted(db):
        loads.append(db.execute("select count(*) from events").fetchone()[0])
        return original(db)

    monkeypatch.setattr(store, "bulk_load", counted)
    path = tmp_path / "events.db"
    db = store.open_db(path)
    first = forum_sightings()
    ingest(db, first)
    assert loads == [0], "a first ingest of more events than are stored is a bulk load"
    assert search(path, "Congress") == ["Forum Sachsen Digital 2027"]
    derived_in_step(path)
    later = raw("ki-stammtisch", "99", "Robotik-Stammtisch Chemnitz", "2027-05-04T18:00:00+02:00")
    ingest(db, [later])
    assert loads == [0], "one event into a filled database: the triggers keep the index"
    assert search(path, "Robotik") == ["Robotik-Stammtisch Chemnitz"]
    derived_in_step(path)
