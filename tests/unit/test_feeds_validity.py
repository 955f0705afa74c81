"""Every feed published from the test database, checked by tools we did not write (the checks:
tests/support/feed_checks.py; the demo's feeds: tests/integration/test_feeds_validity.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from feeds.publish import PublishOptions, publish
from tests.support import feed_checks, feeds_db


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixture")
    db = feeds_db.build(root / "events.db")
    publish(
        db, root / "public", date(2026, 11, 27), PublishOptions(base_url="https://t.example.org/")
    )
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


def test_the_schema_rejects_what_rfc4287_forbids(atom_schema: etree.RelaxNG) -> None:
    """The converted schema really checks: without this a broken conversion would pass all."""
    feed_checks.the_schema_rejects_what_rfc4287_forbids(atom_schema)
