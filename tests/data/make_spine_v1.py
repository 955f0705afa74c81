"""How ``spine_v1.db`` was made: fictional raw items ingested by the spine's own code (schema v1).

Run from a checkout of the spine commit (875772e), e.g.
``git archive 875772e | tar -x -C /tmp/spine`` and then
``PYTHONPATH=/tmp/spine python tests/data/make_spine_v1.py /tmp/v1.db``, followed by
``sqlite3 /tmp/v1.db "pragma journal_mode=delete; vacuum;"``. The migration test opens a copy.
"""

from __future__ import annotations

import os
import sys


def main(path: str) -> None:
    os.environ["AGGREGATOR_TODAY"] = "2026-11-20"
    from aggregator import store
    from aggregator.ingest import ingest
    from aggregator.model.raw import RawEvent

    if store.SCHEMA_VERSION != 1:
        raise SystemExit(f"run this with the spine's code, not {store.__file__}")

    def raw(source: str, key: str, title: str, start: str, end: str | None = None, **kw):
        return RawEvent(
            source=source,
            kind="jsonld",
            key=key,
            url=f"https://{source}.example/termine/{key}",
            fetched_at="2026-11-20T03:15:00+00:00",
            title=title,
            start=start,
            end=end,
            **kw,
        )

    raws = [
        raw(
            "digitalagentur",
            "forum-2027",
            "Forum Sachsen Digital 2027",
            "2027-05-13T09:00:00+02:00",
            "2027-05-13T17:00:00+02:00",
            venue="Internationales Congress Center",
            street="Ostra-Ufer 2",
            postcode="01067",
            city="Dresden",
            region="Sachsen",
            organizer="Digitalagentur Sachsen",
            description="<p>Die Digitalkonferenz für den sächsischen Mittelstand.</p>",
        ),
        raw(
            "wirtschaftskammer",
            "veranstaltung-4711",
            "Forum Sachsen Digital 2027",
            "2027-05-13T09:00:00+02:00",
            city="Dresden",
            description="Konferenz",
        ),
        raw(
            "ki-stammtisch",
            "stammtisch-2027-02@ki",
            "KI-Stammtisch Dresden",
            "2027-02-11T19:00:00+01:00",
            "2027-02-11T21:30:00+01:00",
            city="Dresden",
            categories=["KI"],
        ),
        raw(
            "ki-stammtisch",
            "stammtisch-2027-03@ki",
            "KI-Stammtisch Dresden",
            "2027-03-11T19:00:00+01:00",
            "2027-03-11T21:30:00+01:00",
            city="Dresden",
            categories=["KI"],
        ),
        raw(
            "wirtschaftskammer",
            "veranstaltung-4712",
            "Cybersecurity-Frühstück Chemnitz",
            "2027-02-17T08:00:00+01:00",
            "2027-02-17T10:00:00+01:00",
            city="Chemnitz",
            description="Phishing und Ransomware im Mittelstand",
        ),
    ]
    db = store.open_db(path)
    ingest(db, raws, healthy_sources=["digitalagentur", "wirtschaftskammer", "ki-stammtisch"])
    # The calendar drops its March meetup: the spine marks it removed.
    ingest(db, raws[:3] + raws[4:], healthy_sources=["ki-stammtisch"])
    with db.conn:
        store.record_run(
            db, {"id": "20261120T031500Z", "started": "2026-11-20T03:15:00+00:00", "status": "done"}
        )
    db.close()


if __name__ == "__main__":
    main(sys.argv[1])
