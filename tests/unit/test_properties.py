"""Properties that hold for any text a hostile or broken page may send: the date parser, the place
parser and the sanitiser never raise; dedupe does not depend on the order sightings arrive in; any
event text, taken through normalise, dedupe and the store, gives feeds that feedparser and
icalendar read, the item written to a raw file and read back as in a run. (Narrower properties of each part live beside its tests: test_dates.py,
test_text.py, test_dedupe.py.)"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import feedparser
import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator import dedupe, store
from aggregator.crawl.rawfile import raw_line
from aggregator.ingest import ingest, read_raw
from aggregator.model.event import Sighting
from aggregator.model.raw import RawEvent
from aggregator.normalise.dates import parse_when
from aggregator.normalise.item import normalise
from aggregator.normalise.places import place_in_text, resolve_place
from aggregator.normalise.text import clean_text, html_to_text, sanitise_html
from feeds.publish import PublishOptions, render_all

REFERENCE = date(2026, 11, 27)
HOSTILE = "\u202e\u2066\u2069\u200f\x00\x0b\x1b\ufeff\ud800\ufffe"
"""Bidi controls, C0 controls, a BOM, a lone surrogate, a non-character."""
FRAGMENTS = [
    "<p>", "</p>", "<script>alert(1)</script>", "<a href='javascript:x'>", "</a>", "<br>",
    "&amp;", "&#x202E;", "&#0;", "<!--", "-->", "<![CDATA[", "]]>", "<img src=x onerror=y>",
    "Dresden", "01067", "Ort: ", "Termin: ", "15.–16. Juni 2027", "Di, 27.04.2027 | 17:00 Uhr",
    "KI", "Cloud", " ", "\n", *HOSTILE,
]  # fmt: skip
ANY_TEXT = st.text() | st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
ZONES = st.sampled_from(["Europe/Berlin", "UTC", "America/New_York", "Asia/Kathmandu"])


@given(ANY_TEXT, ZONES, st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_the_date_parser_never_raises(text, zone, reference):
    parse_when(text, zone, reference)


@given(ANY_TEXT, ANY_TEXT, ANY_TEXT, st.one_of(st.none(), ANY_TEXT, st.integers()))
def test_the_place_parser_never_raises(venue, city, text, postcode):
    resolve_place(venue=venue, city=city, text=text, postcode=postcode, region=venue)
    place_in_text(text)


@given(ANY_TEXT, st.sampled_from([None, "https://kammer.example/termine/", "javascript:x"]))
def test_the_sanitiser_never_raises_and_leaves_no_active_content(value, base):
    cleaned = sanitise_html(value, base)
    lowered = cleaned.lower()
    assert "<script" not in lowered and "javascript:" not in lowered and "onerror" not in lowered
    assert not set(cleaned) & set(HOSTILE[:5])
    html_to_text(value)
    clean_text(value)


TITLES = ["Forum Sachsen Digital", "KI-Stammtisch", "Cloud-Tag Mittelstand", "Datentag"]
CITIES = ["Dresden", "Leipzig", "Chemnitz", None]
DAYS = ["2027-03-17", "2027-03-18", "2027-04-08"]


@st.composite
def sightings(draw: st.DrawFn) -> list[Sighting]:
    """A handful of announcements from a few sources, overlapping in title, day and place."""
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=8))):
        raw = RawEvent(
            source=draw(st.sampled_from(["agentur", "kammer", "verein"])),
            kind="jsonld",
            key=f"k{i}",
            url=f"https://example.org/{i}",
            fetched_at="2026-11-27T03:00:00+00:00",
            title=draw(st.sampled_from(TITLES)) + draw(st.sampled_from(["", " 2027", " Dresden"])),
            start=draw(st.sampled_from(DAYS)) + draw(st.sampled_from(["", "T09:00:00+01:00"])),
            city=draw(st.sampled_from(CITIES)),
        )
        result = normalise(raw, REFERENCE)
        assert isinstance(result, Sighting)
        out.append(result)
    return out


@given(sightings(), st.randoms(use_true_random=False))
def test_dedupe_does_not_depend_on_the_order_of_the_sightings(found, rnd):
    def grouped(items: list[Sighting]) -> set[frozenset[tuple[str, str]]]:
        return {frozenset(s.source_key for s in c.sightings) for c in dedupe.cluster(items, {})}

    shuffled = list(found)
    rnd.shuffle(shuffled)
    assert grouped(shuffled) == grouped(found)
    for group in dedupe.cluster(found, {}):
        reordered = list(group.sightings)
        rnd.shuffle(reordered)
        assert dedupe.merge(reordered) == dedupe.merge(group.sightings)


@settings(max_examples=15)
@given(ANY_TEXT, ANY_TEXT, ANY_TEXT, ANY_TEXT, ANY_TEXT)
def test_any_event_text_gives_feeds_that_readers_read(title, description, venue, city, organizer):
    raw = RawEvent(
        source="feindlich",
        kind="jsonld",
        key="1",
        url="https://feindlich.example/termine/1",
        fetched_at="2026-11-27T03:00:00+00:00",
        title="KI-Werkstatt " + title,
        description=description,
        start="2027-03-17T09:00:00+01:00",
        venue=venue,
        city=city,
        organizer=organizer,
        categories=["KI"],
    )
    with tempfile.TemporaryDirectory() as folder:
        # As the crawl writes the item and ingest reads it back.
        (Path(folder) / "feindlich.jsonl").write_bytes(raw_line(raw))
        raws, _ = read_raw([folder])
        db = store.open_db(Path(folder) / "events.db")
        try:
            ingest(db, raws, reference=REFERENCE)
            outputs = dict(render_all(db, REFERENCE, PublishOptions()))
        finally:
            db.close()
    for name, content in outputs.items():
        if name.endswith((".atom", ".rss")):
            parsed = feedparser.parse(content)
            assert not parsed.bozo, (name, parsed.bozo_exception)
        elif name.endswith(".ics"):
            icalendar.Calendar.from_ical(content)
        elif name.endswith(".json"):
            json.loads(content)
    assert len(feedparser.parse(outputs["events.atom"]).entries) == 1
