"""The health of each source and the record of each run, as operators read them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

ZERO_WARNING = "fell to 0 events"
FIRST_ZERO_WARNING = "no events on its first run"


def save_sources(db: sqlite_utils.Database, sources: Iterable[Any]) -> None:
    """Keep the sources table in step with sources.toml (health columns are left as they are)."""
    for source in sources:
        db.table("sources").upsert(
            {
                "name": source.name,
                "url": source.url,
                "kind": source.kind,
                "organizer": source.organizer,
                "region": source.region,
                "topics": json.dumps(list(source.topics), ensure_ascii=False),
                "verified": None if source.verified is None else int(source.verified),
            },
            pk="name",
            alter=True,
        )


def record_source_result(
    db: sqlite_utils.Database,
    name: str,
    *,
    ok: bool,
    pages: int,
    events: int,
    failure: str | None,
    run_id: str,
    http_errors: int = 0,
    dropped: dict[str, int] | None = None,
    partial: list[str] | None = None,
    reports: int = 0,
) -> str | None:
    """Update a source's health; returns a warning an operator should act on, if any.

    ``dropped`` counts the items that could not be read, by reason, as JSON in ``last_dropped``;
    ``partial`` says why a crawl that worked did not see everything (``last_partial``). A partial
    crawl is no failure, but its count says nothing about the site having changed.
    ``reports`` the items that report on past events (``last_reports``): a news feed that only
    reports this time has not fallen silent.
    """
    previous = stored_source(db, name) or {}
    failures = 0 if ok else (previous.get("consecutive_failures") or 0) + 1
    before = previous.get("last_events") or 0
    warning = None
    # A source that fell to zero stays flagged while it remains at zero (a failed run says nothing
    # about its events), so the warning does not vanish after one run while nobody has acted.
    flagged = (previous.get("warning") or "").startswith((ZERO_WARNING, FIRST_ZERO_WARNING))
    still_zero = flagged and not (ok and events)
    read_nothing = ok and events == 0 and reports == 0
    if read_nothing and not partial and before > 0:
        warning = f"{ZERO_WARNING} (had {before}): the site may have changed"
    elif read_nothing and not previous.get("last_run"):
        # A new source with a wrong address or kind must not stay silent night after night.
        warning = f"{FIRST_ZERO_WARNING}: check its url and kind"
    elif failures >= 3:
        warning = f"failed {failures} runs in a row"
    elif still_zero:
        warning = previous["warning"]
    db.table("sources").upsert(
        {
            "name": name,
            "last_run": run_id,
            "last_status": "ok" if ok else "failed",
            "last_failure": failure,
            "last_pages": pages,
            "last_http_errors": http_errors,
            "last_dropped": json.dumps(dict(sorted((dropped or {}).items())), ensure_ascii=False),
            "last_partial": json.dumps(partial or [], ensure_ascii=False),
            "last_events": events if ok else before,
            "last_reports": reports if ok else previous.get("last_reports"),
            "previous_events": before,
            "consecutive_failures": failures,
            "warning": warning,
        },
        pk="name",
        alter=True,
    )
    return warning


def partial_reasons(row: dict[str, Any]) -> list[str]:
    """Why a source's last crawl saw only part of it (``last_partial``); a damaged value counts
    as none rather than hiding the source's other figures."""
    try:
        reasons = json.loads(row.get("last_partial") or "[]")
    except ValueError:
        return []
    return [str(r) for r in reasons] if isinstance(reasons, list) else []


def stored_source(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from sources where name = ?", [name]))
    return rows[0] if rows else None


def record_run(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    db.table("runs").upsert(row, pk="id", alter=True)


def mark_abandoned_runs(db: sqlite_utils.Database, status: str, error: str) -> list[str]:
    """Runs recorded as running that no process will finish: given ``status`` and ``error``."""
    if not db["runs"].exists():
        return []
    ids = [r["id"] for r in db.query("select id from runs where status = 'running'")]
    for run_id in ids:
        db.table("runs").update(run_id, {"status": status, "error": error})
    return ids
