"""The crawl's output as ingest reads it: ``<run>/<source>.jsonl`` raw items and the
``<source>.stats.json`` figures beside them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from aggregator.model.crawl_stats import CrawlStats
from aggregator.model.raw import RawEvent


class RawFiles:
    """The raw items of JSON-lines files, read while being iterated, never all held at once.

    A line that is not valid JSON (a crawl killed mid-write) is skipped, not fatal.
    """

    def __init__(self, files: list[Path]) -> None:
        self.files = files

    def __iter__(self) -> Iterator[RawEvent]:
        for file in self.files:
            with file.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        yield RawEvent.from_dict(json.loads(line))
                    except (ValueError, TypeError):
                        continue


def read_raw(paths: Iterable[str | Path]) -> tuple[RawFiles, dict[str, CrawlStats]]:
    """Raw items from files or run directories, with the crawl figures found beside them."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    stats: dict[str, CrawlStats] = {}
    for file in files:
        stats_file = file.with_name(file.name.removesuffix(".jsonl") + ".stats.json")
        if stats_file.exists():
            data = CrawlStats.from_dict(json.loads(stats_file.read_text("utf-8")))
            stats[data.source] = data
    return RawFiles(files), stats
