"""``/<database>/feed.atom``, ``feed.rss`` and ``feed.ics`` with ``?q=``: the feed of any search,
written by the same code as ``public/`` (``feeds.search_feed``), so these feeds keep its rules:
all-day events as dates with an exclusive end, LOCATION, URL, GEO, VTIMEZONE, folded lines,
soonest first, the event's name, day and time in every title, and no error on missing fields.
Routes of plugins come before Datasette's own, so these answer instead of the ``feed`` canned
query's renderers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response

from aggregator import clock
from feeds import search_feed, urls
from feeds.options import DEFAULT_BASE_URL

MEDIA_TYPES = {"atom": urls.FORMATS["atom"], "rss": urls.FORMATS["rss"], "ics": "text/calendar"}


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/(?P<database>[^/]+)/feed\.(?P<format>atom|rss|ics)$", feed_of_a_search)]


async def feed_of_a_search(datasette: Any, request: Any) -> Response:
    name, fmt = request.url_vars["database"], request.url_vars["format"]
    try:
        database = datasette.get_database(name)
    except KeyError:
        return Response.text(f"no database {name!r}", status=404)
    text = request.args.get("q", "")
    today = clock.today()
    events = await database.execute_fn(
        lambda conn: search_feed.matching(sqlite_utils.Database(conn), today, text)
    )
    config = datasette.plugin_config("aggregator") or {}
    search = "?" + urlencode({"_search": text}) if text else ""
    page = datasette.absolute_url(request, datasette.urls.table(name, "events") + search)
    body = search_feed.render(
        events,
        fmt,
        text,
        config.get("base_url") or DEFAULT_BASE_URL,
        self_url=datasette.absolute_url(request, request.full_path),
        page=page,
    )
    return Response(body, content_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8")
