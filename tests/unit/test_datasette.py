"""Datasette as ``aggregator serve`` configures it (the bundled metadata bound to the database's name,
the plugins folder, the static assets), run in-process through Datasette's own ASGI client: the JSON
API, the canned queries, and the Atom and iCalendar feeds of any search. (The pages in headless
Chromium, from the real ``aggregator serve``: tests/integration/test_datasette.py.)"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.parse
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest
from datasette.app import Datasette

from aggregator import store
from aggregator.model.event import Event
from aggregator.ops import serve
from aggregator.ops.serve import metadata_for
from tests.support import feeds_db, served_db


class InProcess:
    """Datasette with the configuration of ``aggregator serve``, asked without a server."""

    def __init__(self, datasette: Datasette) -> None:
        self.datasette = datasette
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(datasette.invoke_startup())

    def get(self, path: str) -> bytes:
        response = self.loop.run_until_complete(self.datasette.client.get(path))
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.content

    def get_json(self, path: str) -> Any:
        return json.loads(self.get(path))


def in_process(path: Path, metadata: dict[str, Any] | None = None) -> InProcess:
    return InProcess(serve.in_process(path, metadata=metadata))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    served = in_process(served_db.build(tmp_path_factory.mktemp("serve") / "events.db"))
    yield served
    served.loop.close()


def test_metadata_is_bound_to_the_database_name():
    metadata = metadata_for("/srv/data/termine.db")
    assert list(metadata["databases"]) == ["termine"]
    queries = metadata["databases"]["termine"]["queries"]
    assert set(queries) == {
        "upcoming_sachsen_this_month",
        "upcoming_by_topic",
        "events_by_organizer",
        "unmatched_reports",
        "past_events_with_reports",
        "source_health",
        "topics",
        "feed",
        "clashes",
        "search",
    }
    assert 'href="/termine/feed.atom?q=KI"' in queries["feed"]["description_html"]
    assert queries["clashes"]["sql"] == store.CLASHES_SQL, "the command's query, not a copy"


def test_the_json_api(site):
    rows = site.get_json("/events/events.json?_shape=array&_search=Forum")
    assert [r["title"] for r in rows] == ["Forum Sachsen Digital 2027"]
    facets = site.get_json("/events/events.json?_facet=city&_size=0")["facet_results"]
    counts = {item["value"]: item["count"] for item in facets["city"]["results"]}
    assert counts == {"Dresden": 2, "Leipzig": 1, "Chemnitz": 1, "Magdeburg": 1}
    by_topic = site.get_json("/events/upcoming_by_topic.json?_shape=array&topic=cloud")
    assert [r["title"] for r in by_topic] == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Cloud-Souveränität für den Mittelstand",
    ]
    topics = site.get_json("/events/topics.json?_shape=array")
    assert {"topic": "cloud", "name": "Cloud", "upcoming": 2} in topics
    assert {"topic": "ki", "name": "Künstliche Intelligenz", "upcoming": 1} in topics
    organiser = site.get_json(
        "/events/events_by_organizer.json?_shape=array&organizer=Digitalagentur"
    )
    assert [r["title"] for r in organiser] == [
        "KI-Sprechstunde für den Mittelstand",
        "Webinar: Förderprogramme für die Digitalisierung",
        "Forum Sachsen Digital 2027",
    ]
    assert {r["organizer"] for r in organiser} == {"Digitalagentur Sachsen"}
    health = site.get_json("/events/source_health.json?_shape=array")
    assert health[0]["name"] == "ihk" and health[0]["consecutive_failures"] == 3
    assert "3 runs" in health[0]["warning"]
    assert {r["name"] for r in health} == {"ihk", "digitalagentur", "cloud-leipzig", "bitkom"}
    partial = {r["name"]: json.loads(r["last_partial"] or "[]") for r in health}
    assert partial["digitalagentur"] == ["max_pages (closespider_pagecount)"], "why not complete"
    assert partial["ihk"] == []
    plugins = {p["name"] for p in site.get_json("/-/plugins.json")}
    assert {
        "datasette-cluster-map",
        "datasette-atom",
        "datasette-ics",
        "sql_functions.py",
    } <= plugins


def test_the_canned_query_this_month_in_saxony(site):
    rows = site.get_json("/events/upcoming_sachsen_this_month.json?_shape=array")
    assert [r["title"] for r in rows] == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "KI-Sprechstunde für den Mittelstand",
    ], "the calendar stands on 2026-11-27: November's events in Saxony, soonest first"


def test_a_feed_of_any_search_in_atom_rss_and_icalendar(site):
    atom = feedparser.parse(site.get("/events/feed.atom?q=Mittelstand"))
    assert not atom.bozo, atom.bozo_exception
    assert [e.title for e in atom.entries] == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand · Sa 28.11.2026, 18:00 · Leipzig",
        "Cloud-Souveränität für den Mittelstand · So 29.11.2026, 10:00 · Magdeburg",
        "KI-Sprechstunde für den Mittelstand · Mo 30.11.2026, 09:00 · Dresden",
        "Forum Sachsen Digital 2027 · Do 13.05.2027, 09:00 · Dresden",  # in its description
    ], "soonest first, the name first, the time of day in the title"
    assert atom.feed.title == "Digitalisierungs-Veranstaltungen – Suche: Mittelstand"
    assert [link.href for link in atom.feed.links if link.rel == "self"] == [
        "http://localhost/events/feed.atom?q=Mittelstand"
    ]
    assert atom.feed.link == "http://localhost/events/events?_search=Mittelstand"
    assert atom.entries[2].link.startswith("http://localhost:8000/e/"), "the event's page"
    rss = feedparser.parse(site.get("/events/feed.rss?q=Mittelstand"))
    assert not rss.bozo and rss.version == "rss20"
    assert [e.title for e in rss.entries] == [e.title for e in atom.entries]
    calendar = icalendar.Calendar.from_ical(site.get("/events/feed.ics?q=Cybersecurity"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "ABGESAGT: Cybersecurity-Frühstück Chemnitz"
    assert event["DTSTART"].to_ical() == b"20270217T080000"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["LOCATION"]) == "Chemnitz"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (50.83, 12.92)
    everything = feedparser.parse(site.get("/events/feed.atom?q="))
    assert len(everything.entries) == 6
    nothing = feedparser.parse(site.get("/events/feed.atom?q=Unterwasserrugby"))
    assert not nothing.bozo and nothing.entries == [], (
        "a search that finds nothing is an empty feed"
    )
    odd = feedparser.parse(site.get("/events/feed.atom?q=" + urllib.parse.quote('"KI-')))
    assert [e.title for e in odd.entries] == [
        "KI-Sprechstunde für den Mittelstand · Mo 30.11.2026, 09:00 · Dresden"
    ]


def served_with(path: Path, event_id: str, event: Event) -> Path:
    """The served database with one more event, seen a week before the tests' day."""
    served_db.build(path)
    db = store.open_db(path)
    with db.conn:
        feeds_db.save(db, event_id, event, "2026-11-20T03:15:00+00:00")
    db.close()
    return path


def test_the_feeds_of_a_search_keep_the_calendar_rules_and_never_fail_on_missing_fields(
    tmp_path,
):
    """An all-day event whose link was dropped as unsafe and that names no place."""
    path = served_with(
        tmp_path / "events.db",
        "ohne-link",
        Event(title="Tag der Datenkompetenz", start="2027-03-04", end="2027-03-05",
              all_day=True, url="javascript:alert(1)", topics=["daten"]),
    )  # fmt: skip
    site = in_process(path)
    try:
        raw = site.get("/events/feed.ics?q=Datenkompetenz")
        for ext in ("atom", "rss"):
            parsed = feedparser.parse(site.get(f"/events/feed.{ext}?q=Datenkompetenz"))
            assert not parsed.bozo and len(parsed.entries) == 1, ext
    finally:
        site.loop.close()
    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    assert b"DTSTART;VALUE=DATE:20270304\r\nDTEND;VALUE=DATE:20270306\r\n" in raw
    assert "URL" not in event and "LOCATION" not in event
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "folded lines"


def test_any_text_in_the_search_box_gives_results_or_an_empty_list(site):
    facet = site.get_json("/events/events.json?_facet_array=topic_names&_size=0")
    counts = {r["value"]: r["count"] for r in facet["facet_results"]["topic_names"]["results"]}
    for name in ("IT-Sicherheit", "Künstliche Intelligenz", "Cloud"):
        found = site.get_json(
            "/events/events.json?_shape=array&_search=" + urllib.parse.quote(name)
        )
        assert len(found) == counts[name], name
    prefix = site.get_json("/events/events.json?_shape=array&_search=cyber*")
    assert [r["title"] for r in prefix] == ["Cybersecurity-Frühstück Chemnitz"]
    for text in ('"', 'KI"', "*", "AND", "(", "NEAR(", "title:", "-", "ä*", '"*"', "^x"):
        rows = site.get_json("/events/events.json?_shape=array&_search=" + urllib.parse.quote(text))
        assert isinstance(rows, list), text
        site.get("/events/events?_search=" + urllib.parse.quote(text))  # the page, too: 200


def test_the_events_table_first_shows_short_rows_and_all_columns_one_click_away(site):
    html = site.get("/events/events").decode("utf-8")
    shown = re.findall(r'<th [^>]*data-column="([a-z_]+)"', html)
    assert shown == [
        "id", "title", "start", "end", "city", "organizer", "topic_names", "status",
        "attendance", "url", "latitude", "longitude",
    ]  # fmt: skip
    assert "description_text" not in shown and "content_hash" not in shown
    assert "Künstliche Intelligenz" in html, "topics by name"
    link = re.search(r'href="(/events/events\?_col=[^"]+)">alle Spalten zeigen', html)[1]
    everything = site.get(unescape(link)).decode("utf-8")
    every = re.findall(r'<th [^>]*data-column="([a-z_]+)"', everything)
    assert every == ["id", *(c for c in store.CURRENT_EVENT_COLUMNS if c != "id")]
    filtered = site.get("/events/events?city=Dresden").decode("utf-8")
    assert re.findall(r'<th [^>]*data-column="([a-z_]+)"', filtered) == shown
    assert "2 rows" in filtered
    api = site.get_json("/events/events.json?_shape=array&_size=1")
    assert "description" in api[0], "the JSON API is not narrowed"


def test_the_canned_query_clashes_is_the_command(tmp_path, capsys, monkeypatch):
    """The same SQL (``store.CLASHES_SQL``) with the same answers; every field may stay empty:
    today, three days either side, anywhere."""
    from aggregator.ops.cli import main
    from tests.support import crowded_week

    path = tmp_path / "events.db"
    crowded_week.build(path).close()
    served = in_process(path)
    query = served.datasette.metadata("queries", database="events")["clashes"]
    assert query["sql"] == store.CLASHES_SQL
    asked = "date=2027-03-23&days=&city=dresden&region=&topic=ki"
    rows = served.get_json(f"/events/clashes.json?_shape=array&{asked}")
    assert main(["clashes", "--db", str(path), "--date", "2027-03-23", "--city", "dresden",
                 "--topic", "ki", "--json"]) == 0  # fmt: skip
    command = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [e["id"] for e in command["events"]]
    assert [bool(r["same_topic"]) for r in rows] == [e["same_topic"] for e in command["events"]]
    assert {(r["window_first"], r["window_last"]) for r in rows} == {("2027-03-20", "2027-03-26")}
    monkeypatch.setenv("AGGREGATOR_TODAY", "2027-03-24")
    empty = served.get_json("/events/clashes.json?_shape=array&date=&days=&city=&region=&topic=")
    assert {r["window_first"] for r in empty} == {"2027-03-21"}, "an empty date is today"
    assert {r["city"] for r in empty} == {"Dresden", "Leipzig", "Erfurt"}
    state = served.get_json(
        "/events/clashes.json?_shape=array&date=2027-03-23&days=0&city=&region=Th%C3%BCringen&topic="
    )
    assert [r["title"] for r in state] == ["Cloud-Tag Thüringen"]


@pytest.fixture(scope="module")
def with_a_fair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    """The served database plus a trade fair in Leipzig that began a week before the tests' day
    and is still on: upcoming, although it began long before yesterday."""
    path = served_with(
        tmp_path_factory.mktemp("fair") / "events.db",
        "messe",
        Event(title="Fachmesse Digitale Fabrik", start="2026-11-20", end="2026-12-02",
              all_day=True, city="Leipzig", region="Sachsen", topics=["industrie-4-0", "ki"]),
    )  # fmt: skip
    served = in_process(path)
    yield served
    served.loop.close()


def titles(site: InProcess, path: str) -> list[str]:
    return [row["title"] for row in site.get_json(path + "&_shape=array")]


def test_upcoming_includes_what_began_long_ago_and_is_still_on(with_a_fair):
    """The canned queries and the feeds read upcoming events from yesterday on in the start index,
    plus the events of several days that began before: the fair is found by each."""
    site = with_a_fair
    assert titles(site, "/events/upcoming_by_topic.json?topic=ki") == [
        "Fachmesse Digitale Fabrik",
        "KI-Sprechstunde für den Mittelstand",
    ]
    assert titles(site, "/events/upcoming_sachsen_this_month.json?today=") == [
        "Fachmesse Digitale Fabrik",
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "KI-Sprechstunde für den Mittelstand",
    ]
    assert titles(site, "/events/feed.json?q=Fabrik") == ["Fachmesse Digitale Fabrik"]
    atom = feedparser.parse(site.get("/events/feed.atom?q=Fabrik"))
    assert [e.title for e in atom.entries] == [
        "Fachmesse Digitale Fabrik · Fr 20.11.2026 – Mi 02.12.2026 · Leipzig"
    ]
    topics = {r["topic"]: r["upcoming"] for r in site.get_json("/events/topics.json?_shape=array")}
    assert topics["industrie-4-0"] == 1 and topics["ki"] == 2


def test_the_canned_queries_take_today_as_a_parameter(with_a_fair):
    """Empty: today (AGGREGATOR_TODAY in the tests); a date: "upcoming" as on that day."""
    site = with_a_fair
    later = "/events/upcoming_by_topic.json?topic=ki&today=2026-12-01"
    assert titles(site, later) == ["Fachmesse Digitale Fabrik"]
    assert titles(site, "/events/upcoming_by_topic.json?topic=ki&today=2026-12-03") == []
    december = titles(site, "/events/upcoming_sachsen_this_month.json?today=2026-12-01")
    assert december == ["Fachmesse Digitale Fabrik"]
    topics = site.get_json("/events/topics.json?_shape=array&today=2027-03-01")
    assert {r["topic"]: r["upcoming"] for r in topics} == {"digitalisierung": 1}
    organiser = titles(
        site, "/events/events_by_organizer.json?organizer=Digitalagentur&today=2027-01-01"
    )
    assert organiser[0] == "Webinar: Förderprogramme für die Digitalisierung", "upcoming first"
    assert titles(site, "/events/events_by_organizer.json?organizer=digitalag") == [
        "KI-Sprechstunde für den Mittelstand",
        "Webinar: Förderprogramme für die Digitalisierung",
        "Forum Sachsen Digital 2027",
    ], "a word's beginning finds the organiser"


def test_the_search_by_relevance_puts_title_matches_first(site):
    rows = site.get_json("/events/search.json?_shape=array&q=Mittelstand")
    assert {r["title"] for r in rows[:3]} == {
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Cloud-Souveränität für den Mittelstand",
        "KI-Sprechstunde für den Mittelstand",
    }
    assert rows[3]["title"] == "Forum Sachsen Digital 2027", "found in its description only"
    assert site.get_json("/events/search.json?_shape=array&q=" + urllib.parse.quote('"(')) == []


def test_facets_are_counted_only_where_they_are_cheap(tmp_path):
    """No facet suggestions on the large tables; the metadata's facets once a search or filter
    leaves at most ``facet_max_rows`` rows (here 3 of 6)."""
    path = served_db.build(tmp_path / "events.db")
    metadata = metadata_for(path)
    metadata["plugins"]["aggregator"]["facet_max_rows"] = 3
    site = in_process(path, metadata)
    try:
        everything = site.get_json("/events/events.json")
        assert everything["facet_results"] == {} and everything["suggested_facets"] == []
        dresden = site.get_json("/events/events.json?city=Dresden")
        assert {r["value"]: r["count"] for r in dresden["facet_results"]["region"]["results"]} == {
            "Sachsen": 2
        }
        assert dresden["facet_results"]["topic_names"]["type"] == "array"
        assert dresden["suggested_facets"] == []
        asked = site.get_json("/events/events.json?_facet=organizer")
        assert "organizer" in asked["facet_results"], "a facet asked for is Datasette's own"
        page = site.get("/events/events?city=Dresden").decode("utf-8")
        assert re.search(r'href="[^"]*city=Dresden[^"]*region=Sachsen">Sachsen</a>', page), (
            "a facet's value to choose"
        )
        assert "_nosuggest" in page
        assert "_nosuggest" not in site.get("/events/sources").decode("utf-8"), (
            "small tables keep Datasette's suggestions"
        )
    finally:
        site.loop.close()


def test_the_canned_queries_of_reports_part_the_unmatched_from_the_linked(tmp_path):
    """On the feed test database: the slides of a stammtisch that is not in the database are the
    one unmatched report; the two others are listed with their events, the newest event first."""
    feeds_db.build(tmp_path / "events.db").close()
    site = in_process(tmp_path / "events.db")
    try:
        unmatched = site.get_json("/events/unmatched_reports.json?_shape=array")
        linked = site.get_json("/events/past_events_with_reports.json?_shape=array")
    finally:
        site.loop.close()
    assert [(r["url"], r["kind"], r["city"]) for r in unmatched] == [
        (feeds_db.REPORTS[None].url, "slides", "Bautzen")
    ]
    assert [(r["event_id"], r["url"]) for r in linked] == [
        ("offtopic", feeds_db.REPORTS["offtopic"].url),
        ("past", feeds_db.REPORTS["past"].url),
    ]
    assert linked[1]["event"] == feeds_db.EVENTS["past"].title


def searched(site: InProcess, path: str) -> tuple[list[str], dict[str, Any]]:
    page = site.get_json(path)
    return [row[0] for row in page["rows"]], page


@pytest.mark.parametrize(
    "address",
    [
        "/events/events.json?_search=Mittelstand",
        "/events/events.json?_search=Mittelstand&_sort_desc=start",
        "/events/events.json?_search=Cloud&city=Leipzig",
        "/events/events.json?_search=cyber*",
    ],
)
def test_a_search_with_many_matches_walks_the_tables_order_and_finds_the_same_rows(
    site, monkeypatch, address
):
    """Above ``LOOKUP_MAX`` matches the search probes each row while SQLite walks the order
    (here forced by a bound of 0): the same rows in the same order as the looked-up plan, the
    count from the FTS index in the description instead of Datasette's count. A filter on a
    searched column (the city) narrows the matches in the index."""
    search = dict(urllib.parse.parse_qsl(address.split("?")[1]))["_search"]
    matches = site.get_json("/events/events.json?_search=" + urllib.parse.quote(search))
    looked_up, plain = searched(site, address)
    assert "+rowid in" not in plain["query"]["sql"] and plain["filtered_table_rows_count"]
    monkeypatch.setattr("aggregator.store.search_plan.LOOKUP_MAX", 0)
    walked, probed = searched(site, address)
    assert "+rowid in (select rowid from events_fts" in probed["query"]["sql"]
    assert walked == looked_up and walked
    assert probed["filtered_table_rows_count"] is None
    if "city=" in address:  # the city is added to the search in the index: its rows, at most
        rows = f"at most {plain['filtered_table_rows_count']:,}"
    else:
        rows = f"{matches['filtered_table_rows_count']:,}"
    assert f'search matches "{search}" in {rows} rows' in probed["human_description_en"]


def test_the_feed_of_a_search_finds_the_same_events_with_either_plan(site, monkeypatch):
    def entry_ids(text: str) -> list[str]:
        feed = feedparser.parse(site.get("/events/feed.atom?q=" + urllib.parse.quote(text)))
        return [entry.id for entry in feed.entries]

    searches = ("Mittelstand", "Cloud", "cyber*", "Unterwasserrugby")
    looked_up = [entry_ids(text) for text in searches]
    monkeypatch.setattr("aggregator.store.search_plan.LOOKUP_MAX", 0)
    assert [entry_ids(text) for text in searches] == looked_up
    assert [len(ids) for ids in looked_up[:2]] == [4, 2] and looked_up[3] == []


def test_facets_of_a_probed_search_are_counted_up_to_their_bound(tmp_path, monkeypatch):
    path = served_db.build(tmp_path / "events.db")
    metadata = metadata_for(path)
    metadata["plugins"]["aggregator"]["facet_max_rows"] = 3
    site = in_process(path, metadata)

    def cities(page: dict[str, Any]) -> dict[str, int]:
        return {r["value"]: r["count"] for r in page["facet_results"]["city"]["results"]}

    narrowed = "/events/events.json?_search=Mittelstand&region=Sachsen"
    try:
        counted = site.get_json("/events/events.json?_search=Cloud")
        counted_narrowed = site.get_json(narrowed)
        monkeypatch.setattr("aggregator.store.search_plan.LOOKUP_MAX", 0)
        few = site.get_json("/events/events.json?_search=Cloud")
        assert few["filtered_table_rows_count"] is None, "the probed plan asks for no count"
        assert cities(few) == cities(counted) and sum(cities(few).values()) == 2
        many = site.get_json("/events/events.json?_search=Mittelstand")
        assert len(many["rows"]) == 4 and many["facet_results"] == {}
        few_of_many = site.get_json(narrowed)
        assert few_of_many["filtered_table_rows_count"] is None
        assert len(few_of_many["rows"]) <= 3, "a filter leaves few of the search's four"
        assert cities(few_of_many) == cities(counted_narrowed) and cities(few_of_many)
    finally:
        site.loop.close()


def test_a_filter_added_to_the_search_in_the_index_never_changes_the_rows(site, monkeypatch):
    """The city's words join the search in the index only to narrow it; any value (a quote, no
    word at all, several words) gives the rows of Datasette's own plan."""
    addresses = [
        "/events/events.json?_search=Mittelstand&city=" + urllib.parse.quote(city)
        for city in ("Leipzig", 'Dres"den', "-", "", "Dresden Leipzig", "leipzig")
    ]
    looked_up = [searched(site, address)[0] for address in addresses]
    monkeypatch.setattr("aggregator.store.search_plan.LOOKUP_MAX", 0)
    assert [searched(site, address)[0] for address in addresses] == looked_up
    assert [len(rows) for rows in looked_up] == [1, 0, 0, 0, 0, 0]


def test_the_count_left_out_for_a_large_search_comes_back_for_a_small_one(site, monkeypatch):
    """The page's links carry the ``_nocount`` the plugin added; the next search with few
    matches, or none, counts again, and a ``_nocount`` the user chose is kept."""
    monkeypatch.setattr("aggregator.store.search_plan.LOOKUP_MAX", 3)
    large = site.get("/events/events?_search=Mittelstand").decode("utf-8")
    assert "_nocount=index" in unescape(large) and "in 4 rows" in large
    small = site.get_json("/events/events.json?_search=Forum&_nocount=index")
    assert small["filtered_table_rows_count"] == 1
    everything = site.get_json("/events/events.json?_nocount=index")
    assert everything["filtered_table_rows_count"] == len(everything["rows"]) > 1
    chosen = site.get_json("/events/events.json?_search=Forum&_nocount=1")
    assert chosen["filtered_table_rows_count"] is None
