"""Ingest: raw items -> one event per real event, stable ids, honest timestamps, removals."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from aggregator import dedupe, store
from aggregator.ingest import ingest, read_raw
from aggregator.ingest.held import held_sightings, hold
from aggregator.model.event import Event, Sighting
from aggregator.model.raw import RawEvent
from aggregator.normalise.item import normalise
from tests.support.raw_events import ORGANISER, forum_sightings, raw
from tests.unit.dedupe_pairs import DIFFERENT, SAME


@pytest.fixture
def db(tmp_path):
    database = store.open_db(tmp_path / "events.db")
    yield database
    database.close()


def events(db) -> dict[str, dict]:
    return {row["id"]: row for row in db.query("select * from events")}


def test_one_conference_announced_three_times_is_one_event(db):
    report = ingest(db, forum_sightings())
    assert report.new == 2
    rows = sorted(events(db).values(), key=lambda r: r["start"])
    forum, stammtisch = rows
    assert (forum["id"], stammtisch["id"]) == ("c886ee8bf2fdc793", "ca50413636e22165"), (
        "the pinned ids of the first sightings (feeds derive their entry ids from them)"
    )
    assert forum["title"] == "Forum Sachsen Digital 2027"
    assert forum["url"] == "https://digitalagentur.example/forum-sachsen-digital-2027"
    assert (forum["start"], forum["end"]) == (
        "2027-05-13T09:00:00+02:00",
        "2027-05-13T17:00:00+02:00",
    )
    assert (forum["street"], forum["postcode"]) == ("Ostra-Ufer 2", "01067")
    assert "Ausstellung sächsischer Start-ups" in forum["description"]
    assert forum["organizer"] == ORGANISER
    assert forum["source_count"] == 3
    assert stammtisch["title"] == "KI-Stammtisch Dresden" and stammtisch["source_count"] == 1
    sightings = list(db.query("select source, event_id from event_sources order by source"))
    assert [s["source"] for s in sightings if s["event_id"] == forum["id"]] == [
        "digitalagentur",
        "wfs",
        "wirtschaftskammer",
    ]


def test_unchanged_reingest_keeps_everything_but_last_seen(db, monkeypatch):
    ingest(db, forum_sightings())
    before = events(db)
    sightings_before = {(r["source"], r["key"]): r for r in db.query("select * from event_sources")}
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-11-28")
    later = [raw | {"fetched_at": "2026-11-28T03:00:00+00:00"} for raw in _dicts(forum_sightings())]
    report = ingest(db, [RawEvent.from_dict(r) for r in later])
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    after = events(db)
    assert after.keys() == before.keys()
    for event_id, row in after.items():
        assert row["last_seen"] == "2026-11-28T12:00:00+00:00"
        assert {k: v for k, v in row.items() if k != "last_seen"} == {
            k: v for k, v in before[event_id].items() if k != "last_seen"
        }
    for row in db.query("select * from event_sources"):
        old = sightings_before[(row["source"], row["key"])]
        assert row["last_seen"] == "2026-11-28T12:00:00+00:00"
        assert row["fetched_at"] == "2026-11-28T03:00:00+00:00"
        assert (row["first_seen"], row["event_id"], row["raw"]) == (
            old["first_seen"],
            old["event_id"],
            old["raw"],
        )


def _dicts(raws: list[RawEvent]) -> list[dict]:
    return [r.to_dict() for r in raws]


def test_a_corrected_title_and_moved_start_keep_the_id_and_bump_updated(db, monkeypatch):
    ingest(db, forum_sightings())
    (forum_id,) = [i for i, r in events(db).items() if r["source_count"] == 3]
    before = events(db)[forum_id]
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    corrected = forum_sightings()
    corrected[0].title = "Forum Sachsen Digital 2027: Mittelstand trifft KI"
    corrected[0].start = "2027-05-13T10:00:00+02:00"
    report = ingest(db, corrected)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    after = events(db)[forum_id]
    assert after["title"] == "Forum Sachsen Digital 2027: Mittelstand trifft KI"
    assert after["start"] == "2027-05-13T10:00:00+02:00"
    assert after["first_seen"] == before["first_seen"]
    assert after["updated"] == "2026-12-01T12:00:00+00:00" != before["updated"]
    assert after["sequence"] == before["sequence"] + 1


def test_updated_moves_only_when_a_published_field_changes(db, monkeypatch):
    ingest(db, forum_sightings())
    before = events(db)
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    changed = forum_sightings()
    changed[2].raw = {"seen-in": "a new listing layout"}  # a sighting changes, the merge does not
    report = ingest(db, changed)
    assert report.updated == 0 and report.unchanged == 2
    assert {i: r["updated"] for i, r in events(db).items()} == {
        i: r["updated"] for i, r in before.items()
    }
    stored = db.execute("select raw from event_sources where source = 'wfs'").fetchone()[0]
    assert json.loads(stored)["raw"] == {"seen-in": "a new listing layout"}


def test_a_later_run_joins_an_event_stored_before(db, monkeypatch):
    ingest(db, forum_sightings()[:1])
    (forum_id,) = events(db)
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    report = ingest(db, forum_sightings()[1:3])
    assert (report.new, report.updated) == (0, 1)
    forum = events(db)[forum_id]
    assert forum["source_count"] == 3 and forum["street"] == "Ostra-Ufer 2"


def test_vanished_events_of_healthy_sources_are_marked_and_failed_sources_change_nothing(
    db, monkeypatch
):
    past = raw("ki-stammtisch", "2026-10@ki", "KI-Stammtisch Dresden", "2026-10-08T19:00:00+02:00")
    ingest(db, [*forum_sightings(), past])
    ids = {r["title"]: i for i, r in events(db).items() if r["start"] > "2027"}
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-01")
    # The calendar fails: nothing it announced may change.
    report = ingest(db, forum_sightings()[:3], healthy_sources=[])
    assert report.removed == 0
    assert db.execute("select count(*) from events where removed_at is not null").fetchone()[0] == 0
    # The calendar answers without its meetups, the organiser drops the forum page: the meetup is
    # marked removed (kept), the past one is left alone, the forum stays, merged from what remains.
    report = ingest(db, forum_sightings()[1:3], healthy_sources=["ki-stammtisch", "digitalagentur"])
    assert report.removed == 1 and report.sources["ki-stammtisch"].removed == 1
    rows = events(db)
    assert rows[ids["KI-Stammtisch Dresden"]]["removed_at"] == "2026-12-01T12:00:00+00:00"
    assert rows[ids["KI-Stammtisch Dresden"]]["source_count"] == 0
    past_row = next(r for r in rows.values() if r["start"].startswith("2026-10"))
    assert past_row["removed_at"] is None
    forum = rows[ids["Forum Sachsen Digital 2027"]]
    assert forum["removed_at"] is None and forum["source_count"] == 2
    assert forum["url"] in {  # no organiser page any more: an aggregator's page it is
        "https://wirtschaftskammer.example/veranstaltungen/4711",
        "https://wfs.example/veranstaltungen/a-17",
    }
    removed = db.execute(
        "select source from event_sources where removed_at is not null order by source"
    ).fetchall()
    assert [r[0] for r in removed] == ["digitalagentur", "ki-stammtisch"]
    # The meetup is back: the same event returns, and says so in ``updated``.
    monkeypatch.setenv("AGGREGATOR_TODAY", "2026-12-02")
    report = ingest(db, forum_sightings(), healthy_sources=["ki-stammtisch"])
    back = events(db)[ids["KI-Stammtisch Dresden"]]
    assert back["removed_at"] is None and back["updated"] == "2026-12-02T12:00:00+00:00"
    assert events(db)[ids["Forum Sachsen Digital 2027"]]["source_count"] == 3


def test_an_unreadable_item_is_dropped_and_named_not_fatal(db):
    broken = raw("wfs", "kaputt", "x", "2027-01-01")
    broken.title = ["a list where a title belongs"]
    report = ingest(db, [broken, *forum_sightings()])
    assert report.sources["wfs"].dropped == {"unreadable (TypeError)": 1}
    assert report.new == 2


def test_read_raw_skips_a_line_cut_off_by_a_killed_crawl(tmp_path: Path):
    run = tmp_path / "run"
    run.mkdir()
    first = forum_sightings()[0]
    second = dataclasses.replace(first, key="forum-2028", title="Forum Sachsen Digital 2028")
    lines = [json.dumps(r.to_dict()) for r in (first, second)]
    (run / "digitalagentur.jsonl").write_text("\n".join(lines) + '\n{"source": "digitalag')
    (run / "digitalagentur.stats.json").write_text(
        json.dumps({"source": "digitalagentur", "kind": "jsonld", "ok": True, "pages": 3})
    )
    items, stats = read_raw([run])
    assert [i.key for i in items] == ["forum-2027", "forum-2028"]
    assert stats["digitalagentur"].ok and stats["digitalagentur"].pages == 3
    assert items.bad_lines == {"digitalagentur": 1}
    assert items.damaged == {"digitalagentur": "raw file damaged: 1 unreadable lines"}


def test_unchanged_raw_items_are_not_read_again_until_the_code_changes(db, monkeypatch):
    import aggregator.ingest.digest as digest_module
    import aggregator.ingest.parallel as normalising_module

    ingest(db, forum_sightings())
    calls = []
    real = normalising_module.normalise
    monkeypatch.setattr(
        normalising_module, "normalise", lambda r, d: calls.append(r.key) or real(r, d)
    )
    changed = forum_sightings()
    changed[3].title = "KI-Stammtisch Dresden: Sprachmodelle"
    report = ingest(db, changed)
    assert calls == ["2027-05@ki"]
    assert (report.updated, report.unchanged) == (1, 1)
    monkeypatch.setattr(digest_module, "rules_version", lambda: "a better parser")
    calls.clear()
    report = ingest(db, changed)
    assert sorted(calls) == sorted(r.key for r in changed)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)


def test_a_new_entry_never_joins_an_event_its_own_source_still_lists(db):
    first = raw(
        "ihk", "1", "Sprechstunde Digitalisierung", "2027-03-02T10:00:00+01:00", city="Plauen"
    )
    ingest(db, [first])
    second = raw(
        "ihk", "2", "Sprechstunde Digitalisierung", "2027-03-02T11:00:00+01:00", city="Plauen"
    )
    report = ingest(db, [first, second])
    assert report.new == 1 and db["events"].count == 2
    # Another source announcing the same slot joins it.
    elsewhere = raw("hwk", "9", "Sprechstunde Digitalisierung", "2027-03-02T10:00:00+01:00")
    report = ingest(db, [first, second, elsewhere])
    assert report.new == 0 and db["events"].count == 2


def test_clustering_reads_only_what_the_ingest_holds_of_a_sighting(tmp_path):
    """Clustering reads each new sighting back from its stored row, cut down to what it reads
    (``held``): the labelled pairs and the forum's sightings fall into the same events either
    way."""

    def as_sighting(source: str, key: str, event: Event) -> Sighting:
        url = f"https://{source}.example/{key}"
        raw = {"organizer": event.organizer, "default_organizer": None}
        return Sighting(source, key, url, "2026-11-27T03:00:00+00:00", event, raw)

    labelled = [
        as_sighting(source, f"{n}", event)
        for n, pair in enumerate(SAME + DIFFERENT)
        for source, event in zip(("kammer", "agentur"), pair, strict=True)
    ]
    forum = [normalise(item, date(2026, 11, 27)) for item in forum_sightings()]
    sightings = labelled + [s for s in forum if isinstance(s, Sighting)]

    def row(sighting: Sighting) -> dict[str, object]:
        """The row the ingest writes, with the event as a worker sends it."""
        return {
            "source": sighting.source,
            "key": sighting.key,
            "url": sighting.url,
            "fetched_at": sighting.fetched_at,
            "event": hold(sighting).event_text,
            "raw": store.raw_json(sighting.raw),
        }

    def events_of(clusters: list[dedupe.Cluster]) -> list[tuple[str, list[tuple[str, str]]]]:
        return sorted((c.event_id, sorted(s.source_key for s in c.sightings)) for c in clusters)

    full = events_of(dedupe.cluster(sightings, {}))
    assert len(full) < len(sightings), "some sightings are one event"
    db = store.open_db(tmp_path / "held.db")
    store.write_sightings(db, map(row, sightings))
    held = list(held_sightings(db, [s.source_key for s in sightings]))
    assert sorted(s.source_key for s in held) == sorted(s.source_key for s in sightings)
    assert events_of(dedupe.cluster(held, {})) == full


def test_an_unchanged_reingest_is_read_as_it_comes_not_held_whole():
    """Items that ask for no normalising (unchanged since the last run) must not pile up while
    the ingest decides whether a pool of workers pays."""
    from aggregator.ingest import parallel

    pulled = 0

    def quiet_items():
        nonlocal pulled
        for number in range(3 * parallel.LOOK_AHEAD):
            pulled += 1
            yield number, None

    stream = parallel.normalised(quiet_items(), date(2026, 11, 27), workers=2)
    assert next(stream) == (0, None)
    assert pulled == parallel.LOOK_AHEAD
    assert [number for number, _ in stream] == list(range(1, 3 * parallel.LOOK_AHEAD))
