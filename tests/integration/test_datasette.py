"""``aggregator serve`` as a person uses it: Datasette on 127.0.0.1, pages read in headless Chromium
(Debian's ``chromium``; nothing outside 127.0.0.1 is reachable from the browser), and the JSON API,
the Atom and iCalendar feeds of a search."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import feedparser
import icalendar
import pytest

from aggregator import store
from aggregator.ingest import ingest
from aggregator.ops.serve import metadata_for
from aggregator.sources import Source
from tests.support.raw_events import raw

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT_DIR = Path(os.environ.get("DATASETTE_SCREENSHOTS", "/tmp/datasette-screenshots"))


def _raws():
    dresden = {"city": "Dresden", "region": "Sachsen", "latitude": 51.05, "longitude": 13.74}
    leipzig = {"city": "Leipzig", "region": "Sachsen", "latitude": 51.34, "longitude": 12.37}
    return [
        raw(
            "digitalagentur",
            "ki-sprechstunde",
            "KI-Sprechstunde für den Mittelstand",
            "2026-11-30T09:00:00+01:00",
            end="2026-11-30T12:30:00+01:00",
            venue="Haus der Wirtschaft",
            organizer="Digitalagentur Sachsen",
            description="<p>Künstliche Intelligenz im Betrieb: Fragen und Antworten.</p>",
            **dresden,
        ),
        raw(
            "cloud-leipzig",
            "meetup-11",
            "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
            "2026-11-28T18:00:00+01:00",
            organizer="Cloud Leipzig e.V.",
            source_topics=["cloud"],
            **leipzig,
        ),
        raw(
            "digitalagentur",
            "forum-2027",
            "Forum Sachsen Digital 2027",
            "2027-05-13T09:00:00+02:00",
            end="2027-05-13T17:00:00+02:00",
            organizer="Digitalagentur Sachsen",
            description="<p>Die Digitalkonferenz für den sächsischen Mittelstand.</p>",
            **dresden,
        ),
        raw(
            "ihk",
            "4711",
            "Cybersecurity-Frühstück Chemnitz",
            "2027-02-17T08:00:00+01:00",
            city="Chemnitz",
            region="Sachsen",
            status="EventCancelled",
            organizer="Wirtschaftskammer Chemnitz",
            latitude=50.83,
            longitude=12.92,
        ),
        raw(
            "bitkom",
            "cloud-magdeburg",
            "Cloud-Souveränität für den Mittelstand",
            "2026-11-29T10:00:00+01:00",
            city="Magdeburg",
            region="Sachsen-Anhalt",
            source_topics=["cloud"],
            organizer="Digitalverband Mitteldeutschland",
            latitude=52.13,
            longitude=11.63,
        ),
        raw(
            "digitalagentur",
            "webinar-foerderung",
            "Webinar: Förderprogramme für die Digitalisierung",
            "2027-02-23T10:00:00+01:00",
            place_text="Online (Zoom)",
            organizer="Digitalagentur Sachsen",
        ),
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The database of a run, served by ``aggregator serve`` on a free port."""
    folder = tmp_path_factory.mktemp("serve")
    path = folder / "events.db"
    os.environ["AGGREGATOR_TODAY"] = "2026-11-27"
    db = store.open_db(path)
    ingest(db, _raws())
    with db.atomic():
        store.save_sources(
            db,
            [
                Source("digitalagentur", "https://digitalagentur.example/", "jsonld"),
                Source("ihk", "https://ihk.example/termine", "html"),
            ],
        )
        store.record_source_result(
            db, "digitalagentur", ok=True, pages=12, events=3, failure=None, run_id="r1"
        )
        for run_id in ("r1", "r2", "r3"):
            store.record_source_result(
                db, "ihk", ok=False, pages=0, events=0, failure="HTTP 503", run_id=run_id
            )
    db.close()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "serve", "--db", str(path), "--port", str(port)],
        cwd=folder,
        env={**os.environ, "AGGREGATOR_TODAY": "2026-11-27"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/-/versions.json", server)
        yield base
    finally:
        server.terminate()
        server.wait(10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"aggregator serve exited: {server.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


def get_json(url: str):
    return json.loads(get(url))


def browse(url: str, screenshot: str | None = None) -> str:
    """The page as Chromium renders it (scripts run); only 127.0.0.1 is reachable."""
    assert CHROMIUM, "the Datasette tests need Debian's chromium: apt-get install -y chromium"
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--virtual-time-budget=5000",
        "--window-size=1400,2000",
    ]
    if screenshot:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOT_DIR / screenshot
        subprocess.run(
            [*flags, f"--screenshot={target}", url], capture_output=True, timeout=120, check=True
        )
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 20_000
    result = subprocess.run(
        [*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout


def text_of(html: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def column(html: str, name: str) -> list[str]:
    """The cells of one column of Datasette's table, top to bottom."""
    cells = re.findall(rf'(?s)<td class="col-{name}(?: type-[^"]*)?">(.*?)</td>', html)
    return [text_of(cell) for cell in cells]


def test_metadata_is_bound_to_the_database_name():
    metadata = metadata_for("/srv/data/termine.db")
    assert list(metadata["databases"]) == ["termine"]
    queries = metadata["databases"]["termine"]["queries"]
    assert set(queries) >= {
        "upcoming_sachsen_this_month",
        "upcoming_by_topic",
        "events_by_organizer",
        "source_health",
        "feed",
    }
    assert 'href="/termine/feed.atom?q=KI"' in queries["feed"]["description_html"]


def test_the_events_page_shows_upcoming_events_sorted_with_facets_and_a_map(site):
    html = browse(site + "/events/events", screenshot="events.png")
    page = text_of(html)
    assert "Veranstaltungen" in page and "6 rows" in page
    titles = column(html, "title")
    assert titles[:2] == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Cloud-Souveränität für den Mittelstand",
    ]
    starts = column(html, "start")
    assert starts == sorted(starts)
    for facet in ("city", "region", "topics", "status", "attendance"):
        assert f'data-column="{facet}"' in html, facet
    assert "Dresden" in page and "Sachsen" in page
    assert "leaflet" in html.lower(), "datasette-cluster-map draws the map"


def test_a_search_in_the_browser_finds_the_event(site):
    html = browse(site + "/events/events?_search=Kubernetes")
    assert column(html, "title") == ["Cloud-Meetup Leipzig: Kubernetes im Mittelstand"]
    assert "1 row where search matches" in text_of(html)
    # Umlauts and word forms of the German texts: "Intelligenz" is only in a description.
    html = browse(site + "/events/events?_search=" + urllib.parse.quote("künstliche"))
    assert column(html, "title") == ["KI-Sprechstunde für den Mittelstand"]


def test_a_facet_selection_in_the_browser(site):
    html = browse(site + "/events/events?city=Dresden", screenshot="facet-dresden.png")
    assert column(html, "title") == [
        "KI-Sprechstunde für den Mittelstand",
        "Forum Sachsen Digital 2027",
    ]
    assert '2 rows where city = "Dresden"' in text_of(html)
    html = browse(site + "/events/events?_facet_array=topics&topics__arraycontains=cloud")
    assert sorted(column(html, "title")) == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Cloud-Souveränität für den Mittelstand",
    ]


def test_the_canned_query_this_month_in_saxony_in_the_browser(site):
    html = browse(site + "/events/upcoming_sachsen_this_month", screenshot="sachsen.png")
    assert "Diesen Monat in Sachsen" in text_of(html)
    assert column(html, "title") == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "KI-Sprechstunde für den Mittelstand",
    ]


def test_the_json_api(site):
    rows = get_json(site + "/events/events.json?_shape=array&_search=Forum")
    assert [r["title"] for r in rows] == ["Forum Sachsen Digital 2027"]
    facets = get_json(site + "/events/events.json?_facet=city&_size=0")["facet_results"]
    counts = {item["value"]: item["count"] for item in facets["city"]["results"]}
    assert counts == {"Dresden": 2, "Leipzig": 1, "Chemnitz": 1, "Magdeburg": 1}
    by_topic = get_json(site + "/events/upcoming_by_topic.json?_shape=array&topic=cloud")
    assert [r["title"] for r in by_topic] == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Cloud-Souveränität für den Mittelstand",
    ]
    topics = get_json(site + "/events/topics.json?_shape=array")
    assert {"topic": "cloud", "upcoming": 2} in topics
    organiser = get_json(
        site + "/events/events_by_organizer.json?_shape=array&organizer=Digitalagentur"
    )
    assert len(organiser) == 3 and {r["organizer"] for r in organiser} == {"Digitalagentur Sachsen"}
    health = get_json(site + "/events/source_health.json?_shape=array")
    assert health[0]["name"] == "ihk" and health[0]["consecutive_failures"] == 3
    assert "3 runs" in health[0]["warning"]
    assert {r["name"] for r in health} == {"ihk", "digitalagentur", "cloud-leipzig", "bitkom"}
    plugins = {p["name"] for p in get_json(site + "/-/plugins.json")}
    assert {"datasette-cluster-map", "datasette-atom", "datasette-ics"} <= plugins


def test_a_feed_of_any_search_in_atom_and_icalendar(site):
    atom = feedparser.parse(get(site + "/events/feed.atom?q=Mittelstand"))
    assert not atom.bozo, atom.bozo_exception
    assert [e.title for e in atom.entries] == [
        "28.11.2026 · Leipzig · Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "29.11.2026 · Magdeburg · Cloud-Souveränität für den Mittelstand",
        "30.11.2026 · Dresden · KI-Sprechstunde für den Mittelstand",
        "13.05.2027 · Dresden · Forum Sachsen Digital 2027",  # "Mittelstand" in its description
    ]
    assert atom.feed.title == "Veranstaltungen zur Digitalisierung – Suche"
    calendar = icalendar.Calendar.from_ical(get(site + "/events/feed.ics?q=Cybersecurity"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "ABGESAGT: Cybersecurity-Frühstück Chemnitz"
    assert event["DTSTART"].to_ical() == b"20270217T080000"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    everything = feedparser.parse(get(site + "/events/feed.atom?q="))
    assert len(everything.entries) == 6
    odd = feedparser.parse(get(site + "/events/feed.atom?q=" + urllib.parse.quote('"KI-')))
    assert [e.title for e in odd.entries] == [
        "30.11.2026 · Dresden · KI-Sprechstunde für den Mittelstand"
    ]
