"""Datasette as ``aggregator serve`` configures it (the bundled metadata bound to the database's name,
the plugins folder, the static assets), run in-process through Datasette's own ASGI client: the JSON
API, the canned queries, and the Atom and iCalendar feeds of any search. (The pages in headless
Chromium, from the real ``aggregator serve``: tests/integration/test_datasette.py.)"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from collections.abc import Iterator
from importlib import resources
from typing import Any

import feedparser
import icalendar
import pytest
from datasette.app import Datasette

from aggregator.ops.serve import metadata_for
from tests.support import served_db


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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    path = served_db.build(tmp_path_factory.mktemp("serve") / "events.db")
    bundle = resources.files("aggregator") / "datasette"
    datasette = Datasette(
        [str(path)],
        metadata=metadata_for(path),
        plugins_dir=str(bundle / "plugins"),
        static_mounts=[("assets", str(bundle / "static"))],
    )
    served = InProcess(datasette)
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
        "source_health",
        "topics",
        "feed",
    }
    assert 'href="/termine/feed.atom?q=KI"' in queries["feed"]["description_html"]


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
    assert {"topic": "cloud", "upcoming": 2} in topics
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


def test_a_feed_of_any_search_in_atom_and_icalendar(site):
    atom = feedparser.parse(site.get("/events/feed.atom?q=Mittelstand"))
    assert not atom.bozo, atom.bozo_exception
    assert [e.title for e in atom.entries] == [
        "28.11.2026 · Leipzig · Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "29.11.2026 · Magdeburg · Cloud-Souveränität für den Mittelstand",
        "30.11.2026 · Dresden · KI-Sprechstunde für den Mittelstand",
        "13.05.2027 · Dresden · Forum Sachsen Digital 2027",  # "Mittelstand" in its description
    ]
    assert atom.feed.title == "Veranstaltungen zur Digitalisierung – Suche"
    calendar = icalendar.Calendar.from_ical(site.get("/events/feed.ics?q=Cybersecurity"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "ABGESAGT: Cybersecurity-Frühstück Chemnitz"
    assert event["DTSTART"].to_ical() == b"20270217T080000"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    everything = feedparser.parse(site.get("/events/feed.atom?q="))
    assert len(everything.entries) == 6
    odd = feedparser.parse(site.get("/events/feed.atom?q=" + urllib.parse.quote('"KI-')))
    assert [e.title for e in odd.entries] == [
        "30.11.2026 · Dresden · KI-Sprechstunde für den Mittelstand"
    ]
