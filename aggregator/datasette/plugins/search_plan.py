"""A table's ``_search`` with the plan that suits the search (``aggregator.store.search_plan``).

Datasette joins a search to its table with ``rowid in (select rowid from <fts> where <fts> match
…)``, so SQLite looks up every match and sorts them all by the table's order (``start``) before
it shows the first 100, and counts them by looking each up again: 'KI' on a million events ran
into Datasette's time limit. This plugin keeps Datasette's search as it is (the box, ``_search``
in the address, ``_searchmode``, the rows and their order) and changes three things after
counting the matches in the FTS index (a few milliseconds):

- the condition: few matches are looked up, many are probed while SQLite walks the index of the
  order and stops after a page;
- the count: for many matches Datasette's ``count(*)`` over the table would read every match (or
  every row), so the page asks for none (``_nocount``) and says the number of matches the index
  counted in its description instead (``search matches "KI" in 33,358 rows``);
- the matches: the page's exact filters on searched columns (``city=Dresden``) join the search
  inside the index, which intersects them far faster than SQLite can probe 150,000 matches.

Why the table's order and not relevance: the table is sorted by start (a column the user can
change by clicking), and a search narrows it without reordering, as every other filter does; the
best matches first are the ``search`` canned query (bm25), the soonest upcoming ones the ``feed``
query and its feeds. Ranking inside the table would also be the slow plan again: bm25 scores
every match before the first row (170 ms for a word in 150,000 events).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Generator
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import await_me_maybe, escape_sqlite

from aggregator.ops.datasette_query import SEARCH_MATCHES, ASGIApp, Query
from aggregator.store.search_plan import membership, probed

PLAN = "aggregator: plan of the search"
"""The key in a request's ASGI scope under which the wrapper leaves the search's plan."""
NARROWING = "aggregator_fts_narrowing"
"""The SQL parameter of the page's filters added to the search (``_narrowing``)."""
NO_ROW_COUNT = "index"
"""The value of the ``_nocount`` this plugin adds: the page's links carry it on, and a later
search with few matches drops it again (a ``_nocount`` of the user's own stays)."""
DATASETTE_SEARCH = re.compile(
    r"rowid in \(select rowid from (?P<fts>\S+) where (?P=fts) match "
    r"(?:escape_fts\(:search\)|:search)\)"
)
"""The condition Datasette 0.65 writes for ``_search`` (``datasette/filters.py``)."""

Filters = Callable[[], Awaitable[FilterArguments | None]]


@hookimpl  # type: ignore[untyped-decorator]  # datasette ships no type information
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def counted(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                scope = await _with_match_count(datasette, scope)
            await app(scope, receive, send)

        return counted

    return wrap


async def _with_match_count(datasette: Any, scope: dict[str, Any]) -> dict[str, Any]:
    query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
    ours = ("_nocount", NO_ROW_COUNT)
    if "_search" not in dict(query) and ours not in query:
        return scope
    table = await _searchable_table(datasette, scope["path"])
    if table is None:
        return scope
    kept = [arg for arg in query if arg != ours]
    plan = await _plan(datasette, *table, query) if "_search" in dict(query) else None
    if plan is not None:
        scope = {**scope, SEARCH_MATCHES: plan.found, PLAN: plan}
        if probed(plan.found) and not any(key == "_nocount" for key, _ in kept):
            kept.append(ours)
    if kept != query:
        scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
    return scope


async def _plan(datasette: Any, database: str, table: str, fts: str, query: Query) -> _Plan | None:
    """The search counted in the index; None when it is not a valid query (Datasette's own
    query then reports it)."""
    db = datasette.get_database(database)
    args = dict(query)
    mode = args.get("_searchmode") or datasette.table_metadata(database, table).get("searchmode")
    match = ":search" if mode == "raw" else "escape_fts(:search)"
    params = {"search": args["_search"]}
    narrowing = _narrowing(query, set(await db.table_columns(fts)))
    if narrowing:
        match, params[NARROWING] = f"'(' || {match} || {':' + NARROWING}", narrowing
    fts = escape_sqlite(fts)
    matches = f"select rowid from {fts} where {fts} match {match}"
    try:
        rows = await db.execute(f"select count(*) from ({matches})", params)
    except Exception:  # noqa: BLE001  # an invalid search is reported by Datasette's own query
        return None
    return _Plan(rows.first()[0], matches, params, bool(narrowing))


def _narrowing(query: Query, fts_columns: set[str]) -> str:
    """The page's exact filters on searched columns (``city=Dresden``) as FTS5 column filters,
    to be added to the search: the index intersects them, so 'Cloud' in Dresden is a list of
    6,000 matches rather than 150,000. A superset of the rows (the words of "Dresden" are in the
    city "Dresden"); Datasette's own condition keeps the filter exact."""
    phrases = []
    for key, value in query:
        column = key.removesuffix("__exact")
        if column in fts_columns and "__" not in column and any(c.isalnum() for c in value):
            phrase = value.replace('"', '""')
            phrases.append(f' AND {column} : "{phrase}"')
    return ")" + "".join(phrases) if phrases else ""


async def _searchable_table(datasette: Any, path: str) -> tuple[str, str, str] | None:
    """The database, table and FTS table of a table's page, its JSON, CSV or feed."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0] not in datasette.databases:
        return None
    db = datasette.get_database(parts[0])
    names = set(await db.table_names())
    table = parts[1] if parts[1] in names else parts[1].rsplit(".", 1)[0]
    if table not in names:
        return None
    fts = datasette.table_metadata(parts[0], table).get("fts_table") or await db.fts_table(table)
    return (parts[0], table, fts) if fts else None


@hookimpl(wrapper=True)  # type: ignore[untyped-decorator]  # datasette ships no type information
def filters_from_request(request: Any) -> Generator[None, list[Any], list[Any]]:
    results = yield
    plan = request.scope.get(PLAN)
    if plan is None:
        return results
    return [_planned(result, plan) for result in results]


def _planned(result: Any, plan: _Plan) -> Filters:
    async def planned() -> FilterArguments | None:
        arguments: FilterArguments | None = await await_me_maybe(result)
        if arguments is None or not any(map(DATASETTE_SEARCH.fullmatch, arguments.where_clauses)):
            return arguments
        arguments.where_clauses = [
            membership(plan.found, plan.matches) if DATASETTE_SEARCH.fullmatch(clause) else clause
            for clause in arguments.where_clauses
        ]
        arguments.params.update(plan.params)
        if probed(plan.found):
            rows = f"at most {plan.found:,}" if plan.narrowed else f"{plan.found:,}"
            arguments.human_descriptions = [
                f"{text} in {rows} rows" if text.startswith("search matches") else text
                for text in arguments.human_descriptions
            ]
        return arguments

    return planned


class _Plan(NamedTuple):
    """A search as counted by the wrapper: its matches' SQL and parameters for the filter (a
    named tuple: a plugin module is not in ``sys.modules``, which a dataclass needs)."""

    found: int
    matches: str
    params: dict[str, str]
    narrowed: bool
