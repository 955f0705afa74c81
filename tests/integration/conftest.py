"""Integration fixtures: recorded organiser sites served on 127.0.0.1 and crawled by real Scrapy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aggregator.crawl.process import crawl
from aggregator.ops.demo import FAST_LOCAL
from aggregator.ops.demoserver import SiteServer
from aggregator.sources import Source


@pytest.fixture
def site_server() -> Iterator[Callable[[Path], SiteServer]]:
    """Start a server for a folder of recorded pages; stopped after the test."""
    servers: list[SiteServer] = []

    def start(root: Path) -> SiteServer:
        server = SiteServer(root).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture
def crawl_sources(tmp_path: Path) -> Callable[..., object]:
    """Crawl sources with real Scrapy (in a child process), fast but otherwise as configured."""

    def run(sources: list[Source], **settings: object):
        merged = dict(FAST_LOCAL, HTTPCACHE_DIR=str(tmp_path / "httpcache"), **settings)
        return crawl(sources, tmp_path / "raw", settings=merged, log_file=tmp_path / "crawl.log")

    return run
