"""Datasette on a million events: how long each page and query of ``aggregator serve`` takes.

Run: ``.venv/bin/python benchmarks/bench_datasette.py [--events 1000000] [--rounds 20] [--db FILE]``
(``--quick``: 20,000 events, 5 rounds).

Builds a database of synthetic events with the store's own functions (events over ten years, two
of them still to come, 2,000 towns, 3,000 organisers, 1-3 sightings each; ``--db FILE`` keeps it
for the next run), then asks Datasette, configured as ``aggregator serve`` configures it, through
its in-process ASGI client: the events table as first shown, a search as JSON and as a page, a
facet's value chosen, every canned query, the feeds of a search and the sightings table. Each is
asked ``--rounds`` times after one warm-up; p50 and p95 are wall-clock milliseconds. The baseline,
measured in the same run on the same file: plain FTS5, ``select rowid from events_fts where
events_fts match 'KI' limit 20``, through sqlite3.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from synthetic import build_db

from aggregator import store
from aggregator.ops.serve import in_process

TODAY = date(2026, 11, 27)
FIRST, LAST = date(2018, 11, 27), date(2028, 11, 27)
TARGET_MS = 100.0
PAGES = [
    ("table page", "/{db}/events"),
    ("search, JSON", "/{db}/events.json?_search=KI"),
    ("search, page", "/{db}/events?_search=KI"),
    ("prefix search, page", "/{db}/events?_search=cyber*"),
    ("a facet's value", "/{db}/events?region=Sachsen"),
    ("facet and search", "/{db}/events?city=Dresden&_search=Cloud"),
    ("next page", "/{db}/events?_next={next}"),
    ("database page", "/{db}"),
    ("sightings table", "/{db}/event_sources"),
    ("canned: this month in Saxony", "/{db}/upcoming_sachsen_this_month"),
    ("canned: by topic", "/{db}/upcoming_by_topic?topic=ki"),
    ("canned: by a rare topic", "/{db}/upcoming_by_topic?topic=halbleiter"),
    ("canned: topics", "/{db}/topics"),
    ("canned: by organiser", "/{db}/events_by_organizer?organizer=Digitalagentur+Leipzig"),
    ("canned: source health", "/{db}/source_health"),
    ("canned: feed of a search", "/{db}/feed?q=KI"),
    ("feed.atom?q=KI", "/{db}/feed.atom?q=KI"),
    ("feed.ics?q=Cloud", "/{db}/feed.ics?q=Cloud"),
]  # fmt: skip


class Failed(Exception):
    """A page that answered with an error (Datasette's time limit, for one)."""


def quiet_tracebacks() -> None:
    """Datasette prints every error page's traceback (with rich, when installed); the benchmark
    reports the failure in one line instead."""
    try:
        import rich
    except ImportError:
        return
    rich.reconfigure(quiet=True)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(call: Callable[[], object], rounds: int) -> list[float]:
    call()
    samples = []
    for _ in range(rounds):
        begin = time.perf_counter()
        call()
        samples.append((time.perf_counter() - begin) * 1000)
    return samples


def baseline(db_path: Path, rounds: int) -> list[float]:
    conn = sqlite3.connect(db_path)
    query = "select rowid from events_fts where events_fts match 'KI' limit 20"
    samples = timed(lambda: conn.execute(query).fetchall(), rounds)
    conn.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", type=Path, help="build the database here, or use it if it exists")
    parser.add_argument("--quick", action="store_true", help="20,000 events, 5 rounds")
    args = parser.parse_args()
    if args.quick:
        args.events, args.rounds = 20_000, 5
    os.environ["AGGREGATOR_TODAY"] = TODAY.isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or Path(tmp) / "events.db"
        if not db_path.exists():
            begin = time.perf_counter()
            build_db(db_path, args.events, FIRST, LAST, sightings=True)
            print(f"built {args.events:,} events in {time.perf_counter() - begin:.0f} s")
        store.open_db(
            db_path
        ).close()  # a file from before the latest step: migrated, as serve does
        conn = sqlite3.connect(db_path)
        count = conn.execute("select count(*) from events").fetchone()[0]
        conn.close()
        quiet_tracebacks()
        site = in_process(db_path)
        loop = asyncio.new_event_loop()
        loop.run_until_complete(site.invoke_startup())

        def get(path: str) -> Any:
            response = loop.run_until_complete(site.client.get(path))
            if response.status_code != 200:
                raise Failed(f"HTTP {response.status_code}")
            return response

        first = get(f"/{db_path.stem}/events.json?_size=1").json()
        base = percentiles(baseline(db_path, args.rounds))
        print(
            f"Datasette on {count:,} events, today {TODAY}, {args.rounds} rounds; baseline plain "
            f"FTS5 MATCH 'KI' LIMIT 20: p50 {base[0]:.3f} ms, p95 {base[1]:.3f} ms"
        )
        worst, failed = 0.0, 0
        for label, path in PAGES:
            path = path.format(db=db_path.stem, next=first.get("next") or "")
            try:
                p50, p95 = percentiles(timed(lambda path=path: get(path), args.rounds))
            except Failed as failure:
                print(f"  {label:<30} failed: {failure}  {path}")
                failed += 1
                continue
            worst = max(worst, p95)
            print(
                f"  {label:<30} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                f"({p95 / base[1]:5.0f}x baseline)  {path}"
            )
        loop.close()
        verdict = "met" if worst <= TARGET_MS and not failed else "NOT met"
        print(
            f"slowest p95 {worst:.1f} ms, {failed} failed: target p95 <= {TARGET_MS:.0f} ms and "
            f"none failing {verdict}"
        )


if __name__ == "__main__":
    main()
