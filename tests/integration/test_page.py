"""index.html as a person meets it in headless Chromium (Debian's): filters from the address and
the menus, the search as one types (also from ``file://``), the time and attendance filters on the
reader's calendar, the subscribe links, the layout at desktop and phone sizes down to the pixels of
a screenshot, and axe-core's accessibility check. (Its content without JavaScript:
tests/unit/test_page.py.)"""

from __future__ import annotations

import json
import re
import struct
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest
import sqlite_utils

from aggregator.model.event import Event
from feeds import fingerprint
from feeds.publish import PublishOptions, publish
from tests.integration.browser import axe_violations, chromium, driven, dump
from tests.support import feeds_db

TODAY = date(2026, 11, 27)
TITLES = {
    "webinar": "IT-Sicherheit im Mittelstand (Webinar)",
    "forum": "Forum Sachsen Digital",
    "werkstatt": "KI-Werkstatt für Handwerksbetriebe",
    "cloudtag": "Cloud-Tag Thüringen",
    "wien": "Digital Days Wien",
    "praxistag": "Industrie 4.0 Praxistag",
    "far": "Forum Sachsen Digital 2028",
}
SITE = "Digitalisierungs-Veranstaltungen"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(public: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def published_and_served(
    root: Path, db: sqlite_utils.Database, today: date
) -> Iterator[tuple[str, Path]]:
    """``root/public`` on an HTTP server on 127.0.0.1, published from ``db`` for that address."""
    public = root / "public"
    public.mkdir()
    server, base = serve_folder(public)
    publish(db, public, today, PublishOptions(base_url=base))
    yield base, public
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("page")
    yield from published_and_served(root, feeds_db.build(root / "events.db"), TODAY)


def visible_titles(doc: lxml.html.HtmlElement) -> list[str]:
    return [
        li.find("h3").text_content().replace("ABGESAGT", "").replace("VERSCHOBEN", "")
        for li in doc.cssselect("li.event")
        if li.get("hidden") is None
    ]


@pytest.mark.parametrize(
    ("fragment", "titles", "feed", "name"),
    [
        ("", list(TITLES.values()), "events", "Alle Veranstaltungen"),
        ("#region=sachsen", [TITLES[i] for i in ("forum", "werkstatt", "praxistag", "far")],
         "region/sachsen", "Sachsen"),
        ("#region=Sachsen", [TITLES[i] for i in ("forum", "werkstatt", "praxistag", "far")],
         "region/sachsen", "Sachsen"),
        ("#Region=Th%C3%BCringen", [TITLES["cloudtag"]], "region/thueringen", "Thüringen"),
        ("#region=sachsen&topic=ki", [TITLES["forum"], TITLES["werkstatt"]],
         "region/sachsen/topic/ki", "Künstliche Intelligenz in Sachsen"),
        ("#city=erfurt", [TITLES["cloudtag"]], "city/erfurt", "Erfurt"),
        ("#topic=IT-Sicherheit", [TITLES["webinar"]], "topic/it-sicherheit", "IT-Sicherheit"),
        ("#region=thueringen&topic=ki", [], "region/thueringen", "Thüringen"),
        ("#attendance=online", [TITLES["webinar"]], "events", "Alle Veranstaltungen"),
        ("#attendance=hybrid", [TITLES["praxistag"]], "events", "Alle Veranstaltungen"),
        ("#q=dresden", [TITLES["forum"], TITLES["far"]], "events", "Alle Veranstaltungen"),
    ],
)  # fmt: skip
def test_filter_from_the_address_shows_matching_events_and_their_feeds(
    served, tmp_path, fragment, titles, feed, name
) -> None:
    base = served[0]
    doc = dump(base + "index.html" + fragment, tmp_path)
    assert doc.get_element_by_id("tools").get("hidden") is None
    assert doc.get_element_by_id("unknown").get("hidden") is not None
    assert visible_titles(doc) == titles
    for month in doc.cssselect("section.month"):
        has_visible = any(li.get("hidden") is None for li in month.cssselect("li.event"))
        assert (month.get("hidden") is None) == has_visible
    assert doc.get_element_by_id("count").text == str(len(titles))
    assert (doc.get_element_by_id("none").get("hidden") is None) == (not titles)
    links = {a.get("data-format"): a.get("href") for a in doc.cssselect(".subscribe a")}
    assert links["ics"] == f"{feed}.ics" and links["atom"] == f"{feed}.atom"
    webcal = "webcal://" + base.split("://")[1] + f"{feed}.ics"
    assert links["webcal"] == webcal
    assert links["google"] == "https://calendar.google.com/calendar/render?cid=" + (
        urllib.parse.quote(webcal, safe="")
    )
    assert links["outlook"].startswith(
        "https://outlook.live.com/calendar/0/addfromweb?url="
        + urllib.parse.quote(base + f"{feed}.ics", safe="")
    )
    assert doc.get_element_by_id("copy").get("data-copy") == webcal
    assert doc.get_element_by_id("feed-name").text.startswith(name)
    title = doc.find(".//title").text
    assert title == SITE or title.endswith(" – " + SITE) and title != SITE, title
    if name != "Alle Veranstaltungen":
        assert title == f"{name} – {SITE}"


def test_unknown_values_in_the_address_say_so(served, tmp_path) -> None:
    doc = dump(served[0] + "index.html#region=atlantis&topic=ki&time=gestern", tmp_path)
    assert visible_titles(doc) == [TITLES["forum"], TITLES["werkstatt"]], "the known filter holds"
    notice = doc.get_element_by_id("unknown")
    assert notice.get("hidden") is None
    assert notice.text == (
        "Unbekannt und daher nicht gefiltert: Bundesland „atlantis“, Zeitraum „gestern“."
    )


def test_city_and_topic_together_fall_back_to_the_city_feed_and_say_so(served, tmp_path) -> None:
    doc = dump(served[0] + "index.html#city=leipzig&topic=ki", tmp_path)
    assert visible_titles(doc) == [TITLES["werkstatt"]]
    assert doc.get_element_by_id("feed-note").get("hidden") is None
    assert {a.get("href") for a in doc.cssselect(".subscribe a")} >= {"city/leipzig.rss"}


DRIVER = """<!doctype html><meta charset="utf-8"><title>driver</title>
<iframe id="f" src="index.html" style="width:{width}px;height:{height}px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var w = this.contentWindow, d = w.document, out = [];
  function shown() {{
    return Array.prototype.map.call(d.querySelectorAll("li.event:not([hidden])"),
      function (li) {{ return li.id.slice(2); }}).join(",");
  }}
  function choose(name, value) {{
    var select = d.getElementById("f-" + name);
    select.value = value;
    select.dispatchEvent(new w.Event("change", {{bubbles: true}}));
  }}
  function type(text) {{
    var q = d.getElementById("q");
    q.value = text;
    q.dispatchEvent(new w.Event("input", {{bubbles: true}}));
  }}
  out.push("overflow=" + (d.documentElement.scrollWidth > {width}));
  var second = d.querySelectorAll("li.event")[1].getBoundingClientRect();
  out.push("second_bottom=" + Math.ceil(second.bottom));
  choose("topic", "cloud");
  out.push("hash=" + w.location.hash);
  out.push("topic=" + shown());
  d.getElementById("f-reset").click();
  out.push("reset=" + d.getElementById("count").textContent);
  choose("region", "thueringen");
  out.push("cities=" + Array.prototype.filter.call(d.getElementById("f-city").options,
    function (o) {{ return !o.disabled; }}).map(function (o) {{ return o.value; }}).join(","));
  choose("region", "");
  type("werk");
  out.push("typed=" + shown() + " " + w.location.hash);
  type("thüringen");
  out.push("umlaut=" + shown());
  type("handwerkskammer leipzig");
  out.push("two_words=" + shown());
  type("");
  var abo = d.querySelector('[aria-controls="abo-panel"]');
  out.push("abo_before=" + d.getElementById("abo-panel").hidden);
  abo.click();
  out.push("abo_after=" + d.getElementById("abo-panel").hidden + " " + abo.getAttribute("aria-expanded"));
  document.getElementById("out").textContent = out.join("\\n");
}});
</script>
"""


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_menus_search_and_panels_in_the_browser(served, tmp_path, width, height) -> None:
    base, public = served
    html = DRIVER.format(width=width, height=height)
    out = driven(public, base, f"driver-{width}.html", html, tmp_path)
    result = dict(line.split("=", 1) for line in out.splitlines())
    assert result["overflow"] == "false", "the page fits the screen without sideways scrolling"
    assert int(result["second_bottom"]) <= height, "the first two events show without scrolling"
    assert result["hash"] == "#topic=cloud" and result["topic"] == "cloudtag"
    assert result["reset"] == "7"
    assert result["cities"] == ",erfurt", "the city menu offers the chosen state's cities"
    assert result["typed"] == "werkstatt,cloudtag #q=werk", "Cloud-Netzwerk Thüringen organises"
    assert result["umlaut"] == "cloudtag"
    assert result["two_words"] == "werkstatt"
    assert result["abo_before"] == "true" and result["abo_after"] == "false true"


def test_the_search_works_from_a_folder_on_disk(served, tmp_path) -> None:
    public = served[1]
    doc = dump((public / "index.html").as_uri() + "#q=wien", tmp_path)
    assert visible_titles(doc) == [TITLES["wien"]]


COPY = """<!doctype html><meta charset="utf-8"><title>copy</title>
<iframe id="f" src="index.html#region=sachsen" style="width:800px;height:900px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentWindow.document, said = d.getElementById("copied");
  new MutationObserver(function () {
    document.getElementById("out").textContent = said.textContent;
  }).observe(said, {childList: true, characterData: true, subtree: true});
  d.getElementById("copy").click();
});
</script>
"""


def test_the_copy_button_copies_the_selections_webcal_address(served, tmp_path) -> None:
    base, public = served
    out = driven(public, base, "copy.html", COPY, tmp_path, "--virtual-time-budget=5000")
    assert out == "Kopiert: webcal://" + base.split("://")[1] + "region/sachsen.ics"


def test_the_time_filters_follow_the_readers_calendar(tmp_path) -> None:
    """Events from today on, in the browser's own calendar (the page is read after it was
    published): this week is Monday to Sunday, this month the calendar month."""
    today = date.today()
    offsets = {"heute": 0, "bald": 3, "naechste-woche": 8, "in-40-tagen": 40, "spaeter": 200}
    db = feeds_db.build(tmp_path / "events.db")
    db["events"].delete_where()
    for name, days in offsets.items():
        day = today + timedelta(days=days)
        event = Event(title=name, start=day.isoformat(), all_day=True, city="Dresden",
                      region="Sachsen", topics=["ki"])  # fmt: skip
        feeds_db.save(db, name, event, feeds_db.FIRST_SEEN)
    public = tmp_path / "public"
    server, base = serve_folder(public)
    try:
        publish(db, public, today, PublishOptions(base_url=base))
        sunday = today + timedelta(days=6 - today.weekday())
        month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        expected = {
            "woche": [n for n, d in offsets.items() if today + timedelta(days=d) <= sunday],
            "monat": [n for n, d in offsets.items() if today + timedelta(days=d) <= month_end],
            "3monate": ["heute", "bald", "naechste-woche", "in-40-tagen"],
        }
        for time, names in expected.items():
            doc = dump(base + "index.html#time=" + time, tmp_path)
            assert visible_titles(doc) == names, time
    finally:
        server.shutdown()
        server.server_close()


def test_every_link_on_the_page_resolves(served, tmp_path) -> None:
    base, public = served
    doc = dump(base + "index.html", tmp_path)
    hrefs = {el.get("href") for el in doc.cssselect("a[href], link[href]")}
    hrefs |= {el.get("src") for el in doc.cssselect("script[src]")}
    local = set()
    calendars = ("https://calendar.google.com/calendar/render?", "https://outlook.live.com/")
    for href in hrefs:
        if href.startswith("webcal://"):
            local.add("http://" + href.removeprefix("webcal://"))
        elif href.startswith(calendars):
            continue
        elif href.startswith(("http://", "https://")) and not href.startswith(base):
            assert re.match(r"https://[a-z.-]+\.example\.org/", href), href  # organisers' pages
        elif not href.startswith("#"):
            local.add(href if href.startswith(base) else base + href)
        else:
            assert doc.get_element_by_id(href[1:]) is not None, href
    published = {
        base + path.relative_to(public).as_posix()
        for path in public.rglob("*")
        if path.is_file() and not path.match("e/*.ics") and path.name != fingerprint.FILE
    }  # the publisher's record of what each file was made from is no page's business
    published.remove(base + "index.html")
    for event_id in {"past", "gone"}:  # not upcoming: linked from the archive pages
        published.remove(f"{base}e/{event_id}.html")
    published.remove(f"{base}wochen.json")  # linked from wochen.html
    published.remove(f"{base}nachberichte.atom")  # linked from the archive pages
    assert len([u for u in published if u.endswith(".atom")]) == 21, "21 selections"
    assert {url.split("#")[0] for url in local} == published, "the page links everything"
    for url in sorted(local):
        with urllib.request.urlopen(url.split("#")[0], timeout=10) as response:
            assert response.status == 200, url


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


INK = """<!doctype html><meta charset="utf-8"><title>ink</title><style>body{{margin:0}}</style>
<iframe id="f" src="{page}" style="display:block;border:0;width:{width}px;height:{height}px"></iframe>
<img id="shot" src="{shot}"><canvas id="c"></canvas><pre id="out"></pre>
<script>
// Where the page (laid out in the frame at the screenshot's size) puts each shown heading, and
// how many pixels of the screenshot differ there from that spot's background: text is ink.
window.addEventListener("load", function () {{
  var doc = document.getElementById("f").contentWindow.document;
  var shot = document.getElementById("shot"), canvas = document.getElementById("c");
  canvas.width = shot.naturalWidth; canvas.height = shot.naturalHeight;
  var pen = canvas.getContext("2d", {{willReadFrequently: true}});
  pen.drawImage(shot, 0, 0);
  var out = [];
  doc.querySelectorAll("{selector}").forEach(function (title) {{
    if (title.closest("[hidden]")) return;
    var box = title.getBoundingClientRect();
    var x = Math.floor(box.left), y = Math.floor(box.top);
    var w = Math.ceil(box.width), h = Math.ceil(box.height), ink = -1;
    if (x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= canvas.width && y + h <= canvas.height) {{
      var px = pen.getImageData(x, y, w, h).data, counts = {{}}, background = null, best = 0;
      for (var i = 0; i < px.length; i += 4) {{
        var key = px[i] + "," + px[i + 1] + "," + px[i + 2];
        counts[key] = (counts[key] || 0) + 1;
        if (counts[key] > best) {{ best = counts[key]; background = [px[i], px[i + 1], px[i + 2]]; }}
      }}
      ink = 0;
      for (var j = 0; j < px.length; j += 4) {{
        var d = Math.abs(px[j] - background[0]) + Math.abs(px[j + 1] - background[1])
          + Math.abs(px[j + 2] - background[2]);
        if (d > 96) ink++;
      }}
    }}
    out.push(JSON.stringify({{title: title.textContent, area: w * h, ink: ink, top: y}}));
  }});
  document.getElementById("out").textContent = out.join("\\n");
}});
</script>
"""


def screenshot_ink(
    served, tmp_path: Path, page: str, selector: str, width: int, height: int
) -> list[dict]:
    """Take a screenshot of ``page`` at the size, and measure the ink where each heading is."""
    base, public = served
    shot = public / f"shot-{width}.png"
    try:
        chromium(f"--window-size={width},{height}", f"--screenshot={shot}", base + page,
                 profile=tmp_path / "profile")  # fmt: skip
        assert _png_size(shot) == (width, height)
        html = INK.format(page=page, width=width, height=height, shot=shot.name, selector=selector)
        out = driven(public, base, f"ink-{width}.html", html, tmp_path)
    finally:
        shot.unlink(missing_ok=True)
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_screenshots_at_desktop_and_phone_size_show_the_first_events(
    served, tmp_path, width, height
) -> None:
    """The screenshot of the page has the first two events' titles drawn where the page lays
    them out, within the first screen: pixels that differ from the background."""
    titles = screenshot_ink(served, tmp_path, "index.html", "li.event h3", width, height)
    shown = [t["title"].replace("ABGESAGT", "").replace("VERSCHOBEN", "") for t in titles]
    assert shown == list(TITLES.values())
    in_view = [t for t in titles if t["ink"] >= 0]
    assert in_view[:2] == titles[:2], f"the first two titles are on the first screen: {titles}"
    for title in in_view:
        assert title["ink"] >= title["area"] * 0.02, f"nothing drawn where the title is: {title}"


@pytest.mark.parametrize("width", [1280, 390])
def test_an_event_page_at_desktop_and_phone_size(served, tmp_path, width) -> None:
    found = screenshot_ink(served, tmp_path, "e/forum.html", "h1, h2, dt", width, 900)
    assert [t["title"] for t in found][:4] == [
        "Forum Sachsen Digital",
        "Ort",
        "Veranstalter",
        "Themen",
    ]
    assert all(t["ink"] >= t["area"] * 0.02 for t in found[:4]), found
    doc = dump(served[0] + "e/forum.html", tmp_path)
    assert not doc.cssselect("script:not([type])"), "an event page runs no script"


@pytest.mark.parametrize(
    ("page", "width"),
    [("index.html", 1280), ("index.html", 390), ("index.html#region=atlantis", 390),
     ("e/forum.html", 390), ("e/webinar.html", 1280), ("archiv/2027.html", 390)],
)  # fmt: skip
def test_axe_finds_no_serious_accessibility_violations(served, tmp_path, page, width) -> None:
    base, public = served
    violations = axe_violations(public, base, page, tmp_path, width)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
