"""The database that ``aggregator serve`` is tested on, in-process (tests/unit/test_datasette.py) and
in the browser (tests/integration/test_datasette.py): six events in Saxony and Saxony-Anhalt, one
cancelled, one online, and two sources, one of them failing three runs in a row."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator import store
from aggregator.ingest import ingest
from aggregator.model.raw import RawEvent
from aggregator.sources import Source
from tests.support import TODAY
from tests.support.raw_events import raw


def raws() -> list[RawEvent]:
    dresden = {"city": "Dresden", "region": "Sachsen", "latitude": 51.05, "longitude": 13.74}
    leipzig = {"city": "Leipzig", "region": "Sachsen", "latitude": 51.34, "longitude": 12.37}
    return [
        raw(
            "digitalagentur",
            "ki-sprechstunde",
            "KI-Sprechstunde für den Mittelstand",
            "2026-11-30T09:00:00+01:00",
            end="2026-11-30T12:30:00+01:00",
            venue="Haus der Wirtschaft",
            organizer="Digitalagentur Sachsen",
            description="<p>Künstliche Intelligenz im Betrieb: Fragen und Antworten.</p>",
            **dresden,
        ),
        raw(
            "cloud-leipzig",
            "meetup-11",
            "Cloud-Meetup Leipzig: Kubernetes im Mittelstand",
            "2026-11-28T18:00:00+01:00",
            organizer="Cloud Leipzig e.V.",
            source_topics=["cloud"],
            **leipzig,
        ),
        raw(
            "digitalagentur",
            "forum-2027",
            "Forum Sachsen Digital 2027",
            "2027-05-13T09:00:00+02:00",
            end="2027-05-13T17:00:00+02:00",
            organizer="Digitalagentur Sachsen",
            description="<p>Die Digitalkonferenz für den sächsischen Mittelstand.</p>",
            **dresden,
        ),
        raw(
            "ihk",
            "4711",
            "Cybersecurity-Frühstück Chemnitz",
            "2027-02-17T08:00:00+01:00",
            city="Chemnitz",
            region="Sachsen",
            status="EventCancelled",
            organizer="Wirtschaftskammer Chemnitz",
            latitude=50.83,
            longitude=12.92,
        ),
        raw(
            "bitkom",
            "cloud-magdeburg",
            "Cloud-Souveränität für den Mittelstand",
            "2026-11-29T10:00:00+01:00",
            city="Magdeburg",
            region="Sachsen-Anhalt",
            source_topics=["cloud"],
            organizer="Digitalverband Mitteldeutschland",
            latitude=52.13,
            longitude=11.63,
        ),
        raw(
            "digitalagentur",
            "webinar-foerderung",
            "Webinar: Förderprogramme für die Digitalisierung",
            "2027-02-23T10:00:00+01:00",
            place_text="Online (Zoom)",
            organizer="Digitalagentur Sachsen",
        ),
    ]


def build(path: Path) -> Path:
    """The database of a run, written as ingest and the run report write it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AGGREGATOR_TODAY", TODAY)
        db = store.open_db(path)
        ingest(db, raws())
        with db.atomic():
            store.save_sources(
                db,
                [
                    Source("digitalagentur", "https://digitalagentur.example/", "jsonld"),
                    Source("ihk", "https://ihk.example/termine", "html"),
                ],
            )
            store.record_source_result(
                db,
                "digitalagentur",
                ok=True,
                pages=12,
                events=3,
                failure=None,
                run_id="r1",
                partial=["max_pages (closespider_pagecount)"],
            )
            for run_id in ("r1", "r2", "r3"):
                store.record_source_result(
                    db, "ihk", ok=False, pages=0, events=0, failure="HTTP 503", run_id=run_id
                )
        db.close()
    return path
