"""``index.html``: the upcoming events and the links to subscribe to them."""

from __future__ import annotations

from html import escape
from itertools import groupby
from typing import Any

from feeds.selection import STATUS_PREFIX, Selection, place_label, when_label

MONTHS = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)


def render(
    events: list[dict[str, Any]],
    selection: Selection,
    base_url: str,
    sources: list[dict[str, Any]],
    generated: str,
) -> bytes:
    feeds = [
        ("Atom", f"{selection.slug}.atom", "application/atom+xml"),
        ("RSS", f"{selection.slug}.rss", "application/rss+xml"),
        ("iCalendar", f"{selection.slug}.ics", "text/calendar"),
    ]
    head_links = "\n".join(
        f'<link rel="alternate" type="{kind}" title="{escape(selection.title)} ({name})" '
        f'href="{href}">'
        for name, href, kind in feeds
    )
    subscribe = "\n".join(
        f'<li><a href="{href}" type="{kind}">{name}</a></li>' for name, href, kind in feeds
    )
    if base_url.startswith(("http://", "https://")):
        webcal = "webcal://" + base_url.split("://", 1)[1].rstrip("/") + f"/{selection.slug}.ics"
        subscribe += f'\n<li><a href="{escape(webcal)}">Kalender abonnieren (webcal)</a></li>'
    months = []
    for month, group in groupby(events, key=lambda e: e["start"][:7]):
        year, number = month.split("-")
        items = "\n".join(_event_item(e) for e in group)
        months.append(
            f'<section><h2>{MONTHS[int(number) - 1]} {year}</h2>\n<ul class="events">{items}</ul>'
            "</section>"
        )
    health = "\n".join(
        f"<tr><td>{escape(s['name'])}</td><td>{escape(s.get('last_status') or '–')}</td>"
        f"<td>{s.get('last_events') or 0}</td></tr>"
        for s in sources
    )
    body = PAGE.format(
        title=escape(selection.title),
        head_links=head_links,
        subscribe=subscribe,
        months="\n".join(months) or "<p>Keine anstehenden Veranstaltungen.</p>",
        count=len(events),
        generated=escape(generated),
        health=health,
    )
    return body.encode("utf-8")


def _event_item(event: dict[str, Any]) -> str:
    title = escape(STATUS_PREFIX.get(event["status"], "") + event["title"])
    link = f'<a href="{escape(event["url"])}">{title}</a>' if event.get("url") else title
    topics = " ".join(f'<span class="topic">{escape(t)}</span>' for t in event["topics"])
    organizer = escape(event.get("organizer") or "")
    return (
        f'<li class="event" data-city="{escape(event.get("city") or "")}" '
        f'data-region="{escape(event.get("region") or "")}" '
        f'data-topics="{escape(" ".join(event["topics"]))}">'
        f'<h3>{link}</h3><p class="when">{escape(when_label(event))}</p>'
        f'<p class="where">{escape(place_label(event))}</p>'
        f'<p class="organizer">{organizer}</p><p class="topics">{topics}</p></li>'
    )


PAGE = """<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{head_links}
<style>
body {{ font-family: system-ui, sans-serif; max-width: 50rem; margin: 0 auto; padding: 1rem;
  line-height: 1.45; color: #1b1b1b; }}
.events {{ list-style: none; padding: 0; }}
.event {{ border-bottom: 1px solid #ddd; padding: .5rem 0; }}
.event h3 {{ margin: 0; font-size: 1.05rem; }}
.event p {{ margin: .1rem 0; }}
.topic {{ background: #eef; border-radius: .3rem; padding: 0 .3rem; font-size: .85rem; }}
table {{ border-collapse: collapse; }} td, th {{ padding: .2rem .5rem; border: 1px solid #ddd; }}
</style>
</head>
<body>
<header><h1>{title}</h1>
<p>Konferenzen, Workshops und Meetups zur Digitalisierung in Sachsen und Deutschland.
<span lang="en">Digitalisation events in Saxony and Germany.</span></p></header>
<nav aria-label="Abonnieren"><h2>Abonnieren / Subscribe</h2>
<p>Feed-Reader: Atom oder RSS. Kalender: iCalendar-Adresse im Kalender abonnieren.
<span lang="en">Feed readers: Atom or RSS. Calendars: subscribe to the iCalendar address.</span></p>
<ul>
{subscribe}
</ul></nav>
<main>
<p>{count} anstehende Veranstaltungen.</p>
{months}
</main>
<footer>
<h2>Quellen</h2>
<table><thead><tr><th>Quelle</th><th>Status</th><th>Termine</th></tr></thead>
<tbody>{health}</tbody></table>
<p>Stand: <time>{generated}</time></p>
</footer>
</body>
</html>
"""
