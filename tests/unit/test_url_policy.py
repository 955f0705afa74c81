"""The URL policy in-process: each request, redirect hop and meta refresh checked, names judged by
the address they resolve to. Resolution is simulated: no traffic goes to any of these addresses.
(Redirects and refreshes of a real crawl against a hostile server: tests/integration/test_faults.py.)"""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Spider
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from aggregator.crawl.partial import RefusedRequest
from aggregator.crawl.urlpolicy import UrlPolicy, is_public
from aggregator.sources import Source

DNS = {
    "termine.example.org": ["93.184.215.14"],
    "kalender.example.org": ["93.184.215.15"],
    "intern.example.org": ["127.0.0.1"],
    "wolke.example.org": ["169.254.169.254"],
    "buero.example.org": ["10.20.30.40"],
}


class Resolver:
    """A name server the test controls; it records what it was asked."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = dict(answers)
        self.asked: list[str] = []

    async def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        return self.answers.get(host, [])


def policy(source_url: str, allow_private: bool = False, dns: Resolver | None = None) -> UrlPolicy:
    crawler = get_crawler(Spider)
    spider = Spider(name="jsonld")
    spider.source = Source(name="q", url=source_url, kind="jsonld", allow_private=allow_private)
    crawler.spider = spider
    return UrlPolicy(crawler, resolve=dns or Resolver(DNS))


def verdict(mw: UrlPolicy, url: str, **meta: object) -> tuple[str, str] | None:
    """None when the request may go, else the refusal's code and message."""
    try:
        asyncio.run(mw.process_request(Request(url, meta=dict(meta))))
    except RefusedRequest as refused:
        return refused.code, str(refused)
    return None


def redirected(from_url: str, reason: str = "301") -> dict[str, object]:
    return {"redirect_urls": [from_url], "redirect_reasons": [reason]}


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://termine.example.org/veranstaltungen/", None),
        ("https://kalender.example.org/feed.ics", None),
        ("http://127.0.0.1:8000/admin", "refused"),
        ("http://169.254.169.254/latest/meta-data/", "refused"),
        ("http://[::1]:8080/", "refused"),
        ("http://[::ffff:127.0.0.1]/", "refused"),
        ("http://[fd00:ec2::254]/", "refused"),
        ("http://intern.example.org/", "refused"),
        ("http://wolke.example.org/latest/", "refused"),
        ("http://buero.example.org/", "refused"),
        ("http://localhost:6800/", "refused"),
        ("http://100.100.100.200/", "refused"),
        ("file:///etc/passwd", "refused"),
        ("ftp://termine.example.org/", "refused"),
    ],
)
def test_a_public_source_reaches_public_addresses_only(url, code):
    found = verdict(policy("https://termine.example.org/"), url, **redirected("https://x/"))
    assert (found[0] if found else None) == code, found


def test_the_refusal_names_the_address_a_name_resolves_to():
    found = verdict(policy("https://termine.example.org/"), "http://intern.example.org/admin")
    assert found == (
        "refused",
        "refused http://intern.example.org/admin: intern.example.org resolves to 127.0.0.1, which "
        "is not a public address (allow_private = true in the source's row permits it)",
    )


def test_a_source_on_a_local_address_reaches_exactly_its_host_and_port():
    mw = policy("http://127.0.0.1:8000/kalender.ics")
    assert verdict(mw, "http://127.0.0.1:8000/kalender.ics") is None
    assert verdict(mw, "http://127.0.0.1:8000/robots.txt") is None
    hop = redirected("http://127.0.0.1:8000/kalender.ics")
    assert verdict(mw, "http://127.0.0.1:8001/admin", **hop)[0] == "refused", "another port"
    assert verdict(mw, "http://localhost:8000/", **hop)[0] == "refused", "another host"
    assert verdict(mw, "http://169.254.169.254/", **hop)[0] == "refused"
    assert verdict(mw, "https://termine.example.org/", **hop) is None, "public is public"


def test_allow_private_opens_private_addresses_but_no_other_scheme():
    mw = policy("http://buero.example.org/termine", allow_private=True)
    assert verdict(mw, "http://buero.example.org/termine") is None
    assert verdict(mw, "http://10.1.1.1:8080/kalender.ics") is None
    assert verdict(mw, "file:///etc/passwd")[0] == "refused"


def test_a_meta_refresh_to_another_site_is_not_followed():
    mw = policy("https://termine.example.org/")
    listing = "https://termine.example.org/veranstaltungen/"
    found = verdict(mw, "https://kalender.example.org/spam", **redirected(listing, "meta refresh"))
    assert found == (
        "refresh-elsewhere",
        f"meta refresh at {listing} to https://kalender.example.org/spam not followed",
    )
    same_site = redirected(listing, "meta refresh")
    assert verdict(mw, "https://termine.example.org/veranstaltungen/2", **same_site) is None
    assert verdict(mw, "https://kalender.example.org/", **redirected(listing, "301")) is None


def test_a_name_that_turns_local_after_the_first_request_gains_nothing():
    """DNS rebinding: the source's name was public when its crawl began."""
    dns = Resolver(DNS)
    mw = policy("https://termine.example.org/", dns=dns)
    assert verdict(mw, "https://termine.example.org/") is None
    dns.answers["termine.example.org"] = ["127.0.0.1"]
    assert verdict(mw, "https://termine.example.org/seite-2")[0] == "refused"


def test_literal_addresses_are_not_looked_up():
    dns = Resolver(DNS)
    mw = policy("http://127.0.0.1:8000/", dns=dns)
    verdict(mw, "http://169.254.169.254/")
    verdict(mw, "http://127.0.0.1:8000/")
    assert dns.asked == []


def test_what_counts_as_public():
    assert is_public("93.184.215.14") and is_public("2a00:1450:4001:80b::200e")
    for address in ("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254"):
        assert not is_public(address)
    for address in ("::1", "fe80::1%eth0", "fd00:ec2::254", "::ffff:10.0.0.1", "224.0.0.1"):
        assert not is_public(address)
