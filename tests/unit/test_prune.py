"""Pruning old raw crawl runs: old ones go, the newest and anything foreign stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

from aggregator.ops.cli import EXIT_OK, main
from aggregator.ops.prune import prune_raw

DAY = 86400.0


def make_run(root: Path, name: str, age_days: float, extra: str | None = None) -> Path:
    run = root / name
    run.mkdir(parents=True)
    files = [run / "kammer.jsonl", run / "kammer.stats.json"]
    if extra:
        files.append(run / extra)
    stamp = time.time() - age_days * DAY
    for path in files:
        path.write_text("{}\n")
        os.utime(path, (stamp, stamp))
    os.utime(run, (stamp, stamp))
    return run


def test_runs_older_than_the_limit_are_removed_the_newest_kept(tmp_path):
    root = tmp_path / "raw"
    old = make_run(root, "20261001T031500Z", 57)
    older = make_run(root, "20260901T031500Z", 87)
    recent = make_run(root, "20261120T031500Z", 7)
    result = prune_raw(root, keep_days=30)
    assert sorted(result.removed) == sorted([old, older])
    assert result.freed_bytes == 4 * len("{}\n")
    assert not old.exists() and not older.exists() and recent.exists()


def test_the_newest_run_survives_even_when_old(tmp_path):
    root = tmp_path / "raw"
    old = make_run(root, "20250101T031500Z", 400)
    newest = make_run(root, "20250102T031500Z", 399)
    assert prune_raw(root, keep_days=30).removed == [old]
    assert newest.exists(), "aggregator ingest without arguments reads the newest run"


def test_directories_with_other_files_are_left_alone(tmp_path):
    root = tmp_path / "raw"
    foreign = make_run(root, "handmade", 90, extra="notes.txt")
    make_run(root, "20261120T031500Z", 1)
    result = prune_raw(root, keep_days=30)
    assert result.removed == [] and result.kept_foreign == [foreign]
    assert (foreign / "notes.txt").exists()


def test_missing_raw_dir_is_nothing_to_do(tmp_path):
    assert prune_raw(tmp_path / "nowhere", keep_days=1).removed == []


def test_prune_command(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    make_run(tmp_path / "data" / "raw", "20261001T031500Z", 57)
    make_run(tmp_path / "data" / "raw", "20261120T031500Z", 7)
    assert main(["prune", "--keep-raw-days", "10"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "removed data/raw/20261001T031500Z" in out and "1 raw runs removed" in out
    assert [p.name for p in (tmp_path / "data" / "raw").iterdir()] == ["20261120T031500Z"]
