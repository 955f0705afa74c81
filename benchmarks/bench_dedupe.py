"""Dedupe at national scale: time and pairwise precision/recall of ``dedupe.cluster``, as the number
of events grows at a steady density and when all of them fall in one year.

Run: ``.venv/bin/python benchmarks/bench_dedupe.py [--sizes 250000 500000 1000000]
[--dense 100000 200000 400000]`` (``--quick``: 20,000 over ten years and 20,000 in one year).

The sightings are those of ``bench_ingest.py``'s generator (1-4 announcements per event, titles,
dates and places varied as aggregators vary them), made into normalised events directly, without
the normalisers: this benchmark is about matching. ``--sizes`` spreads the events over ten years,
``--dense`` puts them all into 2027. For each size: CPU seconds of clustering, the growth exponent
from the size before (1.0 is linear), and pairwise precision and recall against the generator's
truth, with the wall-clock time and the load average next to it (other jobs on a shared machine
inflate both; compare runs of one window). The baseline, measured in the same run on the same sightings: the spine's exact-title
matcher.

``--memory 100000`` also prints what clustering holds per sighting at its peak (tracemalloc, one
dense year: the sightings themselves, made before, are not counted), and ``--baseline DIR`` runs
the same series with the ``aggregator`` package of another checkout (a ``git archive`` of the
commit to compare with) in a child process, so that both are measured in the same window.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime

from synthetic import BERLIN, generate, pairwise_quality, spine_exact_clusters

from aggregator import dedupe
from aggregator.model.event import Event, Sighting


def sighting_of(raw: dict) -> Sighting:
    """What the normalisers make of the generator's raw item, without running them: the dates
    as given (the German date text of a quarter of the aggregators read as written), the town of
    a venue named after it, online for the online shapes."""
    start, end, all_day = raw.get("start"), raw.get("end"), bool(raw.get("all_day"))
    if start is None:
        start = datetime.strptime(raw["when"], "%d.%m.%Y, %H:%M Uhr").replace(tzinfo=BERLIN)
        start = start.isoformat()
    online = (raw.get("place_text") or "").startswith("Online")
    venue = raw.get("venue")
    city = raw.get("city") or (venue.removeprefix("Haus der Wirtschaft ") if venue else None)
    event = Event(
        title=raw["title"],
        start=start,
        end=end,
        all_day=all_day,
        venue=venue,
        street=raw.get("street"),
        postcode=raw.get("postcode"),
        city=None if online else city,
        region=raw.get("region"),
        attendance="online" if online else "offline",
        organizer=raw.get("organizer") or raw.get("default_organizer"),
        url=raw.get("event_url") or raw["url"],
    )
    named = {"organizer": raw["organizer"]} if raw.get("organizer") else {}
    return Sighting(raw["source"], raw["key"], raw["url"], raw["fetched_at"], event, named)


def measure(
    count: int, years: int, seed: int
) -> tuple[float, float, float, float, float, float, float]:
    raws, truth = generate(count, seed, years)
    sightings = [sighting_of(raw) for raw in raws]
    begin, wall = time.process_time(), time.perf_counter()
    clusters = dedupe.cluster(sightings, {})
    seconds, wall = time.process_time() - begin, time.perf_counter() - wall
    assigned = {s.source_key: c.event_id for c in clusters for s in c.sightings}
    ours = pairwise_quality(truth, [assigned[s.source_key] for s in sightings])
    begin = time.process_time()
    exact = spine_exact_clusters(sightings)
    spine_seconds = time.process_time() - begin
    spine = pairwise_quality(truth, [exact[s.source_key] for s in sightings])
    return seconds, wall, ours[0], ours[1], spine_seconds, spine[0], spine[1]


def series(label: str, sizes: list[int], years: int, seed: int) -> None:
    print(f"{label}:")
    before: tuple[int, float] | None = None
    for count in sizes:
        seconds, wall, precision, recall, spine_s, spine_p, spine_r = measure(count, years, seed)
        growth = (
            f"growth N^{math.log(seconds / before[1]) / math.log(count / before[0]):.2f}"
            if before
            else "growth -"
        )
        print(
            f"  {count:>9,} sightings: {seconds:6.1f} s CPU, {wall:6.1f} s wall "
            f"({count / seconds:,.0f}/CPU s, {growth}, load {os.getloadavg()[0]:.1f}); "
            f"precision {precision:.3f}, recall {recall:.3f} | baseline spine exact titles "
            f"{spine_s:.1f} s, precision {spine_p:.3f}, recall {spine_r:.3f}"
        )
        before = (count, seconds)


def bytes_per_sighting(count: int, seed: int) -> tuple[float, float]:
    """Peak and retained bytes that clustering allocates, per sighting, over one dense year."""
    raws, _ = generate(count, seed, 1)
    sightings = [sighting_of(raw) for raw in raws]
    del raws
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    clusters = dedupe.cluster(sightings, {})
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del clusters
    return (peak - before) / count, (after - before) / count


def baseline(folder: str, argv: list[str]) -> None:
    """This script again, importing ``aggregator`` from ``folder`` first."""
    print(f"--- baseline: aggregator from {folder}", flush=True)
    env = {**os.environ, "PYTHONPATH": folder, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, __file__, *argv], env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[250_000, 500_000, 1_000_000])
    parser.add_argument("--dense", type=int, nargs="*", default=[100_000, 200_000, 400_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="20,000 of each")
    parser.add_argument("--memory", type=int, help="sightings of one year to measure bytes for")
    parser.add_argument("--baseline", help="a checkout's folder to run the same series with")
    args = parser.parse_args()
    if args.baseline:
        argv = [a for a in sys.argv[1:] if a not in ("--baseline", args.baseline)]
        baseline(args.baseline, argv)
        print(f"--- this checkout: aggregator from {os.path.dirname(dedupe.__file__)}")
    if args.quick:
        args.sizes, args.dense = [10_000, 20_000], [10_000, 20_000]
    if args.memory:
        peak, kept = bytes_per_sighting(args.memory, args.seed)
        print(
            f"memory, {args.memory:,} sightings in one year: {peak:,.0f} bytes per sighting at "
            f"the peak of clustering, {kept:,.0f} kept afterwards (clusters and caches)"
        )
    series("events over ten years", args.sizes, 10, args.seed)
    series("all events in one year (2027)", args.dense, 1, args.seed)


if __name__ == "__main__":
    main()
