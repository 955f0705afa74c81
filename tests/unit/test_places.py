"""Place resolution on real-looking German place strings and structured addresses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.normalise.places import (
    STATES,
    Place,
    normalise_country,
    normalise_region,
    postcode_region,
    resolve_place,
)

DRESDEN = (51.05089, 13.73832)
LEIPZIG = (51.33962, 12.37129)
CHEMNITZ = (50.8357, 12.92922)

Expected = tuple[str | None, str | None, str | None, str | None, str | None, str]
"""venue, street, postcode, city, region, attendance"""

FREE_TEXT: list[tuple[str, Expected]] = [
    ("IHK-Bildungszentrum, Straße der Nationen 25, 09111 Chemnitz",
     ("IHK-Bildungszentrum", "Straße der Nationen 25", "09111", "Chemnitz", "Sachsen", "offline")),
    ("Dresden-Neustadt", (None, None, None, "Dresden", "Sachsen", "offline")),
    ("Dresden Neustadt", (None, None, None, "Dresden", "Sachsen", "offline")),
    ("Leipzig-Plagwitz", (None, None, None, "Leipzig", "Sachsen", "offline")),
    ("Dresden OT Klotzsche", (None, None, None, "Dresden", "Sachsen", "offline")),
    ("Dresden-Loschwitz", (None, None, None, "Dresden", "Sachsen", "offline")),
    ("Chemnitz-Kaßberg", (None, None, None, "Chemnitz", "Sachsen", "offline")),
    ("Zwickau-Planitz", (None, None, None, "Zwickau", "Sachsen", "offline")),
    ("Gohlis", (None, None, None, "Leipzig", "Sachsen", "offline")),
    ("Villa Ida, Leipzig-Gohlis", ("Villa Ida", None, None, "Leipzig", "Sachsen", "offline")),
    ("01069 Dresden", (None, None, "01069", "Dresden", "Sachsen", "offline")),
    ("D-04109 Leipzig", (None, None, "04109", "Leipzig", "Sachsen", "offline")),
    ("DD", (None, None, None, "Dresden", "Sachsen", "offline")),
    ("L", (None, None, None, "Leipzig", "Sachsen", "offline")),
    ("C", (None, None, None, "Chemnitz", "Sachsen", "offline")),
    ("Online (Zoom)", (None, None, None, None, None, "online")),
    ("Webinar", (None, None, None, None, None, "online")),
    ("virtuell", (None, None, None, None, None, "online")),
    ("Online via MS Teams", (None, None, None, None, None, "online")),
    ("Livestream auf YouTube", (None, None, None, None, None, "online")),
    ("Zoom-Meeting, Link nach Anmeldung", (None, None, None, None, None, "online")),
    ("digital", (None, None, None, None, None, "offline")),
    ("Hybrid: Leipzig und online", (None, None, None, "Leipzig", "Sachsen", "mixed")),
    ("vor Ort in Leipzig oder online", (None, None, None, "Leipzig", "Sachsen", "mixed")),
    ("Hybrid (Dresden + Livestream)", (None, None, None, "Dresden", "Sachsen", "mixed")),
    ("Villa Ida und online", ("Villa Ida", None, None, None, None, "mixed")),
    ("Kongresszentrum Leipzig, Seehausener Allee 1",
     ("Kongresszentrum Leipzig", "Seehausener Allee 1", None, "Leipzig", "Sachsen", "offline")),
    ("Messe Dresden, Messering 6, 01067 Dresden",
     ("Messe Dresden", "Messering 6", "01067", "Dresden", "Sachsen", "offline")),
    ("Haus der Presse, Ostra-Allee 20, Dresden",
     ("Haus der Presse", "Ostra-Allee 20", None, "Dresden", "Sachsen", "offline")),
    ("Felsenkeller, Karl-Heine-Straße 32, 04229 Leipzig",
     ("Felsenkeller", "Karl-Heine-Straße 32", "04229", "Leipzig", "Sachsen", "offline")),
    ("Seminarraum 3, Handwerkskammer Chemnitz, Limbacher Str. 195, 09116 Chemnitz",
     ("Seminarraum 3, Handwerkskammer Chemnitz", "Limbacher Str. 195", "09116", "Chemnitz",
      "Sachsen", "offline")),
    ("SpinLab, Spinnereistraße 7, Halle 14, 04179 Leipzig",
     ("SpinLab, Halle 14", "Spinnereistraße 7", "04179", "Leipzig", "Sachsen", "offline")),
    ("Messe Leipzig, Halle 3", ("Messe Leipzig, Halle 3", None, None, "Leipzig", "Sachsen",
                                "offline")),
    ("Landratsamt, Zur Wetterwarte 11, 01109 Dresden-Klotzsche",
     ("Landratsamt", "Zur Wetterwarte 11", "01109", "Dresden", "Sachsen", "offline")),
    ("Sorbisches National-Ensemble, Äußere Lauenstraße 2, 02625 Bautzen",
     ("Sorbisches National-Ensemble", "Äußere Lauenstraße 2", "02625", "Bautzen", "Sachsen",
      "offline")),
    ("Rathaus Pirna, Am Markt 1, 01796 Pirna",
     ("Rathaus Pirna", "Am Markt 1", "01796", "Pirna", "Sachsen", "offline")),
    ("Hochschule Mittweida, Technikumplatz 17, 09648 Mittweida",
     ("Hochschule Mittweida", "Technikumplatz 17", "09648", "Mittweida", "Sachsen", "offline")),
    ("Görlitz, Kulturbrauerei", ("Kulturbrauerei", None, None, "Görlitz", "Sachsen", "offline")),
    ("Meißen, Albrechtsburg", ("Albrechtsburg", None, None, "Meißen", "Sachsen", "offline")),
    ("Bautzen, Hauptmarkt", (None, "Hauptmarkt", None, "Bautzen", "Sachsen", "offline")),
    ("Chemnitz (Smart Systems Hub), Annaberger Str. 240",
     ("Smart Systems Hub", "Annaberger Str. 240", None, "Chemnitz", "Sachsen", "offline")),
    ("Plauen", (None, None, None, "Plauen", "Sachsen", "offline")),
    ("Radebeul, Weinbergstraße 34", (None, "Weinbergstraße 34", None, "Radebeul", "Sachsen",
                                     "offline")),
    ("Markkleeberg", (None, None, None, "Markkleeberg", "Sachsen", "offline")),
    ("Annaberg-Buchholz", (None, None, None, "Annaberg-Buchholz", "Sachsen", "offline")),
    ("Neustadt in Sachsen", (None, None, None, "Neustadt in Sachsen", "Sachsen", "offline")),
    ("Meissen", (None, None, None, "Meißen", "Sachsen", "offline")),
    ("Halle (Saale)", (None, None, None, "Halle (Saale)", "Sachsen-Anhalt", "offline")),
    ("Halle/Saale", (None, None, None, "Halle (Saale)", "Sachsen-Anhalt", "offline")),
    ("Frankfurt am Main", (None, None, None, "Frankfurt am Main", "Hessen", "offline")),
    ("Frankfurt a. M.", (None, None, None, "Frankfurt am Main", "Hessen", "offline")),
    ("Frankfurt/Oder", (None, None, None, "Frankfurt (Oder)", "Brandenburg", "offline")),
    ("Berlin-Mitte, Alexanderplatz 1", (None, "Alexanderplatz 1", None, "Berlin", "Berlin",
                                        "offline")),
    ("Muenchen", (None, None, None, "München", "Bayern", "offline")),
    ("CCCMZ e.V. @ Sedanplatz 7, 65183 Wiesbaden, Deutschland",
     ("CCCMZ e.V.", "Sedanplatz 7", "65183", "Wiesbaden", "Hessen", "offline")),
    ("Dresden, Sachsen, Deutschland", (None, None, None, "Dresden", "Sachsen", "offline")),
    ("Ort: Dresden", (None, None, None, "Dresden", "Sachsen", "offline")),
    ("Ort wird noch bekannt gegeben", (None, None, None, None, None, "offline")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FREE_TEXT)
def test_free_text(text: str, expected: Expected) -> None:
    place = resolve_place(text=text)
    got = (place.venue, place.street, place.postcode, place.city, place.region, place.attendance)
    assert got == expected
    assert place.country == ("DE" if place.region else None)
    if place.city and place.attendance != "online":
        assert place.latitude is not None and place.longitude is not None


def test_free_text_cases_cover_saxony() -> None:
    saxon = [t for t, e in FREE_TEXT if e[4] == "Sachsen"]
    assert len(FREE_TEXT) >= 40
    assert len(saxon) >= 30


def test_city_coordinates_fill_in() -> None:
    place = resolve_place(text="01069 Dresden")
    assert (place.latitude, place.longitude) == DRESDEN
    assert resolve_place(text="Leipzig-Plagwitz").latitude == LEIPZIG[0]


def test_source_coordinates_win_and_are_checked() -> None:
    place = resolve_place(city="Chemnitz", latitude="50,8312", longitude=12.9252)
    assert (place.latitude, place.longitude) == (50.8312, 12.9252)
    zero = resolve_place(city="Chemnitz", latitude=0, longitude=0)
    assert (zero.latitude, zero.longitude) == CHEMNITZ
    bad = resolve_place(city="Chemnitz", latitude="abc", longitude=200)
    assert (bad.latitude, bad.longitude) == CHEMNITZ
    nowhere = resolve_place(text="Villa Ida")
    assert (nowhere.latitude, nowhere.longitude) == (None, None)


def test_structured_schema_org_address() -> None:
    place = resolve_place(
        venue="Sorbisches National-Ensemble",
        street="Äußere Lauenstraße 2",
        postcode="02625",
        city="Bautzen",
        country="DE",
        attendance="https://schema.org/OfflineEventAttendanceMode",
    )
    assert place == Place(
        venue="Sorbisches National-Ensemble",
        street="Äußere Lauenstraße 2",
        postcode="02625",
        city="Bautzen",
        region="Sachsen",
        country="DE",
        latitude=51.18035,
        longitude=14.43494,
        attendance="offline",
    )


def test_numeric_postcode_gets_its_leading_zero_back() -> None:
    place = resolve_place(
        venue="Augustusplatz, 04109 Leipzig", street="Augustusplatz", postcode=4109, city="Leipzig"
    )
    assert (place.venue, place.street, place.postcode, place.city) == (
        None,
        "Augustusplatz",
        "04109",
        "Leipzig",
    )
    assert resolve_place(postcode=1069, country="DE").postcode == "01069"


def test_messy_structured_fields() -> None:
    place = resolve_place(city="01069 Dresden-Neustadt", street="Bergstraße 64, 01069 Dresden")
    assert (place.street, place.postcode, place.city, place.region) == (
        "Bergstraße 64",
        "01069",
        "Dresden",
        "Sachsen",
    )
    assert resolve_place(venue="Leipzig").venue is None
    assert resolve_place(venue="Leipzig").city == "Leipzig"
    assert resolve_place(venue="Kongresszentrum Leipzig").city == "Leipzig"
    assert resolve_place(city="Dresden &amp; Umgebung").city == "Dresden"


def test_structured_fields_win_over_text() -> None:
    place = resolve_place(venue="Kulturpalast", city="Dresden", text="Leipzig, Gewandhaus")
    assert (place.venue, place.city) == ("Kulturpalast", "Dresden")
    filled = resolve_place(city="Dresden", text="Kulturpalast, Schloßstraße 2, 01067 Dresden")
    assert (filled.venue, filled.street, filled.postcode) == (
        "Kulturpalast",
        "Schloßstraße 2",
        "01067",
    )


def test_foreign_places() -> None:
    zurich = resolve_place(
        venue="Tennis Club Witikon",
        street="Eschenhaustrasse 29",
        postcode="8053",
        city="Zürich",
        region="Zürich",
        country="Schweiz",
        default_region="Sachsen",
    )
    assert (zurich.postcode, zurich.city, zurich.region, zurich.country) == (
        "8053",
        "Zürich",
        "Zürich",
        "CH",
    )
    vienna = resolve_place(text="Wien, Österreich")
    assert (vienna.city, vienna.region, vienna.country) == ("Wien", None, "AT")
    paris = resolve_place(text="Paris")
    assert (paris.city, paris.region, paris.country) == ("Paris", None, "FR")


def test_unknown_town_keeps_its_name_and_takes_region_from_postcode() -> None:
    place = resolve_place(city="Kleinkleckersdorf", postcode="01896")
    assert (place.city, place.region, place.country) == ("Kleinkleckersdorf", "Sachsen", "DE")
    assert (place.latitude, place.longitude) == (None, None)


def test_postcode_alone() -> None:
    assert resolve_place(postcode="01896").region == "Sachsen"
    only = resolve_place(text="01277")
    assert (only.city, only.region) == ("Dresden", "Sachsen")
    assert resolve_place(text="12529").region == "Brandenburg"


def test_city_beats_postcode_prefix() -> None:
    # 07985 Elsterberg lies in Sachsen though the 07 prefix is mostly Thüringen
    place = resolve_place(city="Elsterberg", postcode="07985")
    assert (place.city, place.region) == ("Elsterberg", "Sachsen")


def test_postcode_and_region_choose_between_namesakes() -> None:
    assert resolve_place(city="Halle").city == "Halle (Saale)"
    westphalia = resolve_place(city="Halle", postcode="33790")
    assert (westphalia.city, westphalia.region) == ("Halle", "Nordrhein-Westfalen")
    assert resolve_place(city="Neustadt").city == "Neustadt an der Weinstraße"
    assert resolve_place(city="Neustadt", region="Sachsen").region == "Sachsen"


def test_explicit_region_rejects_namesakes_but_not_big_cities() -> None:
    assert resolve_place(city="Lichtenau", region="Sachsen").region == "Sachsen"
    dresden = resolve_place(city="Dresden", region="Bayern")
    assert (dresden.city, dresden.region) == ("Dresden", "Sachsen")


def test_default_region_only_when_nothing_else_says() -> None:
    assert resolve_place(text="Webinar", default_region="Sachsen").region == "Sachsen"
    assert resolve_place(text="Webinar", default_region="Sachsen").country == "DE"
    assert resolve_place(city="Erfurt", default_region="Sachsen").region == "Thüringen"
    assert resolve_place(city="Paris", default_region="Sachsen").region is None


def test_nearby_small_towns_are_found_in_venue_names() -> None:
    assert resolve_place(text="Campus Mittweida").city is None
    assert resolve_place(text="Campus Mittweida", default_region="Sachsen").city == "Mittweida"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"attendance": "https://schema.org/OnlineEventAttendanceMode"}, "online"),
        ({"attendance": "OnlineEventAttendanceMode", "city": "Dresden"}, "online"),
        ({"attendance": "https://schema.org/MixedEventAttendanceMode"}, "mixed"),
        ({"attendance": "https://schema.org/OfflineEventAttendanceMode"}, "offline"),
        ({"attendance": "https://schema.org/OfflineEventAttendanceMode", "text": "Online (Zoom)"},
         "online"),
        ({"attendance": "virtual"}, "online"),
        ({"attendance": "online", "text": "Hybrid: Dresden"}, "mixed"),
        ({"attendance": "https://zoom.us/j/123"}, "online"),
        ({"attendance": "https://zoom.us/j/123", "city": "Dresden"}, "mixed"),
        ({"online_url": "https://meet.example.org/ki"}, "online"),
        ({"online_url": "https://meet.example.org/ki", "venue": "Online"}, "online"),
        ({"online_url": "https://meet.example.org/ki", "city": "Leipzig"}, "mixed"),
        ({"venue": "Webinar", "city": "Leipzig"}, "mixed"),
        ({"venue": "Digitale Veranstaltung"}, "offline"),
        ({"text": "Digitalagentur Sachsen, Dresden"}, "offline"),
        ({}, "offline"),
    ],
)  # fmt: skip
def test_attendance(kwargs: dict[str, str], expected: str) -> None:
    assert resolve_place(**kwargs).attendance == expected


def test_online_event_keeps_region_but_no_map_position() -> None:
    place = resolve_place(text="Online-Seminar der IHK Dresden")
    assert (place.attendance, place.city, place.region, place.latitude) == (
        "online",
        None,
        "Sachsen",
        None,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Sachsen", "Sachsen"), ("SN", "Sachsen"), ("DE-SN", "Sachsen"), ("Saxony", "Sachsen"),
     ("Freistaat Sachsen", "Sachsen"), ("Thüringen", "Thüringen"), ("Thueringen", "Thüringen"),
     ("NRW", "Nordrhein-Westfalen"), ("Baden-Wuerttemberg", "Baden-Württemberg"),
     ("Zürich", None), ("GA", None), ("", None), (None, None)],
)  # fmt: skip
def test_normalise_region(value: str | None, expected: str | None) -> None:
    assert normalise_region(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("DE", "DE"), ("Deutschland", "DE"), ("Germany", "DE"), ("deu", "DE"), ("Schweiz", "CH"),
     ("Österreich", "AT"), ("United States", "US"), ("Poland", "PL"), ("", None),
     ("Nirgendwo", None)],
)  # fmt: skip
def test_normalise_country(value: str, expected: str | None) -> None:
    assert normalise_country(value) == expected


def test_postcode_table_uses_the_longest_prefix() -> None:
    assert postcode_region("01069") == "Sachsen"
    assert postcode_region("01968") == "Brandenburg"
    assert postcode_region("04600") == "Thüringen"
    assert postcode_region("04668") == "Sachsen"
    assert postcode_region("14467") == "Brandenburg"
    assert postcode_region("14057") == "Berlin"
    assert postcode_region("99084") == "Thüringen"
    for prefix in range(1, 100):
        state = postcode_region(f"{prefix:02d}000")
        assert state is None or state in STATES
    assert postcode_region("05000") is None


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=80),
    city=st.one_of(st.none(), st.text(max_size=30)),
    postcode=st.one_of(st.none(), st.integers(-10, 999_999), st.text(max_size=8)),
    latitude=st.one_of(st.none(), st.floats(allow_nan=True), st.text(max_size=8)),
)
def test_any_input_gives_a_valid_place(
    text: str, city: str | None, postcode: int | str | None, latitude: float | str | None
) -> None:
    place = resolve_place(text=text, city=city, postcode=postcode, latitude=latitude, longitude=1)
    assert place.attendance in ("offline", "online", "mixed")
    assert place.country is None or len(place.country) == 2
    if place.country in (None, "DE"):
        assert place.region is None or place.region in STATES
    assert (place.latitude is None) == (place.longitude is None)
    if place.latitude is not None:
        assert -90 <= place.latitude <= 90
    assert place.postcode is None or place.postcode.isdigit()


@pytest.mark.parametrize(
    ("text", "city"),
    [
        (
            "Der Demo Day findet am 18. März, um 17.00 Uhr im Smart Hub Leipzig statt "
            "(Karl-Liebknecht-Straße 112, 04275 Leipzig). Der Eintritt ist frei.",
            "Leipzig",
        ),
        (
            "Termin: 19.05.2027, 18–20 Uhr, Zwickau (Bürgersaal im Rathaus, Hauptmarkt 1).",
            "Zwickau",
        ),
        ("Veranstaltungsort: Kongresszentrum, Seehausener Allee 1, 04356 Leipzig", "Leipzig"),
        ("Wann: 3. Mai 2027 | 9:00 Uhr | Chemnitz", "Chemnitz"),
        ("Anmeldung unter Tel. 0351 4640-0. Teilnahme 49,00 €.", None),
        ("Nach dem Erfolg in Dresden kommt die Reihe nun auch nach Leipzig.", None),
    ],
)
def test_place_in_running_text(text, city):
    from aggregator.normalise.places import place_in_text

    found = place_in_text(text)
    assert (resolve_place(text=found).city if found else None) == city
