"""Raw items as spiders write them, for the ingest, store and Datasette tests: one conference that
the organiser, a chamber and a regional agency announce, and an evening meetup on the same day."""

from __future__ import annotations

from aggregator.model.raw import RawEvent

ORGANISER = "Digitalagentur Sachsen"


def raw(source: str, key: str, title: str, start: str, **fields: object) -> RawEvent:
    fields.setdefault("url", f"https://{source}.example/veranstaltungen/{key}")
    fields.setdefault("fetched_at", "2026-11-27T03:00:00+00:00")
    return RawEvent(source=source, kind="jsonld", key=key, title=title, start=start, **fields)


def forum_sightings() -> list[RawEvent]:
    """The organiser, the chamber and a regional agency announce the same conference."""
    return [
        raw(
            "digitalagentur",
            "forum-2027",
            "Forum Sachsen Digital 2027",
            "2027-05-13T09:00:00+02:00",
            end="2027-05-13T17:00:00+02:00",
            venue="Internationales Congress Center",
            city="Dresden",
            region="Sachsen",
            default_organizer=ORGANISER,
            event_url="https://digitalagentur.example/forum-sachsen-digital-2027",
            description="<p>Die Digitalkonferenz für den Mittelstand.</p>",
        ),
        raw(
            "wirtschaftskammer",
            "4711",
            "FORUM SACHSEN DIGITAL – Digitalkonferenz 2027",
            "2027-05-13",
            all_day=True,
            venue="Internationales Congress Center",
            street="Ostra-Ufer 2",
            postcode="01067",
            city="Dresden",
            organizer=ORGANISER,
            default_organizer="Wirtschaftskammer Chemnitz",
            description=(
                "<p>Die Digitalkonferenz des Jahres in Dresden: Vorträge, Workshops, eine "
                "Ausstellung sächsischer Start-ups und viel Zeit für Gespräche.</p>"
            ),
        ),
        raw(
            "wfs",
            "a-17",
            "Digitalkonferenz Forum Sachsen Digital",
            "2027-05-13T09:00:00+02:00",
            city="Dresden",
            categories=["KI"],
            default_organizer="Wirtschaftsförderung Sachsen",
        ),
        raw(
            "ki-stammtisch",
            "2027-05@ki",
            "KI-Stammtisch Dresden",
            "2027-05-13T19:00:00+02:00",
            end="2027-05-13T21:30:00+02:00",
            city="Dresden",
            default_organizer="KI-Stammtisch Dresden",
        ),
    ]
