"""The date reader gives, for thousands of varied texts, exactly the results stored before it was
made faster (``tests/data/dates_golden.jsonl``, written by ``tests/data/make_dates_golden.py``):
a change for speed must change no result."""

from __future__ import annotations

import json
from datetime import date

from aggregator.normalise.dates import When, clear_cache, parse_when, prose_when, to_iso
from tests.support import DATA

GOLDEN = DATA / "dates_golden.jsonl"
REFERENCE = date(2026, 11, 27)


def _result(when: When | None) -> list[object] | None:
    if when is None:
        return None
    return [to_iso(when.start), to_iso(when.end) if when.end else None, when.all_day]


def test_every_stored_text_reads_as_before() -> None:
    rows = [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines()]
    assert len(rows) > 8000
    assert sum(row["result"] is not None for row in rows) > 7000
    clear_cache()
    changed = []
    for row in rows:
        if "title" in row:
            published = date.fromisoformat(row["published"]) if row["published"] else None
            reference = date.fromisoformat(row["reference"])
            when = prose_when(row["text"], row["tz"], reference, published, row["title"])
        else:
            when = parse_when(row["text"], row["tz"], REFERENCE)
        if _result(when) != row["result"]:
            changed.append((row["text"], row["tz"], row["result"], _result(when)))
    assert not changed, f"{len(changed)} texts read differently, first: {changed[:5]}"
