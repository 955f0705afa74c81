"""``archiv/<year>.html``: every event of a year by month, each linking its own page, so that past
events stay reachable after they have left the list of upcoming ones; an event with reports
(``feeds.follow_up``) is marked with what they offer, linking them on its page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from aggregator.model.vocabulary import Status
from feeds import labels, sanitise, urls
from feeds.templating import ENV


def render_years(events: Iterable[dict[str, Any]]) -> Iterator[tuple[str, bytes]]:
    """One page per year that has an event; ``events`` in any order."""
    years = by_year(events)
    for year, group in years:
        yield urls.archive_path(year), render(year, group, [y for y, _ in years])


def by_year(events: Iterable[dict[str, Any]]) -> list[tuple[int, list[dict[str, Any]]]]:
    """Each year that has an event, with its events in the order its page lists them."""
    rows = sorted(events, key=lambda e: (e["start"][:10], e.get("start_utc") or "", e["id"]))
    return [(int(y), list(g)) for y, g in groupby(rows, key=lambda e: e["start"][:4])]


def render(year: int, events: list[dict[str, Any]], years: list[int]) -> bytes:
    months = [
        (labels.month_label(labels.parse(key + "-01")), key, [_line(e) for e in group])
        for key, group in groupby(events, key=lambda e: e["start"][:7])
    ]
    html = ENV.get_template("archive.html").render(
        root="../", year=year, years=years, months=months, count=len(events)
    )
    return html.encode("utf-8")


def _line(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "href": "../" + urls.event_path(event["id"]),
        "title": sanitise.line(event["title"]),
        "status": labels.STATUS_WORD.get(event.get("status") or Status.SCHEDULED),
        "when": labels.when_label(event),
        "datetime": event["start"],
        "town": labels.town_label(event),
        "follow_up": event.get("follow_up") or [],
    }
