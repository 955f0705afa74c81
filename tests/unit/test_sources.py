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
