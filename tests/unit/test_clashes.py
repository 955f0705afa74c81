"""``aggregator clashes``: the events around a date in a city or state, the topic's first, with a
one-line verdict; a date it cannot read is exit 2. (The same query in Datasette:
tests/unit/test_datasette.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.ops.cli import main
from tests.support import crowded_week


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("clashes") / "events.db"
    crowded_week.build(path).close()
    return str(path)


def clashes(capsys, db_path: str, *args: str) -> tuple[int, str, str]:
    code = main(["clashes", "--db", db_path, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_crowded_week_in_dresden_topic_first(db_path, capsys):
    code, out, err = clashes(
        capsys, db_path, "--date", "2027-03-23", "--city", "Dresden", "--topic", "ki"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "4 Veranstaltungen zum Thema Künstliche Intelligenz in Dresden in dieser Woche "
        "(Sa 20.03.2027 – Fr 26.03.2027), dazu 2 zu anderen Themen"
    )
    assert lines[1:] == [
        "",
        "Zum Thema Künstliche Intelligenz:",
        "  Mi 17.03.2027 – Sa 20.03.2027  Dresden: Fachmesse Digitale Verwaltung (Künstliche Intelligenz)",
        "  Mo 22.03.2027, 18:00  Dresden: KI-Readiness-Check für KMU (Künstliche Intelligenz)",
        "  Di 23.03.2027, 09:00  Dresden: smartKMU – Digitalkonferenz für kleine Unternehmen "
        "(Digitalisierung, Künstliche Intelligenz)",
        "  Fr 26.03.2027  Dresden: KI-Barcamp Dresden (Künstliche Intelligenz)",
        "",
        "Andere Themen:",
        "  Di 23.03.2027, 19:00  Dresden: Digital-Stammtisch Dresden (Digitalisierung)",
        "  Mi 24.03.2027, 18:00  Dresden: IT-Sicherheit im Handwerk – Infoabend (IT-Sicherheit)",
    ], "cancelled, removed, off-topic, other cities and the next week are not counted"


def test_json_and_the_spellings_a_person_types(db_path, capsys):
    code, out, _ = clashes(
        capsys, db_path, "--date", "23.03.2027", "--city", "dresden", "--topic", "KI", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["verdict"].startswith(
        "4 Veranstaltungen zum Thema Künstliche Intelligenz in Dresden in dieser Woche"
    )
    assert (data["date"], data["first_day"], data["last_day"]) == (
        "2027-03-23",
        "2027-03-20",
        "2027-03-26",
    )
    assert (data["place"], data["topic"], data["same_topic"]) == ("Dresden", "ki", 4)
    assert [e["id"] for e in data["events"]] == [
        "fair", "readiness", "smartkmu", "barcamp", "stammtisch", "handwerk",
    ]  # fmt: skip
    assert data["events"][2]["topics"] == ["digitalisierung", "ki"]
    assert [e["same_topic"] for e in data["events"]] == [True] * 4 + [False] * 2


def test_a_state_a_single_day_and_no_topic(db_path, capsys):
    _, out, _ = clashes(
        capsys, db_path, "--date", "2027-03-23", "--days", "0", "--region", "sachsen"
    )
    assert out.splitlines()[0] == "3 Veranstaltungen in Sachsen am Di 23.03.2027"
    assert "KI-Sprechstunde Leipzig" in out and "smartKMU" in out
    _, out, _ = clashes(capsys, db_path, "--date", "2027-03-23", "--region", "Thüringen")
    assert out.splitlines()[0].startswith("1 Veranstaltung in Thüringen in dieser Woche")
    _, out, _ = clashes(capsys, db_path, "--date", "2027-03-23", "--days", "7", "--city", "Dresden")
    assert out.splitlines()[0] == (
        "7 Veranstaltungen in Dresden zwischen Di 16.03.2027 – Di 30.03.2027"
    )


def test_nothing_there_says_so(db_path, capsys):
    code, out, _ = clashes(
        capsys, db_path, "--date", "2027-08-03", "--city", "Dresden", "--topic", "cloud"
    )
    assert code == 0
    assert out.strip() == (
        "Keine Veranstaltung zum Thema Cloud in Dresden in dieser Woche "
        "(Sa 31.07.2027 – Fr 06.08.2027)"
    )
    _, out, _ = clashes(capsys, db_path, "--date", "2027-03-23", "--city", "Dresdn")
    assert out.splitlines()[0].startswith("Keine Veranstaltung in Dresdn in dieser Woche")
    assert out.splitlines()[-1] == "(Keine Veranstaltung in der Datenbank nennt „Dresdn“.)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "31.02.2027"], "cannot read the date '31.02.2027': give it as 2027-03-23 or 23.03.2027"),
        (["--date", "nächsten Dienstag"], "cannot read the date 'nächsten Dienstag'"),
        (["--date", "2027-13-01"], "cannot read the date '2027-13-01'"),
        (["--topic", "Gartenbau"], "unknown topic 'Gartenbau': one of digitalisierung"),
        (["--days", "-1"], "--days must be 0 or more, got -1"),
    ],
)  # fmt: skip
def test_what_it_cannot_read_is_exit_2_with_a_clear_message(db_path, capsys, args, message):
    code, out, err = clashes(capsys, db_path, *args)
    assert (code, out) == (2, "")
    assert err.startswith("aggregator clashes: " + message), err


def test_city_and_region_together_and_a_missing_database_are_exit_2(tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["clashes", "--city", "Dresden", "--region", "Sachsen"])
    assert stopped.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    code, _, err = clashes(capsys, str(tmp_path / "none.db"), "--date", "2027-03-23")
    assert code == 2 and "no database at" in err
    assert not (tmp_path / "none.db").exists()
