"""Raw files are trusted only when whole: the crawl's writer renames a file into place when the
source is done and records its lines and checksum; ingest stores what it can read of a damaged
file, fails that source (nothing of it removed, the reason given) and carries on with the others.
(The same through real ``aggregator run``s: tests/integration/test_faults.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from aggregator import store
from aggregator.crawl.rawfile import RAW_LINES, RAW_SHA256, RawFileWriter
from aggregator.crawl.stats import summarise
from aggregator.ingest import BAD_LINE, read_raw
from aggregator.model.crawl_stats import raw_path, stats_path
from aggregator.ops.pipeline import ingest_step
from aggregator.sources import Source
from tests.support.raw_events import raw

KAMMER = [
    raw("kammer", f"k{i}", f"KI-Werkstatt Teil {i}", f"2027-03-{10 + i}T09:00:00+01:00")
    for i in range(1, 4)
]
AGENTUR = [raw("agentur", "a1", "Digitaltag Chemnitz", "2027-05-20T10:00:00+02:00")]


class Closing:
    """Stands in for the engine (no reactor here): records the reason the writer closes the
    source with."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def close_spider_async(self, *, reason: str) -> None:
        self.reasons.append(reason)


def crawl_writes(tmp_path: Path, name: str, items: list, max_events: int | None = None):
    """The raw file and stats of one source as the crawl leaves them: items through the
    RawFileWriter, the figures through ``summarise``, both as the crawl process writes them."""
    crawler = get_crawler(Spider, {"AGGREGATOR_RAW_DIR": str(tmp_path), "AGGREGATOR_MAX_EVENTS": 0})
    spider = Spider(name="jsonld")
    spider.run_id, spider.source_name = "R1", name
    spider.source = Source(
        name=name, url="https://example.org/", kind="jsonld", max_events=max_events
    )
    crawler.spider, crawler.engine = spider, Closing()
    writer = RawFileWriter.from_crawler(crawler)
    writer.open_spider()
    part = raw_path(tmp_path, "R1", name).with_suffix(".jsonl.part")
    assert part.exists() and not raw_path(tmp_path, "R1", name).exists(), "not there until whole"
    kept = 0
    for item in items:
        try:
            writer.process_item(item)
            kept += 1
        except DropItem:
            pass
    writer.close_spider()
    assert not part.exists()
    values = {
        **crawler.stats.get_stats(),
        "downloader/response_status_count/200": 1,
        "item_scraped_count": kept,
    }
    stats = summarise(
        values, name, "jsonld", crawler.engine.reasons[0] if crawler.engine.reasons else "finished"
    )
    stats_path(tmp_path, "R1", name).write_text(json.dumps(stats.to_dict()), "utf-8")
    return raw_path(tmp_path, "R1", name), crawler


def test_the_writer_renames_a_whole_file_into_place_with_its_lines_and_checksum(tmp_path):
    path, crawler = crawl_writes(tmp_path, "kammer", KAMMER)
    assert crawler.stats.get_value(RAW_LINES) == 3
    assert len(crawler.stats.get_value(RAW_SHA256)) == 64
    items, stats = read_raw([path.parent])
    assert [i.key for i in items] == ["k1", "k2", "k3"]
    assert items.damaged == {} and stats["kammer"].raw_lines == 3


def test_the_writer_holds_a_source_to_max_events(tmp_path):
    path, crawler = crawl_writes(tmp_path, "kammer", KAMMER, max_events=2)
    assert crawler.engine.reasons == ["max_events"], "the source's crawl is closed once"
    items, stats = read_raw([path.parent])
    assert [i.key for i in items] == ["k1", "k2"]
    assert stats["kammer"].state == "partial"
    assert stats["kammer"].partial == ["max_events (2 events kept)"]


def two_sources(tmp_path: Path) -> Path:
    crawl_writes(tmp_path, "kammer", KAMMER)
    return crawl_writes(tmp_path, "agentur", AGENTUR)[0].parent


def state(db_path: Path) -> dict[str, str]:
    """Each sighting's key: listed or removed."""
    db = store.open_db(db_path)
    try:
        return {
            r["key"]: "listed" if r["removed_at"] is None else "removed"
            for r in db.query("select key, removed_at from event_sources")
        }
    finally:
        db.close()


@pytest.mark.parametrize(
    ("damage", "reason", "bad_lines", "stored"),
    [
        (
            lambda text: text[:-20],  # the last line cut off
            "raw file is cut short: 1 of 2 lines whole",
            1,
            ["k1"],
        ),
        (
            lambda text: "",
            "raw file is cut short: 0 of 2 lines whole",
            0,
            [],
        ),
        (
            lambda text: text + '\x00\xff binary "junk"\n',
            "raw file has 3 lines, the crawl wrote 2",
            1,
            ["k1", "k2"],
        ),
        (
            lambda text: text.replace("\n", '\n["not", "an", "object"]\n', 1),
            "raw file has 3 lines, the crawl wrote 2",
            1,
            ["k1", "k2"],
        ),
    ],
    ids=["truncated", "empty-but-claimed", "binary-line", "non-object-line"],
)
def test_a_damaged_raw_file_fails_its_source_and_costs_only_its_bad_lines(
    tmp_path, damage, reason, bad_lines, stored
):
    db_path = tmp_path / "events.db"
    run = two_sources(tmp_path / "first")
    ingest_step(db_path, [run])
    assert set(state(db_path)) == {"k1", "k2", "k3", "a1"}
    # Next crawl: k3 and a1 are gone from their sites; kammer's raw file is then damaged.
    path = crawl_writes(tmp_path / "second", "kammer", KAMMER[:2])[0]
    crawl_writes(tmp_path / "second", "agentur", [])
    text = path.read_text("latin-1")
    path.write_bytes(damage(text).encode("latin-1"))
    summary = ingest_step(db_path, [path.parent])
    lines = {line.name: line for line in summary.lines}
    assert (lines["kammer"].state, lines["kammer"].failure) == ("failed", reason)
    assert lines["kammer"].dropped_reasons.get(BAD_LINE, 0) == bad_lines
    assert lines["agentur"].state == "ok" and lines["agentur"].removed == 1, "ingest carried on"
    after = state(db_path)
    assert after["k3"] == "listed", "a damaged file is no proof that k3 was taken down"
    assert after["a1"] == "removed"
    assert lines["kammer"].events == len(stored)
    db = store.open_db(db_path)
    health = db.execute(
        "select last_status, last_failure from sources where name = 'kammer'"
    ).fetchone()
    db.close()
    assert health == ("failed", reason)


def test_a_raw_file_of_an_older_version_is_checked_against_the_events_counted(tmp_path):
    run = tmp_path / "R0"
    run.mkdir()
    (run / "kammer.jsonl").write_text("")
    (run / "kammer.stats.json").write_text(
        json.dumps({"source": "kammer", "kind": "jsonld", "ok": True, "pages": 1, "events": 3})
    )
    items, _ = read_raw([run])
    assert list(items) == []
    assert items.damaged == {"kammer": "raw file has 0 lines, the crawl counted 3 events"}


def test_a_line_of_another_source_is_not_believed(tmp_path):
    run = tmp_path / "R0"
    run.mkdir()
    lines = [KAMMER[0].to_dict(), {**KAMMER[1].to_dict(), "source": "agentur"}]
    (run / "kammer.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    items, _ = read_raw([run])
    assert [i.key for i in items] == ["k1"]
    assert items.bad_lines == {"kammer": 1} and "kammer" in items.damaged


def test_a_lone_surrogate_costs_neither_the_item_nor_the_ingest(tmp_path):
    """JSON-LD may escape half a character ("\\ud800"); no UTF-8 file or database holds it."""
    broken = raw("kammer", "s1", "Datentag \ud800 Chemnitz", "2027-03-10T09:00:00+01:00")
    path, _ = crawl_writes(tmp_path, "kammer", [broken])
    assert b"Datentag ? Chemnitz" in path.read_bytes()
    escaped = json.dumps({**broken.to_dict(), "key": "s2"})  # written by something else
    assert "\\ud800" in escaped
    (tmp_path / "R2").mkdir()
    (tmp_path / "R2" / "kammer.jsonl").write_text(escaped + "\n")
    items, _ = read_raw([path.parent, tmp_path / "R2"])
    assert [i.title for i in items] == ["Datentag ? Chemnitz"] * 2
    summary = ingest_step(tmp_path / "events.db", [path.parent, tmp_path / "R2"])
    assert summary.report.new == 2, "two entries of one site are two events"
