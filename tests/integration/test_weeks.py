"""The crowded week in headless Chromium: a count's link opens the list filtered to that city and
week, ``wochen.html`` on a phone scrolls sideways inside its box only, and axe-core finds no
serious violations. (Its content without a browser: tests/unit/test_weeks.py.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.integration.browser import axe_violations, driven, dump
from tests.integration.test_page import published_and_served, visible_titles
from tests.support import crowded_week


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("weeks")
    yield from published_and_served(root, crowded_week.build(root / "events.db"), date(2027, 3, 1))


def test_a_counts_link_opens_the_list_of_that_city_and_week(served, tmp_path) -> None:
    base, public = served
    weeks = dump(base + "wochen.html", tmp_path)
    link = weeks.xpath("//tbody/tr[1]/td[4]/a")[0]
    assert link.text == "5"
    doc = dump(base + link.get("href"), tmp_path)
    assert visible_titles(doc) == [
        "KI-Readiness-Check für KMU",
        "smartKMU – Digitalkonferenz für kleine Unternehmen",
        "Digital-Stammtisch Dresden",
        "Sprachmodelle im Mittelstand",
        "IT-Sicherheit im Handwerk – Infoabend",
        "KI-Barcamp Dresden",
    ], "Dresden's events of KW 12; the list shows the cancelled one too, marked, the count not"
    chosen = doc.xpath("//select[@id='f-time']/option[@selected or @value='2027-w12']")
    assert [o.text for o in chosen] == ["KW 12 (22.03.–28.03.2027)"]
    assert doc.get_element_by_id("unknown").get("hidden") is not None, "the week is understood"
    assert doc.get_element_by_id("count").text == "6"


PHONE = """<!doctype html><meta charset="utf-8"><title>phone</title>
<iframe id="f" src="wochen.html" style="width:390px;height:844px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentWindow.document, box = d.querySelector(".heatmap-scroll");
  box.scrollLeft = 400;
  var after = d.querySelector("tbody th").getBoundingClientRect();
  document.getElementById("out").textContent = JSON.stringify({
    page: d.documentElement.scrollWidth, box: box.clientWidth, table: box.scrollWidth,
    scrolled: box.scrollLeft, boxLeft: box.getBoundingClientRect().left, cityAfter: after.left});
});
</script>"""


def test_on_a_phone_only_the_table_scrolls_sideways(served, tmp_path) -> None:
    base, public = served
    found = json.loads(driven(public, base, "phone.html", PHONE, tmp_path))
    assert found["page"] <= 390, "the page itself does not scroll sideways"
    assert found["table"] > found["box"] and found["scrolled"] > 0, "the table scrolls in its box"
    assert 0 <= found["cityAfter"] - found["boxLeft"] <= 4, "the city names stay in view"


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_accessibility_violations(served, tmp_path, width) -> None:
    base, public = served
    violations = axe_violations(public, base, "wochen.html", tmp_path, width)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
