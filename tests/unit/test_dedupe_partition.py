"""Clustering a dense crowd of sightings gives exactly the events it gave when the partition was
recorded: speeding up matching must not move a single sighting.

``tests/data/dedupe_partition.json`` was written by the clustering of commit c4f66b2 (before the
speed work of issue 13) from ``tests.support.dedupe_crowd.crowd(CROWD)``: each event id with the
``source/key`` of its sightings, in order.
"""

from __future__ import annotations

import json
from pathlib import Path

from aggregator import dedupe
from tests.support.dedupe_crowd import crowd

RECORDED = Path(__file__).parent.parent / "data" / "dedupe_partition.json"
CROWD = 5000


def partition(clusters: list[dedupe.Cluster]) -> dict[str, list[str]]:
    return {c.event_id: [f"{s.source}/{s.key}" for s in c.sightings] for c in clusters}


def test_the_crowd_is_clustered_exactly_as_recorded() -> None:
    sightings, known, stored = crowd(CROWD)
    found = partition(dedupe.cluster(sightings, known, stored))
    recorded = json.loads(RECORDED.read_text("utf-8"))
    assert len(found) == len(recorded)
    assert sum(len(keys) for keys in found.values()) == CROWD
    assert found == recorded


def test_the_crowd_is_not_trivial() -> None:
    """The recorded partition has events of several sightings, joined stored and known events,
    and sightings left alone: it would catch a matcher that merges too much or too little."""
    recorded = json.loads(RECORDED.read_text("utf-8"))
    sizes = [len(keys) for keys in recorded.values()]
    assert sizes.count(1) > 300
    assert sum(1 for n in sizes if n >= 3) > 100
    assert any(event_id.startswith("stored") for event_id in recorded)
    assert any(event_id.startswith("known") for event_id in recorded)
