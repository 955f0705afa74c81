"""Write every output from the database; each file is replaced atomically.

Nothing here depends on the time of the run: a second publish from an unchanged database gives
byte-identical files, so HTTP caches and feed readers see nothing new.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from feeds import atom, ical, page, rss
from feeds.selection import ALL, DEFAULT_HORIZON_DAYS, DEFAULT_LIMIT, upcoming

DEFAULT_BASE_URL = "http://localhost:8000/"


@dataclass(frozen=True)
class PublishOptions:
    base_url: str = DEFAULT_BASE_URL
    horizon_days: int = DEFAULT_HORIZON_DAYS
    limit: int = DEFAULT_LIMIT


def publish(
    db: sqlite_utils.Database, out_dir: str | Path, today: date, options: PublishOptions
) -> list[Path]:
    """Render every output into memory first, then move them into place one by one."""
    out_dir = Path(out_dir)
    events = upcoming(db, today, ALL, options.horizon_days, options.limit)
    sources = (
        list(db.query("select * from sources order by name"))
        if "sources" in db.table_names()
        else []
    )
    generated = _last_update(db)
    outputs = {
        "events.atom": atom.render(events, ALL, options.base_url),
        "events.rss": rss.render(events, ALL, options.base_url),
        "events.ics": ical.render(events, ALL, options.base_url),
        "index.html": page.render(events, ALL, options.base_url, sources, generated),
    }
    written = []
    for name, content in outputs.items():
        written.append(write_atomic(out_dir / name, content))
    return written


def write_atomic(path: Path, content: bytes) -> Path:
    """Write to a temporary file beside the target and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == content:
        return path
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _last_update(db: sqlite_utils.Database) -> str:
    if "events" not in db.table_names():
        return "–"
    row = db.execute("select max(updated) from events").fetchone()
    return row[0] or "–"
