"""The same event seen on several sites becomes one event.

``titles`` reduces titles to what tells events apart, ``matching`` finds which sightings are one
event (blocked by day and place, so the cost grows linearly), ``merge`` makes one event of them;
``reports`` finds, by the same rules, the event a report on a past event is about.
"""

from aggregator.dedupe.matching import (
    Cluster,
    Fingerprint,
    cluster,
    event_days,
    event_id_for,
    match_score,
    same_event,
)
from aggregator.dedupe.merge import RAW_KEYS, merge
from aggregator.dedupe.reports import event_of, report_days
from aggregator.dedupe.titles import TITLE_THRESHOLD, title_key, title_similarity

__all__ = [
    "RAW_KEYS",
    "TITLE_THRESHOLD",
    "Cluster",
    "Fingerprint",
    "cluster",
    "event_days",
    "event_id_for",
    "event_of",
    "match_score",
    "merge",
    "report_days",
    "same_event",
    "title_key",
    "title_similarity",
]
