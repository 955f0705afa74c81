"""Reports on past events: precision and recall of "is a report", of its kind and of the link to
its event, on the labelled set, and what the recognition costs.

Run: ``.venv/bin/python benchmarks/bench_reports.py [--rounds 5]``

The set is ``tests/data/report_cases.toml``: German (and a few English) Nachberichte,
Rückblicke, "Folien zum Download" and "Aufzeichnung" items, announcements that mention last
year's edition, and news that is neither. Each item goes through the real ingest into a fresh
database that already holds the labelled events (``tests/support/report_cases.py``, shared with
the unit test that pins the misses). Figures are printed for the whole set and for the items
written after the rules (held out); then every miss with what was wanted and what was found.

Cost: CPU time of telling a report from an announcement and reading its kind
(``announcement.report_reason`` on the day of publication, as for an item whose feed gives no
publication day, so that all its checks run; and ``report_kinds``) on every item, against the whole
``normalise`` of the same items (the baseline, measured in the same run, best of ``--rounds``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu_time import best_of  # noqa: E402

from aggregator.normalise import announcement  # noqa: E402
from aggregator.normalise.dates import When  # noqa: E402
from aggregator.normalise.item import normalise  # noqa: E402
from aggregator.normalise.text import html_to_text, sanitise_html  # noqa: E402
from tests.support import report_cases  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    events, cases = report_cases.load()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = report_cases.run(Path(tmp) / "reports.db", events, cases)
    reports = sum(c.report for c in cases)
    print(
        f"{len(cases)} labelled items ({reports} reports, {sum(c.announces for c in cases)} "
        f"announcements, {len(cases) - reports - sum(c.announces for c in cases)} neither), "
        f"{len(events)} events\n"
    )
    batches = {"whole set": cases, "held out": [c for c in cases if c.held_out]}
    print(
        f"{'batch':<10} {'measure':<15} {'right':>5} {'wrong':>5} {'missed':>6} {'prec':>6} {'recall':>6}"
    )
    for name, batch in batches.items():
        for measure, t in report_cases.score(batch, outcomes).tallies.items():
            print(
                f"{name:<10} {measure:<15} {t.true_positive:>5} {t.false_positive:>5} "
                f"{t.false_negative:>6} {t.precision:>6.3f} {t.recall:>6.3f}"
            )
    print("\nmisses (whole set):")
    for measure, ids in report_cases.score(cases, outcomes).misses.items():
        print(f"  {measure}: {', '.join(ids) or '-'}")
    print("\nwanted (report, kind, event) / found:")
    for miss in report_cases.describe(cases, outcomes):
        print(f"  {miss['id']}: {miss['wanted']} / {miss['found']}")

    raws = [report_cases.news_item(c) for c in cases]
    texts = [html_to_text(sanitise_html(r.description, r.url)) for r in raws]
    repeat = max(1, 2000 // len(raws))

    def recognise() -> None:
        for _ in range(repeat):
            for case, text in zip(cases, texts, strict=True):
                when = When(start=case.seen, end=None, all_day=True)
                announcement.report_reason(case.title, text, when, None)
                announcement.report_kinds(case.title, text)

    def whole() -> None:
        for _ in range(repeat):
            for case, raw in zip(cases, raws, strict=True):
                normalise(raw, case.seen)

    items = repeat * len(raws)
    recognise_s, whole_s = best_of(recognise, args.rounds), best_of(whole, args.rounds)
    print(
        f"\ncost per item: report recognition {recognise_s / items * 1e6:.1f} µs, whole "
        f"normalise (baseline) {whole_s / items * 1e6:.1f} µs: {recognise_s / whole_s:.1%} of it "
        f"({items} items, best of {args.rounds})"
    )


if __name__ == "__main__":
    main()
