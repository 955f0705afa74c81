"""Every feed the demo publishes from its organiser sites, checked by tools we did not write (the
checks: tests/support/feed_checks.py; the test database's feeds: tests/unit/test_feeds_validity.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import TODAY
from tests.support.feed_checks import PublishedFeeds


class TestTheDemosFeeds(PublishedFeeds):
    @pytest.fixture(scope="class")
    @classmethod
    def site(cls, tmp_path_factory: pytest.TempPathFactory) -> Path:
        root = tmp_path_factory.mktemp("demo")
        command = [sys.executable, "-m", "aggregator", "demo", "--out", "public", "--db", "e.db"]
        command += ["--base-url", "https://t.example.org/"]
        env = {**os.environ, "AGGREGATOR_TODAY": TODAY}
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, timeout=300)
        return root / "public"
