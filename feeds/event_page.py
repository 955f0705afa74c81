"""``e/<id>.html`` and ``e/<id>.ics``: a page and a calendar file for every event.

The address is made from the event's stable id only, so a shared or bookmarked link never breaks,
and a page stays while its event is in the database, past or no longer announced. Each page is
built from the event's row, its sightings, the titles of the other events in its city on its
days (``feeds.same_day``) and the reports on it (``feeds.follow_up``): a publish that rebuilds
only the pages of changed events must count a change to a neighbour or a report as a change.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from aggregator.model.social import hashtag_searches, label
from aggregator.model.vocabulary import Attendance, Status
from feeds import calendar_links, entries, ical, labels, sanitise, schema_org, urls
from feeds.follow_up import FollowUp
from feeds.same_day import SameDay
from feeds.selection import decoded, event_slugs
from feeds.templating import ENV

OSM = "https://www.openstreetmap.org/"
ATTENDANCE_NOTE = {
    Attendance.ONLINE: "Online-Veranstaltung",
    Attendance.MIXED: "Hybrid: vor Ort und online",
}


@dataclass(frozen=True)
class Seen:
    """A site that announced the event, and its page of the event."""

    name: str
    url: str | None


@dataclass
class Sightings:
    """What the event's sightings add to its row: where it was announced, and the online link
    a source gave."""

    seen: list[Seen] = field(default_factory=list)
    online_url: str | None = None


def sightings(
    db: sqlite_utils.Database, ids: Collection[str] | None = None
) -> dict[str, Sightings]:
    """Every event's current sightings (or those of the events ``ids``), named by the source's
    organiser where sources.toml names one; one query."""
    out: dict[str, Sightings] = {}
    for event_id, source, url, online in _sighting_rows(
        db, "json_extract(s.raw, '$.online_url')", ids
    ):
        entry = out.setdefault(event_id, Sightings())
        seen = Seen(sanitise.line(source), sanitise.url(url))
        if seen not in entry.seen:
            entry.seen.append(seen)
        entry.online_url = entry.online_url or sanitise.url(online)
    return out


def sighting_states(db: sqlite_utils.Database) -> dict[str, str]:
    """What each event's page shows of its sightings, as a short text per event, without
    reading the raw items: a changed raw item has a new digest."""
    states: dict[str, list[str]] = {}
    for event_id, source, url, digest in _sighting_rows(db, "s.digest"):
        states.setdefault(event_id, []).append(f"{source}|{url}|{digest}")
    return {event_id: "\n".join(parts) for event_id, parts in states.items()}


def _sighting_rows(
    db: sqlite_utils.Database, extra: str, ids: Collection[str] | None = None
) -> Iterator[tuple[Any, ...]]:
    has_sources = "sources" in db.table_names()
    name = "coalesce(nullif(src.organizer, ''), s.source)" if has_sources else "s.source"
    join = "left join sources src on src.name = s.source" if has_sources else ""
    only = "and s.event_id in (select value from json_each(?))" if ids is not None else ""
    params = [json.dumps(list(ids))] if ids is not None else []
    yield from db.execute(
        f"""select s.event_id, {name}, s.url, {extra} from event_sources s {join}
            where s.removed_at is null {only} order by s.event_id, s.first_seen, s.source""",
        params,
    )


def published_events(db: sqlite_utils.Database, columns: str = "*") -> Iterator[dict[str, Any]]:
    """Every digitalisation event the database holds, past and removed ones too: their pages
    stay reachable (``columns``: only these)."""
    for row in db.query(f"select {columns} from events where digital = 1 order by id"):
        yield decoded(row, whole=columns == "*")


def render_pages(
    event: dict[str, Any],
    extra: Sightings,
    base_url: str,
    same_day: SameDay | None = None,
    reports: Sequence[FollowUp] = (),
    texts: entries.EntryTexts | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The event's page and its calendar file (``texts``: what the feeds of this publish made
    of the event already, reused)."""
    yield urls.event_path(event["id"]), render(event, extra, base_url, same_day, reports, texts)
    yield urls.event_path(event["id"], "ics"), ical.event_calendar(event, base_url, texts)


def render(
    event: dict[str, Any],
    extra: Sightings,
    base_url: str,
    same_day: SameDay | None = None,
    reports: Sequence[FollowUp] = (),
    texts: entries.EntryTexts | None = None,
) -> bytes:
    known = None if texts is None else texts.known(event)
    page_url = urls.absolute(base_url, urls.event_path(event["id"]))
    organizer_url = sanitise.url(event.get("url"))
    details = "\n".join(p for p in (page_url, organizer_url) if p)
    _, _, topic_slugs = event_slugs(event)
    status = Status(event.get("status") or Status.SCHEDULED)
    html = ENV.get_template("event.html").render(
        root="../",
        title=sanitise.line(event["title"]),
        page_title=labels.titled(event),
        status=labels.STATUS_WORD.get(status),
        cancelled=status == Status.CANCELLED,
        when=labels.when_label(event),
        start=event["start"],
        year=int(event["start"][:4]),
        headline=labels.headline(event),
        venue=sanitise.line(event.get("venue")),
        address=_address_lines(event),
        map_url=_map_url(event),
        attendance=ATTENDANCE_NOTE.get(Attendance(event.get("attendance") or "offline")),
        online_url=extra.online_url,
        organizer=sanitise.line(event.get("organizer")),
        organizer_url=organizer_url,
        description=sanitise.html(event.get("description")),
        topics=[(slug, labels.topic_label(slug)) for slug in topic_slugs],
        hashtags=[(tag, _searches(tag)) for tag in labels.hashtags(event)],
        social=_named_links(event.get("social_links")),
        apps=_named_links(event.get("app_links")),
        seen=extra.seen,
        same_day=same_day,
        reports=reports,
        removed=bool(event.get("removed_at")),
        ics=urls.event_path(event["id"], "ics").split("/")[-1],
        google=calendar_links.google_event(event, details),
        outlook=calendar_links.outlook_event(event, details),
        page_url=page_url,
        share_text=entries.summary(event) if known is None else known.summary,
        jsonld=schema_org.script_text(schema_org.event_object(event, page_url, extra.online_url)),
    )
    return html.encode("utf-8")


def _searches(hashtag: str) -> list[tuple[str, str]]:
    """(network, address of its public search for the hashtag): links only, nothing is fetched
    when the page is built or opened."""
    return [(name.capitalize(), url) for name, url in hashtag_searches(hashtag[1:]).items()]


def _named_links(values: list[str] | None) -> list[tuple[str, str, str]]:
    """(platform, the address as a reader recognises it, URL) of each safe link."""
    out = []
    for url in (sanitise.url(v) for v in values or []):
        if url:
            parts = urlsplit(url)
            shown = (parts.hostname or "").removeprefix("www.") + parts.path.rstrip("/")
            shown += f"?{parts.query}" if parts.query else ""
            out.append((label(url), shown if len(shown) <= 60 else shown[:59] + "…", url))
    return out


def _address_lines(event: dict[str, Any]) -> list[str]:
    street = sanitise.line(event.get("street"))
    town = " ".join(sanitise.line(p) for p in (event.get("postcode"), event.get("city")) if p)
    region = sanitise.line(event.get("region"))
    country = sanitise.line(event.get("country"))
    last = ", ".join(p for p in (region, country if country != "DE" else "") if p)
    return [line for line in (street, town, last) if line]


def _map_url(event: dict[str, Any]) -> str | None:
    """OpenStreetMap at the event's point, or its search for the address: a link only, so
    nothing is fetched from the map when the page is built or opened."""
    if event.get("attendance") == Attendance.ONLINE:
        return None
    lat, lon = event.get("latitude"), event.get("longitude")
    if lat is not None and lon is not None:
        lat, lon = f"{float(lat):.5f}", f"{float(lon):.5f}"
        return f"{OSM}?{calendar_links.query({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
    parts = [event.get(k) for k in ("venue", "street", "postcode", "city", "country")]
    text = ", ".join(sanitise.line(p) for p in parts if p)
    if not event.get("city"):
        return None
    return f"{OSM}search?{calendar_links.query({'query': text})}"
