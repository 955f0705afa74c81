"""``aggregator run``: crawl -> ingest -> publish, and the run's report.

Every run leaves a row in the ``runs`` table that an operator can act on without reading logs: when it
started and ended, how it ended, per source whether it was crawled, its pages, HTTP errors, events,
reports on past events and dropped items with their reasons, the new/updated/unchanged/removed
events, the reports (new, linked to their event), and the warnings (a source
that fell to zero events, a source failing run after run). The row is written as ``running`` before
the crawl starts, so a run that was killed shows up as one that never finished.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from aggregator import clock, store
from aggregator.crawl.process import CrawlResult, crawl, new_run_id
from aggregator.ingest import BAD_LINE, IngestReport, ingest, read_raw
from aggregator.model.crawl_stats import CrawlStats
from aggregator.ops import logs
from aggregator.ops.progress import ProgressDisplay, snapshot, watch
from aggregator.ops.prune import PruneResult, prune_raw
from aggregator.sources import Source
from feeds.publish import PublishOptions, publish

INTERRUPTED = "interrupted"
"""The status of a run stopped by a signal, or found dead by the next one."""

Crawler = Callable[[list[Source], Path, str], CrawlResult]
"""Crawls the sources into ``<raw root>/<run id>/``: locally, or on scrapyd nodes."""


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
    dropped_reasons: dict[str, int] = field(default_factory=dict)
    removed: int = 0
    error_urls: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    failures_in_row: int = 0
    partial: list[str] = field(default_factory=list)
    """Why the source, crawled, was not read completely; then none of its events was removed."""
    reports: int = 0
    """Items that report on a past event: kept as reports, neither events nor dropped."""

    @property
    def state(self) -> str:
        return "failed" if not self.ok else "partial" if self.partial else "ok"

    @property
    def needs_a_word(self) -> bool:
        """Worth a WARNING (what ``--quiet`` keeps, what cron mails): a warning of the source's
        health, or a first failure, so that a new source with a wrong address is reported the
        first night, not only after its third failure in a row."""
        return bool(self.warning) or (not self.ok and self.failures_in_row == 1)

    def render(self) -> str:
        line = (
            f"{self.name:<32} {self.state:<6} pages={self.pages} events={self.events} "
            f"errors={self.errors}{self._errors_explained()} dropped={self.dropped}"
        )
        if self.dropped_reasons:
            reasons = ", ".join(f"{r}: {n}" for r, n in sorted(self.dropped_reasons.items()))
            line += f" ({reasons})"
        if self.reports:
            line += f" reports={self.reports}"
        if self.removed:
            line += f" removed={self.removed}"
        if self.failure:
            line += f"  ({self.failure})"
        if not self.ok and self.failures_in_row == 1 and not self.warning:
            line += "  (first failure)"
        if self.ok and self.partial:
            line += f"  (partial, nothing removed: {'; '.join(self.partial)})"
        if self.warning:
            line += f"  WARNING: {self.warning}"
        return line

    def _errors_explained(self) -> str:
        """``errors=7`` counts failed tries; say at how many addresses, and what went wrong."""
        if not self.errors or not self.error_urls:
            return ""
        urls = "1 URL" if self.error_urls == 1 else f"{self.error_urls} URLs"
        tries = "" if self.errors == self.error_urls else ", with retries"
        kinds = ", ".join(f"{kind} {count}x" for kind, count in self.error_kinds.items())
        return f" ({urls}{tries}{': ' + kinds if kinds else ''})"


@dataclass
class RunSummary:
    run_id: str
    lines: list[SourceLine] = field(default_factory=list)
    report: IngestReport | None = None
    published: Sequence[Path] = field(default_factory=list)
    pruned: PruneResult | None = None
    started: str = ""
    finished: str = ""
    duration: float = 0.0

    @property
    def failed(self) -> bool:
        """No source could be crawled: the network, DNS or the crawl process itself is broken."""
        return bool(self.lines) and not any(line.ok for line in self.lines)

    @property
    def warnings(self) -> list[str]:
        return [f"{line.name}: {line.warning}" for line in self.lines if line.warning]

    @property
    def dropped_reasons(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for line in self.lines:
            total.update(line.dropped_reasons)
        return dict(total)

    def log(self) -> None:
        """One line per source, then the totals. Only what needs acting on is a WARNING (a source
        failing once is not), so that ``--quiet`` under cron mails nothing on an ordinary night."""
        log = logs.get("run")
        for line in self.lines:
            log.log(logging.WARNING if line.needs_a_word else logging.INFO, "%s", line.render())
        if self.report is not None:
            r = self.report
            partial = sum(1 for line in self.lines if line.state == "partial")
            log.info(
                "run %s: %d of %d sources ok%s; %s",
                self.run_id,
                sum(1 for line in self.lines if line.ok),
                len(self.lines),
                f" ({partial} partial)" if partial else "",
                totals(r),
            )
        if self.failed:
            log.error("run %s failed: no source could be crawled", self.run_id)


def totals(report: IngestReport) -> str:
    """The ingest's figures in one line; reports are counted apart, as neither events nor
    dropped items."""
    r = report
    return (
        f"events: {r.new} new, {r.updated} updated, {r.unchanged} unchanged, {r.removed} removed, "
        f"{r.dropped} dropped; reports: {len(r.reports)} ({r.reports_new} new, "
        f"{len(r.linked)} linked to their event)"
    )


def ingest_step(
    db_path: str | Path,
    raw_paths: list[Path],
    sources: list[Source] | None = None,
    run_id: str | None = None,
    started: str | None = None,
    crawl_stats: dict[str, CrawlStats] | None = None,
    mode: str = "ingest",
    today: date | None = None,
    final: bool = True,
) -> RunSummary:
    """Ingest raw files and record the run: per-source figures and health in the database.

    ``crawl_stats``, the figures the crawl step reported, take precedence over the files beside the
    raw items: a scrapyd job that timed out has failed, whatever it may still be writing. A run
    that goes on to publish passes ``final=False``: it stays "running" until it has published.
    """
    raws, stats = read_raw(raw_paths)
    stats.update(crawl_stats or {})

    def healthy() -> list[str]:
        """Asked after the raw items were read: a damaged raw file is not the whole crawl."""
        return [name for name, s in stats.items() if s.complete and name not in raws.damaged]

    db = store.open_db(db_path)
    try:
        if sources:
            with db.conn:
                store.save_sources(db, sources)
        report = ingest(db, raws, healthy_sources=healthy, reference=today or clock.today())
        for name, problem in raws.damaged.items():
            stats[name] = _damaged(stats.get(name), name, problem, raws.bad_lines[name])
        run_id = run_id or unique_run_id(db)
        names = [s.name for s in sources if s.enabled] if sources else sorted(stats)
        summary = RunSummary(run_id=run_id, report=report, started=started or clock.now_iso())
        with db.conn:
            for name in names:
                summary.lines.append(_source_line(db, name, stats.get(name), report, run_id))
            summary.finished = clock.now_iso()
            store.record_run(db, _run_row(summary, mode, status="done" if final else "running"))
    finally:
        db.close()
    return summary


def publish_step(
    db_path: str | Path,
    out_dir: str | Path,
    options: PublishOptions,
    today: date | None = None,
) -> Sequence[Path]:
    db = store.open_db(db_path)
    try:
        return publish(db, out_dir, today or clock.today(), options)
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
    *,
    crawler: Crawler | None = None,
    mode: str = "local",
    progress: ProgressDisplay | None = None,
    keep_raw_days: float | None = None,
    today: date | None = None,
) -> RunSummary:
    """Crawl (locally, or with ``crawler``), ingest, publish and prune; the run is recorded even
    when a step raises, and the exception is passed on.

    ``today`` pins the calendar of this run (the demo's events lie in 2027) without touching the
    process's environment; unset, it is ``clock.today()``."""
    raw_root = Path(raw_root)
    started, clock_start = clock.now_iso(), time.monotonic()
    run_id = _begin(db_path, raw_root, started, mode)
    enabled = [s.name for s in sources if s.enabled]

    def local(chosen: list[Source], root: Path, rid: str) -> CrawlResult:
        return crawl(chosen, root, run_id=rid, settings=settings, log_file=log_file, today=today)

    def crawl_now() -> CrawlResult:
        return (crawler or local)(sources, raw_root, run_id)

    try:
        if progress is None:
            result = crawl_now()
        else:
            run_dir = raw_root / run_id
            try:
                result = watch(crawl_now, lambda: progress.update(snapshot(run_dir, enabled)))
            finally:
                progress.close()
        summary = ingest_step(
            db_path,
            [result.run_dir],
            sources,
            run_id,
            started,
            result.stats,
            mode=mode,
            today=today,
            final=False,
        )
        summary.published = publish_step(db_path, out_dir, options or PublishOptions(), today)
        if keep_raw_days is not None:
            summary.pruned = prune_raw(raw_root, keep_raw_days)
    except BaseException as exc:
        _record_failure(db_path, run_id, started, mode, clock_start, exc)
        raise
    summary.duration = round(time.monotonic() - clock_start, 1)
    summary.finished = clock.now_iso()
    _finish(db_path, summary, mode)
    return summary


def unique_run_id(db: Any, raw_root: Path | None = None) -> str:
    """A run id no earlier run has used (two runs in one second, or a pinned clock, would clash)."""
    base = new_run_id()
    taken = {row["id"] for row in db.query("select id from runs where id like ?", [base + "%"])}
    candidate, n = base, 1
    while candidate in taken or (raw_root is not None and (raw_root / candidate).exists()):
        n += 1
        candidate = f"{base}-{n:02d}"
    return candidate


def _damaged(stats: CrawlStats | None, name: str, problem: str, bad_lines: int) -> CrawlStats:
    """A source whose raw file is not what its crawl wrote has failed, whatever the crawl said:
    its readable lines were stored, nothing of it was removed."""
    stats = stats or CrawlStats.failed(name, "?", problem)
    failure = problem if stats.ok else f"{stats.failure}; {problem}"
    dropped = dict(stats.dropped)
    if bad_lines:
        dropped[BAD_LINE] = dropped.get(BAD_LINE, 0) + bad_lines
    return replace(stats, ok=False, failure=failure, dropped=dropped)


def _source_line(
    db: Any, name: str, crawl_stats: CrawlStats | None, report: IngestReport, run_id: str
) -> SourceLine:
    crawl_stats = crawl_stats or CrawlStats.failed(name, "?", "no crawl output")
    result = report.sources.get(name)
    events = result.events if result else 0
    reasons: Counter[str] = Counter(crawl_stats.dropped)
    if result:
        reasons.update(result.dropped)
    partial = crawl_stats.partial if crawl_stats.ok else []
    warning = store.record_source_result(
        db,
        name,
        ok=crawl_stats.ok,
        pages=crawl_stats.pages,
        events=events,
        failure=crawl_stats.failure,
        run_id=run_id,
        http_errors=crawl_stats.http_errors,
        dropped=dict(reasons),
        partial=partial,
        reports=result.reports if result else 0,
    )
    health = store.stored_source(db, name) or {}
    return SourceLine(
        name=name,
        ok=crawl_stats.ok,
        pages=crawl_stats.pages,
        events=events,
        errors=crawl_stats.http_errors,
        dropped=sum(reasons.values()),
        failure=crawl_stats.failure,
        warning=warning,
        dropped_reasons=dict(reasons),
        removed=result.removed if result else 0,
        error_urls=crawl_stats.error_urls,
        error_kinds=dict(crawl_stats.error_kinds),
        failures_in_row=health.get("consecutive_failures") or 0,
        partial=list(partial),
        reports=result.reports if result else 0,
    )


def _run_row(summary: RunSummary, mode: str, status: str) -> dict[str, Any]:
    report = summary.report or IngestReport()
    return {
        "id": summary.run_id,
        "started": summary.started,
        "finished": summary.finished,
        "status": "failed" if status == "done" and summary.failed else status,
        "mode": mode,
        "duration": summary.duration or None,
        "sources_ok": sum(1 for line in summary.lines if line.ok),
        "sources_partial": sum(1 for line in summary.lines if line.state == "partial"),
        "sources_failed": sum(1 for line in summary.lines if not line.ok),
        "events_new": report.new,
        "events_updated": report.updated,
        "events_unchanged": report.unchanged,
        "events_removed": report.removed,
        "dropped": report.dropped,
        "reports": len(report.reports),
        "reports_new": report.reports_new,
        "reports_linked": len(report.linked),
        "dropped_reasons": json.dumps(summary.dropped_reasons, ensure_ascii=False),
        "warnings": json.dumps(summary.warnings, ensure_ascii=False),
        "error": "no source could be crawled" if summary.failed else None,
        "results": json.dumps(
            [{**asdict(line), "state": line.state} for line in summary.lines], ensure_ascii=False
        ),
    }


def _begin(db_path: str | Path, raw_root: Path, started: str, mode: str) -> str:
    """Record the run as running; a run still "running" now died without a word (``kill -9``,
    a power cut: the lock this one holds says it is not running) and is marked interrupted."""
    db = store.open_db(db_path)
    try:
        run_id = unique_run_id(db, raw_root)
        with db.conn:
            store.mark_abandoned_runs(db, INTERRUPTED, "the run's process ended without a word")
            store.record_run(
                db, {"id": run_id, "started": started, "status": "running", "mode": mode}
            )
        return run_id
    finally:
        db.close()


def _finish(db_path: str | Path, summary: RunSummary, mode: str) -> None:
    db = store.open_db(db_path)
    try:
        with db.conn:
            store.record_run(db, _run_row(summary, mode, status="done"))
    finally:
        db.close()


def _record_failure(
    db_path: str | Path,
    run_id: str,
    started: str,
    mode: str,
    clock_start: float,
    exc: BaseException,
) -> None:
    """Best effort: when the database itself is what failed, the log is the only record."""
    interrupted = isinstance(exc, KeyboardInterrupt)
    if interrupted:
        reason = f"interrupted by {exc}" if str(exc) else "interrupted"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    try:
        db = store.open_db(db_path)
        try:
            with db.conn:
                store.record_run(
                    db,
                    {
                        "id": run_id,
                        "started": started,
                        "finished": clock.now_iso(),
                        "status": INTERRUPTED if interrupted else "failed",
                        "mode": mode,
                        "duration": round(time.monotonic() - clock_start, 1),
                        "error": reason[:500],
                    },
                )
        finally:
            db.close()
    except Exception as nested:  # the original exception is what the caller must see
        logs.get("run").error("could not record the failed run %s: %s", run_id, nested)
