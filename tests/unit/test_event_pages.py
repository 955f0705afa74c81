"""Each event's own page and calendar file, the year archives and the search index, as published,
read with real parsers: lxml for the page, extruct for its schema.org JSON-LD and OpenGraph tags,
icalendar for the calendar file. (The pages in Chromium, and the project's own jsonld kind reading
them back: tests/integration/test_event_pages.py.)"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import extruct
import feedparser
import icalendar
import lxml.html
import pytest

from feeds import identity
from feeds.publish import PublishOptions, publish
from tests.support import feeds_db

TODAY = date(2026, 11, 27)
BASE = "https://termine.example.org/"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return feeds_db.published(tmp_path_factory.mktemp("pages"), BASE, TODAY)


def page(public: Path, event_id: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((public / "e" / f"{event_id}.html").read_bytes())


def structured(public: Path, event_id: str) -> dict:
    html = (public / "e" / f"{event_id}.html").read_text("utf-8")
    return extruct.extract(
        html, base_url=f"{BASE}e/{event_id}.html", syntaxes=["json-ld", "opengraph"]
    )


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_every_digitalisation_event_has_a_page_past_and_unlisted_ones_too(public) -> None:
    pages = {p.stem for p in (public / "e").glob("*.html")}
    assert pages == {e for e, event in feeds_db.EVENTS.items() if event.topics}
    assert {p.stem for p in (public / "e").glob("*.ics")} == pages
    assert "offtopic" not in pages, "an event that is in no feed gets no page"
    gone = text(page(public, "gone"))
    assert "Keine Quelle kündigt diese Veranstaltung mehr an" in gone


def test_the_page_shows_what_a_visitor_needs(public) -> None:
    doc = page(public, "forum")
    assert doc.get("lang") == "de"
    assert text(doc.cssselect("h1")[0]) == "Forum Sachsen Digital"
    assert doc.cssselect("time")[0].get("datetime") == "2027-03-17T09:00:00+01:00"
    body = text(doc.cssselect("main")[0])
    assert "Mi 17.03.2027, 09:00–18:00 Uhr" in body
    place = doc.xpath("//dt[.='Ort']/following-sibling::dd[1]")[0]
    assert [t.strip() for t in place.itertext()][:2] == [
        "Internationales Congress Center",
        "Ostra-Ufer 2, 01067 Dresden, Sachsen",
    ]
    osm = doc.xpath("//a[.='Auf OpenStreetMap zeigen']/@href")[0]
    assert (
        osm == "https://www.openstreetmap.org/?mlat=51.05660&mlon=13.72760#map=17/51.05660/13.72760"
    )
    assert doc.xpath("//dt[.='Veranstalter']/following-sibling::dd[1]//a/@href") == [
        "https://forum.example.org/2027"
    ]
    topics = [(a.text, a.get("href")) for a in doc.cssselect(".topics a")]
    assert topics == [
        ("Digitalisierung", "../index.html#topic=digitalisierung"),
        ("Künstliche Intelligenz", "../index.html#topic=ki"),
    ]
    seen = [
        (a.text, a.get("href"))
        for a in doc.xpath("//dt[.='Gesehen bei']/following-sibling::dd[1]//a")
    ]
    assert seen == [
        ("Digitalagentur Sachsen", "https://digitalagentur.example.org/termine/forum-2027"),
        ("hwk-leipzig", "https://hwk.example.org/termine/forum"),
    ], "each source by its organiser's name where sources.toml gives one"
    description = doc.cssselect(".description")[0]
    assert description.cssselect("strong")[0].text == "Keynote"
    html = (public / "e" / "forum.html").read_text("utf-8").lower()
    assert "onclick" not in html and "javascript:" not in html and "<img" not in html


def test_the_conversation_hashtags_searched_on_mastodon_and_bluesky_social_and_app_links(
    public,
) -> None:
    """Links only: the page names each hashtag and links its public search on both networks;
    the social and app links by their platform. A javascript: address from the database is
    dropped; an event without any has none of these headings."""
    doc = page(public, "forum")
    tags = doc.xpath("//dt[.='Hashtags']/following-sibling::dd[1]//li")
    assert [t.cssselect(".tag")[0].text for t in tags] == ["#smartKMU", "#FSD27"]
    assert [(a.text, a.get("href"), a.get("aria-label")) for a in tags[0].cssselect("a")] == [
        ("Mastodon", "https://mastodon.social/tags/smartKMU", "#smartKMU auf Mastodon suchen"),
        ("Bluesky", "https://bsky.app/hashtag/smartKMU", "#smartKMU auf Bluesky suchen"),
    ]
    social = doc.xpath("//dt[.='Im Netz']/following-sibling::dd[1]//li")
    assert [(text(li), li.cssselect("a")[0].get("href")) for li in social] == [
        (
            "Mastodon: mastodon.social/@forumsachsendigital",
            "https://mastodon.social/@forumsachsendigital",
        ),
        (
            "Livestream (YouTube): youtube.com/watch?v=fsd2027live",
            "https://www.youtube.com/watch?v=fsd2027live",
        ),
    ]
    app = doc.xpath("//dt[.='Event-App']/following-sibling::dd[1]//a/@href")
    assert app == ["https://app.swapcard.com/event/forum-sachsen-digital-2027"]
    assert not doc.xpath("//script[not(@type='application/ld+json')]"), "nothing runs or fetches"
    quiet = page(public, "cloudtag")
    assert not quiet.xpath("//dt[.='Hashtags' or .='Im Netz' or .='Event-App']")


def test_an_online_event_links_its_online_access_and_an_all_day_one_says_so(public) -> None:
    webinar = page(public, "webinar")
    assert "Online-Veranstaltung" in text(webinar)
    assert webinar.xpath("//a[.='Online-Zugang']/@href") == ["https://meet.example.org/it-sicher"]
    assert not webinar.xpath("//dt[.='Ort']"), "no address and no map for an online event"
    assert text(webinar.cssselect(".status")[0]) == "VERSCHOBEN"
    seen = webinar.xpath("//dt[.='Gesehen bei']/following-sibling::dd[1]")[0]
    assert not seen.cssselect("a"), "a javascript: page address is named, not linked"
    praxistag = page(public, "praxistag")
    assert "Mi 22.09.2027 (ganztägig)" in text(praxistag)
    assert "Hybrid: vor Ort und online" in text(praxistag)


def test_the_calendar_file_holds_the_same_event_as_the_subscribed_calendars(public) -> None:
    feed = (public / "events.ics").read_bytes().decode("utf-8")
    for event_id in feeds_db.UPCOMING:
        raw = (public / "e" / f"{event_id}.ics").read_bytes()
        calendar = icalendar.Calendar.from_ical(raw)
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["UID"]) == f"{event_id}@digital-events-aggregator"
        block = re.search(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", raw.decode("utf-8"), re.S)[0]
        assert block in feed, f"{event_id}: one VEVENT, byte for byte as in events.ics"
    forum = icalendar.Calendar.from_ical((public / "e" / "forum.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in forum.walk("VTIMEZONE")] == ["Europe/Berlin"]
    cloudtag = (public / "e" / "cloudtag.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:20270505\r\nDTEND;VALUE=DATE:20270507\r\n" in cloudtag
    assert not icalendar.Calendar.from_ical(cloudtag).walk("VTIMEZONE"), "dates need no zone"


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_google_and_outlook_links_carry_the_events_times(public) -> None:
    forum = page(public, "forum")
    google = _query(forum.xpath("//a[.='Google Kalender']/@href")[0])
    assert google["action"] == "TEMPLATE" and google["text"] == "Forum Sachsen Digital"
    assert google["dates"] == "20270317T080000Z/20270317T170000Z"
    assert google["location"] == "Internationales Congress Center, Ostra-Ufer 2, 01067 Dresden"
    assert google["details"].splitlines() == [
        f"{BASE}e/forum.html",
        "https://forum.example.org/2027",
    ]
    outlook = _query(forum.xpath("//a[.='Outlook.com']/@href")[0])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2027-03-17T09:00:00+01:00", "2027-03-17T18:00:00+01:00", "false",
    )  # fmt: skip
    cloudtag = page(public, "cloudtag")
    assert (
        _query(cloudtag.xpath("//a[.='Google Kalender']/@href")[0])["dates"] == "20270505/20270507"
    )
    outlook = _query(cloudtag.xpath("//a[.='Outlook.com']/@href")[0])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2027-05-05", "2027-05-07", "true",
    )  # fmt: skip
    werkstatt = _query(page(public, "werkstatt").xpath("//a[.='Google Kalender']/@href")[0])
    assert werkstatt["text"] == "ABGESAGT: KI-Werkstatt für Handwerksbetriebe"


def test_schema_org_json_ld_and_opengraph_tags(public) -> None:
    data = structured(public, "forum")
    (event,) = data["json-ld"]
    assert event["@type"] == "Event" and event["name"] == "Forum Sachsen Digital"
    assert (event["startDate"], event["endDate"]) == (
        "2027-03-17T09:00:00+01:00", "2027-03-17T18:00:00+01:00",
    )  # fmt: skip
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["url"] == f"{BASE}e/forum.html"
    assert event["organizer"] == {"@type": "Organization", "name": "Digitalagentur Sachsen"}
    assert event["location"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Ostra-Ufer 2", "postalCode": "01067",
        "addressLocality": "Dresden", "addressRegion": "Sachsen", "addressCountry": "DE",
    }  # fmt: skip
    assert event["location"]["geo"]["latitude"] == 51.0566
    (webinar,) = structured(public, "webinar")["json-ld"]
    assert webinar["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/it-sicher",
    }
    assert webinar["eventStatus"] == "https://schema.org/EventPostponed"
    (praxistag,) = structured(public, "praxistag")["json-ld"]
    assert [place["@type"] for place in praxistag["location"]] == ["Place", "VirtualLocation"]
    assert praxistag["startDate"] == "2027-09-22" and "endDate" not in praxistag
    (og,) = structured(public, "forum")["opengraph"]
    properties = dict(og["properties"])
    assert properties["og:title"] == "Forum Sachsen Digital"
    assert properties["og:description"] == (
        "Mi 17.03.2027, 09:00–18:00 Uhr · Internationales Congress Center, Ostra-Ufer 2, "
        "01067 Dresden · Veranstalter: Digitalagentur Sachsen"
    )
    assert properties["og:url"] == f"{BASE}e/forum.html"
    doc = page(public, "forum")
    assert doc.xpath("//meta[@name='twitter:card']/@content") == ["summary"]


def test_a_title_that_closes_the_script_element_stays_text(tmp_path: Path) -> None:
    db = feeds_db.build(tmp_path / "events.db")
    hostile = '</script><script>alert("x")</script> & <!-- KI-Tag'
    feeds_db.save(db, "forum", replace(feeds_db.FORUM, title=hostile), feeds_db.CHANGED)
    publish(db, tmp_path / "public", TODAY, PublishOptions(base_url=BASE))
    html = (tmp_path / "public" / "e" / "forum.html").read_text("utf-8")
    doc = lxml.html.fromstring(html)
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].text)["name"] == hostile
    assert text(doc.cssselect("h1")[0]) == hostile
    index = (tmp_path / "public" / "search-index.js").read_text("utf-8")
    assert "<" not in index


def test_archive_pages_list_each_years_events_by_month(public) -> None:
    doc = lxml.html.fromstring((public / "archiv" / "2027.html").read_bytes())
    months = [h.text for h in doc.cssselect("section.month h2")]
    assert months == [
        "Februar 2027",
        "März 2027",
        "April 2027",
        "Mai 2027",
        "Juni 2027",
        "September 2027",
    ]
    links = [a.get("href") for a in doc.cssselect("li.event h3 a")]
    assert links == [
        f"../e/{e}.html"
        for e in ("webinar", "gone", "forum", "werkstatt", "cloudtag", "wien", "praxistag")
    ]
    years = [a.text for a in doc.xpath("//nav[@aria-label='Jahre']//a")]
    assert (
        years == ["2026", "2028"] and doc.xpath("//strong[@aria-current='page']")[0].text == "2027"
    )
    past = lxml.html.fromstring((public / "archiv" / "2026.html").read_bytes())
    assert [a.get("href") for a in past.cssselect("li.event h3 a")] == ["../e/past.html"]
    index = lxml.html.fromstring((public / "index.html").read_bytes())
    assert "archiv/2028.html" in index.xpath("//a/@href")


def test_a_past_events_page_lists_its_reports_and_its_year_marks_it(public) -> None:
    """The Rückblick with slides and recording on the past workshop: on its page (its title's
    ``<Daten & Recht>`` as text, not markup), marked in the archive of 2026; the events without
    one are not."""
    section = page(public, "past").cssselect("section#nachberichte")[0]
    (item,) = section.cssselect("ul.reports li")
    report = feeds_db.REPORTS["past"]
    assert text(item) == (
        f"Nachbericht mit Folien und Aufzeichnung: {report.title} (Digitalagentur Sachsen, "
        f"{text(item.cssselect('time')[0])})"
    )
    assert item.cssselect("a")[0].get("href") == report.url
    assert item.cssselect("time")[0].get("datetime") == "2026-10-05"
    assert not section.cssselect("daten")
    assert not page(public, "forum").cssselect("section#nachberichte")
    year = lxml.html.fromstring((public / "archiv" / "2026.html").read_bytes())
    (mark,) = year.cssselect("li.event p.follow-up a")
    assert mark.get("href") == "../e/past.html#nachberichte"
    assert text(mark) == "Danach erschienen: Nachbericht, Folien, Aufzeichnung"
    later = lxml.html.fromstring((public / "archiv" / "2027.html").read_bytes())
    assert not later.cssselect("p.follow-up")


def test_the_report_feed_lists_every_report_with_its_event_when_known(public) -> None:
    """Ids from the report's address; the one on the past workshop links the event's page, the
    one whose event is not in the database and the one whose event has no page stand alone. A title is text (its ``<Daten &
    Recht>`` shows as written)."""
    feed = feedparser.parse((public / "nachberichte.atom").read_bytes())
    assert not feed.bozo
    entries = {e.id: e for e in feed.entries}
    assert set(entries) == {identity.report_entry_id(r.url) for r in feeds_db.REPORTS.values()}
    past = entries[identity.report_entry_id(feeds_db.REPORTS["past"].url)]
    related = [link.href for link in past.links if link.rel == "related"]
    assert related == [f"{BASE}e/past.html"]
    assert past.title_detail.type == "text/plain" and past.title == feeds_db.REPORTS["past"].title
    assert f'zu <a href="{BASE}e/past.html">Datenstrategie-Workshop</a>' in past.summary
    alone = entries[identity.report_entry_id(feeds_db.REPORTS[None].url)]
    assert [link.rel for link in alone.links] == ["alternate"]
    assert [t.term for t in alone.tags] == ["slides"]
    pageless = entries[identity.report_entry_id(feeds_db.REPORTS["offtopic"].url)]
    assert [link.rel for link in pageless.links] == ["alternate"]
    assert "/e/offtopic.html" not in pageless.content[0].value


def test_the_search_index_holds_the_listed_events_words(public) -> None:
    script = (public / "search-index.js").read_text("utf-8")
    prefix = "window.eventSearchIndex = "
    assert script.startswith(prefix) and script.endswith(";\n")
    index = json.loads(script[len(prefix) : -2])
    assert index["version"] == 1
    assert [entry[0] for entry in index["events"]] == feeds_db.UPCOMING
    words = dict(index["events"])["forum"].split()
    for word in ("forum", "dresden", "digitalagentur", "kuenstliche", "intelligenz", "ki"):
        assert word in words, word
    assert "smartkmu" in words and "fsd27" in words, "hashtags are found as typed"
    page_ids = [
        li.get("id")[2:]
        for li in lxml.html.fromstring((public / "index.html").read_bytes()).cssselect("li.event")
    ]
    assert page_ids == feeds_db.UPCOMING
