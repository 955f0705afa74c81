"""Kind auto on the bundled demo sites served on 127.0.0.1: discovery from each home page, a real
crawl of every site as the kind found, and ``aggregator sources --discover`` on the command line.
(Discovery on single pages and over a few probed pages: tests/unit/test_discovery.py.)"""

from __future__ import annotations

import subprocess
import sys

import pytest

from aggregator.crawl.process import crawl
from aggregator.ops.demo import FAST_LOCAL, demo_root
from aggregator.ops.demoserver import SiteServer
from aggregator.ops.discover import discover_site
from aggregator.sources import parse_sources
from tests.integration.crawling import raw_items
from tests.support import TODAY

DEMO_KINDS = {
    "digitales-leipzig": "tribe",
    "ki-stammtisch-dresden": "ical",
    "digitalagentur": "jsonld",
    "smart-hub-news": "rss",
    "wirtschaftskammer-chemnitz": None,  # a plain TYPO3 listing: needs kind html and selectors
}


@pytest.fixture(scope="module")
def demo_server():
    with SiteServer(demo_root()) as server:
        yield server


@pytest.mark.parametrize(("site", "kind"), DEMO_KINDS.items())
def test_demo_sites_are_discovered_from_their_home_page(demo_server, site, kind):
    found, _ = discover_site(f"{demo_server.base_url}/{site}/")
    assert (found.kind if found else None) == kind


def test_auto_crawls_each_demo_site_as_its_kind(demo_server, tmp_path):
    rows = "".join(
        f'[[source]]\nname = "{site}"\nurl = "{demo_server.base_url}/{site}/"\nkind = "auto"\n'
        for site in DEMO_KINDS
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AGGREGATOR_TODAY", TODAY)
        result = crawl(
            parse_sources(rows),
            tmp_path / "raw",
            settings=dict(FAST_LOCAL, HTTPCACHE_DIR=str(tmp_path / "cache")),
        )
    for site, kind in DEMO_KINDS.items():
        stats = result.stats[site]
        if kind is None:
            assert not stats.ok and 'kind = "html"' in stats.failure
            continue
        assert stats.ok, (site, stats.failure)
        assert stats.discovered_kind == kind
        items = raw_items(result, site)
        assert items and {item["kind"] for item in items} == {kind}
    assert result.stats["digitales-leipzig"].events == 13, "all three API pages"
    assert result.stats["digitalagentur"].events == 12, "listing pages and event pages"


def test_discover_on_the_command_line_names_each_row_after_its_site(demo_server):
    """Two sites on one host (all demo sites are on 127.0.0.1): rows pasted together never
    clash, each is named by its site's title."""
    rows = []
    for site in ("ki-stammtisch-dresden", "digitalagentur"):
        rows.append(
            subprocess.run(
                [sys.executable, "-m", "aggregator", "sources", "--discover",
                 f"{demo_server.base_url}/{site}/"],
                capture_output=True, text=True, timeout=60, check=True,
            ).stdout
        )  # fmt: skip
    stammtisch, agentur = parse_sources("\n".join(rows))
    assert (stammtisch.name, stammtisch.kind, stammtisch.url) == (
        "ki-stammtisch-dresden",
        "ical",
        f"{demo_server.base_url}/ki-stammtisch-dresden/kalender.ics",
    )
    assert (agentur.name, agentur.kind) == ("digitalagentur-sachsen", "jsonld")
    assert stammtisch.verified is False


def test_discover_on_the_command_line_reports_an_unreachable_site(demo_server):
    url = f"{demo_server.base_url}/gibt-es-nicht/"
    done = subprocess.run(
        [sys.executable, "-m", "aggregator", "sources", "--discover", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "cannot read" in done.stderr and "404" in done.stderr
