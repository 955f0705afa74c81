"""Normalisation made faster makes exactly what it made before.

``tests/data/normalise_golden.jsonl.gz`` holds raw items of every shape the unit tests know (demo
sites, real announcements, labelled conversation and report cases, the topic, status and place
tables, synthetic benchmark items) with the outcome the code made of them when the file was
written (``tests/data/make_normalise_golden.py`` says how). Each is normalised again, in the same
order and then in reverse (caches must not carry one item's result into another's), and every
field compared.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import date
from typing import Any

import pytest

from aggregator.model.raw import RawEvent
from aggregator.normalise.item import normalise
from tests.data.make_normalise_golden import GOLDEN, outcome


def _lines() -> list[dict[str, Any]]:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


LINES = _lines()


def _differences(line: dict[str, Any]) -> list[str]:
    found = outcome(
        normalise(RawEvent.from_dict(line["raw"]), date.fromisoformat(line["reference"]))
    )
    expected = line["expected"]
    where = f"{line['group']} {line['raw']['source']}/{line['raw']['key']}"
    if found.keys() != expected.keys() or found["type"] != expected["type"]:
        return [f"{where}: {expected['type']} became {found['type']}"]
    out = []
    for name, value in expected.items():
        inner = value if isinstance(value, dict) else {"": value}
        made = found[name] if isinstance(value, dict) else {"": found[name]}
        out.extend(
            f"{where} {name}.{field}: {inner[field]!r} became {made.get(field)!r}"
            for field in inner
            if made.get(field) != inner[field]
        )
    return out


def test_the_set_covers_every_group_and_outcome() -> None:
    groups = Counter(line["group"] for line in LINES)
    types = Counter(line["expected"]["type"] for line in LINES)
    assert set(groups) == {
        "demo", "real_announcements", "conversation", "report_events", "report_news", "topics",
        "topics_news", "status", "places", "places_prose", "synthetic",
    }  # fmt: skip
    assert min(groups.values()) >= 10
    assert {"Sighting", "Dropped", "Reported"} <= set(types)


@pytest.mark.parametrize("order", ["as written", "reversed"])
def test_every_field_is_what_the_reference_code_made(order: str) -> None:
    lines = LINES if order == "as written" else LINES[::-1]
    differences = [d for line in lines for d in _differences(line)]
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:30])
