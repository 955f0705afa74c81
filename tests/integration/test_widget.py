"""``widget.js`` and ``embed.html`` in headless Chromium, embedded the way an agency's site embeds
them: the host page comes from another 127.0.0.1 port than ``public/`` (a real cross-origin
embed). With the CORS header the README names, the widget shows the selection's next events in the
host page's font, whatever the host page's CSS does, and an event title holding markup shows as
text; without the header the widget says it could not load and links the list; the iframe variant
needs no header. Each page reports what it found into ``<pre id="out">`` when the widget fires
``events:loaded`` (or the iframe posts its height): no test waits for time."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aggregator import store
from aggregator.model.event import Event
from feeds.publish import PublishOptions, publish
from tests.integration.browser import driven, dump
from tests.support.feeds_db import FIRST_SEEN, save

BERLIN = ZoneInfo("Europe/Berlin")
HOSTILE_TITLE = '<script>window.pwned = 1</script>KI-Abend <img src=x onerror="window.pwned = 2">'


class Quiet(SimpleHTTPRequestHandler):
    cors = False

    def end_headers(self) -> None:
        if self.cors and self.path.split("?")[0].endswith(".json"):
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class WithCors(Quiet):
    cors = True


def _serve(folder: Path, handler: type[Quiet]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def _at(days: int, hour: int | None = None) -> str:
    """A start ``days`` from the reader's today (the browser's calendar is the real one)."""
    day = date.today() + timedelta(days=days)
    if hour is None:
        return day.isoformat()
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN).isoformat()


def _events() -> dict[str, Event]:
    def event(title: str, start: str, city: str, region: str, topics: list[str], **more) -> Event:
        return Event(title=title, start=start, city=city, region=region, topics=topics, **more)

    return {
        "forum": event("KI-Forum Sachsen", _at(10, 9), "Dresden", "Sachsen", ["ki"]),
        "hostile": event(
            HOSTILE_TITLE, _at(12), "Leipzig", "Sachsen", ["ki"], all_day=True, end=_at(12)
        ),
        "cloud": event("Cloud-Stammtisch Dresden", _at(15, 19), "Dresden", "Sachsen", ["cloud"]),
        "erfurt": event("KI-Tag Thüringen", _at(11, 10), "Erfurt", "Thüringen", ["ki"]),
        "cancelled": event(
            "KI-Sprechstunde Chemnitz",
            _at(20, 14),
            "Chemnitz",
            "Sachsen",
            ["ki"],
            status="cancelled",
        ),  # fmt: skip
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """``public/`` twice (with and without the CORS header) and a host site on a third port."""
    root = tmp_path_factory.mktemp("widget")
    public, host = root / "public", root / "host"
    public.mkdir()
    host.mkdir()
    feeds, feeds_url = _serve(public, WithCors)
    plain, plain_url = _serve(public, Quiet)
    agency, agency_url = _serve(host, Quiet)
    db = store.open_db(root / "events.db")
    with db.conn:
        for event_id, event in _events().items():
            save(db, event_id, event, FIRST_SEEN)
    publish(db, public, date.today(), PublishOptions(base_url=feeds_url))
    yield {"public": public, "host": host, "feeds": feeds_url, "plain": plain_url,
           "agency": agency_url, "root": root}  # fmt: skip
    for server in (feeds, plain, agency):
        server.shutdown()
        server.server_close()


HOSTILE_CSS = """
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 18px; color: rgb(34, 34, 34); }
* { text-transform: uppercase !important; letter-spacing: .4em; }
div { font-size: 0; line-height: 0; white-space: nowrap; text-indent: -9999px; visibility: hidden; }
[data-events] { display: none !important; opacity: 0 !important; height: 0 !important; overflow: hidden; }
ul, li, span, p, time { display: none !important; }
a { color: transparent !important; font-size: 0 !important; }
a::after { content: " (extern)"; }
"""

REPORT = """
<pre id="out"></pre>
<script>
var wanted = %(wanted)d, found = [];
function look(host, detail) {
  var root = host.shadowRoot, items = root ? root.querySelectorAll("li") : [];
  return {id: host.id, ok: detail.ok, count: detail.count,
    text: root ? root.querySelector(".w").textContent : "",
    links: root ? Array.prototype.map.call(root.querySelectorAll("a"), function (a) { return a.getAttribute("href"); }) : [],
    markup: root ? root.querySelectorAll("script, img").length : -1,
    items: Array.prototype.map.call(items, function (li) {
      var a = li.querySelector("a"), style = getComputedStyle(a), box = a.getBoundingClientRect();
      var where = li.querySelector(".where");
      return {when: li.querySelector(".when").textContent, title: a.textContent,
        href: a.getAttribute("href"), target: a.getAttribute("target"),
        where: where ? where.textContent : null, font: style.fontFamily,
        size: parseFloat(style.fontSize), transform: style.textTransform, color: style.color,
        visibility: style.visibility, spacing: style.letterSpacing, width: box.width,
        height: box.height};
    })};
}
document.addEventListener("events:loaded", function (event) {
  found.push(look(event.target, event.detail));
  if (found.length === wanted) {
    found.sort(function (a, b) { return a.id < b.id ? -1 : 1; });
    document.getElementById("out").textContent = JSON.stringify({widgets: found,
      font: getComputedStyle(document.body).fontFamily, pwned: window.pwned || null});
  }
});
</script>
"""


def _host_page(sites, name: str, body: str, script_from: str, wanted: int) -> str:
    page = (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Agentur</title>'
        f"<style>{HOSTILE_CSS}</style></head><body><h1>Wirtschaftsförderung Musterstadt</h1>"
        f"{body}{REPORT % {'wanted': wanted}}"
        f'<script src="{script_from}widget.js"></script></body></html>'
    )
    (sites["host"] / name).write_text(page, "utf-8")
    return f"{sites['agency']}{name}"


def _report(url: str, tmp_path: Path) -> dict:
    doc = dump(url, tmp_path, "--virtual-time-budget=20000")
    out = doc.get_element_by_id("out").text or ""
    assert out.startswith("{"), f"the widgets did not report: {out!r}"
    return json.loads(out)


def test_the_widget_on_another_origin_with_the_cors_header(sites, tmp_path):
    body = (
        '<div id="a" data-events data-region="sachsen" data-topic="ki" data-limit="2"></div>'
        '<div id="b" data-events data-city="Dresden"></div>'
    )
    found = _report(_host_page(sites, "cors.html", body, sites["feeds"], 2), tmp_path)
    assert found["pwned"] is None, "no event text ran as script"
    first, second = found["widgets"]
    assert (first["ok"], first["count"], second["ok"], second["count"]) == (True, 2, True, 2)
    feeds = sites["feeds"]
    assert [(i["title"], i["href"], i["where"]) for i in first["items"]] == [
        ("KI-Forum Sachsen", f"{feeds}e/forum.html", "Dresden"),
        (HOSTILE_TITLE, f"{feeds}e/hostile.html", "Leipzig"),
    ], "Sachsen and KI, soonest first, at most data-limit; the markup in a title is its text"
    assert first["markup"] == 0
    forum_day = date.today() + timedelta(days=10)
    weekday = "Mo Di Mi Do Fr Sa So".split()[forum_day.weekday()]
    assert first["items"][0]["when"] == f"{weekday} {forum_day:%d.%m.%Y}, 09:00 Uhr"
    assert [i["title"] for i in second["items"]] == ["KI-Forum Sachsen", "Cloud-Stammtisch Dresden"]
    assert first["links"][-1] == f"{feeds}index.html#region=sachsen&topic=ki", "Alle Termine"
    for item in first["items"] + second["items"]:
        assert item["font"] == found["font"], "the host page's font"
        assert item["size"] >= 12 and item["width"] > 0 and item["height"] > 0, item
        assert (item["transform"], item["visibility"]) == ("none", "visible"), item
        assert item["spacing"] == "normal" and item["color"] == "rgb(34, 34, 34)", item


def test_without_the_cors_header_the_widget_says_so_and_links_the_list(sites, tmp_path):
    body = '<div id="a" data-events data-region="sachsen"></div>'
    found = _report(_host_page(sites, "plain.html", body, sites["plain"], 1), tmp_path)
    (widget,) = found["widgets"]
    assert (widget["ok"], widget["count"]) == (False, 0)
    assert widget["text"] == "Die Termine konnten nicht geladen werden. Zu den Terminen"
    assert widget["links"] == [f"{sites['plain']}index.html#region=sachsen"]


def test_the_iframe_variant_needs_no_cors_header(sites, tmp_path):
    """The host page (another origin) learns from the iframe's message how many events it shows
    and how tall it is; a driver beside embed.html on the plain server reads what it shows."""
    frame = f"{sites['plain']}embed.html#region=sachsen&topic=ki&limit=5"
    page = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Agentur</title>'
        f"<style>{HOSTILE_CSS}</style></head><body>"
        f'<iframe src="{frame}" title="Termine" style="width:400px;height:300px"></iframe>'
        '<pre id="out"></pre><script>window.addEventListener("message", function (m) {'
        'document.getElementById("out").textContent = JSON.stringify(m.data); });</script>'
        "</body></html>"
    )
    (sites["host"] / "iframe.html").write_text(page, "utf-8")
    doc = dump(f"{sites['agency']}iframe.html", tmp_path, "--virtual-time-budget=20000")
    said = json.loads(doc.get_element_by_id("out").text or "null")
    assert said["type"] == "events:height" and said["ok"] is True
    assert said["count"] == 3 and said["height"] > 0
    driver = """<!doctype html><meta charset="utf-8"><title>embed</title>
<iframe id="f" src="embed.html#region=sachsen&topic=ki&limit=5" style="width:360px;height:600px"></iframe>
<pre id="out"></pre>
<script>
window.addEventListener("message", function () {
  var root = document.getElementById("f").contentDocument.getElementById("termine").shadowRoot;
  document.getElementById("out").textContent = JSON.stringify(
    Array.prototype.map.call(root.querySelectorAll("li a"), function (a) {
      return [a.textContent, a.getAttribute("target")]; }));
});
</script>"""
    out = driven(sites["public"], sites["plain"], "embed-driver.html", driver, tmp_path,
                 "--virtual-time-budget=20000")  # fmt: skip
    assert json.loads(out) == [
        ["KI-Forum Sachsen", "_blank"],
        [HOSTILE_TITLE, "_blank"],
        ["Abgesagt: KI-Sprechstunde Chemnitz", "_blank"],
    ]


def test_the_widget_is_small_plain_javascript(sites):
    script = (sites["public"] / "widget.js").read_bytes()
    assert len(script) < 10_000
    text = script.decode("utf-8")
    assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "eval(" not in text
    assert "import " not in text and "require(" not in text, "no dependencies"
