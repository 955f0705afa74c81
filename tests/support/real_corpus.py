"""The labelled corpus of real announcements (``tests/data/real_announcements.toml``) and how a
pipeline's answer for one of them is judged, field by field.

The unit test, the crawl test and ``benchmarks/bench_real_corpus.py`` share this module, so that
the three measure the same thing. It imports nothing of the project but the labelled titles'
comparison (``aggregator.dedupe.titles``) and ``RawEvent`` through its tolerant ``from_dict``, so
that the benchmark can also run it against an older checkout of the code (the baseline).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "data" / "real_announcements.toml"

UNDATED_REFERENCE = date(2026, 2, 1)
""""Today" for the items whose page shows no publication date and announces nothing: just after the
newest publication date in the corpus (2026-01-29), as if they were read when they were
collected (a report on a past event is then plainly past)."""
ANNOUNCED_AHEAD = timedelta(days=28)
"""An announcement whose page shows no publication date is read this long before its event: the
nightly crawl sees an announcement while it is being announced, not years later, and a news feed
item always carries the day it was posted."""

FIELDS = ("event", "dates", "city", "attendance", "digital", "title", "status")
"""What is judged. ``event``: on every item, whether it became an event (announcements) or not
(reports, texts that announce nothing). ``dates``: start and end of every labelled event (one
that found no event found no date). The others on the labelled events that became events, so
that each field measures its own decision: ``city``, ``attendance``, ``digital`` (the event is in
the digitalisation feeds), ``title`` (names the labelled event, by the dedupe stage's title
comparison), ``status``."""


@dataclass(frozen=True)
class Announcement:
    """One labelled item of the corpus."""

    id: str
    url: str
    title: str
    text: str
    shape: str
    published: str | None
    expected: Mapping[str, Any]
    same_as: str | None = None
    different_from: str | None = None

    @property
    def is_event(self) -> bool:
        return bool(self.expected["event"])

    @property
    def seen(self) -> date:
        """The day a crawl reads the item (its feed's pubDate): the page's publication date, else
        four weeks before a labelled event, else the day the corpus was collected."""
        if self.published:
            return date.fromisoformat(self.published)
        if self.is_event:
            return date.fromisoformat(self.expected["start"][:10]) - ANNOUNCED_AHEAD
        return UNDATED_REFERENCE


def load(path: Path = CORPUS) -> list[Announcement]:
    items = tomllib.loads(path.read_text("utf-8"))["announcement"]
    return [
        Announcement(
            id=item["id"],
            url=item["url"],
            title=item["title"],
            text=item["text"],
            shape=item["shape"],
            published=item.get("published"),
            expected=item["expected"],
            same_as=item.get("same_as"),
            different_from=item.get("different_from"),
        )
        for item in items
    ]


@dataclass(frozen=True)
class Found:
    """What a pipeline made of one item: None when it made no event of it."""

    title: str
    start: str
    end: str | None
    all_day: bool
    city: str | None
    attendance: str
    digital: bool
    status: str

    @classmethod
    def of(cls, row: Mapping[str, Any], digital: bool) -> Found:
        """From an ``Event`` as a dict or a row of the ``events`` table."""
        return cls(
            title=row["title"],
            start=row["start"],
            end=row["end"],
            all_day=bool(row["all_day"]),
            city=row["city"],
            attendance=row["attendance"],
            digital=digital,
            status=row["status"],
        )


def _minutes(value: str | None) -> str | None:
    """``2027-04-14T15:00:00+02:00`` -> ``2027-04-14T15:00`` (the labels' wall time)."""
    return value[:16] if value else None


def _same_end(found: str | None, expected: str | None) -> bool:
    """A label gives a day as the end of a timed event when the page names the last day but not
    its closing hour; normalisation writes 23:59 of that day then (see ``dates``)."""
    if expected is not None and len(expected) == 10 and found and found[10:16] == "T23:59":
        return found[:10] == expected
    return _minutes(found) == expected


def _expected_end(expected: Mapping[str, Any]) -> str | None:
    """The labels leave out the end when it equals the start's day (all-day) or is unknown."""
    end = expected.get("end")
    if end is None and len(expected["start"]) == 10:
        return str(expected["start"])
    return str(end) if end is not None else None


def _same_city(found: str | None, expected: str | None) -> bool:
    if found is None or expected is None:
        return found is expected
    from aggregator.normalise.places.gazetteer import lookup_key

    return lookup_key(found) == lookup_key(expected)


def _same_title(found: str, expected: str) -> bool:
    from aggregator.dedupe.titles import TITLE_THRESHOLD, title_key, title_similarity

    return title_similarity(title_key(found), title_key(expected)) >= TITLE_THRESHOLD


def _year_aside(item: Announcement, found: Found) -> bool:
    """Whether the dates are right once the years are set aside (the one thing a year-less text
    on an undated page cannot tell)."""
    e = item.expected

    def day(value: str | None) -> str | None:
        return value[5:] if value else None

    start = _minutes(found.start)
    return day(start) == day(str(e["start"])) and (
        _same_end(found.end, _expected_end(e))
        or day(_minutes(found.end)) == day(_expected_end(e))
        or (found.end or "")[10:16] == "T23:59"
        and day(found.end[:10]) == day(_expected_end(e))
    )


def judge(item: Announcement, found: Found | None) -> dict[str, bool]:
    """Field -> right or wrong, for the fields that apply to this item."""
    verdict = {"event": (found is not None) == item.is_event}
    if not item.is_event:
        return verdict
    e = item.expected
    if found is None:
        verdict["dates"] = False
        return verdict
    verdict["dates"] = _minutes(found.start) == e["start"] and _same_end(
        found.end, _expected_end(e)
    )
    verdict["city"] = _same_city(found.city, e.get("city"))
    verdict["attendance"] = found.attendance == e["attendance"]
    verdict["digital"] = found.digital == e["digital"]
    verdict["title"] = _same_title(found.title, e["title"])
    verdict["status"] = found.status == e["status"]
    return verdict


@dataclass
class Scores:
    """The misses per field and the figures the benchmark prints."""

    misses: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    judged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    dates_but_year: int = 0
    """Labelled events whose dates are right but for the year (a text without a year on a page
    without a publication date)."""
    digital_found: int = 0
    """Labelled events found that the digitalisation feeds publish."""
    digital_right: int = 0
    digital_labelled: int = 0
    negatives: int = 0
    negatives_kept_out: int = 0

    def add(self, item: Announcement, found: Found | None) -> None:
        verdict = judge(item, found)
        for name, right in verdict.items():
            self.judged[name] += 1
            if not right:
                self.misses[name].append(item.id)
        if verdict.get("dates") is False and found is not None and _year_aside(item, found):
            self.dates_but_year += 1
        if item.is_event:
            if found is not None:
                labelled = bool(item.expected["digital"])
                self.digital_labelled += labelled
                self.digital_found += found.digital
                self.digital_right += labelled and found.digital
        else:
            self.negatives += 1
            self.negatives_kept_out += found is None

    def accuracy(self, name: str) -> float:
        judged = self.judged[name]
        return (judged - len(self.misses[name])) / judged if judged else 1.0

    @property
    def digital_precision(self) -> float:
        return self.digital_right / self.digital_found if self.digital_found else 1.0

    @property
    def digital_recall(self) -> float:
        return self.digital_right / self.digital_labelled if self.digital_labelled else 1.0

    def figures(self) -> dict[str, float]:
        judged = self.judged["dates"]
        return {
            "dates": self.accuracy("dates"),
            "dates, year aside": (
                (judged - len(self.misses["dates"]) + self.dates_but_year) / judged if judged else 1
            ),
            "city": self.accuracy("city"),
            "attendance": self.accuracy("attendance"),
            "digital precision": self.digital_precision,
            "digital recall": self.digital_recall,
            "titles": self.accuracy("title"),
            "status": self.accuracy("status"),
            "negatives kept out": (
                self.negatives_kept_out / self.negatives if self.negatives else 1.0
            ),
            "event or not": self.accuracy("event"),
        }


def score(results: Iterable[tuple[Announcement, Found | None]]) -> Scores:
    scores = Scores()
    for item, found in results:
        scores.add(item, found)
    for ids in scores.misses.values():
        ids.sort()
    return scores


def news_item(item: Announcement) -> dict[str, Any]:
    """The item as an organiser's news feed gives it, as the fields of a ``RawEvent``: the title,
    the text and the day it was posted (``seen``), no date field (the event's date is in title and
    text)."""
    return {
        "source": "real-corpus",
        "kind": "rss",
        "key": item.id,
        "url": item.url,
        "fetched_at": "2026-02-01T00:00:00+00:00",
        "title": item.title,
        "description": item.text,
        "published": item.seen.isoformat(),
        "timezone": "Europe/Berlin",
    }
