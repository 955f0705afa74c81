"""Checks of every published feed by tools we did not write: feedparser, the RFC 4287 RELAX NG schema
(tests/data/atom.rnc, converted with rnc2rng and run by lxml), icalendar, and the JSON Feed 1.1
spec. Run on the test database's feeds (tests/unit/test_feeds_validity.py) and on the demo's
(tests/integration/test_feeds_validity.py)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import rnc2rng
from lxml import etree

from feeds.urls import FORMATS
from tests.support import DATA

ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}
JSON_FEED_KEYS = {
    "version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
    "icon", "favicon", "authors", "language", "expired", "hubs", "items",
}  # fmt: skip
JSON_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language",
    "attachments",
}  # fmt: skip
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
EVENT_TIME = re.compile(
    r"^(DTSTART|DTEND)(;VALUE=DATE:\d{8}|;TZID=(?P<tz>[^:;]+):\d{8}T\d{6}|:\d{8}T\d{6}Z)$"
)


def atom_schema() -> etree.RelaxNG:
    rng = rnc2rng.dumps(rnc2rng.load(str(DATA / "atom.rnc")))
    # rnc2rng declares the schema's empty "local" namespace prefix as xmlns:local="", which XML
    # namespaces forbid; the prefix is only used as nsName ns="" in the output, so drop it.
    rng = rng.replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def files(site: Path, ext: str) -> list[Path]:
    """Every file of the format: each selection's feed, and for iCalendar each event's own file
    (``e/<id>.ics``) too, for Atom the feed of reports on past events (``nachberichte.atom``);
    not the week overview's numbers (``wochen.json``), which is no feed."""
    found = sorted(
        p for p in site.rglob(f"*.{ext}") if p.relative_to(site).as_posix() != "wochen.json"
    )
    reports = site / "nachberichte.atom"
    if ext == "atom":
        assert reports in found, "the report feed"
    feeds = [path for path in found if path.relative_to(site).parts[0] != "e" and path != reports]
    selections = [path for path in site.rglob("*.atom") if path != reports]
    assert len(feeds) == len(selections) > 20, "every selection, every format"
    if ext == "ics":
        assert len(found) > len(feeds), "and every event's own calendar file"
    return found


def feedparser_reads_every_feed_without_complaint(site: Path) -> None:
    """(feedparser 6 does not read JSON Feed; those are checked against the spec below.)"""
    for ext, version in (("atom", "atom10"), ("rss", "rss20")):
        for path in files(site, ext):
            headers = {"content-type": FORMATS[ext]}  # as a web server sends them
            parsed = feedparser.parse(path.read_bytes(), response_headers=headers)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            assert parsed.version == version, path


def every_atom_feed_is_valid_against_rfc4287(site: Path, atom_schema: etree.RelaxNG) -> None:
    for path in files(site, "atom"):
        doc = etree.parse(str(path))
        assert atom_schema.validate(doc), (path, str(atom_schema.error_log))
        # The schema's Schematron rules, which RELAX NG itself does not check.
        for entry in doc.iterfind("atom:entry", ATOM_NS):
            assert entry.xpath(
                "atom:link[@rel='alternate'] or atom:link[not(@rel)] or atom:content",
                namespaces=ATOM_NS,
            )
            assert entry.xpath("atom:author or ../atom:author", namespaces=ATOM_NS)


def the_schema_rejects_what_rfc4287_forbids(atom_schema: etree.RelaxNG) -> None:
    """The converted schema really checks: without this a broken conversion would pass all."""
    head = '<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title>'
    good = head + "<updated>2027-01-01T00:00:00Z</updated></feed>"
    assert atom_schema.validate(etree.fromstring(good))
    for bad in (
        head + "<updated>17.03.2027</updated></feed>",
        head + "</feed>",
        head + "<updated>2027-01-01T00:00:00Z</updated><entry><title>x</title></entry></feed>",
    ):
        assert not atom_schema.validate(etree.fromstring(bad)), bad


def every_calendar_parses_without_errors_and_no_time_floats(site: Path) -> None:
    for path in files(site, "ics"):
        raw = path.read_bytes()
        calendar = icalendar.Calendar.from_ical(raw)
        for component in calendar.walk():
            assert component.errors == [], (path, component.name, component.errors)
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded"
        assert raw.endswith(b"END:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        unfolded = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
        defined = {line[5:] for line in unfolded if line.startswith("TZID:")}
        used, depth = set(), []
        for line in unfolded:
            if line.startswith("BEGIN:"):
                depth.append(line[6:])
            elif line.startswith("END:"):
                assert depth.pop() == line[4:]
            elif depth[-1:] == ["VEVENT"] and line.startswith(("DTSTART", "DTEND")):
                match = EVENT_TIME.match(line)
                assert match, (path, line)
                if match["tz"]:
                    ZoneInfo(match["tz"])
                    used.add(match["tz"])
        assert used <= defined, f"{path}: VTIMEZONE missing for {used - defined}"
        events = calendar.walk("VEVENT")
        assert all(e.get("DTSTAMP") and e.get("UID") and e.get("DTSTART") for e in events)
        for event in events:
            if "DTEND" in event:
                assert event["DTEND"].dt > event["DTSTART"].dt


def every_json_feed_follows_json_feed_1_1(site: Path) -> None:
    for path in files(site, "json"):
        feed = json.loads(path.read_text("utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert isinstance(feed["title"], str) and feed["title"]
        assert {k for k in feed if not k.startswith("_")} <= JSON_FEED_KEYS
        assert all(isinstance(a["name"], str) for a in feed["authors"])
        for item in feed["items"]:
            assert {k for k in item if not k.startswith("_")} <= JSON_ITEM_KEYS
            assert isinstance(item["id"], str) and item["id"]
            assert item.get("content_html") or item.get("content_text")
            for key in ("date_published", "date_modified"):
                assert RFC3339.match(item[key]), item[key]
                datetime.fromisoformat(item[key])
            assert item["url"].startswith(("http://", "https://"))


class PublishedFeeds:
    """The checks above as tests of a published folder: a test class that derives from this one
    provides the folder as its ``site`` fixture."""

    @pytest.fixture(scope="class")
    @classmethod
    def atom_schema(cls) -> etree.RelaxNG:
        return atom_schema()

    def test_feedparser_reads_every_feed_without_complaint(self, site: Path) -> None:
        """(feedparser 6 does not read JSON Feed; those are checked against the spec below.)"""
        feedparser_reads_every_feed_without_complaint(site)

    def test_every_atom_feed_is_valid_against_rfc4287(
        self, site: Path, atom_schema: etree.RelaxNG
    ) -> None:
        every_atom_feed_is_valid_against_rfc4287(site, atom_schema)

    def test_every_calendar_parses_without_errors_and_no_time_floats(self, site: Path) -> None:
        every_calendar_parses_without_errors_and_no_time_floats(site)

    def test_every_json_feed_follows_json_feed_1_1(self, site: Path) -> None:
        every_json_feed_follows_json_feed_1_1(site)
