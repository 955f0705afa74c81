"""Crawling recorded sites with real Scrapy, and reading what the crawl wrote."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aggregator.crawl.kinds import source_kinds
from aggregator.crawl.process import CrawlResult, crawl
from aggregator.ops.demo import FAST_LOCAL
from aggregator.ops.demoserver import SiteServer
from aggregator.sources import Source, parse_sources
from tests.support import SITES, TODAY


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
