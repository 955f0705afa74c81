"""Crawling recorded sites with real Scrapy, and reading what the crawl wrote."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from aggregator.crawl.kinds import source_kinds
from aggregator.crawl.process import CrawlResult, crawl
from aggregator.ops.demo import FAST_LOCAL
from aggregator.ops.demoserver import SiteServer
from aggregator.sources import Source, parse_sources
from tests.support import SITES, TODAY
from tests.support.recorded import BASE, Replay, make_spider


def sources_for(server: SiteServer, toml: str) -> list[Source]:
    """Sources whose ``{base}`` is the server's address."""
    return parse_sources(
        toml.replace("{base}", server.base_url), "test sources.toml", source_kinds()
    )


def crawl_recorded(
    tmp_path_factory: pytest.TempPathFactory, toml: str, **settings: Any
) -> tuple[CrawlResult, list[str]]:
    """Crawl sources (``{base}`` = the recorded sites' server) with real Scrapy; also return the
    requests the server saw. For module-scoped fixtures, so one crawl serves a file's tests."""
    tmp = tmp_path_factory.mktemp("crawl")
    with pytest.MonkeyPatch.context() as patch, SiteServer(SITES) as server:
        patch.setenv("AGGREGATOR_TODAY", TODAY)
        merged = {**FAST_LOCAL, "HTTPCACHE_DIR": str(tmp / "cache"), **settings}
        result = crawl(
            sources_for(server, toml), tmp / "raw", settings=merged, log_file=tmp / "log"
        )
        return result, list(server.requests)


def raw_items(result: Any, source: str) -> list[dict[str, Any]]:
    path = result.run_dir / f"{source}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def by_title(result: Any, source: str) -> dict[str, dict[str, Any]]:
    items = raw_items(result, source)
    titles = [item["title"] for item in items]
    assert len(titles) == len(set(titles)), f"{source}: an event was written twice: {titles}"
    return {item["title"]: item for item in items}


LOCAL_ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+")
BLANK_NODE = re.compile(r"^_:N[0-9a-f]{32}$")
"""RDFa blank nodes get random names on every parse."""


def _rebased(value: Any) -> Any:
    if isinstance(value, str):
        return BLANK_NODE.sub("_:N", LOCAL_ADDRESS.sub(BASE, value))
    if isinstance(value, list):
        return [_rebased(v) for v in value]
    if isinstance(value, dict):
        return {k: _rebased(v) for k, v in value.items()}
    return value


def written_as_replayed(
    result: Any, toml: str, name: str, files: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A source's raw file from the real crawl, and what its spider yields in-process on the same
    recorded pages (tests/support/recorded.py), both keyed alike: the server's address read as
    the in-process one, ``fetched_at`` left out, sorted by key. Equal lists mean that the unit
    tests of the spider speak for the real crawl."""

    def comparable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = [{k: v for k, v in _rebased(item).items() if k != "fetched_at"} for item in items]
        return sorted(rows, key=lambda row: (row["key"], row["start"] or ""))

    rows = [s for s in parse_sources(toml.replace("{base}", BASE), "test", source_kinds())]
    (row,) = [s for s in rows if s.name == name]
    spider = make_spider(row)
    replayed = [json.loads(json.dumps(item.to_dict())) for item in Replay(spider, files).run()]
    return comparable(raw_items(result, name)), comparable(replayed)
