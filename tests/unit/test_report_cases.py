"""The labelled report set through the real ingest: the exact items it gets wrong are pinned,
so that a change that fixes one, or breaks another, shows here (the figures:
``benchmarks/bench_reports.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import report_cases
from tests.support.report_cases import Case, Outcome

KNOWN_MISSES = {
    "report": [
        # No date of the event, no word that calls them reports, no publication day or one
        # after an unreadable day ("Ende Mai"): read as news about nothing.
        "convent-smarter-mittelstand-2017",
        "harburg-wirtschaftsverein",
        "ifm-siegener-mittelstandstagung-2015",
        # A network's year in review and an appointment told in the past: no event at all.
        "mittelstand-digital-jahresrueckblick",
        "neue-geschaeftsfuehrerin",
        # An announcement of a workshop on making slides ("Präsentationsfolien" in the title).
        "workshop-folien-mit-ki",
    ],
    "kind": ["digifruehstueck-unterlagen"],
    "offers": ["digifruehstueck-unterlagen", "it-sicherheitstag-videos"],
    "match": [
        # "Digitalforum" for "Digitalisierungsforum"; English words for a German title.
        "digitalforum-kraftwerk",
        "ki-sprechstunde-recap-en",
    ],
    "event": ["convent-smarter-mittelstand-2017", "workshop-folien-mit-ki"],
}


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Case], dict[str, Outcome]]:
    events, cases = report_cases.load()
    db_path: Path = tmp_path_factory.mktemp("reports") / "reports.db"
    return cases, report_cases.run(db_path, events, cases)


def test_the_set_has_every_shape_the_issue_asks_for(
    labelled: tuple[list[Case], dict[str, Outcome]],
) -> None:
    cases, _ = labelled
    assert len(cases) >= 40
    assert {c.kind for c in cases if c.report} == set(report_cases.KINDS)
    assert sum(c.announces for c in cases) >= 10
    assert sum(not c.report and not c.announces for c in cases) >= 5
    assert len({c.id for c in cases}) == len(cases)


def test_exactly_the_known_items_are_missed(
    labelled: tuple[list[Case], dict[str, Outcome]],
) -> None:
    cases, outcomes = labelled
    assert report_cases.score(cases, outcomes).misses == KNOWN_MISSES


def test_a_report_that_names_its_day_is_linked_to_the_event_of_that_day(
    labelled: tuple[list[Case], dict[str, Outcome]],
) -> None:
    """``Am 19. Juni 2020 fand der erste Digitaltag statt``: no event on that day, the report of
    the Digitaltag 2020, not of the Digitaltag 2022 nor of next year's it names."""
    _, outcomes = labelled
    for item, event in [
        ("grone-digitaltag-2020", "digitaltag-2020"),
        ("zukunftstag-handwerk-ohne-datum", "zukunftstag-handwerk-2026"),
        ("fachtag-rohstoffwirtschaft-nachbericht", "fachtag-rohstoffwirtschaft-2026"),
    ]:
        assert outcomes[item] == Outcome(
            report=True, kind="report", offers=outcomes[item].offers, event=event, made_event=False
        )


def test_announcements_that_mention_last_years_edition_stay_events(
    labelled: tuple[list[Case], dict[str, Outcome]],
) -> None:
    _, outcomes = labelled
    for item in ["smartkmu-2027-vorjahr", "herbstforum-vorjahr", "mdk-2025-steht-an"]:
        assert outcomes[item].made_event
        assert not outcomes[item].report


def test_a_report_whose_event_is_missing_stays_unmatched(
    labelled: tuple[list[Case], dict[str, Outcome]],
) -> None:
    """Two events in Dresden that day, neither the open day it reports on."""
    _, outcomes = labelled
    assert outcomes["makerspace-tag-der-offenen-tuer"].report
    assert outcomes["makerspace-tag-der-offenen-tuer"].event is None
    assert outcomes["digitalswitzerland-2019"].event is None


def test_the_figures_are_what_the_misses_say(
    labelled: tuple[list[Case], dict[str, Outcome]],
) -> None:
    """The benchmark's numbers follow from the misses: no miss, no loss."""
    cases, outcomes = labelled
    figures = report_cases.score(cases, outcomes).figures()
    assert figures["report"] == (38 / 41, 38 / 41)
    assert figures["match"] == (1.0, 31 / 33)
    assert figures["kind:recording"] == (1.0, 1.0)
