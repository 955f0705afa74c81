"""``aggregator clashes``: for an organiser choosing a date, what else takes place around it.

The rows come from ``store.clashes_around`` (the canned query ``clashes`` in Datasette runs
the same SQL); this module reads the command's words and writes the one-line verdict
("3 Veranstaltungen zum Thema KI in Dresden in dieser Woche") and the list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from aggregator import store
from aggregator.model.topics import VOCABULARY, label_de

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def read_day(text: str) -> date:
    """``2027-03-23`` or ``23.03.2027``; anything else is an error that says what to give."""
    value = text.strip()
    german = GERMAN_DATE.fullmatch(value)
    try:
        if german:
            return date(int(german[3]), int(german[2]), int(german[1]))
        return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"cannot read the date {text!r}: give it as 2027-03-23 or 23.03.2027")


def read_topic(text: str) -> str:
    """A topic's slug, from its slug, an alias or its German or English name."""
    wanted = text.strip().casefold()
    for slug, topic in VOCABULARY.items():
        names = (slug, topic.label_de, topic.label_en, *topic.aliases)
        if wanted in (n.casefold() for n in names):
            return slug
    known = ", ".join(VOCABULARY)
    raise ValueError(f"unknown topic {text!r}: one of {known}")


@dataclass
class Clashes:
    day: date
    days: int
    place: str
    """The city or state as the database spells it (as given when no event names it)."""
    place_known: bool
    topic: str
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def same_topic(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e["same_topic"]]

    @property
    def others(self) -> list[dict[str, Any]]:
        return [e for e in self.events if not e["same_topic"]]

    def verdict(self) -> str:
        """One line: how many events of the topic (or at all) take place there and then."""
        counted = self.same_topic if self.topic else self.events
        what = _count(len(counted))
        if self.topic:
            what += f" zum Thema {label_de(self.topic)}"
        where = f" in {self.place}" if self.place else ""
        line = f"{what}{where} {self.span()}"
        if self.topic and self.others:
            line += f", dazu {len(self.others)} zu anderen Themen"
        return line

    def span(self) -> str:
        first, last = self.day - timedelta(self.days), self.day + timedelta(self.days)
        if not self.days:
            return f"am {_day(self.day)}"
        window = f"{_day(first)} – {_day(last)}"
        if self.days == store.CLASH_DAYS:
            return f"in dieser Woche ({window})"
        return f"zwischen {window}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "days": self.days,
            "first_day": (self.day - timedelta(self.days)).isoformat(),
            "last_day": (self.day + timedelta(self.days)).isoformat(),
            "place": self.place or None,
            "topic": self.topic or None,
            "verdict": self.verdict(),
            "same_topic": len(self.same_topic) if self.topic else None,
            "events": [
                {
                    "id": e["id"],
                    "title": e["title"],
                    "start": e["start"],
                    "end": e["end"],
                    "city": e["city"],
                    "region": e["region"],
                    "topics": json.loads(e["topics"] or "[]"),
                    "same_topic": bool(e["same_topic"]),
                    "organizer": e["organizer"],
                    "url": e["url"],
                }
                for e in self.events
            ],
        }

    def render(self) -> str:
        lines = [self.verdict()]
        groups = (
            [
                (f"Zum Thema {label_de(self.topic)}:", self.same_topic),
                ("Andere Themen:", self.others),
            ]
            if self.topic
            else [("", self.events)]
        )
        for heading, events in groups:
            if not events:
                continue
            lines.append("")
            if heading:
                lines.append(heading)
            lines.extend(_line(e) for e in events)
        if not self.place_known:
            lines += ["", f"(Keine Veranstaltung in der Datenbank nennt „{self.place}“.)"]
        return "\n".join(lines)


def find(
    db: sqlite_utils.Database, day: date, days: int, city: str, region: str, topic: str
) -> Clashes:
    column, name = ("city", city) if city else ("region", region) if region else ("", "")
    spelt = store.spelt_as_stored(db, column, name) if column else None
    events = store.clashes_around(db, day, days, city=city, region=region, topic=topic)
    return Clashes(day, days, spelt or name, bool(spelt) or not name, topic, events)


def _count(n: int) -> str:
    if n == 0:
        return "Keine Veranstaltung"
    return f"{n} Veranstaltung" + ("" if n == 1 else "en")


def _day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%d.%m.%Y}"


def _line(event: dict[str, Any]) -> str:
    start = event["start"]
    when = _day(date.fromisoformat(start[:10]))
    when += f", {datetime.fromisoformat(start):%H:%M}" if len(start) > 10 else ""
    if event["end"] and event["end"][:10] != start[:10]:
        when += f" – {_day(date.fromisoformat(event['end'][:10]))}"
    topics = ", ".join(json.loads(event["topic_names"] or "[]"))
    place = event["city"] or "online"
    return f"  {when}  {place}: {event['title']}" + (f" ({topics})" if topics else "")
