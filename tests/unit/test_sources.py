"""sources.toml: the contract people edit by hand; every mistake names the source and the key."""

from __future__ import annotations

import re

import pytest

from aggregator.sources import Source, SourcesError, parse_sources

VALID = """
[[source]]
name = "forum-sachsen-digital"
url = "https://example.org/termine"
kind = "jsonld"
organizer = "Digitalagentur Sachsen"
region = "Sachsen"
topics = ["digitalisierung"]
[source.selectors]
follow = "a.event-link::attr(href)"
next = "a.next::attr(href)"

[[source]]
name = "ki-stammtisch"
url = "webcal://example.org/kalender.ics"
kind = "ical"
"""


def test_valid_file_reads_every_key():
    first, second = parse_sources(VALID)
    assert first.name == "forum-sachsen-digital"
    assert first.kind == "jsonld"
    assert first.organizer == "Digitalagentur Sachsen"
    assert first.region == "Sachsen"
    assert first.topics == ("digitalisierung",)
    assert first.selectors.follow == "a.event-link::attr(href)"
    assert first.selectors.next == "a.next::attr(href)"
    assert second.url == "https://example.org/kalender.ics"


def test_limits_zone_and_private_access_are_read_and_survive_the_trip_to_a_crawl_job():
    (source,) = parse_sources(
        '[[source]]\nname = "intranet"\nurl = "http://10.1.2.3:8080/kalender.ics"\nkind = "ical"\n'
        'max_events = 300\nmax_seconds = 120\nallow_private = true\ntimezone = "Europe/Vienna"\n'
        'topics = ["KI", "it-security", "Industrie 4.0"]\n'
    )
    assert (source.max_events, source.max_seconds, source.allow_private) == (300, 120, True)
    assert source.timezone == "Europe/Vienna"
    assert Source.from_dict(source.to_dict()) == source
    (plain,) = parse_sources('[[source]]\nname = "x"\nurl = "https://example.org/"\n')
    assert (plain.max_events, plain.max_seconds, plain.allow_private) == (None, None, False)
    assert Source.from_dict(plain.to_dict()) == plain


def test_kind_defaults_to_auto():
    (source,) = parse_sources('[[source]]\nname = "x"\nurl = "https://example.org/"\n')
    assert source.kind == "auto"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\nurl = "https://example.org/"', "source #1: key 'name': required"),
        ('[[source]]\nname = "a"', "source 'a': key 'url': required"),
        ('[[source]]\nname = "a"\nurl = "ftp://x"', "source 'a': key 'url'"),
        ('[[source]]\nname = "a"\nurl = "https://x"\nkind = "pdf"', "source 'a': key 'kind'"),
        ('[[source]]\nname = "A B"\nurl = "https://x"', "key 'name': use lower-case"),
        ('[[source]]\nname = "a"\nurl = "https://x"\nselector = {}', "key 'selector': unknown"),
        ('[[source]]\nname = "a"\nurl = "https://x"\ntopics = "ki"', "key 'topics'"),
        (
            '[[source]]\nname = "a"\nurl = "https://x"\nkind = "html"\n[source.selectors]\nitem = "div"',
            "key 'selectors.title': required for kind 'html'",
        ),
        (
            '[[source]]\nname = "a"\nurl = "https://x"\n[source.selectors]\nnext = "a[["',
            "key 'selectors.next': not a valid CSS selector",
        ),
        (
            '[[source]]\nname = "a"\nurl = "https://x"\n[[source]]\nname = "a"\nurl = "https://y"',
            "source 'a': key 'name': used twice",
        ),
        ("[[source]\nname=", "not valid TOML"),
        (
            '[[source]]\nname = "a"\nurl = "https://x"\ntimezone = "Mars/Olympus"',
            "source 'a': key 'timezone': unknown time zone 'Mars/Olympus'",
        ),
        ('[[source]]\nname = "a"\nurl = "https://x"\ntimezone = "UTC+1"', "key 'timezone'"),
        ('[[source]]\nname = "a"\nurl = "https://x"\ntimezone = ""', "key 'timezone'"),
        ('[[source]]\nname = "a"\nurl = "https://x:99999/"', "key 'url': has an invalid port"),
        ('[[source]]\nname = "a"\nurl = "https:///termine"', "key 'url': has no host"),
        ('[[source]]\nname = "a"\nurl = "https://x/a b"', "key 'url': must not contain spaces"),
        ('[[source]]\nname = "a"\nurl = "file:///etc/passwd"', "key 'url': must be an http"),
        ('[[source]]\nname = "a"\nurl = "https://x"\ntopics = ["astrologie"]', "unknown topic"),
        ('[[source]]\nname = "a"\nurl = "https://x"\nmax_events = 0', "key 'max_events'"),
        ('[[source]]\nname = "a"\nurl = "https://x"\nmax_seconds = "1h"', "key 'max_seconds'"),
        ('[[source]]\nname = "a"\nurl = "https://x"\nmax_pages = true', "key 'max_pages'"),
        ('[[source]]\nname = "a"\nurl = "https://x"\nallow_private = 1', "key 'allow_private'"),
        ('[[source]]\nname = "a"\nurl = "https://x"\norganizer = " "', "key 'organizer'"),
    ],
)
def test_invalid_files_name_source_and_key(text, message):
    with pytest.raises(SourcesError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_sources(text)


def test_delay_and_concurrency_are_read_for_sites_that_allow_more():
    (source,) = parse_sources(
        '[[source]]\nname = "a"\nurl = "https://example.org/"\ndelay = 0.1\nconcurrency = 8\n'
    )
    assert (source.delay, source.concurrency) == (0.1, 8)
    (whole,) = parse_sources('[[source]]\nname = "a"\nurl = "https://example.org/"\ndelay = 2\n')
    assert whole.delay == 2.0 and isinstance(whole.delay, float)
    assert whole.concurrency is None, "the crawl's setting applies"
    assert Source.from_dict(source.to_dict()) == source, "crawl jobs pass the keys on"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('delay = "1s"', "source 'a': key 'delay': must be a number of seconds from 0 to 600"),
        ("delay = -1", "key 'delay': must be a number of seconds from 0 to 600, got -1"),
        ("delay = 1500", "key 'delay': must be a number of seconds from 0 to 600, got 1500"),
        ("delay = true", "key 'delay'"),
        ("concurrency = 0", "key 'concurrency': must be a whole number from 1 to 16, got 0"),
        ("concurrency = 2.5", "key 'concurrency': must be a whole number from 1 to 16, got 2.5"),
        ("concurrency = 64", "key 'concurrency': must be a whole number from 1 to 16, got 64"),
        ("concurrency = false", "key 'concurrency'"),
    ],
)
def test_bad_delay_or_concurrency_names_the_source_and_the_key(line, message):
    with pytest.raises(SourcesError, match=re.escape(message)):
        parse_sources(f'[[source]]\nname = "a"\nurl = "https://example.org/"\n{line}\n')
