"""``index.html``: the upcoming events by month, search, filters, and the addresses to subscribe to.

A static file that works from any static host and from ``file://``: the search reads
``search-index.js`` beside it, and the filters are a few lines of JavaScript over ``data-``
attributes that read and write the address's fragment (``index.html#region=sachsen&topic=ki``), so
a filtered view can be linked and bookmarked. Without JavaScript every event and every panel is
shown, and the list of all feeds offers the same choice as links.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from aggregator.model.vocabulary import Attendance, Status
from aggregator.store.health import partial_reasons
from feeds import calendar_links, entries, labels, sanitise, search_index, urls
from feeds.selection import ALL, Selection, event_keys, event_slugs
from feeds.templating import ENV

LOCAL_ZONE = ZoneInfo("Europe/Berlin")
KIND_HEADINGS = {
    "all": "Alle Veranstaltungen",
    "region": "Nach Bundesland",
    "city": "Nach Stadt",
    "topic": "Nach Thema",
    "region-topic": "Nach Thema im Bundesland",
}
ATTENDANCE = {
    Attendance.OFFLINE: ("vor-ort", "vor Ort"),
    Attendance.ONLINE: ("online", "online"),
    Attendance.MIXED: ("hybrid", "hybrid"),
}
"""Stored value -> (value in the address fragment, menu label)."""
TIMES = (("woche", "diese Woche"), ("monat", "diesen Monat"), ("3monate", "nächste 3 Monate"))


@dataclass(frozen=True)
class SourceHealth:
    name: str
    url: str | None
    ok: bool | None
    partial: bool
    events: int
    last_run: str
    note: str


@dataclass
class PageData:
    """What the page shows besides the events: feeds, sources and when the data last changed."""

    base_url: str
    selections: list[Selection]
    sources: list[SourceHealth] = field(default_factory=list)
    last_run: str | None = None
    last_change: str | None = None
    total_upcoming: int = 0
    archive_years: list[int] = field(default_factory=list)


def render(events: list[dict[str, Any]], data: PageData) -> bytes:
    # By local day first: a month's heading must gather every event starting in it, whatever
    # the events' UTC offsets.
    events = sorted(events, key=lambda e: (e["start"][:10], e["start_utc"], e["id"]))
    months = [
        (labels.month_label(labels.parse(key + "-01")), key, [_event_view(e) for e in group])
        for key, group in groupby(events, key=lambda e: e["start"][:7])
    ]
    webcal_base = urls.webcal(urls.absolute(data.base_url, "")) or ""
    html = ENV.get_template("index.html").render(
        root="",
        title=ALL.title,
        months=months,
        count=len(events),
        total=data.total_upcoming,
        filters=[
            *_filter_options(events, data.selections),
            ("time", "Zeitraum", [(value, label, "") for value, label in TIMES]),
            ("attendance", "Teilnahme", [(*ATTENDANCE[a], "") for a in Attendance]),
        ],
        subscribe=_links(data.base_url, ALL),
        feed_groups=[
            (KIND_HEADINGS[kind], [(s, _links(data.base_url, s)) for s in group])
            for kind, group in groupby(data.selections, key=lambda s: s.kind)
        ],
        feed_index=json.dumps(
            {s.slug: s.name for s in data.selections}, ensure_ascii=False, sort_keys=True
        ).replace("</", "<\\/"),
        base_url=urls.absolute(data.base_url, "") if webcal_base else "",
        webcal_base=webcal_base,
        search_index=search_index.FILE,
        search_global=search_index.GLOBAL,
        formats=urls.FORMATS,
        sources=data.sources,
        last_run=_local(data.last_run),
        last_change=_local(data.last_change),
        archive_years=data.archive_years,
    )
    return html.encode("utf-8")


def source_health(rows: list[dict[str, Any]]) -> list[SourceHealth]:
    """Each source by its organiser's name (the slug where sources.toml names no organiser); a
    source read only in part says so, since its missing events were kept, not removed."""
    out = []
    for row in rows:
        status = row.get("last_status")
        partial = partial_reasons(row) if status == "ok" else []
        note = row.get("warning") or row.get("last_failure") or ""
        if partial and not note:
            note = "Nur teilweise gelesen, nichts entfernt: " + "; ".join(partial)
        out.append(
            SourceHealth(
                name=sanitise.line(row.get("organizer") or row["name"]),
                url=sanitise.url(row.get("url")),
                ok=None if status is None else status == "ok",
                partial=bool(partial),
                events=row.get("last_events") or 0,
                last_run=_run_label(row.get("last_run")),
                note=sanitise.line(note),
            )
        )
    return out


def _filter_options(
    events: list[dict[str, Any]], selections: list[Selection]
) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(field, label, [(slug, name, state)]) for the filter's menus: only values that the shown
    events have, so no choice leads to an empty list; a city carries its state's slug, so the
    city menu can be narrowed to the chosen state."""
    present = {(kind, key) for e in events for kind, key in event_keys(e)}
    city_state: dict[str, str] = {}
    for event in events:
        region, city, _ = event_slugs(event)
        if city and region:
            city_state.setdefault(city, region)
    menus = []
    for kind, label in (("region", "Bundesland"), ("city", "Stadt"), ("topic", "Thema")):
        options = [
            (s.key[0], s.name, city_state.get(s.key[0], "") if kind == "city" else "")
            for s in selections
            if s.kind == kind and (kind, s.key) in present
        ]
        menus.append((kind, label, sorted(options, key=lambda o: o[1].casefold())))
    return menus


def _links(base_url: str, selection: Selection) -> dict[str, str]:
    links = {ext: urls.file_path(selection.slug, ext) for ext in urls.FORMATS}
    ics = urls.absolute(base_url, links["ics"])
    webcal = urls.webcal(ics)
    if webcal:
        links["webcal"] = webcal
        links["google"] = calendar_links.google_subscribe(webcal)
        links["outlook"] = calendar_links.outlook_subscribe(ics, selection.title)
    return links


def _event_view(event: dict[str, Any]) -> dict[str, Any]:
    region, city, topics = event_slugs(event)
    attendance = ATTENDANCE[Attendance(event.get("attendance") or Attendance.OFFLINE)][0]
    return {
        "id": event["id"],
        "href": urls.event_path(event["id"]),
        "title": sanitise.line(event["title"]),
        "status": labels.STATUS_WORD.get(event.get("status") or Status.SCHEDULED),
        "cancelled": event.get("status") == Status.CANCELLED,
        "when": labels.when_label(event),
        "datetime": event["start"],
        "first_day": event["start"][:10],
        "last_day": event.get("last_day") or (event.get("end") or event["start"])[:10],
        "place": labels.place_label(event),
        "organizer": sanitise.line(event.get("organizer")),
        "topics": [labels.topic_label(t) for t in event["topics"]],
        "url": sanitise.url(event.get("url")),
        "region": region,
        "city": city,
        "topic_slugs": " ".join(topics),
        "attendance": attendance,
    }


def _local(value: str | None) -> str | None:
    if not value:
        return None
    moment = entries.instant(value).astimezone(LOCAL_ZONE)
    return f"{moment:%d.%m.%Y, %H:%M} Uhr"


def _run_label(run_id: str | None) -> str:
    """Run ids begin with their UTC start time (``20261127T031500Z``, ``…Z-02`` for a second run
    in the same second); shown in German local time."""
    if not run_id:
        return "–"
    try:
        moment = datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return sanitise.line(run_id)
    return f"{moment.astimezone(LOCAL_ZONE):%d.%m.%Y, %H:%M}"
