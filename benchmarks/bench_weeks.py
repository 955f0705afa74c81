"""What the crowded week costs a publish: the week overview (``wochen.html``, ``wochen.json``) and
the event pages' "same day" lines, against the whole publish of the same database in the same run.

    .venv/bin/python benchmarks/bench_weeks.py [--events 20000] [--rounds 3]

The database is bench_publish's synthetic one (events over 18 months in 16 states, a few hundred
cities). Times are CPU seconds of this process, best of ``--rounds``; the whole publish is timed
once, into an empty folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_publish import TODAY, build_db  # noqa: E402
from cpu_time import best_of  # noqa: E402

from aggregator import store  # noqa: E402
from feeds import same_day, weeks  # noqa: E402
from feeds.publish import PublishOptions, publish  # noqa: E402
from feeds.selection import DEFAULT_HORIZON_DAYS, upcoming  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.db"
        build_db(path, args.events)
        db = store.open_db(path)
        events = upcoming(db, TODAY, DEFAULT_HORIZON_DAYS)

        def overview() -> None:
            columns, cities = weeks.heatmap(events, TODAY)
            weeks.render_html(columns, cities, TODAY)
            weeks.render_json(columns, cities, TODAY)

        week_s = best_of(overview, args.rounds)
        day_s = best_of(lambda: same_day.index(db), args.rounds)
        columns, cities = weeks.heatmap(events, TODAY)
        page_kb = len(weeks.render_html(columns, cities, TODAY)) / 1000
        begin = time.process_time()
        publish(db, Path(tmp) / "public", TODAY, PublishOptions())
        whole_s = time.process_time() - begin
        neighbours = same_day.index(db)
    print(
        f"{args.events} events ({len(events)} upcoming, {len(cities)} cities x {len(columns)} "
        f"weeks, wochen.html {page_kb:.0f} KB): week overview {week_s:.2f}s, same-day index {day_s:.2f}s "
        f"({len(neighbours)} pages with a same-day line); whole publish (baseline) {whole_s:.1f}s: "
        f"{(week_s + day_s) / whole_s:.1%} of it"
    )


if __name__ == "__main__":
    main()
