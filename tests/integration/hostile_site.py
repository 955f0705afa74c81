"""The hostile site the fault suite, the kill loop and benchmarks/bench_faults.py crawl: one
scripted server playing each fault as one source, first as a healthy site, then as the fault.

Pages are made here, not recorded: each is the smallest page that shows its fault, with German
events of the kind the aggregator collects."""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass

from tests.integration.scripted_server import Reply

FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "false",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "HTTPCACHE_ENABLED": "false",
    "DOWNLOAD_TIMEOUT": "3",
    "RETRY_BACKOFF_BASE": "0.1",
    "RETRY_BACKOFF_MAX": "2",
}
"""A local server needs no politeness; each run reads the site anew (no HTTP cache); a held page
times out after 3 s."""
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


# --- pages -----------------------------------------------------------------------------------


def event(name: str, start: str, city: str = "Dresden", url: str | None = None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name,
        "startDate": start,
        "location": {
            "@type": "Place",
            "name": "Digitalagentur",
            "address": {"@type": "PostalAddress", "addressLocality": city},
        },
    }
    return data | ({"url": url} if url else {})


def page(*events: dict, head: str = "", body: str = "", scripts: tuple[str, ...] = ()) -> str:
    blocks = [json.dumps(e, ensure_ascii=False) for e in events] + list(scripts)
    tags = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8">{head}<title>Termine'
        f"</title>{tags}</head><body><h1>Veranstaltungen</h1>{body}</body></html>"
    )


def vevent(uid: str, summary: str, start: str, end: str | None = None, extra: str = "") -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTART;TZID=Europe/Berlin:{start}",
        *([f"DTEND;TZID=Europe/Berlin:{end}"] if end else []),
        f"SUMMARY:{summary}",
        "LOCATION:Leipzig",
        *([extra] if extra else []),
        "END:VEVENT",
    ]
    return "\r\n".join(lines) + "\r\n"


def calendar(*events: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\n"
        + "".join(events)
        + ("END:VCALENDAR\r\n")
    )


def tribe_page(base: str, name: str, ids: list[int], next_page: bool) -> str:
    events = [
        {
            "id": i,
            "url": f"{base}/{name}/veranstaltung/{i}/",
            "title": f"Cloud-Sprechstunde Nr. {i}",
            "start_date": f"2027-0{2 + i % 7}-1{i % 10} 17:00:00",
            "end_date": f"2027-0{2 + i % 7}-1{i % 10} 19:00:00",
            "timezone": "Europe/Berlin",
            "all_day": False,
            "venue": {"venue": "Kulturhaus", "city": "Chemnitz", "zip": "09111"},
        }
        for i in ids
    ]
    data: dict = {"events": events, "total": 4, "total_pages": 2}
    if next_page:
        data["next_rest_url"] = f"{base}/{name}/wp-json/tribe/events/v1/events?per_page=50&page=2"
    return json.dumps(data)


HTML = "text/html; charset=utf-8"
ICAL = "text/calendar; charset=utf-8"
JSON_TYPE = "application/json; charset=UTF-8"
KI = event("KI-Werkstatt für Handwerksbetriebe", "2027-03-17T09:00:00+01:00")
CLOUD = event("Cloud-Tag Mittelstand", "2027-04-08T14:00:00+02:00", "Leipzig")
LISTING = page(KI, CLOUD)
CALENDAR = calendar(
    vevent("stammtisch-1", "KI-Stammtisch Leipzig", "20270304T180000", "20270304T200000"),
    vevent("stammtisch-2", "KI-Stammtisch Leipzig: Sprachmodelle", "20270401T180000"),
)
DATENSCHUTZ = vevent("ds-1", "Datenschutz-Stammtisch Zwickau", "20270120T180000")
ROBOTIK = vevent("rob-1", "Robotik-Abend Plauen", "20270127T180000")
SECONDLY = (
    "BEGIN:VEVENT\r\nUID:sekunde\r\nDTSTART;TZID=Europe/Berlin:20261127T100000\r\n"
    "DURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Sekundentakt\r\nEND:VEVENT\r\n"
)
GZIP_BOMB = gzip.compress(b"\0" * 100_000_000, compresslevel=9)
"""100 MB of zeros in about 100 KB: five times DOWNLOAD_MAXSIZE once unpacked."""
DEEP = "[" * 10_000 + "]" * 10_000
UTF8_DECLARED_LATIN1 = (
    page(event("Künstliche Intelligenz im Handwerk", "2027-06-02T10:00:00+02:00", "Görlitz"))
    .replace('<meta charset="utf-8">', "")
    .encode("utf-8")
)
"""A UTF-8 page that only its server's header describes, wrongly."""


def twice(first: Reply, *second: Reply) -> list[Reply]:
    """The first run gets ``first``; the second run ``second`` in turn (the last one repeats)."""
    return [first, *second]


def ok(body: str | bytes, content_type: str = HTML, **headers: str) -> Reply:
    return Reply(200, body, content_type, headers=dict(headers))


@dataclass
class Case:
    name: str
    kind: str
    path: str
    extra: str = ""
    """More of the source's row (selectors)."""


CASES = [
    Case("gesund", "ical", "/gesund.ics"),
    Case("sekundentakt", "ical", "/sekundentakt.ics"),
    Case("gzip-bombe", "jsonld", "/gzip-bombe/"),
    Case("schleife", "jsonld", "/schleife/"),
    Case("meta-refresh", "jsonld", "/meta-refresh/"),
    Case("umleitung", "jsonld", "/umleitung/"),
    Case("detailfehler", "jsonld", "/detailfehler/", 'follow = "a.event::attr(href)"'),
    Case("riesig", "jsonld", "/riesig/"),
    Case("verschachtelt", "jsonld", "/verschachtelt/"),
    Case("zeichensatz", "jsonld", "/zeichensatz/"),
    Case("bidi", "jsonld", "/bidi/"),
    Case("leer", "jsonld", "/leer/"),
    Case("abbruch", "ical", "/abbruch.ics"),
    Case("fehler-500", "ical", "/fehler-500.ics"),
    Case("ueberlastet-503", "ical", "/ueberlastet-503.ics"),
    Case("ueberlastet-429", "ical", "/ueberlastet-429.ics"),
    Case("zeitueberschreitung", "ical", "/zeitueberschreitung.ics"),
    Case("html-statt-json", "tribe", "/html-statt-json/wp-json/tribe/events/v1/events"),
    Case("json-abgeschnitten", "tribe", "/json-abgeschnitten/wp-json/tribe/events/v1/events"),
    Case("ical-daten", "ical", "/ical-daten.ics"),
]


def routes(base: str, admin: str, held: threading.Event) -> dict[str, list[Reply]]:
    listing_links = (
        '<a class="event" href="/detailfehler/a.html">A</a>'
        '<a class="event" href="/detailfehler/b.html">B</a>'
    )
    tribe_api = "/wp-json/tribe/events/v1/events?per_page=50"
    ical_data = calendar(
        vevent("gut", "Datenschutz-Sprechtag", "20270211T100000", "20270211T120000"),
        vevent("kaputt", "IT-Sicherheit im Büro", "20271345T990000"),
        vevent("rueckwaerts", "E-Commerce-Frühstück", "20270310T100000", "20270310T080000"),
        vevent("fern", "Digitaltag in 500 Jahren", "25261127T100000", "25261127T120000"),
    )
    return {
        "/gesund.ics": twice(
            ok(calendar(DATENSCHUTZ, ROBOTIK), ICAL), ok(calendar(DATENSCHUTZ), ICAL)
        ),
        "/sekundentakt.ics": twice(
            ok(CALENDAR, ICAL),
            ok(CALENDAR.replace("END:VCALENDAR", SECONDLY + "END:VCALENDAR"), ICAL),
        ),
        "/gzip-bombe/": twice(ok(LISTING), ok(GZIP_BOMB, HTML, **{"Content-Encoding": "gzip"})),
        "/schleife/": twice(ok(LISTING), Reply(302, "", headers={"Location": "/schleife/"})),
        "/meta-refresh/": twice(
            ok(LISTING),
            ok(page(head=f'<meta http-equiv="refresh" content="0; url={admin}/admin">')),
        ),
        "/umleitung/": twice(ok(LISTING), Reply(302, "", headers={"Location": f"{admin}/admin"})),
        "/detailfehler/": [ok(page(body=listing_links))],
        "/detailfehler/a.html": [ok(page(event("Smart-City-Dialog Dresden", "2027-05-12")))],
        "/detailfehler/b.html": twice(
            ok(page(event("Datentag Chemnitz", "2027-05-13", "Chemnitz"))),
            Reply(500, "<h1>Internal Server Error</h1>"),
        ),
        "/riesig/": twice(ok(LISTING), Reply(200, "", HTML, stream=(b"<p>" * 21_846, 3200))),
        "/verschachtelt/": twice(ok(LISTING), ok(page(KI, scripts=(DEEP,)))),
        "/zeichensatz/": [Reply(200, UTF8_DECLARED_LATIN1, "text/html; charset=ISO-8859-1")],
        "/bidi/": [
            ok(
                page(
                    event(
                        f"KI-Tag {BIDI[4]}gizpieL{BIDI[2]} {BIDI[5]}Dresden{BIDI[8]}",
                        "2027-06-09T10:00:00+02:00",
                    )
                )
            )
        ],
        "/leer/": twice(ok(LISTING), ok("")),
        "/abbruch.ics": twice(ok(CALENDAR, ICAL), Reply(reset=True)),
        "/fehler-500.ics": twice(ok(CALENDAR, ICAL), Reply(500, "Internal Server Error")),
        "/ueberlastet-503.ics": twice(
            ok(CALENDAR, ICAL),
            Reply(503, "Bitte später", headers={"Retry-After": "1"}),
            ok(CALENDAR, ICAL),
        ),
        "/ueberlastet-429.ics": twice(
            ok(CALENDAR, ICAL),
            Reply(429, "Zu viele Anfragen", headers={"Retry-After": "1"}),
            ok(CALENDAR, ICAL),
        ),
        "/zeitueberschreitung.ics": twice(
            ok(CALENDAR, ICAL), Reply(200, CALENDAR, ICAL, hold=held)
        ),
        "/html-statt-json" + tribe_api: twice(
            ok(tribe_page(base, "html-statt-json", [1, 2], False), JSON_TYPE),
            ok("<html><body><h1>Wartungsmodus</h1></body></html>"),
        ),
        "/json-abgeschnitten" + tribe_api: [
            ok(tribe_page(base, "json-abgeschnitten", [1, 2], True), JSON_TYPE)
        ],
        "/json-abgeschnitten" + tribe_api + "&page=2": twice(
            ok(tribe_page(base, "json-abgeschnitten", [3, 4], False), JSON_TYPE),
            ok(tribe_page(base, "json-abgeschnitten", [3, 4], False)[:150], JSON_TYPE),
        ),
        "/ical-daten.ics": [ok(ical_data, ICAL)],
    }


def sources_toml(base: str) -> str:
    rows = []
    for case in CASES:
        row = f'[[source]]\nname = "{case.name}"\nurl = "{base}{case.path}"\nkind = "{case.kind}"\n'
        if case.extra:
            row += f"[source.selectors]\n{case.extra}\n"
        rows.append(row)
    return "\n".join(rows)
