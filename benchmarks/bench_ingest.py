"""Ingest speed, memory and dedupe quality on 100,000 synthetic raw events.

Run: ``.venv/bin/python benchmarks/bench_ingest.py [--events 100000] [--seed 7] [--subset 2000]
[--baseline-checkout /work/main] [--first-only]``

The raw events are generated as organisers and aggregators publish them: about 66,000 distinct events
(conferences, workshops, meetups; 10 % online; monthly meetup series with one title), each announced
by 1 to 4 of 300 sources (65 % once, 22 % twice, 10 % three times, 3 % four times). The organiser's
own sighting has the canonical title, ISO times and the full address; an aggregator's sighting varies
the title (capitals, year, subtitle, umlaut spelling, a kind word, a typo), gives a date only, a start
only, a German date text or a start 30 minutes off, and the city only, a venue only or no place.

Each phase runs in a fresh Python process, so its peak resident memory (``VmHWM``) is its own:
``warm`` (the floor: the program loaded and one raw event normalised, so the normalisers' lookup
data, e.g. the place names, is in memory), ``first`` (read the JSON-lines file and
ingest it into an empty database), ``again`` (the same file again a day later: every sighting known
and unchanged). The baselines run in the same invocation: all-pairs matching of a subset against
blocked clustering of the same subset, and the spine's exact-title matcher on the full set. Dedupe
quality is pairwise precision and recall against the generator's ground truth.

``--baseline-checkout DIR`` runs the first ingest of another checkout (its own ``.venv`` and this
script there) on the same raw files right after this one's, and prints both: on a shared machine
only figures of the same minutes compare. ``--first-only`` measures the first ingest alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import groupby
from pathlib import Path

from synthetic import generate, pairwise_quality, spine_exact_clusters


def phase(name: str, raw_file: Path, db_file: Path, today: str) -> dict:
    """One measured step, run in this (fresh) process."""
    os.environ["AGGREGATOR_TODAY"] = today
    from aggregator import store
    from aggregator.ingest import ingest, read_raw

    result: dict = {"phase": name}
    if name == "bulk":
        return sqlite_bulk_insert(db_file)
    if name == "warm":
        from aggregator import clock
        from aggregator.normalise.item import normalise

        normalise(next(iter(read_raw([raw_file])[0])), clock.today())
    else:
        started, cpu, workers = time.perf_counter(), time.process_time(), children_cpu()
        raws, _ = read_raw([raw_file])
        db = store.open_db(db_file)
        report = ingest(db, raws)
        db.close()
        result.update(
            seconds=time.perf_counter() - started,
            cpu_seconds=time.process_time() - cpu,
            workers_cpu_seconds=children_cpu() - workers,
            workers_peak_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            raws=sum(s.events + sum(s.dropped.values()) for s in report.sources.values()),
            new=report.new,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    result["peak_mb"] = peak_memory_mb()
    return result


def sqlite_bulk_insert(db_file: Path) -> dict:
    """The baseline: the rows the first ingest wrote (events and their sightings), inserted with
    plain ``executemany`` in one transaction into an empty database of the same schema."""
    import sqlite3

    from aggregator import store

    source = sqlite3.connect(db_file)
    tables = {}
    for table in ("events", "event_sources"):
        cursor = source.execute(f"select * from {table}")
        tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    source.close()
    target = db_file.with_name("bulk.db")
    store.open_db(target).close()
    conn = sqlite3.connect(target)
    started = time.perf_counter()
    with conn:
        for table, (columns, rows) in tables.items():
            names = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" * len(columns))
            conn.executemany(f"insert into {table} ({names}) values ({marks})", rows)
    seconds = time.perf_counter() - started
    conn.close()
    return {
        "phase": "bulk",
        "seconds": seconds,
        "rows": sum(len(rows) for _, rows in tables.values()),
        "peak_mb": peak_memory_mb(),
    }


def children_cpu() -> float:
    """CPU seconds of this process's finished children: the normalising pool's workers."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_memory_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec, so a child
    would report its parent's peak; ``VmHWM`` belongs to the process image and starts afresh."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(
    name: str, raw_file: Path, db_file: Path, today: str, checkout: Path | None = None
) -> dict:
    """``checkout``: another checkout's interpreter and copy of this script run the phase."""
    python, script = sys.executable, __file__
    if checkout is not None:
        python = str(checkout / ".venv" / "bin" / "python")
        script = str(checkout / "benchmarks" / "bench_ingest.py")
    done = subprocess.run(
        [python, script, "--phase", name, str(raw_file), str(db_file), today],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if done.returncode:
        raise SystemExit(f"phase {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def baselines(raw_file: Path, truth: list[int], subset: int) -> None:
    from aggregator import clock, dedupe
    from aggregator.ingest import read_raw
    from aggregator.normalise.item import Dropped, normalise

    raws = list(read_raw([raw_file])[0])
    started = time.perf_counter()
    normalised = [normalise(r, clock.today()) for r in raws]
    normalise_seconds = time.perf_counter() - started
    kept = [(s, t) for s, t in zip(normalised, truth, strict=True) if not isinstance(s, Dropped)]
    sightings = [s for s, _ in kept]
    kept_truth = [t for _, t in kept]
    print(
        f"normalise alone: {len(raws) / normalise_seconds:,.0f} raw events/s "
        f"({len(raws) - len(sightings)} dropped)"
    )

    sample = sightings[:subset]
    fingerprints = [dedupe.Fingerprint.of(s.event) for s in sample]
    started = time.perf_counter()
    for i, a in enumerate(fingerprints):
        for b in fingerprints[i + 1 :]:
            dedupe.match_score(a, b)
    all_pairs = time.perf_counter() - started
    pair_count = len(sample) * (len(sample) - 1) // 2
    started = time.perf_counter()
    dedupe.cluster(sample, {})
    blocked = time.perf_counter() - started
    per_pair = all_pairs / pair_count
    full_pairs = len(sightings) * (len(sightings) - 1) // 2
    print(
        f"baseline all-pairs on {len(sample):,}: {all_pairs:.1f} s ({pair_count:,} pairs); "
        f"blocked clustering of the same: {blocked:.2f} s; all pairs of {len(sightings):,} "
        f"would take ~{full_pairs * per_pair / 3600:,.1f} h"
    )

    started = time.perf_counter()
    clusters = dedupe.cluster(sightings, {})
    ours_seconds = time.perf_counter() - started
    assigned = {(s.source, s.key): c.event_id for c in clusters for s in c.sightings}
    ours = pairwise_quality(kept_truth, [assigned[(s.source, s.key)] for s in sightings])
    started = time.perf_counter()
    exact = spine_exact_clusters(sightings)
    exact_seconds = time.perf_counter() - started
    spine = pairwise_quality(kept_truth, [exact[(s.source, s.key)] for s in sightings])
    print(
        f"dedupe on {len(sightings):,} sightings of {len(set(kept_truth)):,} events: "
        f"precision {ours[0]:.3f}, recall {ours[1]:.3f}, {len(clusters):,} events, "
        f"{ours_seconds:.1f} s"
    )
    print(
        f"baseline spine exact-title matcher: precision {spine[0]:.3f}, recall {spine[1]:.3f}, "
        f"{len(set(exact.values())):,} events, {exact_seconds:.1f} s"
    )


def figures(result: dict) -> str:
    workers_peak = result.get("workers_peak_mb")
    return (
        f"{result['raws'] / result['seconds']:,.0f} raw events/s "
        f"({result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s CPU, "
        f"{result['workers_cpu_seconds']:.1f} s CPU in the pool's workers), "
        f"peak {result['peak_mb']:.0f} MB"
        + (f" (largest worker {workers_peak:.0f} MB)" if workers_peak else "")
        + f"; {result['new']:,} new, {result['updated']:,} updated, "
        f"{result['unchanged']:,} unchanged; load average {os.getloadavg()[0]:.1f} at its end"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--subset", type=int, default=2000)
    parser.add_argument("--phase", nargs=4, metavar=("NAME", "RAW", "DB", "TODAY"))
    parser.add_argument("--baseline-checkout", type=Path, help="e.g. /work/main")
    parser.add_argument("--first-only", action="store_true")
    args = parser.parse_args()
    if args.phase:
        name, raw_file, db_file, today = args.phase
        print(json.dumps(phase(name, Path(raw_file), Path(db_file), today)))
        return

    raws, truth = generate(args.events, args.seed)
    # A run's folder, one raw file per source, as the crawl writes it (``ingest.read_raw`` takes
    # a file's lines as its source's only); in the order it is read, so that truth stays aligned.
    order = sorted(range(len(raws)), key=lambda i: f"{raws[i]['source']}.jsonl")
    raws, truth = [raws[i] for i in order], [truth[i] for i in order]
    with tempfile.TemporaryDirectory() as tmp:
        raw_file, db_file = Path(tmp) / "run", Path(tmp) / "events.db"
        raw_file.mkdir()
        for source, items in groupby(raws, key=lambda raw: raw["source"]):
            with (raw_file / f"{source}.jsonl").open("w", encoding="utf-8") as handle:
                for raw in items:
                    handle.write(json.dumps(raw, ensure_ascii=False) + "\n")
        size = sum(file.stat().st_size for file in raw_file.iterdir())
        shares = Counter(Counter(truth).values())
        print(
            f"{len(raws):,} raw events of {len(set(truth)):,} distinct events "
            f"({size / 1e6:.0f} MB JSON lines); announced by 1/2/3/4 sources: "
            + "/".join(f"{shares[k] * 100 / len(set(truth)):.0f}%" for k in (1, 2, 3, 4))
        )
        floor = run_phase("warm", raw_file, db_file, "2026-11-27")
        print(
            f"floor, the program loaded and one raw event normalised (its lookup data loaded): "
            f"peak {floor['peak_mb']:.0f} MB"
        )
        phases = [
            ("first", "2026-11-27", "first ingest into an empty database"),
            ("again", "2026-11-28", "unchanged re-ingest a day later"),
        ]
        for name, today, label in phases[:1] if args.first_only else phases:
            result = run_phase(name, raw_file, db_file, today)
            print(f"{label}: {figures(result)}")
            if name == "first" and args.baseline_checkout:
                other = db_file.with_name("baseline.db")
                theirs = run_phase(name, raw_file, other, today, args.baseline_checkout)
                print(f"  baseline, {args.baseline_checkout} in the same run: {figures(theirs)}")
            if name == "first" and not args.first_only:
                bulk = run_phase("bulk", raw_file, db_file, today)
                print(
                    f"  baseline, SQLite bulk insert of the same {bulk['rows']:,} rows into the "
                    f"same schema (triggers on): {bulk['seconds']:.1f} s, "
                    f"{result['raws'] / bulk['seconds']:,.0f} raw events/s"
                )
        if args.first_only:
            return
        print(f"database file: {db_file.stat().st_size / 1e6:.0f} MB")
        os.environ["AGGREGATOR_TODAY"] = "2026-11-27"
        baselines(raw_file, truth, args.subset)


if __name__ == "__main__":
    main()
