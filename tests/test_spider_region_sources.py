"""The region's sources.toml: every organiser the issue names, valid, and honest about what is
guessed (none of the sites can be reached from where it was written)."""

from __future__ import annotations

from pathlib import Path

from aggregator.sources import load_sources
from spiders import spider_for

ROOT_SOURCES = Path(__file__).parent.parent / "sources.toml"


def test_the_file_is_valid_and_every_row_says_what_is_guessed():
    sources = load_sources(ROOT_SOURCES)
    assert len(sources) >= 15
    for source in sources:
        assert source.verified is False, source.name
        assert source.notes and "guess" in source.notes, source.name
        assert source.organizer, source.name
        assert source.url.startswith("https://"), source.name
        assert spider_for(source.kind).name == source.kind


def test_the_organisers_of_the_issue_are_there():
    organizers = " | ".join(s.organizer or "" for s in load_sources(ROOT_SOURCES))
    for name in (
        "Digitalagentur Sachsen",
        "futureSAX",
        "Silicon Saxony",
        "IHK Dresden",
        "IHK Chemnitz",
        "IHK zu Leipzig",
        "Handwerkskammer",
        "Mittelstand-Digital Zentrum Chemnitz",
        "Mittelstand-Digital Zentrum Leipzig-Halle",
        "Mittelstand-Digital",
        "Smart Systems Hub",
        "SpinLab",
        "Referat Digitale Stadt",
        "TU Dresden",
        "Bitkom",
        "Convent",
    ):
        assert name in organizers, name


def test_javascript_listings_are_rendered():
    rendered = {s.name for s in load_sources(ROOT_SOURCES) if s.render}
    assert {"ihk-dresden", "ihk-chemnitz", "hwk-dresden-njumii"} <= rendered
