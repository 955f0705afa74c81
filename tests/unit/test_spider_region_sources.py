"""The region's sources.toml: every organiser the issue names, valid, and honest about what is
guessed (none of the sites can be reached from where it was written)."""

from __future__ import annotations

from aggregator.crawl.kinds import source_kinds, spider_for
from aggregator.sources import load_sources
from tests.support import ROOT

ROOT_SOURCES = ROOT / "sources.toml"


def test_the_file_is_valid_and_every_unverified_row_says_what_is_guessed():
    sources = load_sources(ROOT_SOURCES, source_kinds())
    assert len(sources) >= 15
    for source in sources:
        assert source.verified is not None, f"{source.name}: say whether it was checked"
        if not source.verified:
            assert source.notes and "guess" in source.notes, source.name
        assert source.organizer, source.name
        assert source.url.startswith("https://"), source.name
        assert spider_for(source.kind).name == source.kind


def test_the_organisers_of_the_issue_are_there():
    organizers = " | ".join(s.organizer or "" for s in load_sources(ROOT_SOURCES, source_kinds()))
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
    rendered = {s.name for s in load_sources(ROOT_SOURCES, source_kinds()) if s.render}
    assert {"ihk-dresden", "ihk-chemnitz", "hwk-dresden-njumii"} <= rendered
