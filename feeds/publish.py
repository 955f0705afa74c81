"""Write every feed and the page from the database; a failed publish leaves the old files.

Every file is rendered into a staging folder beside the output folder, which then takes the
output folder's place as a whole (``feeds.staging``): readers never see two publishes mixed. A
file whose content did not change keeps its time. Nothing depends on the time of the run: a second
publish from an unchanged database gives byte-identical files, so HTTP caches and feed readers see
nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from feeds import (
    archive,
    event_page,
    follow_up,
    page,
    report_feed,
    same_day,
    search_index,
    urls,
    weeks,
)
from feeds.atom import AtomFeeds
from feeds.entries import EntryTexts
from feeds.ical import Calendars
from feeds.jsonfeed import JsonFeeds
from feeds.rss import RssFeeds
from feeds.selection import (
    DEFAULT_HORIZON_DAYS,
    DEFAULT_LIMIT,
    Selection,
    partition,
    selections,
    upcoming,
)
from feeds.staging import replace_folder

DEFAULT_BASE_URL = "http://localhost:8000/"
DEFAULT_PAGE_LIMIT = 1000
EPOCH = "1970-01-01T00:00:00+00:00"
"""``updated`` of a feed that has never held an event."""


class Renderer(Protocol):
    """One format: made once per publish for a base URL, then asked for each selection."""

    def render(
        self, events: list[dict[str, Any]], selection: Selection, fallback_updated: str
    ) -> bytes: ...


RENDERERS: dict[str, Callable[[str, EntryTexts], Renderer]] = {
    "atom": AtomFeeds,
    "rss": RssFeeds,
    "ics": lambda base_url, _texts: Calendars(base_url),  # calendars word their entries apart
    "json": JsonFeeds,
}


@dataclass(frozen=True)
class PublishOptions:
    base_url: str = DEFAULT_BASE_URL
    """Where the output folder is served; feeds name themselves with it (self links, webcal)."""
    horizon_days: int | None = DEFAULT_HORIZON_DAYS
    """Feeds hold events starting within this many days; None: every upcoming event."""
    limit: int = DEFAULT_LIMIT
    """Entries per feed at most (the soonest)."""
    page_limit: int = DEFAULT_PAGE_LIMIT
    """Events on the page at most (the soonest); the feeds hold the rest."""


def publish(
    db: sqlite_utils.Database, out_dir: str | Path, today: date, options: PublishOptions
) -> list[Path]:
    """Render and stage every output, then move them into place; returns all outputs' paths."""
    return write_all(Path(out_dir), render_all(db, today, options))


def render_all(
    db: sqlite_utils.Database, today: date, options: PublishOptions
) -> Iterator[tuple[str, bytes]]:
    """(relative path, content) of every output file, one at a time to keep memory small."""
    events = upcoming(db, today, options.horizon_days)
    chosen = selections(db)
    members = partition(events, chosen, options.limit)
    fallback = _newest_change(db)
    texts = EntryTexts(options.base_url)
    for ext, make in RENDERERS.items():
        renderer = make(options.base_url, texts)
        for selection in chosen:
            content = renderer.render(members[selection.slug], selection, fallback)
            yield urls.file_path(selection.slug, ext), content
    seen = event_page.sightings(db)
    neighbours = same_day.index(db)
    reports = follow_up.index(db)
    dated = []
    for event in event_page.published_events(db):
        yield from event_page.render_pages(
            event,
            seen.get(event["id"], _NO_SIGHTINGS),
            options.base_url,
            neighbours.get(event["id"]),
            reports.get(event["id"], []),
        )
        marked = follow_up.marks(reports.get(event["id"], []))
        dated.append({**{k: event[k] for k in _ARCHIVE_FIELDS}, "follow_up": marked})
    archives = list(archive.render_years(dated))
    yield from archives
    yield report_feed.FILE, report_feed.render(db, options.base_url)
    columns, cities = weeks.heatmap(events, today)
    yield weeks.HTML, weeks.render_html(columns, cities, today)
    yield weeks.JSON, weeks.render_json(columns, cities, today)
    listed = events[: options.page_limit]
    yield search_index.FILE, search_index.render(listed)
    yield from _static_files()
    yield (
        "index.html",
        page.render(
            listed,
            page.PageData(
                base_url=options.base_url,
                selections=chosen,
                sources=page.source_health(_rows(db, "sources", "name")),
                last_run=_last_run(db),
                last_change=fallback if fallback != EPOCH else None,
                total_upcoming=len(events),
                archive_years=sorted(int(path[7:11]) for path, _ in archives),
            ),
        ),
    )


_NO_SIGHTINGS = event_page.Sightings()
_ARCHIVE_FIELDS = ("id", "title", "start", "end", "start_utc", "status", "city", "attendance")
"""What the archive pages need of each event, so that the events' pages need not stay in memory
(and ``follow_up``: what its reports offer, the archive's mark)."""


STATIC_FILES = ("style.css", "favicon.svg", "widget.js", "embed.html")
"""From ``feeds/static``: the stylesheet and the icon every page links, and the widget for other
sites (``widget.js``, and ``embed.html`` for an iframe)."""


def _static_files() -> Iterator[tuple[str, bytes]]:
    folder = resources.files("feeds") / "static"
    for name in STATIC_FILES:
        yield name, (folder / name).read_bytes()


def write_all(out_dir: Path, outputs: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write every output into a staging folder, then put it in the place of ``out_dir`` as a
    whole (``feeds.staging``). Anything failing before that leaves the old folder as it was."""
    return replace_folder(out_dir, outputs)


def _newest_change(db: sqlite_utils.Database) -> str:
    row = db.execute("select max(updated) from events where digital = 1").fetchone()
    return row[0] or EPOCH


def _last_run(db: sqlite_utils.Database) -> str | None:
    if "runs" not in db.table_names():
        return None
    row = db.execute("select max(finished) from runs").fetchone()
    finished: str | None = row[0]
    return finished


def _rows(db: sqlite_utils.Database, table: str, order: str) -> list[dict[str, Any]]:
    if table not in db.table_names():
        return []
    return list(db.query(f"select * from [{table}] order by [{order}]"))
