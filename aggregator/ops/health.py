"""``aggregator status``: the last runs and the sources that need someone to look at them.

Read from the ``runs`` and ``sources`` tables only, so it works on a copy of the database (a CI
artifact, say) as well as on the live one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from aggregator.store.health import partial_reasons


@dataclass
class Attention:
    source: str
    reason: str
    severe: bool
    """A warning (fell to zero, failing three runs in a row) rather than one or two failed runs."""
    last_run: str | None = None
    last_failure: str | None = None


@dataclass
class Status:
    runs: list[dict[str, Any]]
    attention: list[Attention]
    running: dict[str, Any] | None = None
    """The lock holder while a run is in progress."""

    @property
    def needs_attention(self) -> bool:
        """True when an operator should act: a source warning, or the last finished run failed."""
        finished = [r for r in self.runs if r["status"] != "running"]
        last_failed = bool(finished) and finished[0]["status"] in ("failed", "interrupted")
        return last_failed or any(a.severe for a in self.attention)

    def to_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "attention": [asdict(a) for a in self.attention],
            "running": self.running,
            "needs_attention": self.needs_attention,
        }


def read_status(
    db: sqlite_utils.Database, limit: int = 5, running: dict[str, Any] | None = None
) -> Status:
    runs = []
    if db["runs"].exists():
        for row in db.query("select * from runs order by rowid desc limit ?", [limit]):
            row = dict(row)
            for key, empty in (("results", []), ("warnings", []), ("dropped_reasons", {})):
                row[key] = json.loads(row.get(key) or "null") or empty
            if row["status"] == "running" and running is None:
                row["status"] = "interrupted"
            runs.append(row)
    return Status(runs=runs, attention=_attention(db), running=running)


def _attention(db: sqlite_utils.Database) -> list[Attention]:
    if not db["sources"].exists():
        return []
    out = []
    for row in db.query("select * from sources order by name"):
        if row.get("warning"):
            out.append(_attention_row(row, row["warning"], severe=True))
        elif row.get("last_status") == "failed":
            n = row.get("consecutive_failures") or 1
            runs = "run" if n == 1 else f"{n} runs in a row"
            out.append(_attention_row(row, f"failed the last {runs}", severe=False))
        elif partial := partial_reasons(row):
            reason = f"partial in the last run, nothing removed: {'; '.join(partial)}"
            out.append(_attention_row(row, reason, severe=False))
    return sorted(out, key=lambda a: (not a.severe, a.source))


def _attention_row(row: dict[str, Any], reason: str, severe: bool) -> Attention:
    return Attention(
        source=row["name"],
        reason=reason,
        severe=severe,
        last_run=row.get("last_run"),
        last_failure=row.get("last_failure"),
    )


def render(status: Status) -> str:
    lines = []
    if status.running:
        holder = status.running
        lines.append(
            f"A run is in progress: pid {holder.get('pid', '?')}, since {holder.get('started', '?')}"
        )
        lines.append("")
    if not status.runs:
        lines.append("No runs recorded yet.")
    else:
        lines.append("Last runs (newest first):")
        lines.append(
            f"  {'run':<22} {'started':<25} {'took':>7}  {'status':<11} {'mode':<8} "
            f"{'ok/failed':>9}  {'new':>4} {'upd':>4} {'same':>5} {'rem':>4} {'drop':>5} "
            f"{'rep':>4}  warnings"
        )
        for run in status.runs:
            lines.append(_run_line(run))
        latest = status.runs[0]
        if latest["results"]:
            lines.append("")
            lines.append(f"Sources in run {latest['id']}:")
            lines.extend("  " + _result_line(r) for r in latest["results"])
        if latest.get("error"):
            lines.append(f"  error: {latest['error']}")
    lines.append("")
    if status.attention:
        lines.append("Sources needing attention:")
        for item in status.attention:
            mark = "!" if item.severe else "-"
            detail = f" (last failure: {item.last_failure})" if item.last_failure else ""
            lines.append(f"  {mark} {item.source}: {item.reason}{detail}")
    else:
        lines.append("No source needs attention.")
    return "\n".join(lines)


def _run_line(run: dict[str, Any]) -> str:
    took = _duration(run.get("duration"))
    partial = f" ({run['sources_partial']}p)" if run.get("sources_partial") else ""
    counts = f"{run.get('sources_ok') or 0}{partial}/{run.get('sources_failed') or 0}"
    return (
        f"  {run['id']:<22} {run.get('started') or '':<25} {took:>7}  {run['status']:<11} "
        f"{run.get('mode') or '':<8} {counts:>9}  {run.get('events_new') or 0:>4} "
        f"{run.get('events_updated') or 0:>4} {run.get('events_unchanged') or 0:>5} "
        f"{run.get('events_removed') or 0:>4} {run.get('dropped') or 0:>5} "
        f"{run.get('reports') or 0:>4}  {len(run['warnings'])}"
    )


def _result_line(result: dict[str, Any]) -> str:
    from aggregator.ops.pipeline import SourceLine

    known = SourceLine.__dataclass_fields__
    return SourceLine(**{k: v for k, v in result.items() if k in known}).render()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
