"""A labelled set of sighting pairs for the dedupe tests: the same event told differently by
different sites, and different events that look alike (tricky negatives). All events are fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from aggregator.model.event import Event

BERLIN = ZoneInfo("Europe/Berlin")


def ev(
    title: str,
    start: str,
    end: str | None = None,
    city: str | None = None,
    *,
    venue: str | None = None,
    street: str | None = None,
    postcode: str | None = None,
    attendance: str = "offline",
    lat: float | None = None,
    lon: float | None = None,
) -> Event:
    """An event as normalisation leaves it; local times get their Berlin offset."""

    def iso(value: str | None) -> str | None:
        if value is None or len(value) == 10 or "+" in value[10:] or value.endswith("Z"):
            return value
        return datetime.fromisoformat(value).replace(tzinfo=BERLIN).isoformat()

    return Event(
        title=title,
        start=iso(start),
        end=iso(end),
        all_day=len(start) == 10,
        venue=venue,
        street=street,
        postcode=postcode,
        city=city,
        attendance=attendance,
        latitude=lat,
        longitude=lon,
    )


PFLEGE_KI = ev(
    "KI in der Pflege – Fachtag",
    "2027-09-22T09:30",
    "2027-09-22T16:00",
    "Chemnitz",
    venue="Stadthalle",
)
"""Issue 11's example: the same Fachtag written out elsewhere, another Fachtag the same day."""

SAME: list[tuple[Event, Event]] = [
    (
        ev(
            "Forum Sachsen Digital 2027",
            "2027-05-13T09:00",
            "2027-05-13T17:00",
            "Dresden",
            venue="Internationales Congress Center",
            street="Ostra-Ufer 2",
            postcode="01067",
        ),
        ev("FORUM SACHSEN DIGITAL – Digitalkonferenz 2027", "2027-05-13", "2027-05-13", "Dresden"),
    ),
    (
        ev("Forum Sachsen Digital 2027", "2027-05-13T09:00", "2027-05-13T17:00", "Dresden"),
        ev("Digitalkonferenz Forum Sachsen Digital", "2027-05-13T09:30"),
    ),
    (
        ev("Sächsischer Datentag", "2027-06-15", "2027-06-16", "Dresden"),
        ev("Saechsischer Datentag 2027", "2027-06-15T09:00", "2027-06-16T16:00", "Dresden"),
    ),
    (
        ev("Cybersecurity-Frühstück Chemnitz", "2027-02-17T08:00", "2027-02-17T10:00", "Chemnitz"),
        ev("Cyber Security Frühstück", "2027-02-17T08:30", None, "Chemnitz"),
    ),
    (
        ev("KI-Sprechstunde für den Mittelstand", "2027-03-17T09:00", None, "Dresden"),
        ev(
            "KI-Sprechstunde für den Mittelstand (Anmeldung erforderlich)",
            "2027-03-17T09:00",
            "2027-03-17T12:30",
            "Dresden",
            venue="Haus der Wirtschaft",
        ),
    ),
    (
        ev("Leipziger Startup-Nacht 2027", "2027-03-31T18:00", "2027-03-31T23:00", "Leipzig"),
        ev(
            "Leipziger Startup-Nacht: Bewerbungsphase für die Pitch-Bühne läuft",
            "2027-03-31T18:00",
            None,
            "Leipzig",
        ),
    ),
    (
        ev("Sprachmodelle im Mittelstand – KI-Praxisabend", "2027-03-24T18:00", None, "Dresden"),
        ev(
            "Praxisabend: Sprachmodelle im Mittelstand",
            "2027-03-24T18:00",
            "2027-03-24T20:30",
            "Dresden",
        ),
    ),
    (
        ev(
            "Smart-City-Dialog Sachsen: Daten für die Kommune",
            "2027-06-22T14:00",
            "2027-06-22T17:00",
            "Görlitz",
            attendance="mixed",
        ),
        ev(
            "Smart-City-Dialog in Görlitz: Wie Kommunen ihre Daten nutzen können",
            "2027-06-22T14:00",
            None,
            "Görlitz",
        ),
    ),
    (
        ev(
            "Zukunftstage Industrie 4.0 – Fachkongress für Produktion und Digitalisierung",
            "2027-06-15T09:30",
            "2027-06-16T17:00",
            "Chemnitz",
        ),
        ev("Zukunftstage Industrie 4.0 Südwestsachsen", "2027-06-15", "2027-06-16", "Chemnitz"),
    ),
    (
        ev(
            "Webinar: Förderprogramme für die Digitalisierung im Mittelstand",
            "2027-02-23T10:00",
            "2027-02-23T11:30",
            attendance="online",
        ),
        ev(
            "Förderprogramme für die Digitalisierung im Mittelstand",
            "2027-02-23T10:00",
            attendance="online",
        ),
    ),
    (
        ev("E-Commerce-Tag Südwestsachsen", "2027-09-08", "2027-09-08", "Chemnitz"),
        ev("E-Commerce Tag Südwestsachsen 2027", "2027-09-08T09:00", venue="Stadthalle Chemnitz"),
    ),
    (
        ev("Fachforum Cloud-Souveränität für den Mittelstand", "2027-09-29T10:00", None, "Berlin"),
        ev("Fachforum Cloud-Souveränitat für den Mittelstand", "2027-09-29T10:00", None, "Berlin"),
    ),
    (
        ev("Dresdner Datentage 2027", "2027-09-23", "2027-09-24", "Dresden"),
        ev("Dresdner Datentage", "2027-09-23", "2027-09-24"),
    ),
    (
        ev("Data Science Meetup Leipzig #14", "2027-04-20T19:00", None, "Leipzig"),
        ev("Data Science Meetup #14", "2027-04-20T19:00", "2027-04-20T21:00", "Leipzig"),
    ),
    (
        ev("3. Sächsischer KI-Kongress", "2027-11-04T09:00", "2027-11-04T18:00", "Leipzig"),
        ev("Sächsischer KI-Kongress 2027", "2027-11-04", "2027-11-04", "Leipzig"),
    ),
    (
        ev("Tag der Industrie 4.0", "2027-03-09T09:00", None, "Zwickau"),
        ev("Tag der Industrie 4.0", "2027-03-09T08:00:00+00:00", None, "Zwickau"),
    ),
    (
        ev(
            "Digital-Werkstatt Halle: Prozesse automatisieren mit No-Code",
            "2027-08-19T14:00",
            "2027-08-19T17:00",
            "Halle (Saale)",
        ),
        ev(
            "Prozesse automatisieren mit No-Code – Digital-Werkstatt",
            "2027-08-19T14:00",
            None,
            "Halle",
        ),
    ),
    (
        ev("Fachmesse Vernetzte Produktion 2027", "2027-09-30", "2027-10-02", "Chemnitz"),
        ev("Fachmesse Vernetzte Produktion", "2027-10-01T09:00", "2027-10-01T17:00", "Chemnitz"),
    ),
    (
        ev("Mitteldeutscher Cybersicherheitstag 2027", "2027-10-28T09:00", None, "Erfurt"),
        ev("Mitteldeutscher Cybersicherheitstag", "2027-10-28T09:00", venue="Messe Erfurt"),
    ),
    (
        ev(
            "Digitaler Mittelstandstag",
            "2027-05-06T10:00",
            "2027-05-06T16:00",
            "Leipzig",
            attendance="mixed",
        ),
        ev("Digitaler Mittelstandstag (online)", "2027-05-06T10:00", attendance="online"),
    ),
    (
        ev(
            "Datenschutz & KI: Abendvortrag für Selbstständige", "2027-05-19T18:00", None, "Zwickau"
        ),
        ev(
            "Datenschutz und KI – Abendvortrag für Selbstständige in Zwickau",
            "2027-05-19T18:00",
            "2027-05-19T20:00",
            "Zwickau",
        ),
    ),
    (
        ev("Workshop „Datenräume für KMU“", "2027-03-25T09:00", "2027-03-25T13:00", "Leipzig"),
        ev("Cloud & Daten: Workshop „Datenräume für KMU“", "2027-03-25T09:00", None, "Leipzig"),
    ),
    (
        ev("Netzwerktreffen Frauen in der Digitalwirtschaft", "2027-09-15T08:30", None, "Leipzig"),
        ev(
            "Frauen in der Digitalwirtschaft – Netzwerkfrühstück",
            "2027-09-15T08:30",
            "2027-09-15T10:00",
            "Leipzig",
        ),
    ),
    (
        ev("IT-Sicherheitstag Sachsen", "2027-04-14T09:00", None, "Dresden"),
        ev("IT Sicherheitstag Sachsen 2027", "2027-04-14", "2027-04-14", "Dresden"),
    ),
    (
        ev("IHK: Digitalisierungssprechtag", "2027-02-02T13:00", None, "Plauen"),
        ev("Digitalisierungssprechtag", "2027-02-02T13:00", "2027-02-02T16:00", "Plauen"),
    ),
    (
        ev("KI-Stammtisch Dresden", "2027-05-13T19:00", "2027-05-13T21:30", "Dresden"),
        ev("KI Stammtisch Dresden: Mai-Treffen", "2027-05-13T19:00", None, "Dresden"),
    ),
    (
        ev("Hackathon „Open Data Leipzig“", "2027-06-05", "2027-06-06", "Leipzig"),
        ev("Open Data Hackathon Leipzig 2027", "2027-06-05T10:00", None, "Leipzig"),
    ),
    (
        ev(
            "Demo Day im Smart Hub: Start-ups zeigen KI-Prototypen",
            "2027-03-18T17:00",
            None,
            "Leipzig",
        ),
        ev("Demo Day im Smart Hub", "2027-03-18T17:30", "2027-03-18T20:00", "Leipzig"),
    ),
    (
        ev("Workshop: Machine Learning für Einsteiger*innen", "2027-10-16T10:00", None, "Dresden"),
        ev(
            "Machine Learning für Einsteiger:innen",
            "2027-10-16T10:00",
            "2027-10-16T16:00",
            "Dresden",
        ),
    ),
    (
        ev("AI in Manufacturing Summit Dresden", "2027-10-05T09:00", None, "Dresden"),
        ev("AI in Manufacturing Summit 2027", "2027-10-05", "2027-10-06", "Dresden"),
    ),
    (
        ev("Lange Nacht der Digitalisierung", "2027-06-25T18:00", "2027-06-25T23:59", "Chemnitz"),
        ev("Lange Nacht der Digitalisierung Chemnitz 2027", "2027-06-25T18:00"),
    ),
    (
        ev("Digital Breakfast #5", "2027-02-09T08:00", None, "Leipzig"),
        ev(
            "Digital Breakfast #5 – Cloud-Kosten im Griff",
            "2027-02-09T08:00",
            "2027-02-09T09:30",
            "Leipzig",
        ),
    ),
    (
        ev(
            "Online-Sprechstunde Datenschutz & DSGVO",
            "2027-02-10T16:00",
            "2027-02-10T17:00",
            attendance="online",
        ),
        ev("Sprechstunde Datenschutz und DSGVO (online)", "2027-02-10T16:00", attendance="online"),
    ),
    (
        ev(
            "E-Rechnung in der Praxis",
            "2027-01-19T10:00",
            None,
            "Leipzig",
            postcode="04109",
            street="Goerdelerring 5",
        ),
        ev("E-Rechnung in der Praxis", "2027-01-19T10:00", None, "Leipzig"),
    ),
    (
        ev("Leipziger Cloud-Tag 2027", "2027-10-21T09:00", "2027-10-21T17:00", "Leipzig"),
        ev("Cloud-Tag Leipzig", "2027-10-21", "2027-10-21", "Leipzig"),
    ),
    (
        ev(
            "Wasserstoff trifft Digitalisierung",
            "2027-07-07T13:00",
            None,
            "Freiberg",
            lat=50.9119,
            lon=13.3428,
        ),
        ev(
            "Wasserstoff trifft Digitalisierung – Fachtag",
            "2027-07-07T13:00",
            lat=50.913,
            lon=13.345,
        ),
    ),
    (
        ev(
            "Werkstattgespräch Oberlausitz: Digitalisierung im ländlichen Raum",
            "2027-07-01T16:00",
            "2027-07-01T18:30",
            "Bautzen",
        ),
        ev(
            "Digitalisierung im ländlichen Raum – Werkstattgespräch Oberlausitz",
            "2027-07-01T16:00",
            None,
            "Bautzen",
        ),
    ),
    (
        ev("Smart Factory Expo: Gemeinschaftsstand Sachsen", "2027-10-12", "2027-10-14", "München"),
        ev(
            "Gemeinschaftsstand Sachsen auf der Smart Factory Expo München",
            "2027-10-12T09:00",
            "2027-10-14T18:00",
            "München",
        ),
    ),
    (
        ev("Barcamp Digitale Verwaltung", "2027-04-24", "2027-04-24", "Magdeburg"),
        ev("BarCamp Digitale Verwaltung 2027", "2027-04-24T09:30", None, "Magdeburg"),
    ),
    (
        ev(
            "Tag der offenen Werkstatt: 3D-Druck und Digitalisierung im Handwerk",
            "2027-03-06T10:00",
            "2027-03-06T15:00",
            "Zwickau",
        ),
        ev("Tag der offenen Werkstatt – 3D-Druck im Handwerk", "2027-03-06T10:00"),
    ),
    (
        ev("Chemnitzer Linux-Tage 2027", "2027-03-13", "2027-03-14", "Chemnitz"),
        ev("Linux-Tage Chemnitz", "2027-03-13T09:00", None, "Chemnitz"),
    ),
    (
        ev("OWASP Stammtisch Dresden – Juni", "2027-06-03T19:00", None, "Dresden"),
        ev("OWASP Stammtisch", "2027-06-03T19:00", None, "Dresden"),
    ),
    (
        ev("Girls' Digital Camp 2027", "2027-07-12", "2027-07-16", "Leipzig"),
        ev("Girls Digital Camp", "2027-07-12T09:00", None, "Leipzig"),
    ),
    (
        ev(
            "Mittelstand-Digital Zentrum Sachsen: Praxistag Robotik",
            "2027-05-05T10:00",
            None,
            "Chemnitz",
        ),
        ev("Praxistag Robotik", "2027-05-05T10:00", None, "Chemnitz"),
    ),
    (
        ev(
            "Unternehmerfrühstück: Künstliche Intelligenz im Vertrieb",
            "2027-02-12T08:00",
            None,
            "Meißen",
        ),
        ev(
            "Künstliche Intelligenz im Vertrieb – Unternehmerfrühstück der Wirtschaftsförderung",
            "2027-02-12T08:00",
            None,
            "Meißen",
        ),
    ),
    (
        ev("Sicher im Netz – Vortrag der Polizei", "2027-03-03T18:00", None, "Pirna"),
        ev("Vortrag: Sicher im Netz", "2027-03-03T18:00", None, "Pirna"),
    ),
    (
        ev("Woche der Digitalisierung Oberlausitz", "2027-09-13", "2027-09-17", "Görlitz"),
        ev("Woche der Digitalisierung", "2027-09-14T10:00", None, "Görlitz"),
    ),
    (
        ev("Hackathon: Code for Dresden", "2027-11-06", "2027-11-07", "Dresden"),
        ev("Code for Dresden Hackathon 2027", "2027-11-06T10:00", None, "Dresden"),
    ),
    (
        ev("Digital-Gipfel Mitteldeutschland", "2027-06-01T09:00", None, "Halle (Saale)"),
        ev("Digitalgipfel Mitteldeutschland 2027", "2027-06-01", None, "Halle (Saale)"),
    ),
    (
        ev("Roboter im Mittelstand: Infoabend", "2027-02-24T18:00", None, "Riesa"),
        ev("Infoabend Roboter im Mittelstand", "2027-02-24T18:00", None, "Riesa"),
    ),
    (
        ev("Start-up Pitch Night", "2027-04-29T19:00", None, "Leipzig"),
        ev("Startup Pitch Night Leipzig", "2027-04-29T19:00", None, "Leipzig"),
    ),
    (
        ev("KI-Café", "2027-01-15T15:00", None, "Dresden"),
        ev("KI Café – offene Runde", "2027-01-15T15:00", None, "Dresden"),
    ),
    (
        ev("Großer Digitaltag Görlitz", "2027-08-21T10:00", None, "Görlitz"),
        ev("Grosser Digitaltag", "2027-08-21T10:00", None, "Görlitz"),
    ),
    (
        ev("Cybersecurty Awareness Day", "2027-10-01T09:00", None, "Dresden"),
        ev("Cybersecurity Awareness Day 2027", "2027-10-01T09:00", None, "Dresden"),
    ),
    (
        ev("KI-Sprechstunde für KMU in Leipzig", "2027-04-15T15:00", None, "Leipzig"),
        ev(
            "KI-Sprechstunde – Ihre Fragen zu künstlicher Intelligenz",
            "2027-04-15T15:00",
            None,
            "Leipzig",
        ),
    ),
    (
        ev("Konferenz Digitale Bildung", "2027-10-01T09:00", None, "Dresden"),
        ev("Digitale Bildung – Fachtagung", "2027-10-01T09:00", None, "Dresden"),
    ),
    (  # issue 11: an abbreviation and another word order
        replace(PFLEGE_KI, title="Fachtag Künstliche Intelligenz in der Pflege"),
        PFLEGE_KI,
    ),
    (
        ev("Online-Ringvorlesung KI", "2027-04-27T16:00", attendance="online"),
        ev("Online-Ringvorlesung Künstliche Intelligenz", "2027-04-27T16:00", attendance="online"),
    ),
    (
        ev("Internet der Dinge im Mittelstand", "2027-06-08", "2027-06-08", "Leipzig"),
        ev("IoT im Mittelstand – Workshop", "2027-06-08T13:00", None, "Leipzig"),
    ),
]

DIFFERENT: list[tuple[Event, Event]] = [
    (
        ev("Forum Sachsen Digital 2027", "2027-05-13T09:00", "2027-05-13T17:00", "Dresden"),
        ev("KI-Stammtisch Dresden", "2027-05-13T19:00", "2027-05-13T21:30", "Dresden"),
    ),
    (
        ev("KI-Stammtisch Dresden", "2027-05-13T19:00", None, "Dresden"),
        ev("KI-Stammtisch Dresden", "2027-06-10T19:00", None, "Dresden"),
    ),
    (
        ev("Sprechstunde Digitalisierung", "2027-03-02T14:00", None, "Chemnitz"),
        ev("Sprechstunde Digitalisierung", "2027-03-09T14:00", None, "Chemnitz"),
    ),
    (
        ev("KI-Workshop", "2027-04-15", "2027-04-15", "Leipzig"),
        ev("KI-Sprechstunde", "2027-04-15", "2027-04-15", "Leipzig"),
    ),
    (
        ev("Excel-Automatisierung mit Python – Teil 1", "2027-02-04", "2027-02-04", "Dresden"),
        ev("Excel-Automatisierung mit Python – Teil 2", "2027-02-04", "2027-02-04", "Dresden"),
    ),
    (
        ev("IHK-Sprechtag Digitalisierung", "2027-03-03T09:00", None, "Dresden"),
        ev("IHK-Sprechtag Digitalisierung", "2027-03-03T09:00", None, "Leipzig"),
    ),
    (
        ev("Digitalisierungstour Sachsen – Station Leipzig", "2027-05-20T10:00", None, "Leipzig"),
        ev("Digitalisierungstour Sachsen – Station Chemnitz", "2027-05-20T10:00", None, "Chemnitz"),
    ),
    (
        ev("KI im Mittelstand", "2027-04-01T10:00", None, attendance="online"),
        ev("KI im Mittelstand", "2027-04-01T10:00", None, "Dresden", venue="Haus der Wirtschaft"),
    ),
    (
        ev("Online-Sprechstunde Fördermittel", "2027-03-10T10:00", None, attendance="online"),
        ev("Online-Sprechstunde Fördermittel", "2027-03-10T14:00", None, attendance="online"),
    ),
    (
        ev("Digitale Woche Dresden", "2027-09-20", "2027-09-24", "Dresden"),
        ev("Workshop: KI im Handwerk", "2027-09-22T10:00", None, "Dresden"),
    ),
    (
        ev("Digital Session #12", "2027-01-14", "2027-01-14", "Leipzig"),
        ev("Digital Session #13", "2027-01-14", "2027-01-14", "Leipzig"),
    ),
    (
        ev("Startup-Abend Chemnitz", "2027-01-21T18:30", None, "Chemnitz"),
        ev("Startup-Frühstück Chemnitz", "2027-01-21T08:00", None, "Chemnitz"),
    ),
    (
        ev("E-Commerce-Stammtisch Leipzig", "2027-01-27", "2027-01-27", "Leipzig"),
        ev("E-Commerce-Tag Leipzig", "2027-01-27", "2027-01-27", "Leipzig"),
    ),
    (
        ev("Fachforum Cloud-Souveränität für den Mittelstand", "2027-09-29T10:00", None, "Berlin"),
        ev("Fachforum IT-Sicherheit für den Mittelstand", "2027-09-29T10:00", None, "Berlin"),
    ),
    (
        ev("KI-Sprechstunde für Handwerk und Mittelstand", "2027-04-27T17:00", None, "Chemnitz"),
        ev("KI-Sprechstunde für KMU in Leipzig", "2027-04-27T17:00", None, "Leipzig"),
    ),
    (
        ev(
            "Digitalisierung im Handwerk: Modul 1 – Grundlagen", "2027-02-16T09:00", None, "Dresden"
        ),
        ev(
            "Digitalisierung im Handwerk: Modul 2 – Online-Marketing",
            "2027-02-16T09:00",
            None,
            "Dresden",
        ),
    ),
    (
        ev("Fachmesse Vernetzte Produktion 2027", "2027-09-30", "2027-10-02", "Chemnitz"),
        ev("Vortrag: Vernetzte Produktion mit OPC UA", "2027-10-01T11:00", None, "Chemnitz"),
    ),
    (
        ev("Webinar: E-Rechnung", "2027-02-18T10:00", None, attendance="online"),
        ev("Webinar: E-Commerce-Recht", "2027-02-18T10:00", None, attendance="online"),
    ),
    (
        ev("Dresdner Datentage 2027", "2027-09-23", "2027-09-24", "Dresden"),
        ev("Dresdner Datentage 2028", "2028-09-21", "2028-09-22", "Dresden"),
    ),
    (
        ev("Tag der offenen Tür im Smart Hub", "2027-03-18T10:00", None, "Leipzig"),
        ev("Demo Day im Smart Hub", "2027-03-18T11:00", None, "Leipzig"),
    ),
    (
        ev("KI-Stammtisch Dresden", "2027-05-13T19:00", None, "Dresden"),
        ev("KI-Stammtisch Leipzig", "2027-05-13T19:00", None, "Leipzig"),
    ),
    (
        ev("KI-Stammtisch on Tour: Zu Gast in Freiberg", "2027-10-07T19:00", None, "Freiberg"),
        ev("Fachtag Industrie 4.0 in der Rohstoffwirtschaft", "2027-10-07T09:30", None, "Freiberg"),
    ),
    (
        ev("Digitalstammtisch", "2027-06-02T19:00", lat=51.0504, lon=13.7373),
        ev("Digitalstammtisch", "2027-06-02T19:00", lat=51.3397, lon=12.3731),
    ),
    (
        ev("Sprechstunde Fördermittel", "2027-03-16T10:00", None, "Plauen"),
        ev("Sprechstunde Datenschutz", "2027-03-16T10:00", None, "Plauen"),
    ),
    (
        ev("Hackathon Open Data", "2027-06-05T10:00", None, "Leipzig"),
        ev("Open Data Stammtisch", "2027-06-05T19:00", None, "Leipzig"),
    ),
    (
        ev("Python Meetup Leipzig", "2027-03-04T19:00", None, "Leipzig"),
        ev("Rust Meetup Leipzig", "2027-03-04T19:00", None, "Leipzig"),
    ),
    (
        ev("Barcamp Dresden", "2027-04-24", "2027-04-24"),
        ev("Barcamp Leipzig", "2027-04-24", "2027-04-24"),
    ),
    (
        ev("Forum Sachsen Digital", "2027-05-13", "2027-05-13", "Dresden"),
        ev("Sachsen Digital Stammtisch", "2027-05-13", "2027-05-13", "Dresden"),
    ),
    (
        ev("KI-Workshop für Einsteiger", "2027-04-08T09:00", None, "Dresden"),
        ev("KI-Workshop für Fortgeschrittene", "2027-04-08T09:00", None, "Dresden"),
    ),
    (
        ev("Netzwerktreffen Digitalwirtschaft", "2027-02-25T18:00", None, "Leipzig"),
        ev("Netzwerktreffen Kreativwirtschaft", "2027-02-25T18:00", None, "Leipzig"),
    ),
    (
        ev("Tag der Industrie 4.0", "2027-03-09", "2027-03-09", "Zwickau"),
        ev("Tag der Industrie 5.0", "2027-03-09", "2027-03-09", "Zwickau"),
    ),
    (
        ev("Startup-Nacht Leipzig", "2027-03-31T18:00", None, "Leipzig"),
        ev("Startup-Nacht Dresden", "2027-03-31T18:00", None, "Dresden"),
    ),
    (
        ev("Cloud-Meetup Leipzig: Kubernetes im Mittelstand", "2027-04-08T18:00", None, "Leipzig"),
        ev("Cloud-Meetup Leipzig: Serverless für Einsteiger", "2027-05-06T18:00", None, "Leipzig"),
    ),
    (
        ev("Cybersecurity-Frühstück", "2027-02-17T08:00", None, "Chemnitz"),
        ev("Cybersecurity-Konferenz Südwestsachsen", "2027-02-17", "2027-02-17", "Chemnitz"),
    ),
    (
        ev("Digitalisierung in der Pflege", "2027-06-09T14:00", None, "Görlitz"),
        ev("Digitalisierung in der Logistik", "2027-06-09T14:00", None, "Görlitz"),
    ),
    (
        ev(
            "Online-Seminar: Social Media für Handwerksbetriebe",
            "2027-02-03T10:00",
            attendance="online",
        ),
        ev(
            "Online-Seminar: Social Media Recht für Handwerksbetriebe",
            "2027-02-03T15:00",
            attendance="online",
        ),
    ),
    (
        ev("Infoveranstaltung Digitalbonus Sachsen", "2027-01-26T10:00", None, "Bautzen"),
        ev("Workshop Digitalbonus Sachsen", "2027-01-26T10:00", None, "Bautzen"),
    ),
    (
        ev(
            "Frauen in der Digitalwirtschaft – Netzwerkfrühstück",
            "2027-09-15T08:30",
            None,
            "Leipzig",
        ),
        ev("Frauen in der Digitalwirtschaft – Konferenz", "2027-09-15", "2027-09-15", "Leipzig"),
    ),
    (
        ev("KI-Stammtisch Dresden", "2027-05-13T19:00", None, "Dresden"),
        ev("KI-Stammtisch Dresden", "2027-05-13T19:00", None, attendance="online"),
    ),
    (
        ev("Girls' Day: Informatik entdecken", "2027-04-22T09:00", None, "Chemnitz"),
        ev("Boys' Day: Pflegeberufe entdecken", "2027-04-22T09:00", None, "Chemnitz"),
    ),
    (
        ev("Linux-Tage Chemnitz", "2027-03-13", "2027-03-14", "Chemnitz"),
        ev("Linux-Stammtisch Chemnitz", "2027-03-13", None, "Chemnitz"),
    ),
    (
        ev("Praxistag Robotik", "2027-05-05", "2027-05-05", "Chemnitz"),
        ev("Praxistag Cloud", "2027-05-05", "2027-05-05", "Chemnitz"),
    ),
    (
        ev("OWASP Stammtisch Dresden", "2027-06-03T19:00"),
        ev("OWASP Stammtisch Leipzig", "2027-06-03T19:00"),
    ),
    (
        ev("KI-Café Dresden", "2027-01-15T10:00", None, "Dresden"),
        ev("KI-Café Dresden", "2027-01-15T16:00", None, "Dresden"),
    ),
    (
        ev("Webinar: Cloud-Grundlagen", "2027-02-02T10:00", attendance="online"),
        ev("Webinar: Cloud-Sicherheit", "2027-02-02T10:00", attendance="online"),
    ),
    (
        ev("Unternehmerfrühstück Leipzig-Nord", "2027-02-12T08:00", None, "Leipzig"),
        ev("Unternehmerfrühstück Leipzig-Süd", "2027-02-12T08:00", None, "Leipzig"),
    ),
    (
        ev("Digitaltag Görlitz", "2027-08-21"),
        ev("Digitaltag Zittau", "2027-08-21"),
    ),
    (
        ev("Einführung in ChatGPT", "2027-08-21T10:00", None, "Leipzig"),
        ev("Einführung in Copilot", "2027-08-21T10:00", None, "Leipzig"),
    ),
    (
        ev("Cloud Computing für Einsteiger", "2027-08-21T10:00", None, "Leipzig"),
        ev("Cloud Computing für Fortgeschrittene", "2027-08-21T10:00", None, "Leipzig"),
    ),
    (
        ev("Social Media Stammtisch", "2027-08-21T19:00", None, "Leipzig"),
        ev("Social Media Workshop", "2027-08-21T17:00", None, "Leipzig"),
    ),
    (
        ev("Digitalisierungsforum Nord", "2027-08-21T10:00", None, "Leipzig"),
        ev("Digitalisierungsforum Süd", "2027-08-21T10:00", None, "Leipzig"),
    ),
    (
        ev("Sprechstunde: Förderung für Digitalisierung", "2027-08-21T10:00", None, "Leipzig"),
        ev("Sprechstunde: Förderung für Innovation", "2027-08-21T10:00", None, "Leipzig"),
    ),
    (
        ev("Forum: Cloud-Souveränität für Fortgeschrittene", "2027-02-23T10:00", None, "Berlin"),
        ev("Cloud-Souveränität – Meetup", "2027-02-23T08:00", None, "Berlin"),
    ),
    (
        ev("Meetup: IT-Sicherheit", "2027-03-29T13:00", None, "Berlin"),
        ev("IT-Sicherheit – Praxistag", "2027-03-29T13:00", None, "Berlin"),
    ),
    (
        ev(
            "Webinar: Startups in der Produktion: Anmeldung erforderlich",
            "2027-10-30T17:00",
            attendance="online",
        ),
        ev("E-Commerce-Recht für Vereine – Workshop: Anmeldung erforderlich", "2027-10-30T17:00"),
    ),
    (  # issue 11: the same abbreviation, another subject, the same day in the same hall
        PFLEGE_KI,
        replace(PFLEGE_KI, title="Fachtag Künstliche Intelligenz in der Logistik"),
    ),
    (
        ev("KI-Sprechstunde für Handwerksbetriebe", "2027-03-02T10:00", None, "Plauen"),
        ev("IT-Sprechstunde für Handwerksbetriebe", "2027-03-02T10:00", None, "Plauen"),
    ),
    (
        ev("Künstliche Intelligenz im Mittelstand", "2027-06-08T13:00", None, "Leipzig"),
        ev("Internet der Dinge im Mittelstand", "2027-06-08T13:00", None, "Leipzig"),
    ),
]
