"""The crawl step: every source through Scrapy, raw items to ``data/raw/<run>/<source>.jsonl``.

Twisted's reactor cannot be restarted in one process, so the crawl runs in a child process: the
command line, the tests and ``aggregator run`` can crawl as often as they like, and a crash inside
Scrapy cannot take the caller (or the database it is about to write) down with it. How the child
is stopped, time-boxed and kept from outliving its run: ``aggregator.crawl.child``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import SETTINGS_PRIORITIES

from aggregator import clock
from aggregator.crawl import child
from aggregator.crawl.kinds import spider_for
from aggregator.crawl.settings import AGGREGATOR_CRAWL_SECONDS as CRAWL_SECONDS
from aggregator.model.crawl_stats import CrawlStats, stats_path
from aggregator.sources import Source


@dataclass
class CrawlResult:
    run_id: str
    run_dir: Path
    stats: dict[str, CrawlStats]
    """Per source name; a source whose crawl died has a failed entry."""


def new_run_id() -> str:
    return clock.now().strftime("%Y%m%dT%H%M%SZ")


def crawl(
    sources: list[Source],
    raw_root: str | Path = "data/raw",
    run_id: str | None = None,
    settings: dict[str, Any] | None = None,
    log_file: str | Path | None = None,
    today: date | None = None,
    proxy: str | None = None,
) -> CrawlResult:
    """Crawl the sources in one child Scrapy process and collect each source's figures.

    ``today`` pins the child's calendar (``AGGREGATOR_TODAY`` in its environment only).
    ``proxy`` (``http://127.0.0.1:8123``) receives every http request, whatever its host: the demo
    serves its sites under fixed addresses that way (Scrapy's proxy middleware reads
    ``http_proxy`` from the environment)."""
    run_id = run_id or new_run_id()
    raw_root = Path(raw_root).resolve()
    run_dir = raw_root / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    job = {
        "sources": [s.to_dict() for s in sources if s.enabled],
        "run_id": run_id,
        "raw_root": str(raw_root),
        "settings": settings or {},
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(job, handle)
        job_file = handle.name
    budget = float((settings or {}).get("AGGREGATOR_CRAWL_SECONDS", CRAWL_SECONDS))
    try:
        log = open(log_file, "a", encoding="utf-8") if log_file else None  # noqa: SIM115
        try:
            crawl_child = child.start(
                [sys.executable, "-m", "aggregator.crawl.process", job_file, str(os.getpid())],
                budget,
                stdout=log or subprocess.DEVNULL,
                stderr=log or subprocess.DEVNULL,
                env=_child_environment(today, proxy),
            )
            child.wait(crawl_child)
        finally:
            if log:
                log.close()
    finally:
        Path(job_file).unlink(missing_ok=True)
    unfinished = "crawl process ended before this source finished"
    if crawl_child.reason == "budget":
        unfinished = f"the crawl ran out of its time (AGGREGATOR_CRAWL_SECONDS = {budget:g})"
    stats: dict[str, CrawlStats] = {}
    for source in sources:
        if not source.enabled:
            continue
        path = stats_path(raw_root, run_id, source.name)
        found = CrawlStats.from_dict(json.loads(path.read_text("utf-8"))) if path.exists() else None
        stopped = crawl_child.reason == "budget" and found and found.finish_reason == "shutdown"
        if found is None or stopped:
            found = CrawlStats.failed(source.name, source.kind, unfinished)
        stats[source.name] = found
    return CrawlResult(run_id=run_id, run_dir=run_dir, stats=stats)


def _child_environment(today: date | None, proxy: str | None) -> dict[str, str] | None:
    if today is None and proxy is None:
        return None
    env = dict(os.environ)
    if today is not None:
        env["AGGREGATOR_TODAY"] = today.isoformat()
    if proxy is not None:
        env.update(http_proxy=proxy, no_proxy="")
    return env


def _run_job(job_file: str, parent: int) -> None:
    child.die_with_parent(parent)
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from aggregator.crawl.settings import user_agent

    job = json.loads(Path(job_file).read_text("utf-8"))
    settings = Settings()
    settings.setmodule("aggregator.crawl.settings", priority="project")
    raw_root = job["raw_root"]
    settings.set("AGGREGATOR_RAW_DIR", raw_root, priority="cmdline")
    for key, value in job["settings"].items():
        settings.set(key, value, priority="cmdline")
    if "AGGREGATOR_CONTACT_URL" in job["settings"] and "USER_AGENT" not in job["settings"]:
        settings.set("USER_AGENT", user_agent(settings["AGGREGATOR_CONTACT_URL"]), "cmdline")
    sources = [Source.from_dict(data) for data in job["sources"]]
    process = CrawlerProcess(settings, install_root_handler=True)
    shares = Counter(_host(source.url) for source in sources)
    for source in sources:
        crawler = process.create_crawler(spider_for(source.kind, settings))
        _pace_of_the_source(crawler.settings, source)
        _share_the_site(crawler.settings, shares[_host(source.url)])
        process.crawl(crawler, source=source, run_id=job["run_id"])
    process.start()


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


SOURCE_PRIORITY = SETTINGS_PRIORITIES["cmdline"] + 1
"""Above "cmdline": the process merges its own settings into each crawler at that priority, and a
row of sources.toml says more about its site than a run's defaults."""


def _pace_of_the_source(settings: Any, source: Source) -> None:
    """A row's ``delay`` and ``concurrency`` replace the crawl's for that source. AutoThrottle
    starts at the row's delay and aims at its concurrency, or it would pull a site that allows
    eight requests at a time back to one."""
    if source.delay is not None:
        settings.set("DOWNLOAD_DELAY", source.delay, SOURCE_PRIORITY)
        settings.set("AUTOTHROTTLE_START_DELAY", source.delay, SOURCE_PRIORITY)
    if source.concurrency is not None:
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", source.concurrency, SOURCE_PRIORITY)
        settings.set("AUTOTHROTTLE_TARGET_CONCURRENCY", source.concurrency, SOURCE_PRIORITY)


def _share_the_site(settings: Any, sources_on_site: int) -> None:
    """Each source is its own crawler with its own download slots; sources on one site (the
    chambers' shared platform) split that site's concurrency and stretch its delay between them,
    so that the site sees the same pace as from one source."""
    if sources_on_site <= 1:
        return
    per_site = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    delay = settings.getfloat("DOWNLOAD_DELAY")
    per_source = max(1, per_site // sources_on_site)
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", per_source, SOURCE_PRIORITY)
    settings.set("DOWNLOAD_DELAY", delay * sources_on_site, SOURCE_PRIORITY)


if __name__ == "__main__":
    _run_job(sys.argv[1], int(sys.argv[2]))
