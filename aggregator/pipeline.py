"""``aggregator run``: crawl -> ingest -> publish, and the run's report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aggregator import clock, store
from aggregator.crawl import CrawlResult, crawl, new_run_id
from aggregator.crawlstats import CrawlStats
from aggregator.ingest import IngestReport, ingest, read_raw
from aggregator.sources import Source
from feeds.publish import PublishOptions, publish


@dataclass
class SourceLine:
    name: str
    ok: bool
    pages: int
    events: int
    errors: int
    dropped: int
    failure: str | None = None
    warning: str | None = None
    reasons: dict[str, int] = field(default_factory=dict)
    """Why items were dropped, by reason (crawl and ingest)."""

    def render(self) -> str:
        state = "ok" if self.ok else "failed"
        line = (
            f"{self.name:<32} {state:<6} pages={self.pages} events={self.events} "
            f"errors={self.errors} dropped={self.dropped}"
        )
        if self.reasons:
            line += " [" + ", ".join(f"{k}: {v}" for k, v in sorted(self.reasons.items())) + "]"
        if self.failure:
            line += f"  ({self.failure})"
        if self.warning:
            line += f"  WARNING: {self.warning}"
        return line


@dataclass
class RunSummary:
    run_id: str
    lines: list[SourceLine] = field(default_factory=list)
    report: IngestReport | None = None
    published: list[Path] = field(default_factory=list)


def crawl_step(
    sources: list[Source],
    raw_root: str | Path,
    settings: dict[str, Any] | None = None,
    run_id: str | None = None,
    log_file: str | Path | None = None,
) -> CrawlResult:
    return crawl(sources, raw_root, run_id=run_id, settings=settings, log_file=log_file)


def ingest_step(
    db_path: str | Path,
    raw_paths: list[Path],
    sources: list[Source] | None = None,
    run_id: str | None = None,
    started: str | None = None,
) -> RunSummary:
    """Ingest raw files and record the run: per-source figures and health in the database."""
    raws, stats = read_raw(raw_paths)
    db = store.open_db(db_path)
    if sources:
        with db.conn:
            store.save_sources(db, sources)
    healthy = [name for name, s in stats.items() if s.ok]
    report = ingest(db, raws, healthy_sources=healthy)
    run_id = run_id or new_run_id()
    names = [s.name for s in sources if s.enabled] if sources else sorted(stats)
    summary = RunSummary(run_id=run_id, report=report)
    with db.conn:
        for name in names:
            crawl_stats = stats.get(name) or CrawlStats.failed(name, "?", "no crawl output")
            result = report.sources.get(name)
            events = result.events if result else 0
            reasons = dict(crawl_stats.dropped)
            for reason, count in (result.dropped if result else {}).items():
                reasons[reason] = reasons.get(reason, 0) + count
            warning = store.record_source_result(
                db,
                name,
                ok=crawl_stats.ok,
                pages=crawl_stats.pages,
                events=events,
                failure=crawl_stats.failure,
                run_id=run_id,
                http_errors=crawl_stats.http_errors,
                dropped=reasons,
            )
            summary.lines.append(
                SourceLine(
                    name=name,
                    ok=crawl_stats.ok,
                    pages=crawl_stats.pages,
                    events=events,
                    errors=crawl_stats.http_errors,
                    dropped=sum(reasons.values()),
                    failure=crawl_stats.failure,
                    warning=warning,
                    reasons=reasons,
                )
            )
        store.record_run(
            db,
            {
                "id": run_id,
                "started": started or clock.now_iso(),
                "finished": clock.now_iso(),
                "status": "done",
                "sources_ok": sum(1 for line in summary.lines if line.ok),
                "sources_failed": sum(1 for line in summary.lines if not line.ok),
                "events_new": report.new,
                "events_updated": report.updated,
                "events_unchanged": report.unchanged,
                "events_removed": report.removed,
                "dropped": report.dropped,
                "results": json.dumps(
                    [line.__dict__ for line in summary.lines], ensure_ascii=False
                ),
            },
        )
    db.close()
    return summary


def publish_step(db_path: str | Path, out_dir: str | Path, options: PublishOptions) -> list[Path]:
    db = store.open_db(db_path)
    try:
        return publish(db, out_dir, clock.today(), options)
    finally:
        db.close()


def run(
    sources: list[Source],
    db_path: str | Path,
    out_dir: str | Path,
    raw_root: str | Path = "data/raw",
    settings: dict[str, Any] | None = None,
    options: PublishOptions | None = None,
    log_file: str | Path | None = None,
) -> RunSummary:
    started = clock.now_iso()
    result = crawl_step(sources, raw_root, settings, log_file=log_file)
    summary = ingest_step(db_path, [result.run_dir], sources, result.run_id, started)
    summary.published = publish_step(db_path, out_dir, options or PublishOptions())
    return summary
