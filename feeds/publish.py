"""Write every feed and the page from the database; a failed publish leaves the old files.

Every file is rendered into a staging folder beside the output folder, which then takes the
output folder's place as a whole (``feeds.staging``): readers never see two publishes mixed. A
file whose inputs did not change since the last publish into the folder (``feeds.fingerprint``)
is not rendered again but linked from the folder, and a file whose content did not change keeps
its time; when nothing changed at all, nothing is written. Nothing depends on the time of the run:
a second publish from an unchanged database gives byte-identical files, so HTTP caches and feed
readers see nothing new.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from feeds import (
    archive,
    event_page,
    fingerprint,
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
from feeds.fingerprint import Manifest
from feeds.ical import Calendars
from feeds.jsonfeed import JsonFeeds
from feeds.options import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from feeds.options import PublishOptions as PublishOptions
from feeds.rss import RssFeeds
from feeds.selection import (
    Selection,
    partition,
    rows_by_id,
    selections,
    upcoming,
)
from feeds.staging import Output, OutputPaths, keep_folder, replace_folder

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
    "ics": Calendars,  # calendars word their entries apart, and keep them in the texts
    "json": JsonFeeds,
}


def publish(
    db: sqlite_utils.Database, out_dir: str | Path, today: date, options: PublishOptions
) -> OutputPaths:
    """Render and stage every output whose inputs changed since the last publish into this
    folder, then move them into place; returns all outputs' paths."""
    out = Path(out_dir)
    previous = Manifest.read(out)
    state = published_state(db, today, options)
    files = previous.files()
    if state == previous.state and files is not None:
        return keep_folder(out, files)
    return write_all(out, render_all(db, today, options, previous, state), files)


def published_state(db: sqlite_utils.Database, today: date, options: PublishOptions) -> str:
    """What every output is made from at once (code, options, today, the database's published
    state): equal to the last publish's, nothing needs rendering."""
    base = fingerprint.digest(fingerprint.code_version(), options)
    return fingerprint.digest(base, today, fingerprint.database_state(db))


LIGHT_COLUMNS = (
    "id, region, city, topics, start, [end], start_utc, last_day, status, updated, "
    "content_hash, sequence, first_seen, removed_at"
)
"""What choosing each selection's events, counting the weeks and fingerprinting their files read
of an event."""
PAGE_COLUMNS = (
    "id, title, start, [end], start_utc, status, city, attendance, updated, content_hash, "
    "sequence, first_seen, removed_at"
)
"""What fingerprinting an event's page and listing it in its year's archive read of it."""
_ARCHIVE_FIELDS = (
    *("id", "title", "start", "end", "start_utc", "status", "city", "attendance"),
    "follow_up",
)
"""What the archive pages show of each event (``follow_up``: what its reports offer, the
archive's mark)."""
_REPORT_FEED_FIELDS = (
    *("url", "event_id", "title", "kind", "kinds", "published", "publisher", "digital", "text"),
    *("first_seen", "event_title", "event_start_at", "event_end_at", "event_city"),
    *("event_attendance", "event_digital"),
)
"""What ``nachberichte.atom`` shows of each of its reports and their events (not when each was
last seen, which every run moves)."""
_WEEKS_FIELDS = ("id", "city", "region", "start", "end", "last_day", "status")
"""What the week overview counts of each upcoming event (``weeks.heatmap``): a new title
leaves it as it is."""
BATCH = 1000
"""Event pages rendered per read of their whole rows and sightings."""


def render_all(
    db: sqlite_utils.Database,
    today: date,
    options: PublishOptions,
    previous: Manifest | None = None,
    state: str | None = None,
) -> Iterator[Output]:
    """(relative path, content) of every output file, one at a time to keep memory small; a file
    whose fingerprint is the one ``previous`` recorded, and which is still there, is not
    rendered (content None). When the whole database's published state, today and the options
    are those of the last publish, nothing is read beyond that state (``state``: that state,
    when the caller has read it already)."""
    previous = previous or Manifest()
    base = fingerprint.digest(fingerprint.code_version(), options)
    manifest = Manifest(state or published_state(db, today, options))
    if manifest.state == previous.state and previous.complete():
        yield from ((path, None) for path in previous.paths())
        yield fingerprint.FILE, None
        return

    def output(path: str, print_: str, render: Callable[[], bytes]) -> Output:
        manifest.record(path, print_)
        return path, None if previous.unchanged(path, print_) else render()

    light = upcoming(db, today, options.horizon_days, LIGHT_COLUMNS)
    chosen = selections(db)
    members = partition(light, chosen, options.limit)
    fallback = _newest_change(db)
    texts = EntryTexts(options.base_url)  # each event's entry, made once for feeds and pages
    yield from _selection_feeds(
        db, base, previous, output, options, chosen, members, fallback, texts
    )
    texts.drop_entries()
    reports = follow_up.index(db)
    yield from _event_pages(db, base, previous, output, options.base_url, reports, texts)
    del texts
    dated = [
        {**event, "follow_up": follow_up.marks(reports.get(event["id"], []))}
        for event in event_page.published_events(db, PAGE_COLUMNS)
    ]
    years = archive.by_year(dated)
    year_list = [year for year, _ in years]
    for year, group in years:
        fields = (tuple(e[k] for k in _ARCHIVE_FIELDS) for e in group)
        yield output(
            urls.archive_path(year),
            fingerprint.digest(base, year_list, *fields),
            functools.partial(archive.render, year, group, year_list),
        )
    del dated, years, reports
    newest_reports = report_feed.newest(db)
    yield output(
        report_feed.FILE,
        fingerprint.digest(
            base, *(tuple(r[k] for k in _REPORT_FEED_FIELDS) for r in newest_reports)
        ),
        lambda: report_feed.render(db, options.base_url),
    )
    weeks_print = fingerprint.digest(
        base, today, *(tuple(e[k] for k in _WEEKS_FIELDS) for e in light)
    )
    heatmap = functools.cache(lambda: weeks.heatmap(light, today))  # counted if either is rendered
    yield output(weeks.HTML, weeks_print, lambda: weeks.render_html(*heatmap(), today))
    yield output(weeks.JSON, weeks_print, lambda: weeks.render_json(*heatmap(), today))
    listed_light = light[: options.page_limit]
    listed_print = fingerprint.digest(*(_event_print(e) for e in listed_light))
    listed: list[dict[str, Any]] = []

    def listed_rows() -> list[dict[str, Any]]:
        if not listed and listed_light:
            rows = rows_by_id(db, [e["id"] for e in listed_light])
            listed.extend(rows[e["id"]] for e in listed_light)
        return listed

    yield output(
        search_index.FILE,
        fingerprint.digest(base, listed_print),
        lambda: search_index.render(listed_rows()),
    )
    for name, content in _static_files():
        yield output(name, fingerprint.digest(content), functools.partial(bytes, content))
    data = page.PageData(
        base_url=options.base_url,
        selections=chosen,
        sources=page.source_health(_rows(db, "sources", "name")),
        last_run=_last_run(db),
        last_change=fallback if fallback != EPOCH else None,
        total_upcoming=len(light),
        archive_years=year_list,
    )
    yield output(
        "index.html",
        fingerprint.digest(base, today, listed_print, data),
        lambda: page.render(listed_rows(), data),
    )
    yield fingerprint.FILE, manifest.render()


def _selection_feeds(
    db: sqlite_utils.Database,
    base: str,
    previous: Manifest,
    output: Callable[[str, str, Callable[[], bytes]], Output],
    options: PublishOptions,
    chosen: list[Selection],
    members: dict[str, list[dict[str, Any]]],
    fallback: str,
    texts: EntryTexts,
) -> Iterator[Output]:
    """Every selection's feed in every format; only the events of the feeds that must be
    rendered are read whole, and each event's entry is made once for all of them."""
    member_prints = {
        s.slug: fingerprint.digest(*(_event_print(e) for e in members[s.slug])) for s in chosen
    }
    feeds = [
        (
            ext,
            s,
            fingerprint.digest(
                base, ext, s, _empty_feed_updated(members[s.slug], fallback), member_prints[s.slug]
            ),
        )
        for ext in RENDERERS
        for s in chosen
    ]
    stale = {
        s.slug
        for ext, s, print_ in feeds
        if not previous.unchanged(urls.file_path(s.slug, ext), print_)
    }
    full = rows_by_id(db, {e["id"] for slug in stale for e in members[slug]})
    renderers: dict[str, Renderer] = {}
    for ext, selection, print_ in feeds:

        def feed(ext: str = ext, selection: Selection = selection) -> bytes:
            if ext not in renderers:
                renderers[ext] = RENDERERS[ext](options.base_url, texts)
            events = [full[e["id"]] for e in members[selection.slug]]
            return renderers[ext].render(events, selection, fallback)

        yield output(urls.file_path(selection.slug, ext), print_, feed)


def _empty_feed_updated(members: list[dict[str, Any]], fallback: str) -> str:
    """An empty feed's ``updated`` is the database's newest change; a feed with entries takes
    its newest entry's, which its members' fingerprints cover."""
    return "" if members else fallback


def _event_print(event: dict[str, Any]) -> str:
    """An event's published state: what its entries and page show changes with these."""
    return (
        f"{event['id']}:{event['content_hash']}:{event['updated']}:{event['sequence']}:"
        f"{event['first_seen']}:{event['removed_at']}"
    )


def _event_pages(
    db: sqlite_utils.Database,
    base: str,
    previous: Manifest,
    output: Callable[[str, str, Callable[[], bytes]], Output],
    base_url: str,
    reports: dict[str, list[follow_up.FollowUp]],
    texts: EntryTexts,
) -> Iterator[Output]:
    """Every event's page and calendar file, in batches: only the events whose pages must be
    rendered are read whole, with their sightings. A page shows its same-day neighbours
    (``feeds.same_day``) and the reports on it (``feeds.follow_up``), so these are inputs of its
    fingerprint."""
    seen_states = event_page.sighting_states(db)
    neighbours = same_day.index(db)
    batch: list[tuple[str, str]] = []

    def flush() -> Iterator[Output]:
        stale = [
            event_id
            for event_id, print_ in batch
            if not all(
                previous.unchanged(urls.event_path(event_id, ext), print_)
                for ext in ("html", "ics")
            )
        ]
        rows = rows_by_id(db, stale)
        seen = event_page.sightings(db, stale) if stale else {}
        for event_id, print_ in batch:
            row = rows.get(event_id)
            pages = (
                dict(
                    event_page.render_pages(
                        row,
                        seen.get(event_id, _NO_SIGHTINGS),
                        base_url,
                        neighbours.get(event_id),
                        reports.get(event_id, []),
                        texts,
                    )
                )
                if row is not None
                else {}
            )
            for ext in ("html", "ics"):
                path = urls.event_path(event_id, ext)
                yield output(path, print_, functools.partial(pages.__getitem__, path))
        batch.clear()

    for event in event_page.published_events(db, PAGE_COLUMNS):
        batch.append(
            (
                event["id"],
                fingerprint.digest(
                    base,
                    _event_print(event),
                    seen_states.get(event["id"], ""),
                    neighbours.get(event["id"]),
                    reports.get(event["id"], []),
                ),
            )
        )
        if len(batch) == BATCH:
            yield from flush()
    yield from flush()


_NO_SIGHTINGS = event_page.Sightings()


STATIC_FILES = ("style.css", "favicon.svg", "widget.js", "embed.html")
"""From ``feeds/static``: the stylesheet and the icon every page links, and the widget for other
sites (``widget.js``, and ``embed.html`` for an iframe)."""


def _static_files() -> Iterator[tuple[str, bytes]]:
    folder = resources.files("feeds") / "static"
    for name in STATIC_FILES:
        yield name, (folder / name).read_bytes()


def write_all(
    out_dir: Path, outputs: Iterable[Output], current: Iterable[str] | None = None
) -> OutputPaths:
    """Write every output into a staging folder, then put it in the place of ``out_dir`` as a
    whole (``feeds.staging``); an output without content is the file there, linked. Anything
    failing before that leaves the old folder as it was; when nothing differs from the folder's
    files (``current``, if the caller knows them), nothing is written at all."""
    return replace_folder(out_dir, outputs, None if current is None else set(current))


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
