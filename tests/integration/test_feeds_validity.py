"""Every feed the demo publishes from its organiser sites, checked by tools we did not write (the
checks: tests/support/feed_checks.py; the test database's feeds: tests/unit/test_feeds_validity.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.support import TODAY, feed_checks


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    command = [sys.executable, "-m", "aggregator", "demo", "--out", "public", "--db", "e.db"]
    command += ["--base-url", "https://t.example.org/"]
    env = {**os.environ, "AGGREGATOR_TODAY": TODAY}
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, timeout=300)
    return root / "public"


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    return feed_checks.atom_schema()


def test_feedparser_reads_every_feed_without_complaint(site: Path) -> None:
    """(feedparser 6 does not read JSON Feed; those are checked against the spec below.)"""
    feed_checks.feedparser_reads_every_feed_without_complaint(site)


def test_every_atom_feed_is_valid_against_rfc4287(site: Path, atom_schema: etree.RelaxNG) -> None:
    feed_checks.every_atom_feed_is_valid_against_rfc4287(site, atom_schema)


def test_every_calendar_parses_without_errors_and_no_time_floats(site: Path) -> None:
    feed_checks.every_calendar_parses_without_errors_and_no_time_floats(site)


def test_every_json_feed_follows_json_feed_1_1(site: Path) -> None:
    feed_checks.every_json_feed_follows_json_feed_1_1(site)
