"""``aggregator demo``: the whole job against the bundled demo organiser sites on 127.0.0.1.

The sites keep one address from run to run (``http://demo-sites.invalid/<site>/``, a name that
never resolves): the crawl reaches them through the local server as its proxy, whatever port that
server got. So their events' addresses, and with them the events, do not change between two demo
runs, and a second run reports nothing new or updated.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from aggregator import clock
from aggregator.crawl.process import CrawlResult, crawl
from aggregator.ops.demoserver import SiteServer
from aggregator.ops.pipeline import RunSummary, run
from aggregator.sources import Source, parse_sources
from feeds.publish import PublishOptions

DEMO_ORIGIN = "http://demo-sites.invalid"
"""Where the demo sites live as far as the crawl (and so the database and the feeds) knows."""
DEMO_TODAY = date(2027, 1, 11)
"""The demo sites' events lie in 2027; the demo's calendar is pinned so that they stay upcoming,
on a Monday of January, the month of the first ones (Datasette's "this month" shows them)."""

FAST_LOCAL = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_START_DELAY": 0,
    "AUTOTHROTTLE_MAX_DELAY": 1,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
"""All demo sites sit on one local server; being polite to ourselves only slows the demo down."""


@dataclass
class DemoResult:
    summary: RunSummary
    base_url: str
    requests: list[str]
    today: date
    """The demo's calendar day: Datasette shows its "this month" on the same day."""


def demo_root() -> Path:
    return Path(str(resources.files("aggregator") / "demo_sites"))


def demo_sources(base_url: str) -> list[Source]:
    text = (demo_root() / "sources.toml").read_text(encoding="utf-8")
    return parse_sources(text.replace("{base}", base_url), "demo sources.toml")


def run_demo(
    out_dir: str | Path, db_path: str | Path, work_dir: str | Path, base_url: str | None = None
) -> DemoResult:
    work_dir = Path(work_dir)
    today = clock.today() if "AGGREGATOR_TODAY" in os.environ else DEMO_TODAY
    with SiteServer(demo_root()) as server:
        settings = dict(FAST_LOCAL, HTTPCACHE_DIR=str((work_dir / "httpcache").resolve()))

        def through_the_server(chosen: list[Source], root: Path, run_id: str) -> CrawlResult:
            log = work_dir / "crawl.log"
            return crawl(chosen, root, run_id, settings, log, today, proxy=server.base_url)

        summary = run(
            demo_sources(DEMO_ORIGIN),
            db_path,
            out_dir,
            raw_root=work_dir / "raw",
            options=PublishOptions(base_url=base_url or PublishOptions().base_url),
            crawler=through_the_server,
            today=today,
        )
        return DemoResult(summary, server.base_url, list(server.requests), today)
