"""index.html as a person meets it in headless Chromium (Debian's): the filter from the address and
the form, the links, and the layout at desktop and phone widths, down to the pixels of a
screenshot. (Its content without JavaScript: tests/unit/test_page.py.)"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest

from feeds.publish import PublishOptions, publish
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


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The published folder on an HTTP server on 127.0.0.1, published for that address."""
    root = tmp_path_factory.mktemp("page")
    public = root / "public"
    public.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(public)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/"
    db = feeds_db.build(root / "events.db")
    publish(db, public, TODAY, PublishOptions(base_url=base))
    yield base, public
    server.shutdown()
    server.server_close()


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "the page tests need Debian's chromium (make test installs it)"
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--hide-scrollbars", "--no-first-run", f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=True)


def dump(url: str, tmp_path: Path) -> lxml.html.HtmlElement:
    out = chromium("--dump-dom", url, profile=tmp_path / "profile").stdout
    return lxml.html.fromstring(out)


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
        ("#region=sachsen&topic=ki", [TITLES["forum"], TITLES["werkstatt"]],
         "region/sachsen/topic/ki", "Künstliche Intelligenz in Sachsen"),
        ("#city=erfurt", [TITLES["cloudtag"]], "city/erfurt", "Erfurt"),
        ("#topic=it-sicherheit", [TITLES["webinar"]], "topic/it-sicherheit", "IT-Sicherheit"),
        ("#region=thueringen&topic=ki", [], "region/thueringen", "Thüringen"),
        ("#region=atlantis", list(TITLES.values()), "events", "Alle Veranstaltungen"),
    ],
)  # fmt: skip
def test_filter_from_the_address_shows_matching_events_and_their_feeds(
    served, tmp_path, fragment, titles, feed, name
) -> None:
    base = served[0]
    doc = dump(base + "index.html" + fragment, tmp_path)
    assert doc.get_element_by_id("filter-panel").get("hidden") is None
    assert visible_titles(doc) == titles
    for month in doc.cssselect("section.month"):
        has_visible = any(li.get("hidden") is None for li in month.cssselect("li.event"))
        assert (month.get("hidden") is None) == has_visible
    assert doc.get_element_by_id("count").text == str(len(titles))
    assert (doc.get_element_by_id("none").get("hidden") is None) == (not titles)
    links = {a.get("data-format"): a.get("href") for a in doc.cssselect(".subscribe a")}
    assert links["ics"] == f"{feed}.ics" and links["atom"] == f"{feed}.atom"
    assert links["webcal"] == "webcal://" + base.split("://")[1] + f"{feed}.ics"
    assert doc.get_element_by_id("feed-name").text == name


def test_city_and_topic_together_fall_back_to_the_city_feed_and_say_so(served, tmp_path) -> None:
    doc = dump(served[0] + "index.html#city=leipzig&topic=ki", tmp_path)
    assert visible_titles(doc) == [TITLES["werkstatt"]]
    assert doc.get_element_by_id("feed-note").get("hidden") is None
    assert {a.get("href") for a in doc.cssselect(".subscribe a")} >= {"city/leipzig.rss"}


DRIVER = """<!doctype html><meta charset="utf-8"><title>driver</title>
<iframe id="f" src="index.html" style="width:{width}px;height:900px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var w = this.contentWindow, d = w.document, out = [];
  out.push("overflow=" + (d.documentElement.scrollWidth > {width}));
  var select = d.getElementById("f-topic");
  select.value = "cloud";
  select.dispatchEvent(new w.Event("change", {{bubbles: true}}));
  out.push("hash=" + w.location.hash);
  out.push("shown=" + d.querySelectorAll("li.event:not([hidden])").length);
  d.getElementById("f-reset").click();
  out.push("count=" + d.getElementById("count").textContent);
  document.getElementById("out").textContent = out.join("\\n");
}});
</script>
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_choosing_a_topic_filters_and_nothing_overflows_the_screen(served, tmp_path, width):
    base, public = served
    driver = public / f"driver-{width}.html"
    driver.write_text(DRIVER.format(width=width), "utf-8")
    try:
        doc = dump(base + driver.name, tmp_path)
    finally:
        driver.unlink()
    result = dict(line.split("=", 1) for line in doc.get_element_by_id("out").text.splitlines())
    assert result["overflow"] == "false", "the page fits the screen without sideways scrolling"
    assert result["hash"] == "#topic=cloud" and result["shown"] == "1"


def test_every_link_on_the_page_resolves(served, tmp_path) -> None:
    base, public = served
    doc = dump(base + "index.html", tmp_path)
    hrefs = {el.get("href") for el in doc.cssselect("a[href], link[href]")}
    local = set()
    for href in hrefs:
        if href.startswith("webcal://"):
            local.add("http://" + href.removeprefix("webcal://"))
        elif href.startswith(("http://", "https://")) and not href.startswith(base):
            assert re.match(r"https://[a-z.-]+\.example\.org/", href), href  # organisers' pages
        elif not href.startswith("#"):
            local.add(href if href.startswith(base) else base + href)
        else:
            assert doc.get_element_by_id(href[1:]) is not None, href
    feeds = {
        base + path.relative_to(public).as_posix()
        for path in public.rglob("*")
        if path.suffix in (".atom", ".rss", ".json", ".ics")
    }
    assert len(feeds) == 21 * 4, "21 selections in four formats"
    assert {url.split("#")[0] for url in local} == feeds, "the page links every feed, nothing else"
    for url in sorted(local):
        with urllib.request.urlopen(url.split("#")[0], timeout=10) as response:
            assert response.status == 200, url


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


INK = """<!doctype html><meta charset="utf-8"><title>ink</title><style>body{{margin:0}}</style>
<iframe id="f" src="index.html{fragment}" style="display:block;border:0;width:{width}px;height:{height}px"></iframe>
<img id="shot" src="{shot}"><canvas id="c"></canvas><pre id="out"></pre>
<script>
// Where the page (laid out in the frame at the screenshot's size) puts each shown event's title,
// and how many pixels of the screenshot differ there from that spot's background: text is ink.
window.addEventListener("load", function () {{
  var doc = document.getElementById("f").contentWindow.document;
  var shot = document.getElementById("shot"), canvas = document.getElementById("c");
  canvas.width = shot.naturalWidth; canvas.height = shot.naturalHeight;
  var pen = canvas.getContext("2d", {{willReadFrequently: true}});
  pen.drawImage(shot, 0, 0);
  var out = [];
  doc.querySelectorAll("li.event:not([hidden]) h3").forEach(function (title) {{
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


@pytest.mark.parametrize(("width", "height"), [(1280, 1800), (390, 1600)])
def test_screenshots_at_desktop_and_phone_width_show_the_events_titles(
    served, tmp_path, width, height
) -> None:
    """The screenshot of the page filtered to Saxony has each shown event's title drawn where the
    page lays it out: pixels that differ from the background, not a blank or unstyled page."""
    base, public = served
    fragment = "#region=sachsen"
    shot = public / f"index-{width}.png"
    driver = public / f"ink-{width}.html"
    try:
        chromium(
            f"--window-size={width},{height}",
            f"--screenshot={shot}",
            base + "index.html" + fragment,
            profile=tmp_path / "profile",
        )
        assert _png_size(shot) == (width, height)
        driver.write_text(
            INK.format(fragment=fragment, width=width, height=height, shot=shot.name), "utf-8"
        )
        doc = dump(base + driver.name, tmp_path)
    finally:
        shot.unlink(missing_ok=True)
        driver.unlink(missing_ok=True)
    titles = [json.loads(line) for line in doc.get_element_by_id("out").text.splitlines()]
    shown = [t["title"].replace("ABGESAGT", "").strip() for t in titles]
    assert shown == [TITLES[i] for i in ("forum", "werkstatt", "praxistag", "far")]
    in_view = [t for t in titles if t["ink"] >= 0]
    assert in_view and in_view[0] == titles[0], f"the first title is on the screenshot: {titles}"
    for title in in_view:
        assert title["ink"] >= title["area"] * 0.02, f"nothing drawn where the title is: {title}"
