"""News items read as a whole: the stamp a text opens with, reports told apart from
announcements, the town and the format in the sentences, and the title around the event's name.
Texts are fictional, in the shapes of the real corpus (tests/data/real_announcements.toml)."""

from __future__ import annotations

from datetime import date

import pytest

from aggregator.model.raw import RawEvent
from aggregator.normalise import datelines
from aggregator.normalise.announcement import report_reason
from aggregator.normalise.dates import When
from aggregator.normalise.item import Dropped, Reported, normalise
from aggregator.normalise.places import prose_cues, town_in_prose, with_prose
from aggregator.normalise.title import event_title

REFERENCE = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "published", "stamp"),
    [
        ("Kiel, 14.07.27 – Am 3. August lädt die Stadt ein.", None, "Kiel, 14.07.27 –"),
        ("Berlin, 19. November 2027 The contest is coming.", None, "Berlin, 19. November 2027"),
        ("[25.11.2027] Der Kongress wird verschoben.", None, "[25.11.2027]"),
        ("Veröffentlicht am 22.08.2027\nAm 25. Oktober ist Digitaltag.", None,
         "Veröffentlicht am 22.08.2027"),
        ("24.09.2027\nBeim Anwendertag trafen sich 140 Gäste.", date(2027, 9, 24), "24.09.2027"),
        ("Science\n11.09.2027\nKommenden Montag ist Aktionstag.", date(2027, 9, 11),
         "Science\n11.09.2027"),
        ("www.dresden.de 28.05.2027 22:25:53 Uhr\nAm 5. Juli ist Lange Nacht.", None,
         "www.dresden.de 28.05.2027 22:25:53 Uhr"),
        ("heute 09:04 Uhr | 19 mal gelesen\nAm 16. September ist Festival.", None,
         "heute 09:04 Uhr | 19 mal gelesen"),
        ("Donnerstag, 13. September, 16 bis 18.30 Uhr\nE-Book-Sprechstunde", None, ""),
        ("24.09.2027\nKI-Workshop im Lab", None, ""),
    ],
)  # fmt: skip
def test_the_stamp_a_text_opens_with(text: str, published: date | None, stamp: str) -> None:
    """A line that is only a date is a stamp only when something says so (it is the
    publication day, a word like ``Veröffentlicht``, a timestamp): in a listing it is the
    event's own date."""
    found, rest = datelines.split(text, "Europe/Berlin", REFERENCE, published)
    assert found.strip() == stamp
    assert found + rest == text


def _when(day: str) -> When:
    return When(date.fromisoformat(day), date.fromisoformat(day), True)


@pytest.mark.parametrize(
    ("title", "text", "published", "reason"),
    [
        ("Rückblick: Digitalforum 2027", "Am 4. Mai 2027 kamen 200 Gäste.", None,
         "report: says so"),
        ("Das war der KI-Tag", "Viele Gäste am 4. Mai 2027.", None, "report: says so"),
        ("KI-Tag", "Am 4. Mai 2027 gibt es Vorträge.", date(2027, 5, 6),
         "report: published after the event"),
        ("KI-Tag", "Am 4. Mai 2027 trafen sich Fachleute im Rathaus.", None,
         "report: past tense"),
        ("Fachforum, 4. Mai 2027", "Ich hatte mich verspätet und stand als erster an der Kaffeebar.",
         None, "report: past tense"),
        ("KI-Tag", "Am 4. Mai 2027 findet der KI-Tag statt, Anmeldung per E-Mail.", None, None),
        ("KI-Tag", "Im Vorjahr kamen 300 Gäste. Am 4. Mai 2027 lädt die Kammer wieder ein.", None,
         None),
        ("14-18 WAR WAS", "Dienstag, 4. Mai 2027, 13 Uhr", None, None),
    ],
)  # fmt: skip
def test_reports_and_announcements(
    title: str, text: str, published: date | None, reason: str | None
) -> None:
    assert report_reason(title, text, _when("2027-05-04"), published) == reason


def test_news_of_a_change_is_never_a_report() -> None:
    text = (
        "Verschoben wurde außerdem der Summit, den der Cluster für den 4. Mai 2027 angesetzt hatte."
    )
    assert report_reason("Summit", text, _when("2027-05-04"), None) == "report: past tense"
    assert report_reason("Summit", text, _when("2027-05-04"), None, news_of_change=True) is None


def _news(title: str, description: str, published: str | None = None) -> RawEvent:
    return RawEvent(
        source="news", kind="rss", key="1", url="https://example.org/news/1",
        fetched_at="2027-05-07T03:00:00+00:00", title=title, description=description,
        published=published,
    )  # fmt: skip


def test_a_report_in_a_news_feed_makes_no_event_and_is_kept_with_its_reason() -> None:
    raw = _news(
        "KI-Tag 2027: ein voller Erfolg",
        "<p>Am 4. Mai 2027 kamen 200 Gäste in die Stadthalle Chemnitz.</p>",
        "2027-05-06T09:00:00+00:00",
    )
    result = normalise(raw, REFERENCE)
    assert isinstance(result, Reported) and result.reason == "report: says so"
    kept = result.report
    assert (kept.url, kept.kind, kept.event_start, kept.city, kept.published) == (
        "https://example.org/news/1",
        "report",
        "2027-05-04",
        "Chemnitz",
        "2027-05-06",
    )


@pytest.mark.parametrize(
    ("title", "text", "town"),
    [
        ("Digitaltag", "Am 27. Juni ist Tag der offenen Tür in Leipzig.", "Leipzig"),
        ("Forum", "Getagt wird im Europa-Haus Leipzig, ab 10 Uhr.", "Leipzig"),
        ("Fachtag", "Wir laden in die Kulturhalle in Stockheim ein.", "Stockheim"),
        ("Sprechstunde", "Die Beratung ist an der TU Chemnitz.", "Chemnitz"),
        ("Camp", "Fünf Tage im Görlitzer Waidhaus.", "Görlitz"),
        ("Kongress", "Treffpunkt ist das Dresdner Kongresszentrum.", "Dresden"),
        ("Symposium", "Ein Symposium in der St. Veiter Stadtgemeinde.", "Sankt Veit an der Glan"),
        ("Festival", "Wie immer in Linz, diesmal im September.", "Linz"),
        ("Hackertreffen", "Man trifft sich in den Lichthöfen des ZKM.", "Karlsruhe"),
        ("Konferenz in Dresden", "Viele Vorträge.", "Dresden"),
        ("Flohmarkt", "Adresse: Dresdner Straße 25.", None),
        ("Lange Nacht der Wissenschaften", "Zur Langen Nacht öffnen die Labore.", None),
        ("Kongress", "Der Kongress findet nicht mehr in Leipzig statt, sondern im CCH.",
         "Hamburg"),
        ("Kick-off", "Das Zentrum mit Hauptsitz in Leipzig lädt ein.", None),
        ("Linux-Tag", "Mit dabei sind in Zürich, St. Gallen und Bern viele Gruppen.", None),
        ("Digitaltag", "Dresden – Am 16. Juni öffnen die Hochschulen.", "Dresden"),
        ("Digitaltag", "Zürich – Am 25. Oktober gibt es Aktionen an über 12 Standorten.", None),
        ("Barcamp", "Sessions zu den Themen der Hamburg Open Source Days.", "Hamburg"),
        ("Barcamp", "Gastgeber ist diesmal der Campus Rotenbühl, mit WLAN und Beamern.",
         "Saarbrücken"),
        ("Fördertag", "Das Land Brandenburg fördert die Digitalisierung der Betriebe.", None),
    ],
)  # fmt: skip
def test_the_town_in_the_sentences(title: str, text: str, town: str | None) -> None:
    assert town_in_prose(title, text) == town


@pytest.mark.parametrize(
    ("text", "room", "town", "mode"),
    [
        ("Die Runde findet online statt.", False, True, "online"),
        ("Die Konferenz läuft in rein digitaler Form.", False, False, "online"),
        ("Das Treffen wurde ins Internet verlegt.", False, False, "online"),
        ("Wir treffen uns per Microsoft Teams.", False, True, "online"),
        ("Die Sprechstunde findet per GoToMeeting statt.", False, True, "online"),
        ("Zuhören kann jede und jeder unter www.beispiel.de.", False, False, "online"),
        ("Die Runde wird auch live gestreamt.", False, True, "mixed"),
        ("Hybrid – online und vor Ort.", False, False, "mixed"),
        ("Die Vorlesung ist online und vor Ort im Hörsaal.", True, True, "mixed"),
        ("Ein Online-Barcamp kam für uns nie in Frage.", False, True, "offline"),
        ("Anmeldung online, der Eintritt ist frei.", True, True, "offline"),
        ("Das Programm gibt es online.", False, True, "offline"),
        ("Die Stadt zeigt ihre neuen Online-Dienste.", True, True, "offline"),
    ],
)
def test_the_format_in_the_sentences(text: str, room: bool, town: bool, mode: str) -> None:
    assert with_prose("offline", prose_cues(text), room=room, town=town) == mode


def test_an_online_news_item_has_no_town() -> None:
    raw = _news(
        "Webinar der IHK Leipzig",
        "Am 12. Mai 2027 um 10 Uhr erklärt die IHK Leipzig die E-Rechnung per Zoom.",
    )
    sighting = normalise(raw, REFERENCE)
    assert not isinstance(sighting, Dropped)
    assert (sighting.event.attendance, sighting.event.city) == ("online", None)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Einladung: Digitalisierungsdialog Erzgebirge am 14. April 2027",
         "Digitalisierungsdialog Erzgebirge"),
        ("Save the date: TEDxDresden, 9 Dec 2027", "TEDxDresden"),
        ("Anmeldung offen: KI-Sprechstunde für KMU", "KI-Sprechstunde für KMU"),
        ("19.06.2027: Digitaltag in Leipzig", "Digitaltag"),
        ("Revierstammtisch in Görlitz am 1. Dezember 2027", "Revierstammtisch"),
        ("Datenspuren 2027 – Call for Participation", "Datenspuren 2027"),
        ("ABGESAGT: Cloud-Stammtisch", "Cloud-Stammtisch"),
        ("Hacker-Kongress startet morgen in Leipzig", "Hacker-Kongress startet morgen in Leipzig"),
        ("Fachtag in der Kulturhalle in Stockheim", "Fachtag in der Kulturhalle"),
        ("Forum Sachsen Digital 2027", "Forum Sachsen Digital 2027"),
        ("Treffen in Halle 3", "Treffen in Halle 3"),
    ],
)  # fmt: skip
def test_the_name_in_the_title(title: str, name: str) -> None:
    assert event_title(title) == name
