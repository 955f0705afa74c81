"""Datasette has no setting for a table page's default parameters (its columns, no facet
suggestions); the project's plugins add them to the requests of the pages they concern, as an
ASGI wrapper, unless the address already says otherwise."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
Query = list[tuple[str, str]]
SEARCH_MATCHES = "aggregator: matches of the search"
"""The key in a request's ASGI scope under which ``search_plan`` leaves the number of rows the
FTS index matched for ``_search``, for the other plugins of the same request."""


def with_defaults(
    app: ASGIApp, concerns: Callable[[str], bool], defaults: Callable[[Query], Query]
) -> ASGIApp:
    """``concerns(path)``: whether a request is for such a page; ``defaults(query)``: the
    parameters to add to its query (none when the address chose for itself)."""

    async def defaulted(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and concerns(scope["path"]):
            query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            added = defaults(query)
            if added:
                scope = dict(scope, query_string=urlencode(query + added).encode("latin-1"))
        await app(scope, receive, send)

    return defaulted
