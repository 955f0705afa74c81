"""Event status from declared values and from words, on a labelled table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.normalise.status import declared_status, detect_status

# (declared, title, description opening, expected)
TABLE: list[tuple[str | None, str, str, str]] = [
    # declared values
    ("https://schema.org/EventCancelled", "KI-Tag Sachsen", "", "cancelled"),
    ("http://schema.org/EventCancelled", "KI-Tag Sachsen", "", "cancelled"),
    ("EventCanceled", "KI-Tag Sachsen", "", "cancelled"),
    ("https://schema.org/EventPostponed", "KI-Tag Sachsen", "", "postponed"),
    ("https://schema.org/EventRescheduled", "KI-Tag Sachsen", "", "scheduled"),
    ("https://schema.org/EventRescheduled", "KI-Tag Sachsen – verschoben", "", "scheduled"),
    ("https://schema.org/EventMovedOnline", "KI-Tag Sachsen", "", "scheduled"),
    ("https://schema.org/EventScheduled", "KI-Tag Sachsen", "", "scheduled"),
    ("CANCELLED", "Cloud-Stammtisch", "", "cancelled"),
    ("TENTATIVE", "Cloud-Stammtisch", "", "scheduled"),
    ("CONFIRMED", "Cloud-Stammtisch", "", "scheduled"),
    ("publish", "Cloud-Stammtisch", "", "scheduled"),
    ("tribe-ignored", "Cloud-Stammtisch", "", "scheduled"),
    ("canceled", "Cloud-Stammtisch", "", "cancelled"),
    ("postponed", "Cloud-Stammtisch", "", "postponed"),
    ("something-else", "Cloud-Stammtisch", "", "scheduled"),
    (None, "Cloud-Stammtisch", "", "scheduled"),
    # the title is a strong signal and overrides a default "scheduled"
    ("https://schema.org/EventScheduled", "ABGESAGT: KI-Tag Sachsen", "", "cancelled"),
    ("CONFIRMED", "Abgesagt – Datenschutz-Sprechstunde", "", "cancelled"),
    (None, "ABGESAGT: Digitalforum Chemnitz", "", "cancelled"),
    (None, "Abgesagt – Cybersecurity-Frühstück", "", "cancelled"),
    (None, "Abgesagt! Webinar E-Rechnung", "", "cancelled"),
    (None, "Webinar E-Rechnung [entfällt]", "", "cancelled"),
    (None, "Webinar E-Rechnung (entfällt)", "", "cancelled"),
    (None, "Entfällt: Webinar E-Rechnung", "", "cancelled"),
    (None, "Webinar E-Rechnung – entfällt", "", "cancelled"),
    (None, "KI-Stammtisch fällt aus", "", "cancelled"),
    (None, "KI-Stammtisch fällt leider aus", "", "cancelled"),
    (None, "KI-Stammtisch findet nicht statt", "", "cancelled"),
    (None, "KI-Stammtisch abgesagt", "", "cancelled"),
    (None, "CANCELLED: Cloud Native Meetup", "", "cancelled"),
    (None, "Cloud Native Meetup (cancelled)", "", "cancelled"),
    (None, "Cloud Native Meetup – CANCELED", "", "cancelled"),
    (None, "Absage: Gründerstammtisch", "", "cancelled"),
    (None, "Verschoben: Smart-City-Konferenz", "", "postponed"),
    (None, "Smart-City-Konferenz verschoben", "", "postponed"),
    (None, "Smart-City-Konferenz (VERSCHOBEN)", "", "postponed"),
    (None, "Smart-City-Konferenz – neuer Termin folgt", "", "postponed"),
    (None, "Smart-City-Konferenz wird verschoben", "", "postponed"),
    (None, "Postponed: AI Meetup Leipzig", "", "postponed"),
    ("https://schema.org/EventPostponed", "ABGESAGT: KI-Tag", "", "cancelled"),
    # a move to a named new date means the event takes place
    (None, "Smart-City-Konferenz – verschoben auf den 12. Mai", "", "scheduled"),
    (None, "Neuer Termin: 4. März – Smart-City-Konferenz", "", "scheduled"),
    (None, "Smart-City-Konferenz – Nachholtermin", "", "scheduled"),
    # negations and look-alikes in titles
    (None, "Findet statt – nicht abgesagt!", "", "scheduled"),
    (None, "FINDET STATT – NICHT ABGESAGT", "", "scheduled"),
    (None, "KI-Stammtisch fällt nicht aus", "", "scheduled"),
    (None, "Absage an den Fachkräftemangel: Recruiting mit KI", "", "scheduled"),
    (None, "Wann entfällt die Umsatzsteuer? Seminar für Kleinunternehmer", "", "scheduled"),
    (None, "Warum Digitalprojekte scheitern", "", "scheduled"),
    (None, "Meetings, die ausfallen sollten – Moderationstraining", "", "scheduled"),
    (None, "Kampfansage an Ransomware", "", "scheduled"),
    # clear statements opening the description
    (None, "KI-Tag Sachsen", "Die Veranstaltung muss leider abgesagt werden. Wir bitten um "
     "Verständnis.", "cancelled"),
    (None, "KI-Tag Sachsen", "Leider müssen wir die Veranstaltung absagen.", "cancelled"),
    (None, "KI-Tag Sachsen", "Aus organisatorischen Gründen muss die Veranstaltung leider "
     "entfallen. Das heutige Seminar fällt leider aus.", "cancelled"),
    (None, "KI-Tag Sachsen", "Leider fällt die Veranstaltung krankheitsbedingt aus.",
     "cancelled"),
    (None, "KI-Tag Sachsen", "Unser Workshop wurde kurzfristig abgesagt.", "cancelled"),
    (None, "KI-Tag Sachsen", "Abgesagt! Wegen Krankheit des Referenten.", "cancelled"),
    (None, "AI Meetup", "Unfortunately this event has been cancelled.", "cancelled"),
    (None, "Leider abgesagt: KI-Stammtisch", "", "cancelled"),
    (None, "KI-Tag Sachsen", "Aufgrund der geringen Teilnehmerzahl muss die Veranstaltung "
     "leider abgesagt werden.", "cancelled"),
    (None, "KI-Tag Sachsen", "Muss die Veranstaltung abgesagt werden, erstatten wir die "
     "Gebühr.", "scheduled"),
    (None, "AUSGEBUCHT: KI-Tag Sachsen", "", "scheduled"),
    (None, "KI-Tag Sachsen", "Die Veranstaltung wird auf einen späteren Termin verschoben.",
     "postponed"),
    (None, "KI-Tag Sachsen", "Leider müssen wir das Seminar verschieben. Ein neuer Termin wird "
     "bekannt gegeben.", "postponed"),
    (None, "AI Meetup", "This meetup has been postponed.", "postponed"),
    # descriptions that must not count: policies, conditions, other events, negations
    (None, "KI-Tag Sachsen", "Bei Absage durch den Veranstalter wird die Teilnahmegebühr "
     "erstattet.", "scheduled"),
    (None, "KI-Tag Sachsen", "Eine kostenfreie Absage ist bis 14 Tage vorher möglich. Bei "
     "Stornierung danach berechnen wir 50 %.", "scheduled"),
    (None, "KI-Tag Sachsen", "Die Veranstaltung wird abgesagt, wenn weniger als acht "
     "Anmeldungen vorliegen.", "scheduled"),
    (None, "KI-Tag Sachsen", "Sollte die Veranstaltung abgesagt werden müssen, informieren wir "
     "Sie umgehend.", "scheduled"),
    (None, "KI-Tag Sachsen", "Der Veranstalter behält sich vor, die Veranstaltung abzusagen.",
     "scheduled"),
    (None, "KI-Tag Sachsen", "Cancellation policy: full refund until 14 days before the event.",
     "scheduled"),
    (None, "KI-Tag Sachsen", "Unser Herbstforum war ein voller Erfolg. Abgesagt wurde dagegen "
     "der Workshop im Mai.", "scheduled"),
    (None, "KI-Tag Sachsen", "Der Workshop im Mai wurde abgesagt, dieser Termin findet wie "
     "geplant statt.", "scheduled"),
    (None, "KI-Tag Sachsen", "Die Veranstaltung findet statt – sie ist nicht abgesagt.",
     "scheduled"),
    (None, "KI-Tag Sachsen", "Wie geht man mit abgesagten Projekten um? Ein Impulsvortrag.",
     "scheduled"),
    (None, "KI-Tag Sachsen", "Die Veranstaltung ist ausgebucht. Bitte melden Sie sich für die "
     "Warteliste an.", "scheduled"),
    # issue 11: a text that names the new date, a list of changes, a separable "sagt … ab"
    (None, "8. Datenkongress: Erneut verschoben", "Er soll nun vom 20. bis 22. Juni 2028 "
     "stattfinden.", "scheduled"),
    (None, "Messe verschiebt Datenschau", "Die Messe rückt sie nun auf den 23. bis 25. Juni.",
     "scheduled"),
    (None, "Kongress 2027 wird verschoben", "Den Kongress verlegen wir, voraussichtlich in den "
     "Juni des nächsten Jahres (14. bis 16. Juni 2028).", "scheduled"),
    (None, "Weitere IT-Veranstaltungen abgesagt oder verschoben", "", "scheduled"),
    (None, "Weitere IT-Veranstaltungen abgesagt oder verschoben", "Verschoben wurde außerdem "
     "der Cloud-Summit, angesetzt für den 11. März.", "postponed"),
    (None, "Die Landeszentrale sagt alle Veranstaltungen bis zum 19. April ab", "",
     "cancelled"),
    (None, "Weitere Absagen", "Schon am 29. Februar strich die Messe den Summit, angesetzt "
     "für den 3. März.", "cancelled"),
]  # fmt: skip


@pytest.mark.parametrize(("declared", "title", "text", "expected"), TABLE)
def test_status_table(declared: str | None, title: str, text: str, expected: str) -> None:
    assert detect_status(declared, title, text) == expected


def test_table_covers_every_status() -> None:
    assert {row[3] for row in TABLE} == {"scheduled", "cancelled", "postponed"}


def test_only_the_opening_of_the_description_counts() -> None:
    later = "Programm des KI-Tags. " * 40 + "Die Veranstaltung muss leider abgesagt werden."
    assert detect_status(None, "KI-Tag Sachsen", later) == "scheduled"


def test_html_in_title_and_text_is_read_as_text() -> None:
    assert detect_status(None, "<b>ABGESAGT</b>: KI-Tag") == "cancelled"
    assert (
        detect_status(None, "KI-Tag", "<p>Leider m&uuml;ssen wir die Veranstaltung absagen.</p>")
        == "cancelled"
    )


def test_declared_status_reads_every_vocabulary() -> None:
    assert declared_status("https://schema.org/EventCancelled") == "cancelled"
    assert declared_status("schema:EventPostponed") == "postponed"
    assert declared_status(" CANCELLED ") == "cancelled"
    assert declared_status("publish") is None
    assert declared_status(None) is None
    assert declared_status("") is None


@given(st.one_of(st.none(), st.text(max_size=40)), st.text(max_size=120), st.text(max_size=600))
def test_any_input_gives_a_status(declared: str | None, title: str, text: str) -> None:
    assert detect_status(declared, title, text) in ("scheduled", "cancelled", "postponed")
