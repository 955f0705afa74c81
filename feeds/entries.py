"""Atom and RSS share one feedgen description of a feed; only the output call differs.

Everything that reaches feedgen passes through ``feeds.sanitise`` first: feedgen escapes HTML
content but does not sanitise it, and raises on control characters.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from aggregator.model.vocabulary import Status
from feeds import identity, labels, sanitise, urls
from feeds.selection import Selection

GENERATOR = "digital-events-aggregator"
SUBTITLE = "Konferenzen, Workshops und Meetups zur Digitalisierung"
FEED_AUTHOR = "Digital Events Aggregator"
UNKNOWN_ORGANIZER = "Veranstalter unbekannt"
FILTER_FIELDS = {
    "all": (),
    "region": ("region",),
    "city": ("city",),
    "topic": ("topic",),
    "region-topic": ("region", "topic"),
}


@dataclass(frozen=True)
class EntryText:
    """What every feed format says about one event."""

    id: str
    title: str
    link: str
    """The event's page on the published site."""
    organizer_link: str | None
    """The organiser's own page of the event, when there is one to trust."""
    summary: str
    content: str
    author: str


EventKey = tuple[str, str | None, str | None]


def event_key(event: dict[str, Any]) -> EventKey:
    """An event in the state it is published in: what caches of its entry are keyed by, so that
    one that lives longer than a publish (Datasette's feeds of a search) never serves an old
    version (``updated`` changes with every published field)."""
    return event["id"], event.get("updated"), event.get("content_hash")


class EntryTexts:
    """Each event's ``EntryText`` and feedgen entry, worked out once per publish for all formats
    and selections: Atom and RSS share one entry (feedgen checks each value as it is set, so
    setting them once is half the work)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._texts: dict[EventKey, EntryText] = {}
        self._entries: dict[EventKey, FeedEntry] = {}
        self.vevents: dict[EventKey, str] = {}
        """Each event's VEVENT as the calendars wrote it (``feeds.ical``), which the event's
        own calendar file repeats."""

    def __len__(self) -> int:
        return len(self._texts)

    def entry(self, event: dict[str, Any]) -> FeedEntry:
        key = event_key(event)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = feed_entry(event, self(event))
        return entry

    def drop_entries(self) -> None:
        """Lets the feedgen entries go once the feeds are written: the event pages use only the
        texts and VEVENTs (at 100,000 events the entries are most of the memory a publish holds)."""
        self._entries.clear()

    def known(self, event: dict[str, Any]) -> EntryText | None:
        """The event's text if a feed made it already (an event's page shows its summary)."""
        return self._texts.get(event_key(event))

    def __call__(self, event: dict[str, Any]) -> EntryText:
        key = event_key(event)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = EntryText(
                id=identity.entry_id(event["id"]),
                title=labels.headline(event),
                link=urls.absolute(self.base_url, urls.event_path(event["id"])),
                organizer_link=sanitise.url(event.get("url")),
                summary=summary(event),
                content=content_html(event),
                author=sanitise.line(event.get("organizer")) or UNKNOWN_ORGANIZER,
            )
        return text


class FeedWriter:
    """Renders the feed of each selection in one format; an event's entry is built once per
    publish and shared by every feed that lists it."""

    fmt = ""
    """``atom`` or ``rss``: the extension, the self link's media type and the output call."""

    def __init__(self, base_url: str, texts: EntryTexts) -> None:
        self.base_url = base_url
        self.texts = texts

    def render(
        self,
        events: list[dict[str, Any]],
        selection: Selection,
        fallback_updated: str,
        *,
        self_url: str | None = None,
        page_link: str | None = None,
    ) -> bytes:
        """Its ``updated`` is its newest entry's (or ``fallback_updated`` when it is empty),
        never the time of the run, so an unchanged database gives a byte-identical feed.
        ``self_url`` and ``page_link`` name a feed served elsewhere than at its file's path
        (the feed of a search in Datasette)."""
        feed = FeedGenerator()
        feed.id(feed_id(selection))
        feed.title(selection.title)
        feed.subtitle(SUBTITLE)
        feed.description(SUBTITLE)
        feed.author({"name": FEED_AUTHOR})
        feed.link(
            href=self_url or urls.absolute(self.base_url, urls.file_path(selection.slug, self.fmt)),
            rel="self",
            type=urls.FORMATS[self.fmt],
        )
        # After the self link: feedgen makes the last link RSS's <channel><link>, the page.
        page = page_link or page_url(self.base_url, selection)
        feed.link(href=page, rel="alternate", type="text/html")
        feed.language("de")
        feed.generator(GENERATOR)
        newest = instant(max((e["updated"] for e in events), default=fallback_updated))
        feed.updated(newest)
        feed.lastBuildDate(newest)
        for event in events:
            feed.add_entry(self.texts.entry(event), order="append")
        return self.serialise(feed)

    def serialise(self, feed: FeedGenerator) -> bytes:
        raise NotImplementedError


def feed_id(selection: Selection) -> str:
    """Stable whatever address the feed is served from."""
    return uuid.uuid5(identity.NAMESPACE, f"feed:{selection.slug}").urn


def page_url(base_url: str, selection: Selection) -> str:
    """The page, filtered to the selection (``index.html#region=sachsen&topic=ki``)."""
    return urls.absolute(base_url, "index.html") + page_fragment(selection)


def page_fragment(selection: Selection) -> str:
    """The page's filter for the selection, as the fragment its script reads."""
    pairs = zip(FILTER_FIELDS[selection.kind], selection.key, strict=True)
    return ("#" + "&".join(f"{k}={v}" for k, v in pairs)) if selection.key else ""


def summary(event: dict[str, Any]) -> str:
    """One plain line: when, where, who."""
    parts = [labels.when_label(event)]
    place = labels.place_label(event)
    if place:
        parts.append(place)
    organizer = sanitise.line(event.get("organizer"))
    if organizer:
        parts.append(f"Veranstalter: {organizer}")
    return labels.status_prefix(event) + " · ".join(parts)


def content_html(event: dict[str, Any]) -> str:
    """When, where, who and topics first, then the organiser's description, sanitised again."""
    facts = [f"<strong>{escape(labels.when_label(event))}</strong>"]
    status = labels.STATUS_WORD.get(event.get("status") or Status.SCHEDULED)
    if status:
        facts.insert(0, f"<strong>{status.upper()}</strong>")
    place = labels.place_label(event)
    if place:
        facts.append(escape(place))
    organizer = sanitise.line(event.get("organizer"))
    if organizer:
        facts.append(f"Veranstalter: {escape(organizer)}")
    if event["topics"]:
        facts.append("Themen: " + escape(", ".join(labels.topic_label(t) for t in event["topics"])))
    if labels.hashtags(event):
        facts.append("Hashtags: " + escape(" ".join(labels.hashtags(event))))
    parts = ["<p>" + "<br>".join(facts) + "</p>", sanitise.html(event.get("description"))]
    link = sanitise.url(event.get("url"))
    if link:
        parts.append(f'<p><a href="{escape(link)}">Zur Seite des Veranstalters</a></p>')
    return "\n".join(p for p in parts if p)


def instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class BuiltOnce(FeedEntry):  # type: ignore[misc]  # feedgen ships no type information
    """A feedgen entry whose XML element is built on first use and then reused: feedgen only
    appends it to each feed's tree, and as every feed is serialised before the next one is
    built, moving the element from tree to tree is safe."""

    def __init__(self) -> None:
        super().__init__()
        self._atom: Any = None  # feedgen's lxml elements (neither library is typed)
        self._rss: Any = None

    def atom_entry(self, extensions: bool = True) -> Any:
        if self._atom is None:
            self._atom = super().atom_entry(extensions)
            # feedgen 1.0 drops each entry link's rel and type (it looks them up on the element
            # it has just made); without them the organiser's page would be a second alternate.
            links = self._atom.xpath("*[local-name() = 'link']")
            for element, data in zip(links, self.link(), strict=True):
                for key in ("rel", "type"):
                    if data.get(key):
                        element.set(key, data[key])
        return self._atom

    def rss_entry(self, extensions: bool = True) -> Any:
        if self._rss is None:
            self._rss = super().rss_entry(extensions)
        return self._rss


def feed_entry(event: dict[str, Any], text: EntryText) -> FeedEntry:
    entry = BuiltOnce()
    entry.id(text.id)
    entry.guid(text.id, permalink=False)
    entry.title(text.title)
    entry.link(href=text.link, rel="alternate", type="text/html")
    if text.organizer_link:
        entry.link(href=text.organizer_link, rel="related", type="text/html")
    entry.updated(instant(event["updated"]))
    entry.published(instant(event["first_seen"]))
    entry.author({"name": text.author})
    entry.description(text.summary)
    entry.content(text.content, type="html")
    for topic in event["topics"]:
        entry.category(term=topic, label=labels.topic_label(topic))
    for hashtag in labels.hashtags(event):
        entry.category(term=hashtag, label=hashtag)
    return entry
