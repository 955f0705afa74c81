"""A raw item becomes an event the same way whatever field its date arrives in, on any day."""

from __future__ import annotations

from datetime import date

import pytest

from aggregator.model.event import Sighting
from aggregator.model.raw import RawEvent
from aggregator.normalise.item import normalise

REFERENCE = date(2030, 1, 10)
"""Far from the day the suite runs, so that a reading of the real clock shows."""


def _raw(**fields: object) -> RawEvent:
    return RawEvent(
        source="s", kind="html", key="k", url="https://example.org/e", fetched_at="x",
        title="KI-Sprechstunde", **fields,
    )  # fmt: skip


@pytest.mark.parametrize("field", ["start", "when"])
def test_a_year_less_date_is_read_against_the_reference_in_every_field(field: str) -> None:
    sighting = normalise(_raw(**{field: "17. März 10 Uhr"}), REFERENCE)
    assert isinstance(sighting, Sighting)
    assert sighting.event.start == "2030-03-17T10:00:00+01:00"


def test_a_year_less_end_is_read_against_the_reference_too() -> None:
    sighting = normalise(_raw(start="2030-03-17T10:00:00", end="17. März 12 Uhr"), REFERENCE)
    assert isinstance(sighting, Sighting)
    assert sighting.event.end == "2030-03-17T12:00:00+01:00"


@pytest.mark.parametrize(
    ("url", "event_url", "start"),
    [
        ("https://kalender.example.org/termine/day/2030/2/7", None, "2030-02-07T18:30:00+01:00"),
        ("https://example.org/liste", "https://example.org/kalender?datum=2030-02-07",
         "2030-02-07T18:30:00+01:00"),
        ("https://example.org/2030/02/07/rueckblick-stammtisch", None, None),
        ("https://example.org/termine/day/2030/2/7/archiv/zeile-3", None, None),
    ],
)  # fmt: skip
def test_a_listing_line_with_only_its_hours_takes_the_day_of_its_day_view(
    url: str, event_url: str | None, start: str | None
) -> None:
    """A calendar's day view lists lines with hours only: the day is in the page's address. A
    news archive's date in a path is when the news was posted, which says nothing of an
    event's day."""
    raw = RawEvent(
        source="s", kind="html", key="k", url=url, event_url=event_url, fetched_at="x",
        title="Stammtisch Open Data", when="18:30 Uhr | Zentralwerk | Stammtisch Open Data",
    )  # fmt: skip
    found = normalise(raw, REFERENCE)
    assert (found.event.start if isinstance(found, Sighting) else None) == start
