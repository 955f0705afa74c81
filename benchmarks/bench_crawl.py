"""Crawl capacity with politeness on: many organiser sites crawled at once, against ``scrapy bench``.

Run: ``.venv/bin/python benchmarks/bench_crawl.py [--sites 50] [--pages 40]`` (``--quick``: 50
sites of 6 pages, ``scrapy bench`` for 5 s).

Each site is a local server on its own loopback address (127.0.0.2, 127.0.0.3, ...), so Scrapy
keeps one download slot per site and the project's per-site limits (``DOWNLOAD_DELAY`` 0.5 s with
AutoThrottle, two requests at a time, robots.txt) apply to each, as they do to organisers' servers.
A site is a paginated listing of events in JSON-LD read by the ``jsonld`` spider through its
``next`` selector. The crawl is the project's own (``aggregator.crawl.process.crawl``, every source
its own crawler in one Scrapy process) with its default settings. Pages per minute are counted by
the servers, from the first page asked for to the last (robots.txt not counted).

The baseline, measured in the same run: ``scrapy bench`` (Scrapy's own spider following links on
one local server as fast as it can, no politeness), its pages over its elapsed time.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from aggregator.crawl.process import crawl
from aggregator.ops.demoserver import SiteHandler, SiteServer
from aggregator.sources import Selectors, Source

EVENTS_PER_PAGE = 10
SUBJECTS = ["KI im Mittelstand", "IT-Sicherheit", "E-Rechnung", "Cloud-Souveränität", "Robotik"]


class Arrivals:
    """When each site was asked for each page: the servers' own clock, shared by their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_site: dict[str, list[float]] = {}

    def handler(self, site: str) -> type[SiteHandler]:
        arrivals = self

        class Counting(SiteHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                if not self.path.startswith("/robots.txt"):
                    with arrivals.lock:
                        arrivals.by_site.setdefault(site, []).append(time.monotonic())

        return Counting


def build_site(root: Path, site: int, pages: int) -> None:
    """``pages`` listing pages (``/``, ``/?page=2``, ...) of ten events each, each page linking
    the next as organisers' calendars do."""
    root.mkdir(parents=True)
    first = date(2027, 1, 4)
    for page in range(1, pages + 1):
        events = []
        for n in range(EVENTS_PER_PAGE):
            number = (page - 1) * EVENTS_PER_PAGE + n
            day = first + timedelta(days=number)
            events.append(
                {
                    "@context": "https://schema.org",
                    "@type": "Event",
                    "name": f"{SUBJECTS[number % len(SUBJECTS)]} – Termin {number} (Site {site})",
                    "startDate": f"{day.isoformat()}T17:00:00+01:00",
                    "url": f"/termin/{number}",
                    "location": {"@type": "Place", "name": "Haus der Wirtschaft Dresden"},
                }
            )
        following = f'<a class="next" href="/?page={page + 1}">weiter</a>' if page < pages else ""
        html = (
            "<!doctype html><html lang=de><head><title>Termine</title>"
            f'<script type="application/ld+json">{json.dumps(events)}</script></head>'
            f"<body><h1>Termine, Seite {page}</h1>{following}</body></html>"
        )
        name = "index.html" if page == 1 else f"index.html@page={page}"
        (root / name).write_text(html, encoding="utf-8")


def scrapy_bench(seconds: int, work: Path) -> float:
    """Pages per minute of ``scrapy bench``, from the stats it prints when it stops; run outside
    the project, so that Scrapy's stock settings apply."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    pages = re.search(r"'response_received_count': (\d+)", done.stderr)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", done.stderr)
    if pages is None or elapsed is None:
        raise SystemExit(f"scrapy bench printed no stats:\n{done.stderr[-2000:]}")
    return 60 * int(pages[1]) / float(elapsed[1])


def polite_crawl(sites: int, pages: int, work: Path) -> tuple[float, list[float], int, float]:
    """Pages per minute over all sites, each site's own pages per minute, the events read, and
    the whole crawl's wall time (Scrapy's start included)."""
    arrivals = Arrivals()
    servers = []
    sources = []
    try:
        for site in range(sites):
            root = work / "sites" / f"site-{site}"
            build_site(root, site, pages)
            host = f"127.0.0.{site + 2}"
            server = SiteServer(root, host=host, handler_class=arrivals.handler(host)).__enter__()
            servers.append(server)
            sources.append(
                Source(
                    name=f"site-{site}",
                    url=server.base_url + "/",
                    kind="jsonld",
                    selectors=Selectors(next="a.next::attr(href)"),
                )
            )
        settings = {"HTTPCACHE_DIR": str(work / "httpcache")}
        started = time.perf_counter()
        result = crawl(sources, work / "raw", settings=settings, log_file=work / "crawl.log")
        wall = time.perf_counter() - started
    finally:
        # Each server takes up to half a second to notice it should stop: all at once, not in turn.
        with ThreadPoolExecutor(max(1, len(servers))) as pool:
            list(pool.map(lambda server: server.__exit__(None, None, None), servers))
    times = sorted(t for site in arrivals.by_site.values() for t in site)
    overall = 60 * (len(times) - 1) / (times[-1] - times[0])
    per_site = [
        60 * (len(site) - 1) / (site[-1] - site[0])
        for site in arrivals.by_site.values()
        if len(site) > 1
    ]
    return overall, per_site, sum(s.events for s in result.stats.values()), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--pages", type=int, default=40, help="listing pages per site")
    parser.add_argument("--bench-seconds", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="6 pages per site, 5 s of bench")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.bench_seconds = 6, 5
    with tempfile.TemporaryDirectory() as tmp:
        baseline = scrapy_bench(args.bench_seconds, Path(tmp))
        overall, per_site, events, wall = polite_crawl(args.sites, args.pages, Path(tmp))
    expected = args.sites * args.pages * EVENTS_PER_PAGE
    print(
        f"{args.sites} polite sites at once, {args.pages} pages each: {overall:,.0f} pages/min "
        f"({overall / baseline:.0%} of scrapy bench); per site median "
        f"{statistics.median(per_site):,.0f}, max {max(per_site):,.0f} pages/min; "
        f"{events:,} of {expected:,} events read; whole crawl {wall:.1f} s with Scrapy's start"
    )
    print(f"baseline scrapy bench (same run, no politeness): {baseline:,.0f} pages/min")


if __name__ == "__main__":
    main()
