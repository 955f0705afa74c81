"""``aggregator serve`` as a person uses it: the real command on 127.0.0.1, its pages read in headless
Chromium (Debian's ``chromium``; nothing outside 127.0.0.1 is reachable from the browser). The JSON
API, the canned queries and the feeds of a search, on the same configuration in-process:
tests/unit/test_datasette.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from tests.integration.processes import drain, free_port, wait_for_line
from tests.support import TODAY, served_db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT_DIR = Path(os.environ.get("DATASETTE_SCREENSHOTS", "/tmp/datasette-screenshots"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The database of a run, served by ``aggregator serve`` on a free port; ready when Uvicorn
    says it is listening."""
    folder = tmp_path_factory.mktemp("serve")
    path = served_db.build(folder / "events.db")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "serve", "--db", str(path), "--port", str(port)],
        cwd=folder,
        env={**os.environ, "AGGREGATOR_TODAY": TODAY},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line, _ = wait_for_line(
            server.stdout, lambda text: "Uvicorn running on" in text, "Datasette listened"
        )
        assert f"http://127.0.0.1:{port}" in line
        drain(server.stdout)  # its access log must never fill the pipe
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(30)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


def get_json(url: str):
    return json.loads(get(url))


def browse(url: str, screenshot: str | None = None, width: int = 1400) -> str:
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
        f"--window-size={width},2000",
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


@pytest.mark.parametrize("width", [1400, 390])
def test_the_events_page_shows_short_rows_sorted_with_facets_and_a_map(site, width):
    html = browse(site + "/events/events", screenshot=f"events-{width}.png", width=width)
    page = text_of(html)
    assert "Veranstaltungen" in page and "6 rows" in page
    titles = column(html, "title")
    assert titles[:2] == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Cloud-Souveränität für den Mittelstand",
    ]
    starts = column(html, "start")
    assert starts == sorted(starts)
    for facet in ("city", "region", "topic_names", "status", "attendance"):
        assert f'data-column="{facet}"' in html, facet
    assert "Künstliche Intelligenz" in column(html, "topic_names")[2], "topics by name"
    assert not column(html, "description"), "the raw description is one click away"
    assert "Dresden" in page and "Sachsen" in page
    assert "leaflet" in html.lower(), "datasette-cluster-map draws the map"


def test_a_search_typed_with_a_stray_quote_or_a_prefix(site):
    html = browse(site + "/events/events?_search=" + urllib.parse.quote('cyber* "'))
    assert column(html, "title") == ["Cybersecurity-Frühstück Chemnitz"]
    html = browse(site + "/events/events?_search=" + urllib.parse.quote("IT-Sicherheit"))
    assert column(html, "title") == ["Cybersecurity-Frühstück Chemnitz"], "a topic by its name"


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


def test_the_served_instance_has_the_projects_plugins_metadata_and_assets(site):
    plugins = {p["name"] for p in get_json(site + "/-/plugins.json")}
    assert {
        "datasette-cluster-map",
        "datasette-atom",
        "datasette-ics",
        "sql_functions.py",
    } <= plugins
    metadata = get_json(site + "/-/metadata.json")
    assert list(metadata["databases"]) == ["events"]
    assert "upcoming_sachsen_this_month" in metadata["databases"]["events"]["queries"]
    assert b"dl.column-descriptions" in get(site + "/assets/aggregator.css"), "the stylesheet"
    rows = get_json(site + "/events/upcoming_by_topic.json?_shape=array&topic=cloud")
    assert [r["title"] for r in rows] == [
        "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
        "Cloud-Souveränität für den Mittelstand",
    ], "the plugins folder's SQL functions work in the served instance"
