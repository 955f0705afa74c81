"""How ``normalise_golden.jsonl.gz`` was made: raw items of many shapes and what ``normalise``
made of each, so that work on normalisation's speed can prove it changed no output.

Run from the checkout whose output is the reference (``PYTHONPATH=. .venv/bin/python
tests/data/make_normalise_golden.py``). Each line holds a group name, the reference date, the raw
item as a dict and the outcome (``tests/unit/test_normalise_golden.py`` repeats it). The items:

* the demo sites' items as ``aggregator demo`` crawls them (raw files of a crawl through the local
  demo server), read on the demo's day;
* the labelled real announcements (``real_announcements.toml``) as their news feed gives them,
  each on the day it is read;
* the labelled conversation and report cases, as their unit tests build them;
* the title and text pairs of ``test_topics``, the declared status, title and text of
  ``test_status`` and the place texts of ``test_places``, as structured items;
* synthetic items of ``benchmarks/synthetic.py`` (the ingest benchmark's input).
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "normalise_golden.jsonl.gz"
DAY = date(2026, 11, 27)
SYNTHETIC = 600


def outcome(result: Any) -> dict[str, Any]:
    """A normalised result as JSON would store it: its type and every field."""
    loaded: dict[str, Any] = json.loads(
        json.dumps({"type": type(result).__name__, **asdict(result)})
    )
    return loaded


def _item(source: str, key: str, title: str, **fields: Any) -> dict[str, Any]:
    return {
        "source": source,
        "kind": "jsonld",
        "key": key,
        "url": f"https://{source}.example/veranstaltungen/{key}",
        "fetched_at": "2026-11-27T03:00:00+00:00",
        "title": title,
        **fields,
    }


def _demo() -> Iterator[tuple[str, date, dict[str, Any]]]:
    from aggregator.ops.demo import run_demo

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        result = run_demo(folder / "site", folder / "demo.db", folder / "work")
        items = [
            json.loads(line)
            for path in (folder / "work" / "raw").rglob("*.jsonl")
            for line in path.read_text("utf-8").splitlines()
            if line.strip()
        ]
    for item in sorted(items, key=lambda item: (item["source"], item["key"])):
        yield "demo", result.today, item


def _labelled() -> Iterator[tuple[str, date, dict[str, Any]]]:
    from tests.support import conversation_set, real_corpus, report_cases

    for item in real_corpus.load():
        yield "real_announcements", item.seen, real_corpus.news_item(item)
    for case in conversation_set.load_cases():
        yield "conversation", conversation_set.REFERENCE, conversation_set.raw_event(case).to_dict()
    events, cases = report_cases.load()
    for event in events:
        yield "report_events", date(2026, 2, 1), report_cases._event_item(event).to_dict()
    for case in cases:
        yield "report_news", date(2026, 2, 1), report_cases.news_item(case).to_dict()


def _unit_tables() -> Iterator[tuple[str, date, dict[str, Any]]]:
    from tests.unit.test_places import FREE_TEXT
    from tests.unit.test_status import TABLE
    from tests.unit.test_topics import LABELLED

    start = "2027-03-23T09:00:00+01:00"
    for n, (title, text, _, _) in enumerate(LABELLED):
        yield "topics", DAY, _item("topics", str(n), title, description=text, start=start)
        yield "topics_news", DAY, {**_item("topics", f"n{n}", title, description=text),
                                   "kind": "rss", "when": "am 23. März 2027"}  # fmt: skip
    for n, (declared, title, text, _) in enumerate(TABLE):
        yield "status", DAY, _item("status", str(n), title, description=text, status=declared,
                                   start=start)  # fmt: skip
    for n, (text, _) in enumerate(FREE_TEXT):
        yield "places", DAY, _item("places", str(n), "KI-Stammtisch", place_text=text, start=start)
        yield "places_prose", DAY, _item(
            "places", f"p{n}", "KI-Stammtisch", description=f"Wir treffen uns: {text}.",
            start=start,
        )  # fmt: skip


def _synthetic() -> Iterator[tuple[str, date, dict[str, Any]]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import generate

    raws, _ = generate(SYNTHETIC, 7)
    for raw in raws:
        yield "synthetic", DAY, raw


def main() -> None:
    from aggregator.model.raw import RawEvent
    from aggregator.normalise.item import normalise

    lines = []
    for group, reference, raw in (*_demo(), *_labelled(), *_unit_tables(), *_synthetic()):
        raw = json.loads(json.dumps(raw))  # as the test reads it back
        result = normalise(RawEvent.from_dict(raw), reference)
        line = {"group": group, "reference": reference.isoformat(), "raw": raw,
                "expected": outcome(result)}  # fmt: skip
        lines.append(json.dumps(line, ensure_ascii=False, sort_keys=True))
    with GOLDEN.open("wb") as file, gzip.GzipFile(fileobj=file, mode="wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{len(lines)} items -> {GOLDEN}")


if __name__ == "__main__":
    main()
