"""Run reports in the database and ``aggregator status`` reading them back (module health)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from aggregator.model.raw import RawEvent
from aggregator.ops.cli import EXIT_FAILED, EXIT_OK, main
from aggregator.ops.lock import RunLock
from aggregator.ops.pipeline import ingest_step

FETCHED = "2026-11-27T03:15:00+00:00"


def raw(source: str, key: str, title: str, start: str | None, city: str = "Dresden") -> dict:
    return RawEvent(
        source=source,
        kind="jsonld",
        key=key,
        url=f"https://{source}.example.org/termine/{key}",
        fetched_at=FETCHED,
        title=title,
        start=start,
        city=city,
    ).to_dict()


def write_run(root: Path, run_id: str, sources: dict[str, dict]) -> Path:
    """A crawl's output as the spiders leave it: JSON lines and a stats file per source."""
    run_dir = root / run_id
    run_dir.mkdir(parents=True)
    for name, spec in sources.items():
        items = spec.get("items", [])
        (run_dir / f"{name}.jsonl").write_text(
            "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), "utf-8"
        )
        stats = {
            "source": name,
            "kind": "jsonld",
            "ok": spec.get("ok", True),
            "pages": spec.get("pages", 1 if spec.get("ok", True) else 0),
            "http_errors": spec.get("errors", 0),
            "events": len(items),
            "dropped": spec.get("dropped", {}),
            "failure": spec.get("failure"),
        }
        (run_dir / f"{name}.stats.json").write_text(json.dumps(stats), "utf-8")
    return run_dir


KAMMER = [
    raw("kammer", "k1", "KI-Werkstatt für Handwerksbetriebe", "2027-03-17T09:00:00+01:00"),
    raw("kammer", "k2", "Datenschutz-Sprechtag", "2027-04-08T14:00:00+02:00", "Leipzig"),
    raw("kammer", "k3", "Termin folgt: Cloud-Stammtisch", None),
]
AGENTUR = [raw("agentur", "a1", "Digitaltag Chemnitz", "2027-05-20T10:00:00+02:00", "Chemnitz")]
MEETUP_DOWN = {"ok": False, "errors": 3, "failure": "HTTP 503 at https://meetup.example.org/"}


def three_runs(tmp_path: Path) -> Path:
    """kammer lists its events, then nothing twice; agentur renames its event; meetup is down."""
    db = tmp_path / "events.db"
    raw_root = tmp_path / "raw"
    renamed = [dict(AGENTUR[0], title="Digitaltag Chemnitz 2027")]
    plan = [
        {"kammer": {"items": KAMMER, "pages": 2}, "agentur": {"items": AGENTUR}},
        {"kammer": {"items": [], "dropped": {"no event found": 1}}, "agentur": {"items": renamed}},
        {"kammer": {"items": []}, "agentur": {"items": renamed}},
    ]
    for number, sources in enumerate(plan, start=1):
        run_dir = write_run(raw_root, f"R{number}", {**sources, "meetup": MEETUP_DOWN})
        ingest_step(db, [run_dir], run_id=f"R{number}")
    return db


def rows(db: Path, sql: str) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_each_run_records_figures_per_source_and_the_totals(tmp_path):
    db = three_runs(tmp_path)
    first, second, third = rows(db, "select * from runs order by rowid")
    assert (
        first["events_new"],
        first["dropped"],
        first["sources_ok"],
        first["sources_failed"],
    ) == (
        3,
        1,
        2,
        1,
    )
    assert json.loads(first["dropped_reasons"]) == {"no date": 1}
    assert first["started"] and first["finished"] and first["status"] == "done"
    results = {r["name"]: r for r in json.loads(first["results"])}
    assert results["kammer"]["pages"] == 2 and results["kammer"]["events"] == 2
    assert results["kammer"]["dropped_reasons"] == {"no date": 1}
    assert results["meetup"]["ok"] is False and results["meetup"]["errors"] == 3
    assert results["meetup"]["failure"].startswith("HTTP 503")

    assert (second["events_updated"], second["events_removed"]) == (1, 2)
    results = {r["name"]: r for r in json.loads(second["results"])}
    assert results["kammer"]["removed"] == 2
    assert results["kammer"]["dropped_reasons"] == {"no event found": 1}
    assert json.loads(second["warnings"]) == [
        "kammer: fell to 0 events (had 2): the site may have changed"
    ]

    assert third["events_unchanged"] == 1
    assert json.loads(third["warnings"]) == [
        "kammer: fell to 0 events (had 2): the site may have changed",
        "meetup: failed 3 runs in a row",
    ], "a source still at zero stays flagged until someone acts"


def test_status_prints_runs_and_sources_needing_attention(tmp_path, capsys):
    db = three_runs(tmp_path)
    assert main(["status", "--db", str(db)]) == EXIT_OK
    text = capsys.readouterr().out
    runs_block = text.split("Sources in run")[0]
    assert runs_block.index("R3") < runs_block.index("R2") < runs_block.index("R1")
    assert "Sources in run R3:" in text
    assert "meetup" in text and "WARNING: failed 3 runs in a row" in text
    attention = [
        line.strip() for line in text.split("Sources needing attention:")[1].strip().splitlines()
    ]
    assert attention == [
        "! kammer: fell to 0 events (had 2): the site may have changed",
        "! meetup: failed 3 runs in a row (last failure: HTTP 503 at https://meetup.example.org/)",
    ]
    assert main(["status", "--db", str(db), "--check"]) == EXIT_FAILED
    capsys.readouterr()
    assert main(["status", "--db", str(db), "--json", "--runs", "2"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in data["runs"]] == ["R3", "R2"]
    assert data["needs_attention"] is True
    assert {a["source"] for a in data["attention"] if a["severe"]} == {"kammer", "meetup"}


def test_recovered_source_leaves_the_attention_list(tmp_path, capsys):
    db = three_runs(tmp_path)
    run_dir = write_run(
        tmp_path / "raw", "R4", {"kammer": {"items": KAMMER[:2]}, "meetup": {"items": []}}
    )
    ingest_step(db, [run_dir], run_id="R4")
    assert main(["status", "--db", str(db), "--check"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "No source needs attention." in text


def test_a_run_that_died_shows_as_interrupted_and_a_live_one_as_running(tmp_path, capsys):
    db = three_runs(tmp_path)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("insert into runs (id, started, status) values ('R4', 'x', 'running')")
    conn.close()
    assert main(["status", "--db", str(db)]) == EXIT_OK
    assert "R4" in (line := capsys.readouterr().out.splitlines()[2]) and "interrupted" in line
    with RunLock(tmp_path / "events.db.lock", command="aggregator run"):
        assert main(["status", "--db", str(db)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith(f"A run is in progress: pid {os.getpid()}")
    assert "running" in out.splitlines()[4]


def test_status_without_a_database_says_so(tmp_path, capsys):
    assert main(["status", "--db", str(tmp_path / "none.db")]) == 2
    assert "nothing has run yet" in capsys.readouterr().err


def test_a_new_source_without_events_is_flagged_from_its_first_run(tmp_path, capsys):
    """A wrong address or kind that still answers: no events on the first run is worth a word,
    and stays flagged while the source has none."""
    db = tmp_path / "events.db"
    found = [raw("neu", "n1", "KI-Stammtisch", "2027-03-17T19:00:00+01:00")]
    for number, items in enumerate(([], [], found), start=1):
        run_dir = write_run(tmp_path / "raw", f"R{number}", {"neu": {"items": items}})
        summary = ingest_step(db, [run_dir], run_id=f"R{number}")
        (line,) = summary.lines
        if number < 3:
            assert line.warning == "no events on its first run: check its url and kind"
            assert line.needs_a_word and "WARNING: no events on its first run" in line.render()
        else:
            assert line.warning is None and not line.needs_a_word


def test_the_run_line_explains_its_error_count():
    from aggregator.ops.pipeline import SourceLine

    refused = SourceLine("neu", ok=False, pages=0, events=0, errors=6, dropped=0,
                         error_urls=2, error_kinds={"connection refused": 6}, failures_in_row=1)  # fmt: skip
    assert "errors=6 (2 URLs, with retries: connection refused 6x)" in refused.render()
    assert refused.render().endswith("(first failure)") and refused.needs_a_word
    again = SourceLine("neu", ok=False, pages=0, events=0, errors=1, dropped=0, error_urls=1,
                       error_kinds={"HTTP 404": 1}, failures_in_row=2)  # fmt: skip
    assert "errors=1 (1 URL: HTTP 404 1x)" in again.render() and not again.needs_a_word
    fine = SourceLine("ok", ok=True, pages=3, events=2, errors=0, dropped=0)
    assert "errors=0 dropped=0" in fine.render()
