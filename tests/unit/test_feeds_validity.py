"""Every feed published from the test database, checked by tools we did not write (the checks:
tests/support/feed_checks.py; the demo's feeds: tests/integration/test_feeds_validity.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from feeds.publish import PublishOptions, publish
from tests.support import feed_checks, feeds_db
from tests.support.feed_checks import PublishedFeeds


class TestTheTestDatabasesFeeds(PublishedFeeds):
    @pytest.fixture(scope="class")
    @classmethod
    def site(cls, tmp_path_factory: pytest.TempPathFactory) -> Path:
        root = tmp_path_factory.mktemp("fixture")
        db = feeds_db.build(root / "events.db")
        options = PublishOptions(base_url="https://t.example.org/")
        publish(db, root / "public", date(2026, 11, 27), options)
        return root / "public"


def test_the_schema_rejects_what_rfc4287_forbids() -> None:
    """The converted schema really checks: without this a broken conversion would pass all."""
    feed_checks.the_schema_rejects_what_rfc4287_forbids(feed_checks.atom_schema())
