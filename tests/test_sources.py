"""sources.toml: the contract people edit by hand; every mistake names the source and the key."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aggregator.sources import SourcesError, parse_sources

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


def test_cli_exits_2_with_one_line_reason(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "ihk"\nurl = "https://x"\nkind = "jsonlt"\n')
    for command in ("run", "sources", "crawl"):
        result = subprocess.run(
            [sys.executable, "-m", "aggregator", command, "--sources", str(bad)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert result.returncode == 2, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert "'ihk'" in lines[0] and "'kind'" in lines[0]
    assert not (tmp_path / "events.db").exists()


def test_cli_sources_lists_and_validates(tmp_path):
    good = tmp_path / "sources.toml"
    good.write_text(VALID)
    result = subprocess.run(
        [sys.executable, "-m", "aggregator", "sources", "--sources", str(good)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "forum-sachsen-digital" in result.stdout
    assert "2 sources, file is valid" in result.stdout
