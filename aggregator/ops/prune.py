"""Raw crawl files are a buffer between crawl and ingest, not an archive: the database is the record.

Old run directories are removed once they are older than a configurable age. The newest run is always
kept (``aggregator ingest`` without arguments reads it), and a directory holding anything but raw
crawl files is left alone: someone put it there for a reason this code cannot know.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from aggregator.ops import logs

RAW_SUFFIXES = (".jsonl", ".stats.json", ".progress.json", ".tmp")
DEFAULT_KEEP_DAYS = 30.0


@dataclass
class PruneResult:
    removed: list[Path] = field(default_factory=list)
    kept_foreign: list[Path] = field(default_factory=list)
    """Old directories that were not removed because they hold other files."""
    freed_bytes: int = 0


def prune_raw(
    raw_root: str | Path, keep_days: float = DEFAULT_KEEP_DAYS, now: float | None = None
) -> PruneResult:
    """Remove run directories under ``raw_root`` whose newest file is older than ``keep_days``.

    Ages come from file modification times, i.e. when the crawl really wrote them, not from run ids
    (which a pinned clock or a scrapyd node with a wrong clock could make lie).
    """
    now = time.time() if now is None else now
    root = Path(raw_root)
    result = PruneResult()
    if not root.is_dir():
        return result
    runs = [(path, _newest_mtime(path)) for path in root.iterdir() if path.is_dir()]
    if not runs:
        return result
    newest = max(runs, key=lambda run: run[1])[0]
    cutoff = now - keep_days * 86400
    for path, modified in sorted(runs):
        if path == newest or modified >= cutoff:
            continue
        files = [p for p in path.rglob("*") if not p.is_dir()]
        if any(p.parent != path or not p.name.endswith(RAW_SUFFIXES) for p in files):
            result.kept_foreign.append(path)
            logs.get("prune").warning(
                "not pruning %s: it holds files other than raw crawl files", path
            )
            continue
        result.freed_bytes += sum(p.stat().st_size for p in files)
        shutil.rmtree(path)
        result.removed.append(path)
    return result


def _newest_mtime(path: Path) -> float:
    times = [p.stat().st_mtime for p in path.rglob("*")]
    return max(times, default=path.stat().st_mtime)
