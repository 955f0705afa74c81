"""Hashtags, social and event-app links: precision and recall on the labelled set, and what the
extraction costs.

Run: ``.venv/bin/python benchmarks/bench_conversation.py [--rounds 5]``

The set is ``tests/data/conversation_cases.toml``: German event texts and pages with the traps of
real ones (``#`` in URLs and anchors, CSS colours, ``C#``, ``#1 in Sachsen``, booth numbers, share
buttons, iCalendar folding). Each case goes through the whole normaliser, as a raw item of its
kind; every hashtag and link found is scored against the labels (hashtags ignoring case, links as
canonical URLs). Figures are printed for the whole set and for the two batches written after the
rules (held out), and the misses are listed.

Cost: CPU time of ``aggregator.normalise.social.conversation`` on every case, against the whole
``normalise`` of the same cases (the baseline, measured in the same run, best of ``--rounds``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu_time import best_of  # noqa: E402

from aggregator.normalise.item import normalise  # noqa: E402
from aggregator.normalise.social import conversation  # noqa: E402
from aggregator.normalise.text import html_to_text, sanitise_html  # noqa: E402
from tests.support.conversation_set import REFERENCE, load_cases, raw_event, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = load_cases()
    batches = {
        "whole set": cases,
        "held out (1st)": [c for c in cases if c.get("held_out") is True],
        "held out (2nd)": [c for c in cases if c.get("held_out") == 2],
    }
    print(f"{len(cases)} labelled cases\n")
    print(
        f"{'batch':<16} {'label':<9} {'found':>5} {'wanted':>6} {'right':>5} {'prec':>6} {'recall':>6}"
    )
    for name, batch in batches.items():
        for label, s in score(batch).items():
            print(
                f"{name:<16} {label:<9} {s.found:>5} {s.expected:>6} {s.correct:>5} "
                f"{s.precision:>6.3f} {s.recall:>6.3f}"
            )
    print("\nmisses (whole set):")
    for case, what, label, value in score(cases)["all"].misses:
        print(f"  {case}: {what} {label} {value}")

    raws = [raw_event(c) for c in cases]
    texts = [html_to_text(sanitise_html(r.description, r.url)) for r in raws]
    repeat = max(1, 2000 // len(raws))

    def extract() -> None:
        for _ in range(repeat):
            for raw, text in zip(raws, texts, strict=True):
                conversation(raw, raw.title or "", text)

    def whole() -> None:
        for _ in range(repeat):
            for raw in raws:
                normalise(raw, REFERENCE)

    items = repeat * len(raws)
    extract_s, whole_s = best_of(extract, args.rounds), best_of(whole, args.rounds)
    print(
        f"\ncost per item: conversation {extract_s / items * 1e6:.1f} µs, whole normalise "
        f"(baseline) {whole_s / items * 1e6:.1f} µs: {extract_s / whole_s:.1%} of it "
        f"({items} items, best of {args.rounds})"
    )


if __name__ == "__main__":
    main()
