"""The crawl's output as ingest reads it: ``<run>/<source>.jsonl`` raw items and the
``<source>.stats.json`` figures beside them.

A raw file is trusted as the whole of its source's crawl only when it is what the crawl wrote: its
line count and SHA-256 match the stats (files of older versions, without a checksum: at least as
many lines as the crawl counted events) and every line is a raw item of that source. A file that
is not, is "damaged": its readable lines are still stored, but the source counts as failed, so
that none of its events is marked removed on the word of a cut or tampered file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from aggregator.model.crawl_stats import CrawlStats
from aggregator.model.raw import RawEvent

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""JSON's escape of a UTF-16 surrogate; a lone one decodes to a character nothing can store."""
BAD_LINE = "unreadable-raw-line"
"""The drop reason of a line that is not a raw item (binary, cut off, not an object)."""


class RawFiles:
    """The raw items of JSON-lines files, read while being iterated, never all held at once.

    A line that is not a raw item of the file's source costs that line: it is counted in
    ``bad_lines`` and marks the file damaged, and reading goes on.
    """

    def __init__(self, files: list[Path], damaged: dict[str, str] | None = None) -> None:
        self.files = files
        self.damaged: dict[str, str] = dict(damaged or {})
        """Source -> why its raw file cannot be trusted as the whole crawl."""
        self.bad_lines: Counter[str] = Counter()

    def __iter__(self) -> Iterator[RawEvent]:
        for file in self.files:
            source = source_of(file)
            with file.open("rb") as handle:
                for line in handle:
                    if not line.strip():
                        continue
                    raw = _raw_event(line, source)
                    if raw is None:
                        self.bad_lines[source] += 1
                        continue
                    yield raw
            if self.bad_lines[source]:
                self.damaged.setdefault(
                    source, f"raw file damaged: {self.bad_lines[source]} unreadable lines"
                )


def read_raw(paths: Iterable[str | Path]) -> tuple[RawFiles, dict[str, CrawlStats]]:
    """Raw items from files or run directories, with the crawl figures found beside them; each
    file is checked against its figures first."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    stats: dict[str, CrawlStats] = {}
    damaged: dict[str, str] = {}
    for file in files:
        stats_file = file.with_name(file.name.removesuffix(".jsonl") + ".stats.json")
        if not stats_file.exists():
            continue
        try:
            data = CrawlStats.from_dict(json.loads(stats_file.read_text("utf-8")))
        except (ValueError, TypeError, AttributeError) as exc:
            damaged[source_of(file)] = f"stats file unreadable: {type(exc).__name__}"
            continue
        stats[data.source] = data
        problem = check(file, data)
        if problem:
            damaged[data.source] = problem
    return RawFiles(files, damaged), stats


def check(file: Path, stats: CrawlStats) -> str | None:
    """Why ``file`` is not the raw file the crawl described in ``stats``, or None."""
    whole, cut, digest = 0, False, hashlib.sha256()
    with file.open("rb") as handle:
        for line in handle:
            digest.update(line)
            cut = not line.endswith(b"\n")
            whole += not cut
    if stats.raw_sha256 is not None:
        if stats.raw_sha256 == digest.hexdigest():
            return None
        expected = stats.raw_lines
        if cut or (expected is not None and whole < expected):
            return f"raw file is cut short: {whole} of {expected} lines whole"
        if expected is not None and whole > expected:
            return f"raw file has {whole} lines, the crawl wrote {expected}"
        return "raw file differs from what the crawl wrote (checksum)"
    if stats.ok and whole < stats.events:
        return f"raw file has {whole} lines, the crawl counted {stats.events} events"
    return None


def source_of(file: Path) -> str:
    return file.name.removesuffix(".jsonl")


def _raw_event(line: bytes, source: str) -> RawEvent | None:
    """The raw item on one line, or None: not UTF-8 JSON, not an object, not of this source."""
    try:
        text = line.decode("utf-8")
        data = json.loads(text)
        if _SURROGATE_ESCAPE.search(text):  # text that no UTF-8 file or database can hold
            data = json.loads(json.dumps(data, ensure_ascii=False).encode("utf-8", "replace"))
        if not isinstance(data, dict) or data.get("source") != source:
            return None
        return RawEvent.from_dict(data)
    except (ValueError, TypeError, RecursionError):
        return None
