"""``aggregator parse-dates`` writes each answer as ``json.dumps`` of its four fields did."""

from __future__ import annotations

import json
from datetime import date

import pytest

from aggregator.normalise.dates import parse_when, to_iso
from aggregator.ops.date_lines import date_line

REFERENCE = date(2026, 11, 27)


@pytest.mark.parametrize(
    "text",
    [
        "Di, 27.04.2027 | 17:00 Uhr",
        "15.–16. Juni 2027",
        "2027-03-17T18:00 - 20:00",
        "Termin folgt",
        'Am 3. März 2027 „Cloud“ \\ "KI" \t Ünïcödé ☕ \x01',
        "30.12. - 2.1.",
        "28.03.2027, 02:30 Uhr",
    ],
)
def test_the_line_is_what_json_dumps_wrote(text: str) -> None:
    when = parse_when(text, "Europe/Berlin", REFERENCE)
    fields = {
        "text": text,
        "start": to_iso(when.start) if when else None,
        "end": to_iso(when.end) if when and when.end is not None else None,
        "all_day": when.all_day if when else None,
    }
    assert date_line(text, when) == json.dumps(fields, ensure_ascii=False) + "\n"


def test_the_cases_above_cover_every_kind_of_answer() -> None:
    answers = [
        parse_when(t, "Europe/Berlin", REFERENCE)
        for t in ("Termin folgt", "15.–16. Juni 2027", "Di, 27.04.2027 | 17:00 Uhr")
    ]
    assert answers[0] is None
    assert answers[1] is not None and answers[1].all_day
    assert answers[2] is not None and not answers[2].all_day and answers[2].end is None
