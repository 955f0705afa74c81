"""How fast schema.org events come out of pages, and what reading broken JSON-LD costs.

Run: ``.venv/bin/python benchmarks/bench_jsonld.py [--pages 300] [--rounds 3]``

Pages are generated like the organisers' event pages (a 20 KB body around one JSON-LD script):
valid JSON-LD, the same JSON-LD broken the ways real pages break it (trailing comma and Ember
comment, unquoted postcode with a leading zero, raw quotes in the description), and microdata only.
The baseline in the same run is extruct's own JSON-LD extraction of the valid pages, which reads
no broken script at all. Figures are pages per second of CPU time, best of the rounds.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import extruct

from spiders.schemaorg import extract_events

FILLER = "<p>" + "Lorem ipsum dolor sit amet, Digitalisierung im Mittelstand. " * 8 + "</p>\n"


def valid_page(i: int) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "BusinessEvent",
        "name": f"KI-Werkstatt {i}",
        "startDate": f"2027-03-{i % 28 + 1:02d}T16:00:00+01:00",
        "location": {
            "@type": "Place",
            "name": "Bildungszentrum",
            "address": {
                "@type": "PostalAddress",
                "postalCode": "04109",
                "addressLocality": "Leipzig",
            },
        },
        "description": "Drei Stunden ausprobieren statt zuhören.",
    }
    script = json.dumps(data, ensure_ascii=False, indent=2)
    return f'<html><head><script type="application/ld+json">{script}</script></head><body>{FILLER * 40}</body></html>'


def broken_page(i: int) -> str:
    page = valid_page(i)
    page = page.replace('"postalCode": "04109"', '"postalCode": 04109')
    page = page.replace("ausprobieren statt", 'ausprobieren "statt"')
    return page.replace("\n}</script>", ",\n<!----><!---->}</script>")


def microdata_page(i: int) -> str:
    item = (
        f'<div itemscope itemtype="https://schema.org/Event"><h2 itemprop="name">Stammtisch {i}</h2>'
        f'<time itemprop="startDate" datetime="2027-06-{i % 28 + 1:02d}T18:30">Juni</time></div>'
    )
    return f"<html><body>{item}{FILLER * 40}</body></html>"


def rate(pages: list[str], read: Callable[[str], int], rounds: int) -> tuple[float, int]:
    best = float("inf")
    found = 0
    for _ in range(rounds):
        started = time.process_time()
        found = sum(read(page) for page in pages)
        best = min(best, time.process_time() - started)
    return len(pages) / best, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = "https://forum-digitalwirtschaft.example/veranstaltungen/"
    sets = {
        "valid JSON-LD": [valid_page(i) for i in range(args.pages)],
        "broken JSON-LD (repaired)": [broken_page(i) for i in range(args.pages)],
        "microdata only": [microdata_page(i) for i in range(args.pages)],
    }

    def ours(page: str) -> int:
        return len(extract_events(page, url).events)

    def extruct_jsonld(page: str) -> int:
        return len(
            extruct.extract(page, base_url=url, syntaxes=["json-ld"], errors="ignore").get(
                "json-ld", []
            )
        )

    print(f"{'pages':<28} {'reader':<24} {'pages/s':>9} {'events':>7}")
    for label, pages in sets.items():
        per_second, found = rate(pages, ours, args.rounds)
        print(f"{label:<28} {'extract_events':<24} {per_second:>9.0f} {found:>7}")
    for label in ("valid JSON-LD", "broken JSON-LD (repaired)"):
        per_second, found = rate(sets[label], extruct_jsonld, args.rounds)
        print(f"{label:<28} {'extruct json-ld (base)':<24} {per_second:>9.0f} {found:>7}")


if __name__ == "__main__":
    main()
