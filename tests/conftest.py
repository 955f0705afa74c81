"""Fixtures for both tiers: ``tests/unit`` (pure, in-process) and ``tests/integration`` (real
crawls in child processes, local servers, Chromium, scrapyd)."""

from __future__ import annotations

import pytest

from tests.support import TODAY


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Recorded pages describe events of 2027; the tests' calendar stands still on the day they
    were written, so year-less dates and "upcoming" mean the same on any day the suite runs."""
    monkeypatch.setenv("AGGREGATOR_TODAY", TODAY)
    return TODAY
