"""Publish time for a large database, with a small one as the baseline measured in the same run.

    .venv/bin/python benchmarks/bench_publish.py [--events 100000] [--baseline 1000]

Builds synthetic databases through the store's own functions (events spread over 18 months in 16
states, a few hundred cities, 1-3 topics each), then times a first publish into an empty folder, per
format, a second publish from the unchanged database (which must write nothing and swap no folder),
and one after 1 % of the events changed (those files rendered into the staging folder, the rest
linked from the published one, then swapped whole). Wall-clock and CPU seconds are both printed
(CPU split into user and kernel mode): on a shared machine the first includes waiting for a core.
"creating the files" is the time inside the staging folder's writer (open, write, close, or a
link), to set beside the same bytes written plainly into an empty folder.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aggregator import store
from aggregator.model.event import Event
from feeds import publish as publishing
from feeds import staging
from feeds.publish import PublishOptions, publish

TODAY = date(2026, 11, 27)
BERLIN = ZoneInfo("Europe/Berlin")
STATES = [
    "Sachsen", "Thüringen", "Sachsen-Anhalt", "Berlin", "Brandenburg", "Bayern",
    "Baden-Württemberg", "Hessen", "Nordrhein-Westfalen", "Niedersachsen", "Bremen", "Hamburg",
    "Schleswig-Holstein", "Mecklenburg-Vorpommern", "Rheinland-Pfalz", "Saarland",
]  # fmt: skip
TOPICS = ["ki", "industrie-4-0", "it-sicherheit", "e-commerce", "cloud", "daten", "digitalisierung"]
WORDS = ["Forum", "Werkstatt", "Meetup", "Konferenz", "Sprechstunde", "Praxistag", "Barcamp"]


def synthetic_events(count: int, seed: int = 7) -> list[tuple[str, Event]]:
    rng = random.Random(seed)
    cities = [(f"Ort {i} ({STATES[i % 16]})", STATES[i % 16]) for i in range(400)]
    out = []
    for n in range(count):
        city, region = rng.choice(cities[:40]) if rng.random() < 0.6 else rng.choice(cities)
        day = TODAY + timedelta(days=rng.randint(-30, 540))
        topics = sorted(rng.sample(TOPICS, rng.randint(1, 3)))
        if rng.random() < 0.15:
            start, end, all_day = day.isoformat(), (day + timedelta(days=1)).isoformat(), True
        else:
            begin = datetime(day.year, day.month, day.day, rng.randint(8, 19), 0, tzinfo=BERLIN)
            start = begin.isoformat()
            end = (begin + timedelta(hours=rng.randint(1, 4))).isoformat()
            all_day = False
        out.append(
            (
                f"bench{n:07d}",
                Event(
                    title=f"{rng.choice(WORDS)} {topics[0].upper()} Nr. {n}",
                    start=start,
                    end=end,
                    all_day=all_day,
                    description=f"<p>Beschreibung von Veranstaltung {n} mit <strong>Programm</strong>.</p>",
                    description_text=f"Beschreibung von Veranstaltung {n} mit Programm.",
                    venue="Tagungszentrum",
                    street="Hauptstraße 1",
                    postcode=f"{rng.randint(1000, 99999):05d}",
                    city=city,
                    region=region,
                    country="DE",
                    latitude=50 + rng.random(),
                    longitude=12 + rng.random(),
                    status="cancelled" if rng.random() < 0.03 else "scheduled",
                    url=f"https://veranstalter.example.org/termine/{n}",
                    organizer=f"Netzwerk {n % 300}",
                    topics=topics,
                ),
            )
        )
    return out


def build_db(path: Path, count: int) -> None:
    db = store.open_db(path)
    rows = []
    for event_id, event in synthetic_events(count):
        row, _ = store.event_row(
            event_id,
            event,
            digital=True,
            now="2026-11-20T03:15:00+00:00",
            previous=None,
            source_count=1,
        )
        rows.append(row)
    with db.conn:
        db["events"].insert_all(rows, pk="id", batch_size=2000)
    db.close()


class Timed:
    """A renderer that adds the seconds it spends to a shared tally."""

    def __init__(self, renderer, spent: dict[str, float], ext: str) -> None:
        self.renderer, self.spent, self.ext = renderer, spent, ext

    def render(self, *args):
        begin = time.perf_counter()
        try:
            return self.renderer.render(*args)
        finally:
            self.spent[self.ext] += time.perf_counter() - begin


def timed_pages(render_pages, spent: dict[str, float]):
    """``event_page.render_pages`` adding the seconds each event's page and calendar file take."""

    def timed(*args):
        pages = render_pages(*args)
        while True:
            begin = time.perf_counter()
            try:
                page = next(pages)
            except StopIteration:
                return
            finally:
                spent["pages"] += time.perf_counter() - begin
            yield page

    return timed


def timed_writes(write, spent: dict[str, float]):
    """``staging._write`` adding the seconds each staged file takes to create, write or link."""

    def timed(*args):
        begin = time.perf_counter()
        try:
            return write(*args)
        finally:
            spent["files"] += time.perf_counter() - begin

    return timed


def timed_publish(db_path: Path, out: Path, options: PublishOptions) -> dict[str, float]:
    """Seconds in total, per format, for the event pages and for creating the files, for one
    publish; CPU seconds in user and kernel mode."""
    spent: dict[str, float] = defaultdict(float)
    originals = dict(publishing.RENDERERS)
    render_pages = publishing.event_page.render_pages
    publishing.event_page.render_pages = timed_pages(render_pages, spent)
    write = staging._write
    staging._write = timed_writes(write, spent)
    publishing.RENDERERS.update(
        {
            ext: (lambda *args, make=make, ext=ext: Timed(make(*args), spent, ext))
            for ext, make in originals.items()
        }
    )
    try:
        db = store.open_db(db_path)
        begin, cpu = time.perf_counter(), os.times()
        paths = publish(db, out, TODAY, options)
        spent["total"] = time.perf_counter() - begin
        spent["user"] = os.times().user - cpu.user
        spent["sys"] = os.times().system - cpu.system
        spent["cpu"] = spent["user"] + spent["sys"]
        spent["outputs"] = len(paths)
        db.close()
    finally:
        publishing.RENDERERS.update(originals)
        publishing.event_page.render_pages = render_pages
        staging._write = write
    return spent


def written_files(out: Path, since_ns: int) -> int:
    return sum(1 for p in out.rglob("*") if p.is_file() and p.stat().st_mtime_ns >= since_ns)


def plain_writes(out: Path, floor: Path) -> float:
    """The floor of a first publish: the same files, with the same bytes, written with plain
    ``open``/``write`` into an empty folder (no rendering, no temporary files)."""
    contents = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    begin = time.perf_counter()
    for relative, content in contents.items():
        target = floor / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return time.perf_counter() - begin


def change_some(db_path: Path, share: float) -> int:
    """A night's changes: ``share`` of the events get a new title (and so a new content hash,
    ``updated`` and SEQUENCE), as an ingest writes them."""
    db = store.open_db(db_path)
    rows = list(db.query("select id from events where abs(random()) % 10000 < ?", [share * 10000]))
    with db.conn:
        db.conn.executemany(
            """update events set title = title || ' (neu)', content_hash = 'changed',
               updated = '2026-11-27T03:15:00+00:00', sequence = sequence + 1 where id = ?""",
            [(row["id"],) for row in rows],
        )
    db.close()
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--quick", action="store_true", help="5,000 events")
    parser.add_argument(
        "--unchanged-runs", type=int, default=3, help="unchanged re-publishes timed (default 3)"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(".cache/bench"),
        help="where the databases and folders are made (default: %(default)s, in the checkout: "
        "on the disk a real publish writes to)",
    )
    args = parser.parse_args()
    if args.quick:
        args.events = 5_000
    options = PublishOptions(base_url="https://termine.example.org/")
    print(f"publish benchmark (limit {options.limit}/feed, horizon {options.horizon_days} days)")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.work_dir) as tmp:
        for count in (args.baseline, args.events):
            db_path = Path(tmp) / f"events-{count}.db"
            begin = time.perf_counter()
            build_db(db_path, count)
            built = time.perf_counter() - begin
            out = Path(tmp) / f"public-{count}"
            first = timed_publish(db_path, out, options)
            size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
            floor = plain_writes(out, Path(tmp) / f"floor-{count}")
            mark, folder = time.time_ns(), out.stat().st_ino
            seconds = [timed_publish(db_path, out, options) for _ in range(args.unchanged_runs)]
            unchanged_writes = written_files(out, mark)
            unchanged_swap = "swapped" if out.stat().st_ino != folder else "not swapped"
            changed = change_some(db_path, 0.01)
            mark, folder = time.time_ns(), out.stat().st_ino
            nightly = timed_publish(db_path, out, options)
            nightly_writes = written_files(out, mark)
            nightly_swap = "swapped" if out.stat().st_ino != folder else "not swapped"
            per_format = ", ".join(
                f"{ext} {first[ext]:.1f}s" for ext in ("atom", "rss", "ics", "json", "pages")
            )
            unchanged = ", ".join(f"{s['total']:.2f}s (CPU {s['cpu']:.2f}s)" for s in seconds)
            print(
                f"{count:>7} events: first publish {first['total']:6.1f}s "
                f"(CPU {first['cpu']:.1f}s: user {first['user']:.1f}s, kernel {first['sys']:.1f}s; "
                f"{int(first['outputs'])} files, {size / 1e6:.1f} MB; {per_format}; "
                f"creating the files {first['files']:.1f}s; baseline: the same bytes written "
                f"plainly {floor:.1f}s)\n"
                f"{'':>16}unchanged re-publish {unchanged} "
                f"({unchanged_writes} files written, folder {unchanged_swap}); "
                f"{changed} events changed: {nightly['total']:.1f}s ({nightly_writes} files "
                f"written, the rest linked, folder {nightly_swap}); db built in {built:.1f}s"
            )


if __name__ == "__main__":
    main()
