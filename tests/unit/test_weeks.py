"""The crowded week as published: ``wochen.json`` and ``wochen.html`` (a city per row, an ISO week
per column, each count linking the list filtered to that city and week), and the events' "on the
same day" line. (The page in Chromium, at phone width, and the list's week filter:
tests/integration/test_weeks.py.)"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from feeds.publish import PublishOptions, publish
from feeds.weeks import weeks_from
from tests.support import crowded_week

TODAY = date(2027, 3, 1)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("weeks")
    db = crowded_week.build(root / "events.db")
    publish(db, root / "public", TODAY, PublishOptions(base_url="https://termine.example.org/"))
    return root / "public"


def test_twelve_months_of_iso_weeks_from_the_week_of_today():
    weeks = weeks_from(date(2027, 1, 11))
    assert (weeks[0].key, weeks[0].first_day, len(weeks)) == ("2027-W02", date(2027, 1, 11), 53)
    assert weeks[-1].last_day >= date(2028, 1, 10)
    across = weeks_from(date(2026, 12, 30))
    assert [w.key for w in across[:2]] == ["2026-W53", "2027-W01"], "2026 has 53 ISO weeks"
    assert across[0].label == "KW 53 (28.12.–03.01.2027)"


def test_the_json_counts_each_citys_events_per_week(public):
    data = json.loads((public / "wochen.json").read_text("utf-8"))
    weeks = [w["week"] for w in data["weeks"]]
    assert weeks[:5] == ["2027-W09", "2027-W10", "2027-W11", "2027-W12", "2027-W13"]
    cities = {c["city"]: c for c in data["cities"]}
    assert [c["city"] for c in data["cities"]] == ["Dresden", "Leipzig", "Erfurt"], (
        "the Saxon cities first, the busiest first"
    )
    dresden = cities["Dresden"]
    assert dresden["counts"][:5] == [0, 0, 1, 5, 1], (
        "KW 11 the fair, KW 12 five events (not the cancelled, removed or off-topic ones), "
        "KW 13 the meetup of 30 March"
    )
    assert dresden["total"] == 7 and dresden["region"] == "Sachsen"
    assert cities["Erfurt"]["region"] == "Thüringen" and sum(cities["Erfurt"]["counts"]) == 1
    assert data["list"] == "index.html#city={city}&time={week}"


def test_the_page_links_each_count_to_the_list_of_that_city_and_week(public):
    doc = lxml.html.fromstring((public / "wochen.html").read_bytes())
    rows = doc.cssselect("table.heatmap tbody tr")
    assert [r.cssselect("th")[0].text_content() for r in rows] == ["Dresden", "Leipzig", "Erfurt"]
    cell = rows[0].cssselect("td")[3]
    link = cell.cssselect("a")[0]
    assert link.text == "5" and "l4" in cell.get("class"), "five events: the darkest shade"
    assert link.get("href") == "index.html#city=dresden&time=2027-w12"
    assert link.get("title") == "Dresden, KW 12 (22.03.–28.03.2027): 5 Veranstaltungen"
    assert not rows[0].cssselect("td")[0].cssselect("a"), "an empty week links nothing"
    headers = [th.text_content() for th in doc.cssselect("thead tr")[1].cssselect("th")]
    assert headers[:3] == ["Stadt", "9", "10"] and len(headers) == 54
    months = [(th.text, th.get("colspan")) for th in doc.cssselect("thead tr")[0].cssselect("th")]
    assert months[:2] == [("Mär 27", "4"), ("Apr 27", "5")], "a week is in its Thursday's month"
    assert [c.text for c in doc.cssselect(".legend .cell")] == ["1", "2", "3–4", "5+"]
    index = lxml.html.fromstring((public / "index.html").read_bytes())
    assert "wochen.html" in index.xpath("//nav//a/@href")


def test_an_event_page_names_the_other_events_in_its_city_that_day(public):
    doc = lxml.html.fromstring((public / "e" / "smartkmu.html").read_bytes())
    (line,) = doc.cssselect("p.same-day")
    assert line.cssselect("strong")[0].text == "Am selben Tag in Dresden:"
    assert [(a.text, a.get("href")) for a in line.cssselect("a")] == [
        ("Digital-Stammtisch Dresden", "stammtisch.html")
    ], "not the cancelled, removed or off-topic events of that day"
    assert "(Di 23.03.2027, 19:00)" in line.text_content()
    fair = lxml.html.fromstring((public / "e" / "fair.html").read_bytes())
    assert not fair.cssselect("p.same-day"), "nothing else in Dresden from 17 to 20 March"
    leipzig = lxml.html.fromstring((public / "e" / "leipzig.html").read_bytes())
    assert not leipzig.cssselect("p.same-day"), "another city's events are not named"
