"""index.html as published, without a browser: every event listed by month, the feeds offered and
explained, when the data changed and each source's health, a labelled filter form without inline
handlers, and colours with enough contrast. (In headless Chromium, with the filter, the links and the
layout at desktop and phone widths: tests/integration/test_page.py.)"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from feeds import page as page_module
from feeds.publish import PublishOptions, publish
from tests.support import feeds_db

TODAY = date(2026, 11, 27)
BASE = "https://termine.example.org/"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return feeds_db.published(tmp_path_factory.mktemp("page"), BASE, TODAY)


@pytest.fixture(scope="module")
def page(public: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((public / "index.html").read_bytes())


def test_without_javascript_every_event_is_listed_by_month(page) -> None:
    assert page.get("lang") == "de"
    assert [h.text_content() for h in page.cssselect("h1")] == ["Digitalisierungs-Veranstaltungen"]
    months = [h.text_content() for h in page.cssselect("section.month h2")]
    assert months == [
        "Februar 2027", "März 2027", "April 2027", "Mai 2027", "Juni 2027", "September 2027",
        "Juni 2028",
    ]  # fmt: skip
    events = page.cssselect("li.event")
    assert [e.get("id") for e in events] == [
        "e-webinar", "e-forum", "e-werkstatt", "e-cloudtag", "e-wien", "e-praxistag", "e-far",
    ]  # fmt: skip
    assert all(e.get("hidden") is None for e in events)
    assert page.get_element_by_id("filter-panel").get("hidden") is not None
    forum = page.get_element_by_id("e-forum")
    assert forum.get("data-region") == "sachsen" and forum.get("data-city") == "dresden"
    assert forum.get("data-topics") == "digitalisierung ki"
    assert forum.cssselect("time")[0].get("datetime") == "2027-03-17T09:00:00+01:00"
    text = " ".join(forum.text_content().split())
    assert "Mi 17.03.2027, 09:00–18:00 Uhr" in text
    assert "Internationales Congress Center, Ostra-Ufer 2, 01067 Dresden" in text
    assert "Veranstalter: Digitalagentur Sachsen" in text
    assert [li.text for li in forum.cssselect(".topics li")] == [
        "Digitalisierung",
        "Künstliche Intelligenz",
    ]
    werkstatt = page.get_element_by_id("e-werkstatt")
    assert werkstatt.cssselect(".status")[0].text == "ABGESAGT"
    assert "cancelled" in werkstatt.get("class")
    assert [a.get("href") for a in forum.cssselect("a")] == [
        "e/forum.html",
        "https://forum.example.org/2027",
    ], "the event's page, then the organiser's"
    webinar = page.get_element_by_id("e-webinar")
    links = [a.get("href") for a in webinar.cssselect("a")]
    assert links == ["e/webinar.html"], "a javascript: URL is not linked"
    assert "Online" in webinar.text_content()


def test_page_offers_every_feed_and_explains_the_addresses(page) -> None:
    base = BASE
    discovery = {
        (link.get("type"), link.get("href")) for link in page.cssselect('link[rel="alternate"]')
    }
    assert discovery == {
        ("application/atom+xml", "events.atom"),
        ("application/rss+xml", "events.rss"),
        ("application/feed+json", "events.json"),
        ("text/calendar", "events.ics"),
    }
    subscribe = {a.get("data-format"): a.get("href") for a in page.cssselect(".subscribe a")}
    webcal = "webcal://" + base.split("://")[1] + "events.ics"
    assert subscribe == {
        "atom": "events.atom",
        "rss": "events.rss",
        "json": "events.json",
        "ics": "events.ics",
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid="
        + "webcal%3A%2F%2Ftermine.example.org%2Fevents.ics",
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?url="
        + "https%3A%2F%2Ftermine.example.org%2Fevents.ics"
        + "&name=Digitalisierungs-Veranstaltungen",
    }
    assert page.get_element_by_id("copy").get("data-copy") == webcal
    listed = {a.get("href") for a in page.cssselect(".feeds-all details a")}
    for slug in ("region/thueringen", "city/halle-saale", "topic/ki", "region/sachsen/topic/ki"):
        assert {f"{slug}.{ext}" for ext in ("atom", "rss", "json", "ics")} <= listed
    scheme = page.cssselect(".feeds-all")[0].text_content()
    assert "region/sachsen/topic/ki.ics" in scheme and "thueringen" in scheme
    # German first; English once, on request, not beside every German sentence.
    english = page.cssselect('[lang="en"]')
    assert len(english) == 1 and english[0].tag == "details"
    assert english[0].cssselect("summary")[0].text == "In English"
    assert "subscribe" in english[0].text_content()


def test_page_shows_when_data_changed_and_each_sources_health(page) -> None:
    footer = " ".join(page.cssselect("footer")[0].text_content().split())
    assert "Zuletzt abgerufen: 20.11.2026, 04:21 Uhr" in footer
    assert "Letzte Änderung an einem Termin: 20.11.2026, 04:15 Uhr" in footer
    rows = [[td.text_content() for td in tr.cssselect("td")] for tr in page.cssselect("tbody tr")]
    assert rows == [
        ["Digitalagentur Sachsen", "OK", "4", "20.11.2026, 04:15", ""],
        ["hwk-leipzig", "Fehler", "0", "20.11.2026, 04:15", "HTTP 503"],
    ]


def test_filter_form_is_labelled_and_needs_no_inline_handlers(page, public) -> None:
    for select in page.cssselect("select"):
        assert page.cssselect(f'label[for="{select.get("id")}"]'), select.get("id")
    regions = [o.get("value") for o in page.cssselect("#f-region option")]
    assert regions == ["", "sachsen", "thueringen"], "only states with upcoming events"
    html = (public / "index.html").read_text("utf-8")
    assert not re.search(r"\son[a-z]+=", html)


def test_webcal_only_where_the_site_is_served_over_http(tmp_path: Path) -> None:
    db = feeds_db.build(tmp_path / "events.db")
    publish(db, tmp_path / "out", TODAY, PublishOptions(base_url="file:///srv/termine/"))
    page = lxml.html.fromstring((tmp_path / "out" / "index.html").read_bytes())
    assert not page.cssselect('a[data-format="webcal"]')
    assert "webcal://" not in (tmp_path / "out" / "index.html").read_text("utf-8")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_colours_meet_wcag_aa_contrast(public) -> None:
    css = (public / "style.css").read_text("utf-8")
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", css))
    pairs = [
        (colours["ink"], colours["bg"]),
        (colours["muted"], colours["bg"]),
        (colours["accent"], colours["bg"]),
        (colours["accent"], colours["soft"]),
        ("#ffffff", colours["accent"]),
        ("#ffffff", colours["warn"]),
        (colours["warn"], colours["bg"]),
        (colours["ok"], colours["bg"]),
        (colours["chip-ink"], colours["chip"]),
    ]
    for fg, bg in pairs:
        light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (fg, bg)


def test_a_sources_last_run_is_shown_as_local_time_also_for_a_second_run_in_one_second() -> None:
    rows = [
        {"name": "a", "last_status": "ok", "last_run": "20261127T031500Z"},
        {"name": "b", "last_status": "failed", "last_run": "20260701T031500Z-02"},
        {"name": "c", "last_status": None, "last_run": None},
    ]
    health = page_module.source_health(rows)
    assert [(h.ok, h.last_run) for h in health] == [
        (True, "27.11.2026, 04:15"),
        (False, "01.07.2026, 05:15"),
        (None, "–"),
    ]


def test_a_source_read_only_in_part_says_so_and_why() -> None:
    rows = [
        {"name": "a", "last_status": "ok", "last_partial": '["max_events (10000)"]'},
        {"name": "b", "last_status": "ok", "last_partial": "[]"},
        {"name": "c", "last_status": "ok", "last_partial": "not json"},
    ]
    health = page_module.source_health(rows)
    assert [(h.ok, h.partial) for h in health] == [(True, True), (True, False), (True, False)]
    assert health[0].note == "Nur teilweise gelesen, nichts entfernt: max_events (10000)"
    assert health[1].note == health[2].note == ""
