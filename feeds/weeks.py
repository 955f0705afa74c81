"""``wochen.html`` and ``wochen.json``: how crowded each week of the coming twelve months is in each
city, to see the busy weeks and to plan around them.

One row per city with upcoming digitalisation events (the Saxon cities first, then the others;
within each group the busiest first), one column per ISO week; each cell counts the events that
take place in that week (a fair over two weeks counts in both; cancelled and postponed ones do not
count, as in ``aggregator clashes``) and links the list page filtered to that city and week, in the
list page's own fragment vocabulary (``index.html#city=dresden&time=2027-w12``). The JSON holds
the same numbers for programs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from aggregator.folding import slug
from aggregator.model.vocabulary import Status
from feeds import labels, sanitise
from feeds.templating import ENV

HTML, JSON = "wochen.html", "wochen.json"
WEEKS = 53
"""The week of today and the 52 after it: twelve months ahead."""
HOME_REGION = "sachsen"
"""The state whose cities come first."""
LEVELS = ((5, 4), (3, 3), (2, 2), (1, 1))
"""(at least this many events, shade 1-4): darker when crowded, the same scale every week."""


@dataclass(frozen=True)
class Week:
    year: int
    number: int
    first_day: date

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=6)

    @property
    def key(self) -> str:
        """ISO 8601 (``2027-W12``), as in the JSON."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def fragment(self) -> str:
        """The list page's ``time`` value for the week (``2027-w12``: its values are slugs)."""
        return self.key.lower()

    @property
    def label(self) -> str:
        return f"KW {self.number} ({self.first_day:%d.%m.}–{self.last_day:%d.%m.%Y})"


@dataclass
class City:
    name: str
    slug: str
    region: str
    counts: list[int]
    events: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.events)


def weeks_from(today: date) -> list[Week]:
    monday = today - timedelta(days=today.weekday())
    out = []
    for n in range(WEEKS):
        first = monday + timedelta(weeks=n)
        year, number, _ = first.isocalendar()
        out.append(Week(year, number, first))
    return out


def heatmap(events: list[dict[str, Any]], today: date) -> tuple[list[Week], list[City]]:
    """The weeks, and a row per city with its count of events per week."""
    weeks = weeks_from(today)
    start, end = weeks[0].first_day, weeks[-1].last_day
    spellings: dict[str, Counter[str]] = {}
    regions: dict[str, Counter[str]] = {}
    rows: dict[str, City] = {}
    for event in events:
        key = slug(event.get("city") or "")
        if not key or (event.get("status") or Status.SCHEDULED) != Status.SCHEDULED:
            continue
        first = max(date.fromisoformat(event["start"][:10]), start)
        last = min(date.fromisoformat(_last_day(event)), end)
        if last < first:
            continue
        spellings.setdefault(key, Counter())[event["city"]] += 1
        regions.setdefault(key, Counter())[event.get("region") or ""] += 1
        row = rows.setdefault(key, City("", key, "", [0] * len(weeks)))
        row.events.add(event["id"])
        index = (first - start).days // 7
        while index < len(weeks) and weeks[index].first_day <= last:
            row.counts[index] += 1
            index += 1
    for key, row in rows.items():
        row.name = sanitise.line(_commonest(spellings[key]))
        row.region = sanitise.line(_commonest(regions[key]))
    ordered = sorted(
        rows.values(), key=lambda c: (slug(c.region) != HOME_REGION, -c.total, c.name.casefold())
    )
    return weeks, ordered


def render_json(weeks: list[Week], cities: list[City], today: date) -> bytes:
    data = {
        "version": 1,
        "today": today.isoformat(),
        "list": "index.html#city={city}&time={week}",
        "weeks": [
            {
                "week": w.key,
                "first_day": w.first_day.isoformat(),
                "last_day": w.last_day.isoformat(),
            }
            for w in weeks
        ],
        "cities": [
            {
                "city": c.name,
                "slug": c.slug,
                "region": c.region or None,
                "total": c.total,
                "counts": c.counts,
            }
            for c in cities
        ],
    }
    return (json.dumps(data, ensure_ascii=False) + "\n").encode()


def render_html(weeks: list[Week], cities: list[City], today: date) -> bytes:
    months: list[tuple[str, int]] = []
    for week in weeks:
        thursday = week.first_day + timedelta(days=3)  # the ISO week's month is its Thursday's
        name = f"{labels.MONTHS[thursday.month - 1][:3]} {thursday:%y}"
        if months and months[-1][0] == name:
            months[-1] = (name, months[-1][1] + 1)
        else:
            months.append((name, 1))
    rows = [
        (
            city,
            [
                (count, _shade(count), week, f"{city.name}, {week.label}: {_events(count)}")
                for count, week in zip(city.counts, weeks, strict=True)
            ],
        )
        for city in cities
    ]
    html = ENV.get_template("weeks.html").render(
        root="",
        today=labels.date_label({"start": today.isoformat()}),
        weeks=weeks,
        months=months,
        rows=rows,
        levels=_legend(),
    )
    return html.encode("utf-8")


def _legend() -> list[tuple[int, str]]:
    """(shade, the counts it stands for): ``1``, ``2``, ``3–4``, ``5+``."""
    ordered = sorted(LEVELS)
    out = []
    for (least, level), following in zip(ordered, [*ordered[1:], None], strict=True):
        most = following[0] - 1 if following else None
        out.append(
            (
                level,
                f"{least}+" if most is None else str(least) if most == least else f"{least}–{most}",
            )
        )
    return out


def _shade(count: int) -> int:
    return next((level for least, level in LEVELS if count >= least), 0)


def _events(count: int) -> str:
    return f"{count} Veranstaltung" + ("" if count == 1 else "en")


def _last_day(event: dict[str, Any]) -> str:
    return str(event.get("last_day") or (event.get("end") or event["start"])[:10])


def _commonest(counter: Counter[str]) -> str:
    return min(counter, key=lambda v: (-counter[v], v))
