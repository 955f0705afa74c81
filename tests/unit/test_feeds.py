"""Feeds as subscribers rely on them: selections, titles, ids, dates, status, safety, atomicity."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import icalendar
import pytest

from aggregator.folding import slug as slugify
from aggregator.ops.cli import main as cli_main
from feeds import fingerprint, identity, staging
from feeds import publish as publishing
from feeds.entries import EntryTexts
from feeds.publish import PublishOptions, publish
from feeds.selection import partition, selections, upcoming
from tests.support import feeds_db
from tests.support.feeds_db import CHANGED, FIRST_SEEN, UPCOMING

TODAY = date(2026, 11, 27)
BASE = "https://termine.example.org/"
TITLES = {
    "webinar": "VERSCHOBEN: IT-Sicherheit im Mittelstand (Webinar) · Mi 10.02.2027, 10:00 · Online",
    "forum": "Forum Sachsen Digital · Mi 17.03.2027, 09:00 · Dresden",
    "werkstatt": "ABGESAGT: KI-Werkstatt für Handwerksbetriebe · Do 08.04.2027, 18:00 · Leipzig",
    "cloudtag": "Cloud-Tag Thüringen · Mi 05.05.2027 – Do 06.05.2027 · Erfurt",
    "wien": "Digital Days Wien · Mi 02.06.2027, 09:30 – Do 03.06.2027 · Wien",
    "praxistag": "Industrie 4.0 Praxistag · Mi 22.09.2027 · Chemnitz",
    "far": "Forum Sachsen Digital 2028 · Do 01.06.2028, 09:00 · Dresden",
}
"""Entry titles: the event's name first (a narrow feed list shows what the event is), then the
day, the start time and the city; status prefixes in front."""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    db = feeds_db.build(tmp_path / "events.db")
    publish(db, tmp_path / "public", TODAY, PublishOptions(base_url=BASE))
    return tmp_path / "public"


GOLDEN_IDS = {
    "webinar": "urn:uuid:3cac49b4-5df6-518a-8ad1-1682dce85a12",
    "forum": "urn:uuid:e62358e8-ab39-53f1-804d-853645aaf611",
    "werkstatt": "urn:uuid:3de58501-9e92-579c-8e2e-868629da7201",
    "cloudtag": "urn:uuid:49088765-05d7-5f98-ad91-9f76f1f32bc3",
    "wien": "urn:uuid:46b8f2f0-805d-525c-be5f-df2c83f2abbf",
    "praxistag": "urn:uuid:35e1d805-fe68-5380-9f0e-1b1f08b6e9b3",
    "far": "urn:uuid:cf389df6-582d-5bc8-9630-a9a429654d19",
}
"""Entry ids (Atom id, RSS guid, JSON Feed id) of the test events, written out: subscribers hold on
to them, and a change of any of them re-announces every event to every subscriber."""
GOLDEN_UIDS = {
    "webinar": "webinar@digital-events-aggregator",
    "forum": "forum@digital-events-aggregator",
    "werkstatt": "werkstatt@digital-events-aggregator",
    "cloudtag": "cloudtag@digital-events-aggregator",
    "wien": "wien@digital-events-aggregator",
    "praxistag": "praxistag@digital-events-aggregator",
    "far": "far@digital-events-aggregator",
}
"""iCalendar UIDs: a calendar app that sees a new UID shows the event twice."""
GOLDEN_FEED_IDS = {
    "events": "urn:uuid:5210ceef-a78c-59a8-b2c9-077d4c66a844",
    "region/sachsen": "urn:uuid:889cd38a-dd5e-5615-9f49-262291564e94",
    "region/sachsen/topic/ki": "urn:uuid:a800809b-a799-5bd6-847b-17ab04816010",
    "city/halle-saale": "urn:uuid:6f595b70-8814-5a94-a170-447a7bc70b36",
}
"""Atom feed ids: a feed reader that sees a new one may take the feed for another."""


def atom_ids(path: Path) -> list[str]:
    return [e.id for e in feedparser.parse(path.read_bytes()).entries]


def uid(name: str) -> str:
    return GOLDEN_IDS[name]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Sachsen", "sachsen"),
        ("Thüringen", "thueringen"),
        ("Baden-Württemberg", "baden-wuerttemberg"),
        ("Halle (Saale)", "halle-saale"),
        ("Frankfurt am Main", "frankfurt-am-main"),
        ("Görlitz", "goerlitz"),
        ("Weißwasser/O.L.", "weisswasser-o-l"),
        ("Œuvre Besançon", "oeuvre-besancon"),
        ("Wrocław", "wroclaw"),
        ("  KI  ", "ki"),
    ],
)
def test_slugs_spell_umlauts_out(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_every_state_city_topic_and_topic_per_state_has_all_four_formats(site: Path) -> None:
    slugs = {
        "events",
        "region/sachsen",
        "region/thueringen",
        "region/sachsen-anhalt",
        "city/dresden",
        "city/leipzig",
        "city/chemnitz",
        "city/erfurt",
        "city/wien",
        "city/halle-saale",
        "topic/ki",
        "topic/cloud",
        "topic/it-sicherheit",
        "topic/industrie-4-0",
        "topic/digitalisierung",
        "topic/daten",
        "region/sachsen/topic/ki",
        "region/sachsen/topic/digitalisierung",
        "region/sachsen/topic/industrie-4-0",
        "region/thueringen/topic/cloud",
        "region/sachsen-anhalt/topic/daten",
    }
    files = [p for p in site.rglob("*") if p.is_file() and p.name != fingerprint.FILE]
    published = {str(p.relative_to(site)).rsplit(".", 1)[0] for p in files}
    pages = {f"e/{event_id}" for event_id, event in feeds_db.EVENTS.items() if event.topics}
    archives = {"archiv/2026", "archiv/2027", "archiv/2028"}
    assets = {"index", "search-index", "style", "favicon", "wochen", "widget", "embed"}
    reports = {"nachberichte"}
    assert published == slugs | pages | archives | assets | reports
    assert (site / fingerprint.FILE).is_file(), "what each file was made from"
    for slug in slugs:
        for ext in ("atom", "rss", "ics", "json"):
            assert (site / f"{slug}.{ext}").is_file(), f"{slug}.{ext}"


def test_feeds_hold_upcoming_published_events_of_their_selection_soonest_first(site) -> None:
    assert atom_ids(site / "events.atom") == [uid(i) for i in UPCOMING]
    assert atom_ids(site / "region/sachsen.atom") == [
        uid(i) for i in ("forum", "werkstatt", "praxistag", "far")
    ]
    assert atom_ids(site / "region/sachsen/topic/ki.atom") == [uid("forum"), uid("werkstatt")]
    assert atom_ids(site / "topic/ki.atom") == [uid("forum"), uid("werkstatt")]
    assert atom_ids(site / "city/wien.atom") == [uid("wien")]
    # Only a past event there: the feed stays in place for its subscribers, empty.
    assert atom_ids(site / "city/halle-saale.atom") == []
    calendar = icalendar.Calendar.from_ical((site / "region/thueringen.ics").read_bytes())
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [GOLDEN_UIDS["cloudtag"]]


def test_titles_lead_with_the_name_then_date_time_and_city_in_every_feed_format(site) -> None:
    expected = [TITLES[i] for i in UPCOMING]
    for name in ("events.atom", "events.rss"):
        assert [e.title for e in feedparser.parse((site / name).read_bytes()).entries] == expected
    items = json.loads((site / "events.json").read_text("utf-8"))["items"]
    assert [item["title"] for item in items] == expected


def test_ids_guids_and_uids_come_from_the_event_id_and_survive_changes(tmp_path: Path) -> None:
    db = feeds_db.build(tmp_path / "events.db")
    options = PublishOptions(base_url=BASE)
    publish(db, tmp_path / "one", TODAY, options)
    feeds_db.save(
        db,
        "forum",
        replace(feeds_db.FORUM, title="Forum Sachsen Digital 2027"),
        "2026-11-25T03:00:00+00:00",
    )
    publish(db, tmp_path / "two", TODAY, PublishOptions(base_url="https://anderswo.example.net/x/"))
    for out in ("one", "two"):
        atom = feedparser.parse((tmp_path / out / "events.atom").read_bytes())
        rss = feedparser.parse((tmp_path / out / "events.rss").read_bytes())
        items = json.loads((tmp_path / out / "events.json").read_text("utf-8"))["items"]
        ical = icalendar.Calendar.from_ical((tmp_path / out / "events.ics").read_bytes())
        assert [e.id for e in atom.entries] == [uid(i) for i in UPCOMING]
        assert [e.id for e in rss.entries] == [uid(i) for i in UPCOMING]
        assert all(not e.guidislink for e in rss.entries)
        assert [item["id"] for item in items] == [uid(i) for i in UPCOMING]
        assert [str(e["UID"]) for e in ical.walk("VEVENT")] == [GOLDEN_UIDS[i] for i in UPCOMING]
        assert [item["_event"]["calendar_uid"] for item in items] == [
            GOLDEN_UIDS[i] for i in UPCOMING
        ]
        for slug, feed_id in GOLDEN_FEED_IDS.items():
            assert feedparser.parse((tmp_path / out / f"{slug}.atom").read_bytes()).feed.id == (
                feed_id
            ), (out, slug)


def test_the_identity_functions_give_the_pinned_values() -> None:
    for name, entry_id in GOLDEN_IDS.items():
        assert identity.entry_id(name) == entry_id, name
    assert identity.calendar_uid("forum") == "forum@digital-events-aggregator"
    # Ids of the real database are 16 hex digits (aggregator.dedupe.event_id_for).
    assert identity.entry_id("c886ee8bf2fdc793") == "urn:uuid:d7c8db2f-be75-5f12-964e-7a3f1cb79824"


def test_updated_is_the_last_change_of_the_event_and_the_feed_its_newest_entry(site) -> None:
    atom = feedparser.parse((site / "events.atom").read_bytes())
    updated = {e.id: e.updated for e in atom.entries}
    assert updated[uid("forum")] == "2026-11-20T03:15:00+00:00" == CHANGED
    assert {updated[uid(i)] for i in UPCOMING if i != "forum"} == {FIRST_SEEN}
    assert {e.published for e in atom.entries} == {FIRST_SEEN}
    assert atom.feed.updated == CHANGED
    thueringen = feedparser.parse((site / "region/thueringen.atom").read_bytes())
    assert thueringen.feed.updated == FIRST_SEEN
    json_items = json.loads((site / "events.json").read_text("utf-8"))["items"]
    assert json_items[1]["date_modified"] == CHANGED
    rss = feedparser.parse((site / "events.rss").read_bytes())
    assert rss.feed.updated == "Fri, 20 Nov 2026 03:15:00 +0000"


def test_cancelled_and_postponed_say_so_in_title_and_calendar_status(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    vevents = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert str(vevents["werkstatt"]["SUMMARY"]) == "ABGESAGT: KI-Werkstatt für Handwerksbetriebe"
    assert vevents["werkstatt"]["STATUS"] == "CANCELLED"
    assert str(vevents["webinar"]["SUMMARY"]).startswith("VERSCHOBEN: ")
    assert vevents["webinar"]["STATUS"] == "TENTATIVE"
    assert vevents["forum"]["STATUS"] == "CONFIRMED"
    assert str(vevents["forum"]["SUMMARY"]) == "Forum Sachsen Digital"


def test_calendar_details(site: Path) -> None:
    raw = (site / "events.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["X-WR-CALNAME"]) == "Digitalisierungs-Veranstaltungen"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert b"X-PUBLISHED-TTL:PT12H\r\n" in raw
    assert str(calendar["SOURCE"]) == BASE + "events.ics"
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Europe/Berlin",
        "Europe/Vienna",
    }
    vevents = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    forum = vevents["forum"]
    assert forum["DTSTART"].dt.isoformat() == "2027-03-17T09:00:00+01:00"
    assert str(forum["DTSTART"].dt.tzinfo) == "Europe/Berlin"
    assert forum["DTEND"].dt.isoformat() == "2027-03-17T18:00:00+01:00"
    assert forum["SEQUENCE"] == 1 and vevents["cloudtag"]["SEQUENCE"] == 0
    assert forum["DTSTAMP"].dt.isoformat() == "2026-11-20T03:15:00+00:00"
    assert forum["LAST-MODIFIED"].dt.isoformat() == "2026-11-20T03:15:00+00:00"
    assert (forum["GEO"].latitude, forum["GEO"].longitude) == (51.0566, 13.7276)
    assert str(forum["LOCATION"]) == "Internationales Congress Center, Ostra-Ufer 2, 01067 Dresden"
    assert str(forum["URL"]) == "https://forum.example.org/2027"
    assert [str(c) for c in forum["CATEGORIES"].cats] == [
        "Digitalisierung",
        "Künstliche Intelligenz",
        "#smartKMU",
        "#FSD27",
    ], "topics, then hashtags"
    description = str(forum["DESCRIPTION"])
    assert description.startswith(
        "Veranstalter: Digitalagentur Sachsen\nThemen: Digitalisierung, Künstliche Intelligenz\n"
    )
    assert "Programm mit Keynote und Workshops." in description and "<" not in description
    # All-day: VALUE=DATE, DTEND the day after the last day.
    assert b"DTSTART;VALUE=DATE:20270505\r\nDTEND;VALUE=DATE:20270507\r\n" in raw
    assert b"DTSTART;VALUE=DATE:20270922\r\nDTEND;VALUE=DATE:20270923\r\n" in raw
    assert str(vevents["wien"]["DTSTART"].dt.tzinfo) == "Europe/Vienna"
    assert "URL" not in vevents["webinar"], "a javascript: link is no link"
    assert str(vevents["webinar"]["LOCATION"]) == "Online"


def test_self_links_in_every_format(site: Path) -> None:
    for slug in ("events", "region/sachsen/topic/ki", "city/halle-saale"):
        atom = feedparser.parse((site / f"{slug}.atom").read_bytes())
        assert [link.href for link in atom.feed.links if link.rel == "self"] == [
            f"{BASE}{slug}.atom"
        ]
        rss = feedparser.parse((site / f"{slug}.rss").read_bytes())
        assert [link.href for link in rss.feed.links if link.rel == "self"] == [f"{BASE}{slug}.rss"]
        feed = json.loads((site / f"{slug}.json").read_text("utf-8"))
        assert feed["feed_url"] == f"{BASE}{slug}.json"
        calendar = icalendar.Calendar.from_ical((site / f"{slug}.ics").read_bytes())
        assert str(calendar["SOURCE"]) == f"{BASE}{slug}.ics"
    atom = feedparser.parse((site / "region/sachsen/topic/ki.atom").read_bytes())
    assert atom.feed.link == f"{BASE}index.html#region=sachsen&topic=ki"


def test_no_script_handler_or_javascript_url_reaches_any_output(site: Path) -> None:
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        unescaped = html.unescape(html.unescape(text)).lower()
        assert "<script>alert" not in unescaped and "alert(" not in unescaped, path
        assert "onerror" not in unescaped and "onclick" not in unescaped, path
        assert "javascript:" not in unescaped, path
        assert "\x0b" not in text, path
    atom = feedparser.parse((site / "events.atom").read_bytes())
    content = atom.entries[1].content[0].value
    assert "<strong>Keynote</strong>" in content
    assert 'href="https://forum.example.org/"' in content


def test_control_characters_in_any_field_are_dropped_not_fatal(tmp_path: Path) -> None:
    db = feeds_db.build(tmp_path / "events.db")
    nasty = replace(
        feeds_db.CLOUDTAG,
        title="Cloud\x0b-Tag\x00 Thüringen",
        organizer="Cloud\x1b-Netzwerk",
        venue="Messe\x0c Erfurt",
        description="<p>Text\x08 mit Steuerzeichen</p>",
        description_text="Text\x08 mit Steuerzeichen",
    )
    feeds_db.save(db, "cloudtag", nasty, "2026-11-26T03:00:00+00:00")
    publish(db, tmp_path / "public", TODAY, PublishOptions(base_url=BASE))
    for path in (tmp_path / "public").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(c in data for c in (b"\x0b", b"\x00", b"\x1b", b"\x0c", b"\x08")), path
    entries = feedparser.parse((tmp_path / "public" / "events.atom").read_bytes()).entries
    assert entries[3].title.startswith("Cloud-Tag Thüringen · ")


def test_second_publish_from_unchanged_database_touches_nothing(tmp_path: Path) -> None:
    db = feeds_db.build(tmp_path / "events.db")
    out = tmp_path / "public"
    publish(db, out, TODAY, PublishOptions(base_url=BASE))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    publish(db, out, TODAY, PublishOptions(base_url=BASE))
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_a_failed_publish_leaves_the_previous_files(tmp_path: Path, monkeypatch) -> None:
    db = feeds_db.build(tmp_path / "events.db")
    out = tmp_path / "public"
    publish(db, out, TODAY, PublishOptions(base_url=BASE))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    feeds_db.save(
        db, "forum", replace(feeds_db.FORUM, title="Neuer Titel"), "2026-11-26T03:00:00+00:00"
    )

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setitem(publishing.RENDERERS, "ics", broken)
    with pytest.raises(RuntimeError):
        publish(db, out, TODAY, PublishOptions(base_url=BASE))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(out.rglob("*.tmp")), "the Atom and RSS files staged before are removed"
    monkeypatch.undo()
    publish(db, out, TODAY, PublishOptions(base_url=BASE))
    assert "Neuer Titel" in (out / "events.atom").read_text("utf-8")
    assert not list(out.rglob("*.tmp"))


def test_a_failed_write_leaves_the_previous_files_and_no_temporary_ones(tmp_path, monkeypatch):
    db = feeds_db.build(tmp_path / "events.db")
    out = tmp_path / "public"
    publish(db, out, TODAY, PublishOptions(base_url=BASE))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    feeds_db.save(
        db, "forum", replace(feeds_db.FORUM, title="Neuer Titel"), "2026-11-26T03:00:00+00:00"
    )
    real_write, calls = staging._write, []

    def full_disk(target, current, content):
        calls.append(target)
        if len(calls) > 3:
            raise OSError(28, "No space left on device")
        return real_write(target, current, content)

    monkeypatch.setattr(staging, "_write", full_disk)
    with pytest.raises(OSError):
        publish(db, out, TODAY, PublishOptions(base_url=BASE))
    assert len(calls) == 4
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.rglob(".*") if p.is_file() and p.name != fingerprint.FILE]
    assert not (tmp_path / "public.staging").exists(), "no debris beside the folder either"


def test_an_event_announced_more_than_a_year_ahead_is_published_by_default(site: Path) -> None:
    """Large conferences are announced that early (issue 11): no horizon unless one is set."""
    assert uid("far") in atom_ids(site / "events.atom")
    assert atom_ids(site / "city/dresden.atom") == [uid("forum"), uid("far")]


def test_limit_and_horizon_are_configurable(tmp_path: Path) -> None:
    db = feeds_db.build(tmp_path / "events.db")
    publish(db, tmp_path / "few", TODAY, PublishOptions(base_url=BASE, limit=2))
    assert atom_ids(tmp_path / "few" / "events.atom") == [uid("webinar"), uid("forum")]
    assert atom_ids(tmp_path / "few" / "region/sachsen.atom") == [uid("forum"), uid("werkstatt")]
    publish(db, tmp_path / "near", TODAY, PublishOptions(base_url=BASE, horizon_days=100))
    assert atom_ids(tmp_path / "near" / "events.atom") == [uid("webinar")]
    publish(db, tmp_path / "far", TODAY, PublishOptions(base_url=BASE, horizon_days=600))
    assert atom_ids(tmp_path / "far" / "events.atom")[-1] == uid("far")


def test_cli_publish_takes_the_size_options(tmp_path: Path, capsys) -> None:
    feeds_db.build(tmp_path / "events.db").close()
    code = cli_main(
        [
            "publish", "--db", str(tmp_path / "events.db"), "--out", str(tmp_path / "out"),
            "--base-url", BASE, "--limit", "3", "--horizon-days", "400", "--page-limit", "2",
        ]
    )  # fmt: skip
    assert code == 0
    assert "published 115 files" in capsys.readouterr().out
    assert len(atom_ids(tmp_path / "out" / "events.atom")) == 3
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert page.count('<li class="event') == 2 and "die nächsten 2 von 6" in page


def test_json_feed_items_carry_the_event_data(site: Path) -> None:
    feed = json.loads((site / "region/sachsen.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Digitalisierungs-Veranstaltungen in Sachsen"
    assert feed["home_page_url"] == f"{BASE}index.html#region=sachsen"
    forum = feed["items"][0]
    assert forum["url"] == f"{BASE}e/forum.html"
    assert forum["external_url"] == "https://forum.example.org/2027"
    assert forum["tags"] == ["Digitalisierung", "Künstliche Intelligenz", "#smartKMU", "#FSD27"]
    assert forum["_event"]["start"] == "2027-03-17T09:00:00+01:00"
    assert forum["_event"]["end"] == "2027-03-17T18:00:00+01:00"
    assert forum["_event"]["city"] == "Dresden" and forum["_event"]["latitude"] == 51.0566
    assert forum["authors"] == [{"name": "Digitalagentur Sachsen"}]
    assert forum["_event"]["hashtags"] == ["smartKMU", "FSD27"]
    assert forum["_event"]["social_links"] == [
        "https://mastodon.social/@forumsachsendigital",
        "https://www.youtube.com/watch?v=fsd2027live",
    ], "a javascript: address in the database is not passed on"
    assert forum["_event"]["app_links"] == [
        "https://app.swapcard.com/event/forum-sachsen-digital-2027"
    ]


def test_hashtags_are_categories_of_atom_and_rss_entries(site: Path) -> None:
    """Topics by slug and name, then the hashtags as written (``#smartKMU``)."""
    topics = {
        "atom": ["digitalisierung", "ki"],
        "rss": ["Digitalisierung", "Künstliche Intelligenz"],
    }
    for fmt, terms in topics.items():
        feed = feedparser.parse((site / f"events.{fmt}").read_bytes())
        forum = next(e for e in feed.entries if e.title.startswith("Forum Sachsen Digital"))
        assert [t.term for t in forum.tags] == [*terms, "#smartKMU", "#FSD27"], fmt
        assert "Hashtags: #smartKMU #FSD27" in forum.content[0].value, fmt
        cloud = next(e for e in feed.entries if e.title.startswith("Cloud-Tag"))
        assert len(cloud.tags) == 1 and not cloud.tags[0].term.startswith("#"), fmt


def test_entries_reused_across_feeds_render_as_if_built_fresh(tmp_path: Path) -> None:
    """Each event's entry is built once per publish and moved from feed to feed."""
    db = feeds_db.build(tmp_path / "events.db")
    events = upcoming(db, TODAY, 365)
    chosen = selections(db)
    members = partition(events, chosen, 500)
    for make in publishing.RENDERERS.values():
        shared = make(BASE, EntryTexts(BASE))
        for selection in chosen:
            reused = shared.render(members[selection.slug], selection, CHANGED)
            fresh = make(BASE, EntryTexts(BASE)).render(members[selection.slug], selection, CHANGED)
            assert reused == fresh, selection.slug
