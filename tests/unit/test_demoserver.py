"""How the local server for the demo and the tests maps a request to a recorded file, and the
Content-Type it sends (also what the in-process spider tests answer with). (The server itself:
tests/integration/test_demoserver.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.ops.demoserver import content_type, resolve


def test_query_strings_select_recorded_variants(tmp_path):
    api = tmp_path / "wp-json" / "tribe" / "events" / "v1"
    api.mkdir(parents=True)
    (api / "events").write_text('{"events": []}')
    (api / "events@page=2").write_text('{"events": [1]}')
    assert resolve(tmp_path, "/wp-json/tribe/events/v1/events?per_page=50") == api / "events"
    assert resolve(tmp_path, "/wp-json/tribe/events/v1/events?per_page=50&page=2") == (
        api / "events@page=2"
    )
    assert resolve(tmp_path, "/wp-json/tribe/events/v1/events?page=9") is None
    assert resolve(tmp_path, "/../../etc/passwd") is None


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("index.html", b"<h1>x</h1>", "text/html; charset=utf-8"),
        ("kalender.ics", b"BEGIN:VCALENDAR", "text/calendar; charset=utf-8"),
        ("feed.xml", b"<rss>", "application/xml; charset=utf-8"),
        ("events", b'{"events": []}', "application/json; charset=utf-8"),
        ("events@page=2", b"[1]", "application/json; charset=utf-8"),
        ("abo", b"BEGIN:VCALENDAR\r\n", "text/calendar; charset=utf-8"),
        ("news", b"<feed xmlns=", "application/atom+xml; charset=utf-8"),
        ("seite", b"<!doctype html>", "text/html; charset=utf-8"),
        ("programm.pdf", b"%PDF", "application/pdf"),
    ],
)
def test_content_types_follow_the_name_or_the_content(name, body, expected):
    assert content_type(Path(name), body) == expected
