"""What both test tiers share: where the recorded material lives and the day the tests stand on."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
"""The checkout: sources.toml, deploy/, docs/."""
SITES = TESTS / "sites"
"""Recorded organiser sites: served on 127.0.0.1 by the integration tests, read from disk by the
unit tests."""
DATA = TESTS / "data"
TODAY = "2026-11-27"
"""Recorded pages describe events of 2027; the tests' calendar stands still on this day."""
