"""Normalisation on real announcements: every item of ``tests/data/real_announcements.toml`` as
the text of an organiser's news item, judged field by field against its hand label.

The test pins the exact list of items each field gets wrong, so that a regression shows as a new
miss and an improvement as a miss that went away (then the list is shortened here). The causes of
the remaining misses are summed up in docs/sources.md ("Real pages").
"""

from __future__ import annotations

from dataclasses import asdict

import pytest

from aggregator.model.raw import RawEvent
from aggregator.normalise.item import Dropped, normalise
from aggregator.normalise.topics import is_digital
from tests.support import real_corpus
from tests.support.real_corpus import Announcement, Found, Scores

KNOWN_MISSES: dict[str, list[str]] = {
    "event": [
        "36c3-lvz",
        "dresden-libertaere-tage-2019-ddr-vortrag",
        "dresden-lndw-2017-vortrag-kunstgeschichte",
        "leipzig-digitaltag-2025-spaziergang",
        "sccon-2020-virtual-report",
    ],
    "dates": [
        "36c3-lvz",
        "36c3-mdr-heute",
        "ch-digitaltage-2022-winterthur",
        "dresden-ki-kongress-2023-tag24",
        "dresden-libertaere-tage-2019-ddr-vortrag",
        "dresden-lndw-2017-vortrag-kunstgeschichte",
        "goerlitz-werkstadtcamp-anzeiger",
        "hoyerswerda-zcom-zuse-110",
        "leipzig-digitaltag-2025-spaziergang",
        "leipzig-forum-sachsen-digital-2019",
        "liege-terra-mosana-online-workshop-en",
        "slpb-zukunftsreihe-kulturpalast-abgesagt",
    ],
    "city": [
        "ch-digitaltage-2022-winterthur",
        "clt2009-opener-party",
        "dis-2020-estoril",
        "dresden-cybersax-2025-09-25-tusculum",
        "dresden-lndw-2016-kommender-freitag",
        "dresden-mit-wirtschaftsforum-22",
        "leipzig-digitaltag-2020-digitalcampus",
        "linz-ars-electronica-2025-opening",
        "mdz-leipzig-halle-kickoff-2022",
        "wien-feminist-linux-meetup-2026-01-en",
        "wien-feminist-linux-meetup-2026-02-en",
    ],
    "attendance": [
        "ingolstadt-ki-wissenschaftswoche-2021",
        "leipzig-digitaltag-2020-digitalcampus",
    ],
    "digital": [
        "berlin-tedxkreuzberg-2010-save-the-date-en",
        "clt2009-opener-party",
        "dresden-cybersax-2025-09-25-online-workshop",
        "dresden-lndw-2016-kommender-freitag",
        "dresden-stadtforum-eroeffnung-2025",
        "zukunftskongress-2020-verschoben-2021",
    ],
    "title": [
        "34c3-lvz-ankuendigung",
        "34c3-mdr",
        "35c3-lvz",
        "35c3-vice",
        "36c3-computerbase-morgen",
        "36c3-mdr-heute",
        "37c3-hamburg-lvz",
        "bbuzz26-barcamp-xcal",
        "berlin-lichtenberg-politbrunch-2011",
        "berlin-next-hacker-2016-visitberlin",
        "bern-digitaltag-2019-generationenhaus",
        "bern-digitaltage-2022-hauptstadtregion",
        "bonn-cyber-security-tech-summit-2020-verschoben",
        "ch-digitaltag-2017-gruntz-konzert",
        "ch-digitaltag-2017-srf",
        "ch-digitaltage-2022-winterthur",
        "ch-digitaltage-2022-zuerich-rathausbruecke",
        "chemnitz-bibliothekslabor-gaming-making-2025",
        "chemnitz-dib-tisch-2019",
        "chemnitz-digitale-zukunft-sachsen-2017",
        "chemnitz-ki-kongress-2024",
        "chemnitz-stabi-ebook-sprechstunde-2018",
        "chemnitz-stabi-kellermagazin-fuehrung",
        "chemnitz-stabi-lets-play-2018",
        "clt2009-opener-party",
        "clt2010-tu-chemnitz",
        "command-control-2020-abgesagt",
        "datenspuren-2018-cfp",
        "datenspuren-2019-dnn",
        "datenspuren-2019-site",
        "datenspuren-2025-pieschen",
        "digital-saxony-pressegespraech-2021",
        "dresden-brains-on-silicon-2025",
        "dresden-dib-tisch-2019",
        "dresden-digitaltag-2025-stadtforum",
        "dresden-ki-kongress-2023-sz",
        "dresden-ki-kongress-2023-tag24",
        "dresden-lndw-2017-sachsenfernsehen",
        "dresden-lndw-2021-digital",
        "fraunhofer-iao-digitalfestival-2020",
        "goerlitz-hackathon-2022-challenges",
        "goerlitz-jugendhackt-hackday-2025",
        "goerlitz-werkstadtcamp-sz",
        "gpn11-kanews",
        "gpn15-zkm-magazin",
        "gpn18-kanews",
        "gpn19-rheinpfalz",
        "herne-vhs-code-der-macht",
        "hoyerswerda-zcom-zuse-110",
        "leipzig-digitaltag-2020-meinleipzig",
        "leipzig-digitaltag-2025-smartcitylab",
        "leipzig-ecpmf-power-of-the-crowd-2016",
        "leipzig-flea-market-2015-en",
        "leipzig-mdk-2025-mitteldeutschland",
        "leipzig-next-leipzig-brainstorm-2015-en",
        "linz-ars-electronica-2015-postcity",
        "mdz-leipzig-halle-kickoff-2022",
        "merseburger-digitaltage-2024-tag1",
        "ostritz-netzwerkstatt-gruender-2019",
        "republica-2019-audrey-tang-en",
        "saarcamp-2012-gruende",
        "saarcamp-8-medium",
        "saarcamp22-blog",
        "slpb-zukunftsreihe-kulturpalast-abgesagt",
        "st-veit-ki-symposium-2024-kleine",
        "twenty2x-2020-verschoben",
        "wien-digital-days-2020-club",
        "wien-digitalcity-aktionstag-2015",
        "zukunftskongress-2020-verschoben-2021",
    ],
    "status": [
        "bad-kissingen-internetseminar-abgesagt",
    ],
}


def _found(item: Announcement) -> Found | None:
    result = normalise(RawEvent.from_dict(real_corpus.news_item(item)), item.seen)
    if isinstance(result, Dropped):
        return None
    return Found.of(asdict(result.event), is_digital(result.event.topics))


@pytest.fixture(scope="module")
def scores() -> Scores:
    return real_corpus.score((item, _found(item)) for item in real_corpus.load())


def test_the_corpus_is_as_large_as_the_issue_asks() -> None:
    items = real_corpus.load()
    assert len(items) >= 150
    assert sum(not item.is_event for item in items) >= len(items) / 5
    assert len({item.id for item in items}) == len(items)


@pytest.mark.parametrize("field", real_corpus.FIELDS)
def test_the_misses_are_exactly_the_known_ones(scores: Scores, field: str) -> None:
    missed = scores.misses[field]
    known = KNOWN_MISSES.get(field, [])
    assert missed == known, (
        f"{field}: newly wrong {sorted(set(missed) - set(known))}, "
        f"newly right {sorted(set(known) - set(missed))}"
    )
