"""The event's date in an announcement's running text (``prose_when``): what news items write
besides the date shapes of tests/unit/test_dates.py. Texts are fictional, in the shapes of the real
corpus (tests/data/real_announcements.toml)."""

from __future__ import annotations

from datetime import date

import pytest

from aggregator.normalise.dates import parse_when, prose_when, to_iso

REFERENCE = date(2026, 11, 27)
PUBLISHED = date(2027, 3, 11)
"""A Thursday."""


def _read(text: str, published: date | None = None) -> tuple[str, str | None] | None:
    when = prose_when(text, "Europe/Berlin", REFERENCE, published)
    if when is None:
        return None
    return to_iso(when.start), to_iso(when.end) if when.end else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Sprechstunde ist am 5. Mai 2027 zwischen 16 und 18 Uhr geöffnet.",
         ("2027-05-05T16:00:00+02:00", "2027-05-05T18:00:00+02:00")),
        ("Am 5. Mai 2027 zwischen 14.30 Uhr und 18.30 Uhr.",
         ("2027-05-05T14:30:00+02:00", "2027-05-05T18:30:00+02:00")),
        ("Am 5. Mai 2027 treffen wir uns im Lab. Von 19-21 Uhr wird gebastelt.",
         ("2027-05-05T19:00:00+02:00", "2027-05-05T21:00:00+02:00")),
        ("Datum: 5. Mai 2027\nZeit: Beginn von 19:00 Uhr bis ca. 21:00 Uhr",
         ("2027-05-05T19:00:00+02:00", "2027-05-05T21:00:00+02:00")),
        ("Am 5. Mai 2027 von 19 bis, 20.30 Uhr", ("2027-05-05T19:00:00+02:00",
                                                  "2027-05-05T20:30:00+02:00")),
        ("Am 9. Juli 2027 gibt es von 17 Uhr bis Mitternacht Experimente.",
         ("2027-07-09T17:00:00+02:00", "2027-07-10T00:00:00+02:00")),
        ("Das Camp findet zwischen dem 8. und 10. Juni 2027 statt.", ("2027-06-08", "2027-06-10")),
        ("The meetup runs on June 24 and 25, 2027.", ("2027-06-24", "2027-06-25")),
        ("Vom 21. zum 23. Oktober 2027 wird gehackt.", ("2027-10-21", "2027-10-23")),
        ("Am 15. April 2027 startete die Aktionswoche, die bis zum 19. April läuft.",
         ("2027-04-15", "2027-04-19")),
        ("Einladung: Digitalisierungsdialog am 14. April 2027\nAm Mittwoch, 14. April 2027, "
         "von 15 bis 18 Uhr in der Stadthalle.",
         ("2027-04-14T15:00:00+02:00", "2027-04-14T18:00:00+02:00")),
        ("Themenwoche vom 3. bis 24. Juni 2027\nDO 3.6. | 19 Uhr – Lesung", ("2027-06-03",
                                                                          "2027-06-24")),
        ("Der Fachtag findet nicht am 25. März 2027, sondern erst am 21. September 2027 statt.",
         ("2027-09-21", "2027-09-21")),
        ("Die Messe sollte vom 17. bis 19. März 2027 laufen. Sie rückt nun auf den 23. bis "
         "25. Juni 2027.", ("2027-06-23", "2027-06-25")),
        ("Am 15. Oktober 2027 beginnen die Datentage: zwei Tage Vorträge und Workshops.",
         ("2027-10-15", "2027-10-16")),
        ("Anmeldeschluss ist der 1. März 2027.", None),
        ("Datenspuren 2027\n21. – 22. September\nVorträge und Workshops.",
         ("2027-09-21", "2027-09-22")),
        ("Programmübersicht Tag 1 - 28. August 2027, ab 10:00 Uhr Begrüßung",
         ("2027-08-28T10:00:00+02:00", None)),
        ("20 February 2027 – 7:30 door, 8 pm slam", ("2027-02-20T20:00:00+01:00", None)),
    ],
)  # fmt: skip
def test_prose(text: str, expected: tuple[str, str | None] | None) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Vorträge beginnen morgen um 9:00 Uhr.", ("2027-03-12T09:00:00+01:00", None)),
        ("Heute ab 19.30 Uhr spielt eine Band.", ("2027-03-11T19:30:00+01:00", None)),
        ("Seit heute Morgen wird diskutiert, drei Tage lang.", ("2027-03-11", "2027-03-13")),
        ("Das Festival läuft von morgen bis 14. März.", ("2027-03-12", "2027-03-14")),
        ("Am kommenden Freitag öffnen die Labore.", ("2027-03-12", "2027-03-12")),
        ("Am morgigen Freitag werden 300 Gäste erwartet.", ("2027-03-12", "2027-03-12")),
        ("Die Stadt von morgen braucht Daten.", None),
        ("Am 16. März öffnet das Lab.", ("2027-03-16", "2027-03-16")),
        ("Am 23.2. diskutierten Forschende.", ("2027-02-23", "2027-02-23")),
    ],
)
def test_relative_days_and_years_are_read_against_the_publication_day(
    text: str, expected: tuple[str, str | None] | None
) -> None:
    """A Thursday's news: ``morgen`` is Friday, a year-less date three weeks back is this year's
    (a report on it), one ahead the coming one; ``von morgen`` is the future, not a day."""
    assert _read(text, PUBLISHED) == expected


def test_relative_days_need_a_publication_day() -> None:
    assert _read("Die Vorträge beginnen morgen um 9:00 Uhr.") is None
    assert _read("Heute ist Digitaltag.") is None


def test_a_date_field_keeps_what_its_source_put_there() -> None:
    """``parse_when`` reads a field: a lone date after ``Anmeldeschluss`` is still its date, and
    it does not look for a more precise repetition (there is none in a field)."""
    when = parse_when("Anmeldeschluss: 01.03.2027", "Europe/Berlin", REFERENCE)
    assert when is not None and to_iso(when.start) == "2027-03-01"


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Stammtisch Open Source: Backups mit Borg",
         "Wir treffen uns jeden zweiten Dienstag um 19 Uhr im Café.\nDie nächsten Themen:\n"
         "- 9.3.2027 – Passwortmanager\n- 13.4.2027 – Backups mit Borg\n- 11.5.2027 – Mailserver",
         ("2027-04-13T19:00:00+02:00", None)),
        ("Lötworkshop für Einsteiger im Makerlab",
         "Nach einem Vortrag am 3. Mai 2027 lädt das Makerlab am 5. Mai 2027 zu einem Lötworkshop "
         "für Einsteiger ein. Am 8. Mai 2027 ist das Lab geschlossen.",
         ("2027-05-05", "2027-05-05")),
        ("Two sessions: the hands-on storyboarding lab",
         "The project starts with a talk on 4 October 2027.\nThe hands-on storyboarding lab "
         "follows on 7 October 2027.", ("2027-10-07", "2027-10-07")),
        ("Digitaltag der Stadtbibliothek",
         "Am 6. Juni 2027 gibt es Führungen. Am 7. Juni 2027 gibt es Vorträge.",
         ("2027-06-06", "2027-06-06")),
        ("Hackathon Smart City",
         "Gehackt wird am 20. März 2027. Anmeldeschluss für den Hackathon Smart City ist der "
         "1. März 2027.", ("2027-03-20", "2027-03-20")),
        ("Hackathon Smart City",
         "Am 20. März 2027 wird gehackt, nicht am 13. März 2027 beim Hackathon Smart City.",
         ("2027-03-20", "2027-03-20")),
    ],
)  # fmt: skip
def test_of_several_dates_the_one_whose_sentence_shares_the_titles_words(
    title: str, text: str, expected: tuple[str, str | None]
) -> None:
    """A newsletter's list of dates or a programme in one sentence: the item is about the date
    whose line or part of a sentence shares most of its title's words, and takes the hours said
    before all dates; without such a date the first stays, and a deadline or an aside never
    wins by its words."""
    when = prose_when(f"{title}\n{text}", "Europe/Berlin", REFERENCE, title=title)
    assert when is not None
    assert (to_iso(when.start), to_iso(when.end) if when.end else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Technikschau öffnet am 9. 9. 2027 im Hafen. Bis Sonntag gibt es Vorträge und "
         "Führungen.", ("2027-09-09", "2027-09-12")),
        ("Am 25. Juni 2027 beginnt das Sommercamp: von Freitag bis Montag wird programmiert.",
         ("2027-06-25", "2027-06-28")),
        ("Die Ausstellung ist ab 1. Oktober 2027 bis einschließlich Sonntag zu sehen.",
         ("2027-10-01", "2027-10-03")),
        ("Am 9. September 2027 ab 10 Uhr öffnen die Werkstätten, bis Samstag 16 Uhr.",
         ("2027-09-09T10:00:00+02:00", "2027-09-11T16:00:00+02:00")),
        ("The fair opens on 8 September 2027 and runs until Friday.",
         ("2027-09-08", "2027-09-10")),
        ("Am 9. September 2027 ist der Workshop. Tickets gibt es bis Freitag.",
         ("2027-09-09", "2027-09-09")),
        ("Bis Mittwoch wird aufgebaut, am 9. September 2027 öffnet die Messe.",
         ("2027-09-09", "2027-09-09")),
        ("Am 9. September 2027 startet die Reihe. Sie läuft bis Freitag, den 17. Dezember 2027.",
         ("2027-09-09", "2027-09-09")),
    ],
)  # fmt: skip
def test_an_end_named_by_its_weekday_after_a_known_start(
    text: str, expected: tuple[str, str | None]
) -> None:
    """``bis Sonntag`` after a start date ends the event on the next such day; a ticket
    deadline or a weekday before the start says nothing about the end."""
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bereits am 2. März 2027 sagte der Verband die Robotikmesse ab, die für den 18. und "
         "19. März 2027 geplant war.", ("2027-03-18", "2027-03-19")),
        ("Am 2. März 2027 strich die Stadt das Datenfest, angesetzt für den 20. März 2027.",
         ("2027-03-20", "2027-03-20")),
        ("Noch am 2. März 2027 verschob der Verein das Barcamp auf den 14. Oktober 2027.",
         ("2027-10-14", "2027-10-14")),
        ("Am 2. März 2027 sagte die Kammer den Digitaltag ab.", ("2027-03-02", "2027-03-02")),
    ],
)  # fmt: skip
def test_the_day_a_decision_was_taken_is_not_the_events(
    text: str, expected: tuple[str, str | None]
) -> None:
    """A date followed by a decision in the past (``sagte … ab``, ``strich``, ``postponed``)
    is when it was taken; the event's own date wins, and is missing only when the text gives
    none."""
    assert _read(text) == expected


def test_an_icalendar_value_in_a_text() -> None:
    """An exported schedule shows iCalendar's ISO 8601 basic form; eight digits alone (an order
    number) are no date."""
    when = parse_when(
        "Barcamp | dtstart 20270607T143000 | dtend 20270607T173000 | Foyer",
        "Europe/Berlin",
        REFERENCE,
    )
    assert when is not None
    assert (to_iso(when.start), when.end and to_iso(when.end)) == (
        "2027-06-07T14:30:00+02:00",
        "2027-06-07T17:30:00+02:00",
    )
    assert parse_when("Bestellnummer 20270607, Lieferung folgt", "Europe/Berlin", REFERENCE) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am 5. Mai 2027 um 8 Uhr abends", ("2027-05-05T20:00:00+02:00", None)),
        ("Am 5. Mai 2027 von 7 bis 9 Uhr abends",
         ("2027-05-05T19:00:00+02:00", "2027-05-05T21:00:00+02:00")),
        ("Sonntag, 5. Mai 2027, nachmittags um 3 beginnt die Führung.",
         ("2027-05-05T15:00:00+02:00", None)),
        ("Repair café on 5 May 2027, in the afternoon – at 2.", ("2027-05-05T14:00:00+02:00", None)),
        ("5 May 2027: doors at 7:30 in the evening", ("2027-05-05T19:30:00+02:00", None)),
        ("Am 5. Mai 2027 um 8 Uhr morgens", ("2027-05-05T08:00:00+02:00", None)),
        ("Am 5. Mai 2027 um 17 Uhr, abends Musik.", ("2027-05-05T17:00:00+02:00", None)),
        ("Am 5. Mai 2027 gibt es 3 Workshops, abends ein Konzert.", ("2027-05-05", "2027-05-05")),
    ],
)  # fmt: skip
def test_hours_of_the_afternoon_and_evening_on_the_twelve_hour_dial(
    text: str, expected: tuple[str, str | None]
) -> None:
    """``8 Uhr abends`` is 20:00; next to such a word a bare hour after ``um``/``at`` is a time;
    a count (``3 Workshops``) stays a count, and a 24-hour time stays as it is."""
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Das Treffen läuft an Christi Himmelfahrt im Lab.", PUBLISHED,
         ("2027-05-06", "2027-05-06")),
        ("Pfingstmontag, 14 Uhr: Führung durch das Rechenzentrum", PUBLISHED,
         ("2027-05-17T14:00:00+02:00", None)),
        ("Der Basar findet am zweiten Adventswochenende statt.", None,
         ("2026-12-05", "2026-12-06")),
        ("Am 1. Advent öffnet die Werkstatt.", None, ("2026-11-29", "2026-11-29")),
        ("An Silvester ab 20 Uhr wird gelötet.", None, ("2026-12-31T20:00:00+01:00", None)),
        ("Die Tagung ist an Fronleichnam 2028.", None, ("2028-06-15", "2028-06-15")),
        ("Anmeldung bis Himmelfahrt, das Camp ist am 20. Juni 2027.", PUBLISHED,
         ("2027-06-20", "2027-06-20")),
        ("Nach Ostern startet der Kurs.", PUBLISHED, None),
    ],
)  # fmt: skip
def test_days_named_instead_of_written(
    text: str, published: date | None, expected: tuple[str, str | None] | None
) -> None:
    """A named day is the next such day (or that of the year written after it); a weekend of
    Advent is its Saturday and Sunday; a deadline stays a deadline; ``Ostern`` says too little
    (one, two or four days)."""
    assert _read(text, published) == expected
