"""Date and time texts as event pages write them, read back with zone, DST and ranges right."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aggregator.normalise import dates
from aggregator.normalise.dates import When, clear_cache, parse_datetime, parse_when, to_iso
from tests.support import DATA

REFERENCE = date(2026, 11, 27)
BERLIN = ZoneInfo("Europe/Berlin")
TABLE = DATA / "dates_table.tsv"

MONATE = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)
MONATE_KURZ = "Jan. Feb. Mrz. Apr. Mai Jun. Jul. Aug. Sept. Okt. Nov. Dez.".split()
MONTHS = "January February March April May June July August September October November December"
WOCHENTAGE = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()
WT = "Mo Di Mi Do Fr Sa So".split()


def _table() -> list[pytest.param]:
    rows = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        text, start, end, all_day = line.split("\t")
        text = text.replace("\\n", "\n")
        expected = None if start == "-" else (start, end or None, all_day == "1")
        rows.append(pytest.param(text, expected, id=f"{number}:{text[:50]}"))
    return rows


def _iso(when: When | None) -> tuple[str, str | None, bool] | None:
    if when is None:
        return None
    return to_iso(when.start), to_iso(when.end) if when.end else None, when.all_day


def test_table_is_large_enough() -> None:
    assert len(_table()) >= 150


@pytest.mark.parametrize(("text", "expected"), _table())
def test_table(text: str, expected: tuple[str, str | None, bool] | None) -> None:
    assert _iso(parse_when(text, "Europe/Berlin", REFERENCE)) == expected


# --- zone, reference and cache --------------------------------------------------------------------


def test_times_are_in_the_events_zone() -> None:
    when = parse_when("17.03.2027, 9:00 - 17:00 Uhr", "America/New_York", REFERENCE)
    assert _iso(when) == ("2027-03-17T09:00:00-04:00", "2027-03-17T17:00:00-04:00", False)


def test_windows_and_offset_zone_names_are_understood() -> None:
    when = parse_when("17.07.2027, 9 Uhr", "W. Europe Standard Time", REFERENCE)
    assert _iso(when) == ("2027-07-17T09:00:00+02:00", None, False)
    when = parse_when("17.07.2027, 9 Uhr", "UTC+1", REFERENCE)
    assert _iso(when) == ("2027-07-17T09:00:00+01:00", None, False)


def test_a_time_given_in_another_zone_keeps_its_instant() -> None:
    when = parse_when("17.07.2027, 15:00 Uhr UTC", "Europe/Berlin", REFERENCE)
    assert when is not None and when.start == datetime(2027, 7, 17, 15, tzinfo=UTC)
    assert to_iso(when.start) == "2027-07-17T17:00:00+02:00"


def test_reference_decides_the_year_of_yearless_dates() -> None:
    assert _iso(parse_when("06.03.", "Europe/Berlin", date(2027, 3, 7))) == (
        "2028-03-06",
        "2028-03-06",
        True,
    )
    assert _iso(parse_when("06.03.", "Europe/Berlin", date(2027, 3, 6))) == (
        "2027-03-06",
        "2027-03-06",
        True,
    )


def test_results_are_cached_per_text_zone_and_reference() -> None:
    clear_cache()
    first = parse_when("Mi, 17. März 2027, 9 Uhr", "Europe/Berlin", REFERENCE)
    assert parse_when("Mi, 17. März 2027, 9 Uhr", "Europe/Berlin", REFERENCE) is first
    other_zone = parse_when("Mi, 17. März 2027, 9 Uhr", "Europe/London", REFERENCE)
    assert other_zone is not None and to_iso(other_zone.start) == "2027-03-17T09:00:00+00:00"


# --- the dateparser fallback ----------------------------------------------------------------------


def _forbid_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("dateparser was called")

    monkeypatch.setattr(dates.dateparser, "parse", fail)


@pytest.mark.parametrize(
    "text",
    [
        "Termin folgt",
        "Kontakt: 0351 4567890, 01067 Dresden",
        "Preis: 49,00 € zzgl. MwSt.",
        "Version 3.10.12",
        "Raum 1.13, 2. OG",
        "jeden Dienstag um 18 Uhr",
    ],
)
def test_text_without_a_date_never_reaches_dateparser(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forbid_dateparser(monkeypatch)
    clear_cache()
    assert parse_when(text, "Europe/Berlin", REFERENCE) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mi, 17. März 2027, 9:30 Uhr", ("2027-03-17T09:30:00+01:00", None, False)),
        ("15.06.–17.06.2027", ("2027-06-15", "2027-06-17", True)),
        ("March 17, 2027, 5 pm", ("2027-03-17T17:00:00+01:00", None, False)),
    ],
)
def test_common_forms_never_reach_dateparser(
    text: str, expected: tuple[str, str | None, bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    _forbid_dateparser(monkeypatch)
    clear_cache()
    assert _iso(parse_when(text, "Europe/Berlin", REFERENCE)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-03-2027", ("2027-03-17", "2027-03-17", True)),
        ("2027/03/17, 18 Uhr", ("2027-03-17T18:00:00+01:00", None, False)),
        ("Juni 22", ("2027-06-22", "2027-06-22", True)),
    ],
)
def test_dateparser_reads_what_the_scanner_has_no_shape_for(
    text: str, expected: tuple[str, str | None, bool]
) -> None:
    clear_cache()
    assert _iso(parse_when(text, "Europe/Berlin", REFERENCE)) == expected


def test_a_date_dateparser_invents_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """dateparser reads ``15. Juni 19 Uhr`` as the year 2119; such answers must not pass."""
    answers = iter([datetime(2119, 6, 15), datetime(2027, 6, 9)])
    monkeypatch.setattr(dates.dateparser, "parse", lambda *a, **k: next(answers))
    clear_cache()
    assert parse_when("Mitte Juni, Raum 15", "Europe/Berlin", REFERENCE) is None
    assert parse_when("Mitte Juni 15", "Europe/Berlin", REFERENCE) is None


# --- structured values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tz", "expected"),
    [
        ("2027-03-17T09:00:00+01:00", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
        ("2027-03-17T08:00:00Z", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
        ("2027-07-17T08:00:00Z", "Europe/Berlin", "2027-07-17T10:00:00+02:00"),
        ("2027-07-17T08:00:00.000+00:00", "Europe/Berlin", "2027-07-17T10:00:00+02:00"),
        ("2027-03-17T09:00:00+0100", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
        ("2027-03-17T09:00", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
        ("2027-03-17 09:00:00", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
        ("2027-07-17 09:00:00", "UTC+1", "2027-07-17T09:00:00+01:00"),
        ("2027-07-17 09:00:00", "UTC", "2027-07-17T09:00:00+00:00"),
        ("2027-07-17T09:00:00+02:00", "America/New_York", "2027-07-17T03:00:00-04:00"),
        ("20270317T090000", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
        ("20270317T080000Z", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
        ("20270317T090000", "W. Europe Standard Time", "2027-03-17T09:00:00+01:00"),
        ("2027-03-28T02:30:00", "Europe/Berlin", "2027-03-28T03:30:00+02:00"),
        ("2027-10-31T02:30:00", "Europe/Berlin", "2027-10-31T02:30:00+02:00"),
        ("2027-10-31T01:30:00Z", "Europe/Berlin", "2027-10-31T02:30:00+01:00"),
        ("  2027-03-17  ", "Europe/Berlin", "2027-03-17"),
        ("2027-03-17", "Europe/Berlin", "2027-03-17"),
        ("20270317", "Europe/Berlin", "2027-03-17"),
        ("17.03.2027 09:00", "Europe/Berlin", "2027-03-17T09:00:00+01:00"),
    ],
)
def test_parse_datetime(value: str, tz: str, expected: str) -> None:
    assert to_iso(parse_datetime(value, tz, REFERENCE)) == expected


@pytest.mark.parametrize("value", ["", "   ", "tba", "2027-13-45", "01067 Dresden"])
def test_parse_datetime_without_a_date(value: str) -> None:
    assert parse_datetime(value, "Europe/Berlin", REFERENCE) is None


def test_parse_datetime_keeps_the_instant() -> None:
    value = parse_datetime("2027-07-17T08:00:00Z", "Europe/Berlin", REFERENCE)
    assert value == datetime(2027, 7, 17, 8, tzinfo=UTC)


def test_to_iso() -> None:
    assert to_iso(datetime(2027, 3, 17, 9, 0, 0, 123456, tzinfo=BERLIN)) == (
        "2027-03-17T09:00:00+01:00"
    )
    assert to_iso(datetime(2027, 3, 17, 9, tzinfo=UTC)) == "2027-03-17T09:00:00+00:00"
    assert to_iso(date(2027, 3, 17)) == "2027-03-17"


def test_to_iso_refuses_floating_times() -> None:
    with pytest.raises(ValueError, match="floating"):
        to_iso(datetime(2027, 3, 17, 9))


# --- properties -----------------------------------------------------------------------------------


def _german(moment: datetime) -> list[str]:
    d, monat = moment, MONATE[moment.month - 1]
    return [
        f"{d:%d.%m.%Y}, {d:%H:%M} Uhr",
        f"{d.day}. {monat} {d.year}, {d.hour}.{d:%M} Uhr",
        f"{WOCHENTAGE[d.weekday()]}, den {d.day}. {monat} {d.year}, {d:%H:%M} Uhr",
        f"{WT[d.weekday()]}, {d:%d.%m.%Y} | {d:%H:%M} Uhr | Dresden",
        f"{WT[d.weekday()]}. {d.day}. {MONATE_KURZ[d.month - 1]} {d.year} um {d.hour}:{d:%M} Uhr",
        f"{d.day}.{d.month}.{d:%y} {d.hour}.{d:%M} Uhr",
        f"Beginn: {d:%H:%M} Uhr, Datum: {d:%d.%m.%Y}",
        f"Am {WOCHENTAGE[d.weekday()]}, {d.day}. {monat} {d.year}, beginnt um {d:%H:%M} Uhr",
        f"{MONTHS.split()[d.month - 1]} {d.day}, {d.year}, {(d.hour - 1) % 12 + 1}:{d:%M} "
        + ("pm" if d.hour >= 12 else "am"),
        to_iso(moment),
    ]


_WALL_TIMES = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))


def _local(wall: datetime) -> datetime:
    """The Berlin instant of a wall time; wall times in the spring-forward gap do not exist.

    Text cannot say which of the two 02:xx hours of the autumn change it means; the parser reads
    the first (summer) one, so the generated wall time is that one too (``fold=0``)."""
    wall = wall.replace(second=0, microsecond=0, fold=0)
    moment = wall.replace(tzinfo=BERLIN)
    assume(moment.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) == wall)
    return moment


@given(_WALL_TIMES)
def test_german_forms_round_trip(wall: datetime) -> None:
    moment = _local(wall)
    for text in _german(moment):
        when = parse_when(text, "Europe/Berlin", REFERENCE)
        assert when is not None, text
        assert not when.all_day and when.start == moment, text
        assert when.start.utcoffset() == moment.utcoffset(), text


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_all_day_forms_round_trip(day: date) -> None:
    monat = MONATE[day.month - 1]
    for text in (
        f"{day:%d.%m.%Y}",
        f"{WOCHENTAGE[day.weekday()]}, {day.day}. {monat} {day.year}",
        f"{day.day} {MONTHS.split()[day.month - 1]} {day.year}",
        f"Termin: {day:%d.%m.%Y} (ganztägig)",
    ):
        assert parse_when(text, "Europe/Berlin", REFERENCE) == When(day, day, True), text


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 11, 30)),
    st.integers(min_value=1, max_value=40),
)
def test_ranges_round_trip(first: date, length: int) -> None:
    last = first + timedelta(days=length)
    expected = When(first, last, True)
    monat_first, monat_last = MONATE[first.month - 1], MONATE[last.month - 1]
    assert parse_when(f"{first:%d.%m.}–{last:%d.%m.%Y}", "Europe/Berlin", REFERENCE) == expected
    assert (
        parse_when(f"{first:%d.%m.%Y} bis {last:%d.%m.%Y}", "Europe/Berlin", REFERENCE) == expected
    )
    text = f"vom {first.day}. {monat_first} bis {last.day}. {monat_last} {last.year}"
    assert parse_when(text, "Europe/Berlin", REFERENCE) == expected


@given(st.integers(min_value=0, max_value=364))
def test_yearless_dates_with_weekday_are_the_next_such_day(offset: int) -> None:
    day = REFERENCE + timedelta(days=offset)
    assume((day.month, day.day) != (2, 29))
    text = f"{WT[day.weekday()]}, {day:%d.%m.}"
    assert parse_when(text, "Europe/Berlin", REFERENCE) == When(day, day, True)


@given(st.text(max_size=60))
def test_any_text_gives_none_or_an_aware_ordered_when(text: str) -> None:
    when = parse_when(text, "Europe/Berlin", REFERENCE)
    if when is None:
        return
    if when.all_day:
        assert type(when.start) is date and type(when.end) is date
        assert when.start <= when.end
    else:
        assert when.start.utcoffset() is not None
        assert when.end is None or when.start < when.end


_DATEISH = (
    "17.", "03.", "2027", "17.03.", "17.03.2027", "31.", "29.02.", "0.", "24:00", "25:00", "9:30",
    "9.30", "18", "Uhr", "h", "am", "pm", "-", "–", "bis", "und", "/", "(", "Mi", "Sa,", "den",
    "März", "May", "Dec.", "12:60", "2027-03-17", "2027-03-17T09:00", "+01:00", "Z", "MEZ",
    "Einlass", "Beginn:", "Ende", "ab", "ca.", "|", "vom", "1999", "2101", "9999-12-31",
    "13 pm", "12 am", "23:59", "&", "+", "Version",
)  # fmt: skip


@given(
    st.lists(st.sampled_from(_DATEISH), min_size=1, max_size=8),
    st.sampled_from([" ", "", ", "]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)),
)
def test_date_like_noise_gives_none_or_an_aware_ordered_when(
    words: list[str], separator: str, reference: date
) -> None:
    when = parse_when(separator.join(words), "Europe/Berlin", reference)
    if when is None:
        return
    if when.all_day:
        assert type(when.start) is date and type(when.end) is date
        assert when.start <= when.end
    else:
        assert when.start.utcoffset() is not None
        assert when.end is None or when.start < when.end


@pytest.mark.parametrize(
    "value",
    [datetime(2027, 3, 17, 9, 0), datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)],
)
def test_to_iso_refuses_a_floating_datetime(value: datetime) -> None:
    with pytest.raises(ValueError, match="floating datetime has no zone"):
        to_iso(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            datetime(2027, 3, 17, 9, 0, 30, 500, tzinfo=ZoneInfo("Europe/Berlin")),
            "2027-03-17T09:00:30+01:00",
        ),
        (
            datetime(1890, 1, 1, 12, tzinfo=ZoneInfo("Europe/Berlin")),
            "1890-01-01T12:00:00+00:53:28",
        ),
        (datetime(2027, 7, 1, tzinfo=UTC), "2027-07-01T00:00:00+00:00"),
        (date(2027, 3, 17), "2027-03-17"),
    ],
)
def test_to_iso_writes_seconds_and_the_offset(value: datetime | date, expected: str) -> None:
    assert to_iso(value) == expected
