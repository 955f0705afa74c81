"""``aggregator demo``: the whole job against the bundled demo organiser sites on 127.0.0.1."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from aggregator import clock
from aggregator.ops.demoserver import SiteServer
from aggregator.ops.pipeline import RunSummary, run
from aggregator.sources import Source, parse_sources
from feeds.publish import PublishOptions

DEMO_TODAY = date(2026, 11, 27)
"""The demo sites' events lie in 2027; the demo's calendar is pinned so that they stay upcoming."""

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


def demo_root() -> Path:
    return Path(str(resources.files("aggregator") / "demo_sites"))


def demo_sources(base_url: str) -> list[Source]:
    text = (demo_root() / "sources.toml").read_text(encoding="utf-8")
    return parse_sources(text.replace("{base}", base_url), "demo sources.toml")


def run_demo(
    out_dir: str | Path, db_path: str | Path, work_dir: str | Path, base_url: str | None = None
) -> DemoResult:
    work_dir = Path(work_dir)
    with SiteServer(demo_root()) as server:
        sources = demo_sources(server.base_url)
        settings = dict(FAST_LOCAL, HTTPCACHE_DIR=str((work_dir / "httpcache").resolve()))
        summary = run(
            sources,
            db_path,
            out_dir,
            raw_root=work_dir / "raw",
            settings=settings,
            options=PublishOptions(base_url=base_url or PublishOptions().base_url),
            log_file=work_dir / "crawl.log",
            today=clock.today() if "AGGREGATOR_TODAY" in os.environ else DEMO_TODAY,
        )
        return DemoResult(summary, server.base_url, list(server.requests))
