"""Pages written to hurt, handed to the spiders in-process: bounded work, the limit named, the
other events kept. (The same through real ``aggregator run``s against a hostile server, with
memory and time measured: tests/integration/test_faults.py, benchmarks/bench_faults.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import recurring_ical_events
from scrapy.http import Request

from spiders.base import SourceSpider
from tests.support.recorded import _response, items_of, make_spider, stats

URL = "https://hostile.example/kalender.ics"
MEETUP = (
    "BEGIN:VEVENT\r\nUID:meetup-1\r\nDTSTART;TZID=Europe/Berlin:20270304T180000\r\n"
    "DTEND;TZID=Europe/Berlin:20270304T200000\r\nSUMMARY:Cloud-Meetup Dresden\r\nEND:VEVENT\r\n"
)


def calendar(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\n" + "".join(events)).encode() + (
        b"END:VCALENDAR\r\n"
    )


def series(uid: str, start: str, rule: str) -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;TZID=Europe/Berlin:{start}\r\nDURATION:PT1S\r\n"
        f"RRULE:{rule}\r\nSUMMARY:Sekundentakt\r\nEND:VEVENT\r\n"
    )


def read(kind: str, body: bytes, content_type: str, url: str = URL) -> tuple[SourceSpider, list]:
    spider = make_spider(f'[[source]]\nname = "feindlich"\nurl = "{url}"\nkind = "{kind}"\n')
    request = Request(url, meta={"is_start": True})
    response = _response(url, body, {"Content-Type": content_type}, request, 200)
    return spider, items_of(spider.parse_start(response))


def partial_codes(spider: SourceSpider) -> dict[str, int]:
    return stats(spider, "partial")


def test_a_rule_every_second_without_end_gives_its_cap_and_the_other_events():
    spider, items = read(
        "ical",
        calendar(series("sekunde", "20261127T100000", "FREQ=SECONDLY"), MEETUP),
        "text/calendar",
    )
    ticks = [i for i in items if i.key.startswith("sekunde#")]
    assert len(ticks) == 500
    assert ticks[0].start == "2026-11-27T10:00:00+01:00"
    assert ticks[-1].start == "2026-11-27T10:08:19+01:00"
    assert [i.title for i in items if not i.key.startswith("sekunde#")] == ["Cloud-Meetup Dresden"]
    assert partial_codes(spider) == {"max_occurrences": 1}


def test_a_dense_rule_that_began_long_ago_is_brought_forward_without_changing_it():
    """Every 7 minutes at 9 o'clock on Tuesdays since January 2024: read from DTSTART on, the
    library would step through some 150,000 periods before the window. Brought forward by whole
    periods, it gives exactly the occurrences the library gives for the rule as written."""
    rule = "FREQ=MINUTELY;INTERVAL=7;BYHOUR=9;BYDAY=TU"
    spider, items = read("ical", calendar(series("takt", "20240102T090300", rule)), "text/calendar")
    starts = sorted(i.start for i in items)[:9]
    written = icalendar.Calendar.from_ical(calendar(series("takt", "20240102T090300", rule)))
    expected = sorted(
        str(c["DTSTART"].dt.isoformat())
        for c in recurring_ical_events.of(written).between(
            datetime(2026, 11, 26), datetime(2026, 12, 2)
        )
    )
    assert starts == expected[:9] and len(expected) >= 9
    assert starts[0].startswith("2026-12-01T09:")
    assert partial_codes(spider) == {}, "nothing lost: no limit reached"


def test_a_dense_rule_that_counts_from_long_ago_is_left_out_as_over_the_limit():
    spider, items = read(
        "ical",
        calendar(series("zaehler", "20200101T000000", "FREQ=SECONDLY;COUNT=900000000"), MEETUP),
        "text/calendar",
    )
    assert [i.title for i in items] == ["Cloud-Meetup Dresden"]
    assert partial_codes(spider) == {"max_occurrences": 1}


def test_json_ld_nested_ten_thousand_levels_costs_only_its_script():
    deep = "[" * 10_000 + "]" * 10_000
    event = (
        '{"@context": "https://schema.org", "@type": "Event", "name": "KI-Sprechstunde", '
        '"startDate": "2027-02-11T16:00:00+01:00", "location": {"@type": "Place", '
        '"name": "Digitalagentur", "address": "Leipzig"}}'
    )
    page = (
        '<html><head><script type="application/ld+json">'
        + deep
        + '</script><script type="application/ld+json">'
        + event
        + "</script></head><body></body></html>"
    ).encode()
    spider, items = read("jsonld", page, "text/html; charset=utf-8", "https://hostile.example/")
    assert [i.title for i in items] == ["KI-Sprechstunde"]
    assert stats(spider, "dropped") == {"invalid-jsonld": 1}
    assert partial_codes(spider) == {"max_depth": 1}


def test_an_empty_start_page_fails_the_source():
    spider, items = read("jsonld", b"", "text/html", "https://hostile.example/")
    assert items == []
    assert spider.failure == "empty response (HTTP 200) at https://hostile.example/"


def test_a_rule_one_week_old_needs_no_bringing_forward():
    start = (datetime(2026, 11, 27, 10) - timedelta(days=3)).strftime("%Y%m%dT%H%M%S")
    spider, items = read("ical", calendar(series("stunde", start, "FREQ=HOURLY")), "text/calendar")
    assert len(items) == 500
    assert items[0].start == "2026-11-26T00:00:00+01:00", "from the window's first day on"
    assert partial_codes(spider) == {"max_occurrences": 1}
