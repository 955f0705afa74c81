"""What a re-crawl of unchanged sites costs: the bundled demo sites crawled twice with one HTTP cache.

Run: ``.venv/bin/python benchmarks/bench_recrawl.py``

The demo server answers like the organisers' servers do (ETag, Last-Modified and
``Cache-Control: no-cache``). The second crawl is measured with the project's cache policy
(aggregator.crawl.httpcache.RevalidatingPolicy) and, as the baseline in the same run, with Scrapy's stock
RFC2616Policy, which sends ``no-cache`` pages' requests without validators. Figures per source:
pages read, pages answered 304 Not Modified, pages served from the cache without a request, and the
bytes that came over the network.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from aggregator.crawl.process import CrawlResult, crawl
from aggregator.ops.demo import DEMO_TODAY, FAST_LOCAL, demo_root, demo_sources
from aggregator.ops.demoserver import SiteServer

STOCK_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"


def crawl_twice(work: Path, policy: str | None) -> tuple[CrawlResult, CrawlResult, float]:
    settings = dict(FAST_LOCAL, HTTPCACHE_DIR=str(work / "cache"))
    if policy:
        settings["HTTPCACHE_POLICY"] = policy
    with SiteServer(demo_root()) as server:
        sources = demo_sources(server.base_url)
        first = crawl(sources, work / "raw1", settings=settings, log_file=work / "log")
        started = time.perf_counter()
        second = crawl(sources, work / "raw2", settings=settings, log_file=work / "log")
        return first, second, time.perf_counter() - started


def report(label: str, first: CrawlResult, second: CrawlResult, seconds: float) -> None:
    print(f"\n{label} (second crawl {seconds:.1f} s including the Scrapy start)")
    print(
        f"{'source':<28} {'pages':>5} {'304':>5} {'cache':>5} {'bytes 1st':>10} {'bytes 2nd':>10}"
    )
    totals = [0, 0, 0, 0, 0]
    for name, after in second.stats.items():
        before = first.stats[name]
        row = [after.pages, after.not_modified, after.cached, before.wire_bytes, after.wire_bytes]
        totals = [t + v for t, v in zip(totals, row, strict=True)]
        print(f"{name:<28} {row[0]:>5} {row[1]:>5} {row[2]:>5} {row[3]:>10} {row[4]:>10}")
    print(
        f"{'all':<28} {totals[0]:>5} {totals[1]:>5} {totals[2]:>5} {totals[3]:>10} {totals[4]:>10}"
    )


def main() -> None:
    os.environ.setdefault("AGGREGATOR_TODAY", DEMO_TODAY.isoformat())
    with tempfile.TemporaryDirectory() as tmp:
        ours = crawl_twice(Path(tmp) / "ours", None)
        stock = crawl_twice(Path(tmp) / "stock", STOCK_POLICY)
    report("RevalidatingPolicy (project)", *ours)
    report("RFC2616Policy (Scrapy stock, baseline)", *stock)


if __name__ == "__main__":
    main()
