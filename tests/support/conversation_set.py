"""The labelled set of event texts and pages for hashtags, social and app links
(``tests/data/conversation_cases.toml``), read through the whole normaliser and scored.

Shared by the unit test, which asserts the figures and the exact misses, and by
``benchmarks/bench_conversation.py``, which prints them.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aggregator.model.event import Event, Sighting
from aggregator.model.raw import RawEvent
from aggregator.normalise.item import normalise
from aggregator.normalise.text import canonical_url
from tests.support import DATA

CASES_FILE = DATA / "conversation_cases.toml"
REFERENCE = date(2026, 11, 27)
FIELDS = {"hashtags": "hashtags", "social": "social_links", "apps": "app_links"}
"""Label in the file -> the event's field."""


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = tomllib.loads(CASES_FILE.read_text("utf-8"))["case"]
    return cases


def raw_event(case: dict[str, Any]) -> RawEvent:
    """The case as a spider of its kind would have written it."""
    structured = json.loads(case["raw_json"]) if "raw_json" in case else case.get("raw_text")
    return RawEvent(
        source="labelled",
        kind=case["kind"],
        key=case["name"],
        url="https://veranstalter.example/veranstaltungen/" + case["name"],
        fetched_at="2026-11-27T03:00:00+00:00",
        title=case["title"],
        description=case.get("description"),
        start="2027-03-23T09:00:00+01:00",
        categories=list(case.get("categories", [])),
        online_url=case.get("online_url"),
        event_url=case.get("event_url"),
        raw=structured,
    )


def read(case: dict[str, Any]) -> Event:
    sighting = normalise(raw_event(case), REFERENCE)
    assert isinstance(sighting, Sighting), (case["name"], sighting)
    return sighting.event


def _key(label: str, value: str) -> str:
    if label == "hashtags":
        return value.casefold()
    return canonical_url(value) or value


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    correct: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(case, "missed" or "extra", label, value)."""

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def score(cases: list[dict[str, Any]]) -> dict[str, Score]:
    """Per label and ``all``: what the normaliser found against what the labels expect."""
    scores = {label: Score() for label in (*FIELDS, "all")}
    for case in cases:
        event = read(case)
        for label, name in FIELDS.items():
            got = {_key(label, v): v for v in getattr(event, name)}
            want = {_key(label, v): v for v in case.get(label, [])}
            for each in (scores[label], scores["all"]):
                each.found += len(got)
                each.expected += len(want)
                each.correct += len(got.keys() & want.keys())
            for key in sorted(want.keys() - got.keys()):
                scores["all"].misses.append((case["name"], "missed", label, want[key]))
            for key in sorted(got.keys() - want.keys()):
                scores["all"].misses.append((case["name"], "extra", label, got[key]))
    return scores
