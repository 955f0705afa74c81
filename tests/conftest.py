"""Fixtures for both tiers: ``tests/unit`` (pure, in-process) and ``tests/integration`` (real
crawls in child processes, local servers, Chromium, scrapyd)."""

from __future__ import annotations

import pytest
from hypothesis import settings

from tests.support import TODAY

settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")
"""Hypothesis fails an example that takes over 200 ms by default: a test that depends on the
machine's speed. The properties are about results, so no example has a deadline."""


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Recorded pages describe events of 2027; the tests' calendar stands still on the day they
    were written, so year-less dates and "upcoming" mean the same on any day the suite runs."""
    monkeypatch.setenv("AGGREGATOR_TODAY", TODAY)
    return TODAY
