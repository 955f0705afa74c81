"""index.html as a person meets it: its content without JavaScript, and in headless Chromium the
filter, the links and the layout at desktop and phone widths."""

from __future__ import annotations

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

from feeds import page as page_module
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


@pytest.fixture(scope="module")
def page(served: tuple[str, Path]) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((served[1] / "index.html").read_bytes())


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "Debian's chromium is needed for the page tests (.ci/run installs it)"
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


def test_without_javascript_every_event_is_listed_by_month(page) -> None:
    assert page.get("lang") == "de"
    assert [h.text_content() for h in page.cssselect("h1")] == ["Digitalisierungs-Veranstaltungen"]
    months = [h.text_content() for h in page.cssselect("section.month h2")]
    assert months == [
        "Februar 2027", "März 2027", "April 2027", "Mai 2027", "Juni 2027", "September 2027",
    ]  # fmt: skip
    events = page.cssselect("li.event")
    assert [e.get("id") for e in events] == [
        "e-webinar", "e-forum", "e-werkstatt", "e-cloudtag", "e-wien", "e-praxistag",
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
    webinar = page.get_element_by_id("e-webinar")
    assert not webinar.cssselect("a"), "a javascript: URL is not linked"
    assert "Online" in webinar.text_content()


def test_page_offers_every_feed_and_explains_the_addresses(page, served) -> None:
    base = served[0]
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
    assert subscribe == {
        "atom": "events.atom",
        "rss": "events.rss",
        "json": "events.json",
        "ics": "events.ics",
        "webcal": "webcal://" + base.split("://")[1] + "events.ics",
    }
    listed = {a.get("href") for a in page.cssselect(".feeds-all details a")}
    for slug in ("region/thueringen", "city/halle-saale", "topic/ki", "region/sachsen/topic/ki"):
        assert {f"{slug}.{ext}" for ext in ("atom", "rss", "json", "ics")} <= listed
    scheme = page.cssselect(".feeds-all")[0].text_content()
    assert "region/sachsen/topic/ki.ics" in scheme and "thueringen" in scheme
    explanation = page.cssselect(".subscribe")[0]
    assert (
        explanation.cssselect('p[lang="en"]')
        and "Kalender abonnieren" in explanation.text_content()
    )


def test_page_shows_when_data_changed_and_each_sources_health(page) -> None:
    footer = " ".join(page.cssselect("footer")[0].text_content().split())
    assert "Zuletzt abgerufen (last checked): 20.11.2026, 04:21 Uhr" in footer
    assert "Letzte Änderung an einem Termin (last change): 20.11.2026, 04:15 Uhr" in footer
    rows = [[td.text_content() for td in tr.cssselect("td")] for tr in page.cssselect("tbody tr")]
    assert rows == [
        ["digitalagentur", "OK", "4", "20.11.2026, 04:15", ""],
        ["hwk-leipzig", "Fehler", "0", "20.11.2026, 04:15", "HTTP 503"],
    ]


def test_filter_form_is_labelled_and_needs_no_inline_handlers(page, served) -> None:
    for select in page.cssselect("select"):
        assert page.cssselect(f'label[for="{select.get("id")}"]'), select.get("id")
    regions = [o.get("value") for o in page.cssselect("#f-region option")]
    assert regions == ["", "sachsen", "thueringen"], "only states with upcoming events"
    html = (served[1] / "index.html").read_text("utf-8")
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


def test_text_colours_meet_wcag_aa_contrast(served) -> None:
    css = (served[1] / "index.html").read_text("utf-8")
    colours = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", css))
    pairs = [
        (colours["ink"], colours["bg"]),
        (colours["muted"], colours["bg"]),
        (colours["accent"], colours["bg"]),
        (colours["accent"], colours["soft"]),
        ("#ffffff", colours["accent"]),
        ("#ffffff", colours["warn"]),
        (colours["warn"], colours["bg"]),
        (colours["ok"], colours["bg"]),
        ("#12355b", "#e3ebf5"),
    ]
    for fg, bg in pairs:
        light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (fg, bg)


@pytest.mark.parametrize(
    ("fragment", "titles", "feed", "name"),
    [
        ("", list(TITLES.values()), "events", "Alle Veranstaltungen"),
        ("#region=sachsen", [TITLES[i] for i in ("forum", "werkstatt", "praxistag")],
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
    base, _ = served
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
    assert len(local) > 80
    for url in sorted(local):
        with urllib.request.urlopen(url.split("#")[0], timeout=10) as response:
            assert response.status == 200, url


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(("width", "height"), [(1280, 1800), (390, 1600)])
def test_screenshots_at_desktop_and_phone_width(served, tmp_path, width, height) -> None:
    shot = tmp_path / f"index-{width}.png"
    chromium(
        f"--window-size={width},{height}",
        f"--screenshot={shot}",
        served[0] + "index.html#region=sachsen",
        profile=tmp_path / "profile",
    )
    assert _png_size(shot) == (width, height)
    assert shot.stat().st_size > 20_000, "a rendered page, not a blank one"


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
