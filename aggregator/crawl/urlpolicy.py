"""Where the crawl may go: every request checked against one policy before it is sent.

Sources come from a file people edit, and pages from sites nobody controls: a redirect or a meta
refresh may point at the machine the crawl runs on (``http://127.0.0.1:<port>/admin``), the office
network, or a cloud's metadata service (``169.254.169.254``), and the request would go out with the
project's User-Agent. So every request passes this downloader middleware. Redirects and meta
refreshes are new requests that Scrapy's RedirectMiddleware and MetaRefreshMiddleware hand back to
the engine, which sends them through every downloader middleware again: each hop is checked, as is
each robots.txt request (this middleware runs before RobotsTxtMiddleware).

The policy: http and https only; no address that is not globally reachable (loopback, private,
link-local and so metadata services, shared, reserved...), judged by the address a name resolves
to, not by the name. Two exceptions: a source whose own URL is on such an address may reach
exactly that host and port (the tests and the demo run on 127.0.0.1; a redirect to another port is
refused like any other), and a source row that says ``allow_private = true`` may reach them all.
A meta refresh to another site is not followed either: a hijacked listing page that sends the
crawl elsewhere would otherwise read as a listing without events.

Names are resolved through the reactor's resolver, the one Scrapy connects with, whose cache then
answers the connection with the address that was checked.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future

from aggregator.crawl.partial import RefusedRequest

Resolver = Callable[[str], Awaitable[list[str]]]
"""A host name -> the addresses it resolves to (an empty list when it does not resolve)."""
SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL, the port filled in; None for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    if scheme not in SCHEMES or not parts.hostname:
        return None
    return parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme]


def is_public(address: str) -> bool:
    """Whether an address may be reached without saying so: globally reachable, and not an
    IPv4 address in IPv6 clothing that is not."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def literal_address(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


async def reactor_resolver(host: str) -> list[str]:
    """The address Scrapy will connect to (its resolver caches it); none if the name fails."""
    from twisted.internet import reactor

    try:
        address = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[arg-type]
    except Exception:  # the download will fail with the DNS error and say so
        return []
    return [str(address)]


class UrlPolicy:
    """Downloader middleware: refuse what the policy forbids (``RefusedRequest``, whose code
    makes the source partial: ``refused``, ``refresh-elsewhere``)."""

    def __init__(self, crawler: Any, resolve: Resolver | None = None) -> None:
        self.crawler = crawler
        self.resolve = resolve or reactor_resolver
        self._own: tuple[str, int] | None = None
        """The source's own host and port when that is a non-public address."""
        self._own_known = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> UrlPolicy:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        problem = await self.refusal(request)
        if problem is not None:
            self.crawler.stats.inc_value(f"aggregator/refused/{problem[0]}")
            raise RefusedRequest(*problem)

    async def refusal(self, request: Request) -> tuple[str, str] | None:
        """(code, reason) when the request must not be sent, else None."""
        url = request.url
        target = origin(url)
        if target is None:
            scheme = urlsplit(url).scheme or "no scheme"
            return "refused", f"refused {url}: {scheme} URLs are not crawled"
        refreshed_from = _refreshed_from(request)
        if refreshed_from is not None and origin(refreshed_from) != target:
            return "refresh-elsewhere", f"meta refresh at {refreshed_from} to {url} not followed"
        source = getattr(self.crawler.spider, "source", None)
        if source is not None and getattr(source, "allow_private", False):
            return None
        own = await self._own_private_origin(source)
        closed = [a for a in await self._addresses(target[0]) if not is_public(a)]
        if not closed or target == own:
            return None
        where = target[0]
        if not literal_address(where):
            where = f"{where} resolves to {closed[0]}, which"
        return (
            "refused",
            f"refused {url}: {where} is not a public address "
            "(allow_private = true in the source's row permits it)",
        )

    async def _addresses(self, host: str) -> list[str]:
        literal = literal_address(host)
        if literal is not None:
            return [literal]
        if host == "localhost" or host.endswith(".localhost"):
            return ["127.0.0.1"]
        return await self.resolve(host)

    async def _own_private_origin(self, source: Any) -> tuple[str, int] | None:
        """The source URL's host and port if it is itself on a non-public address: looked up once,
        at the source's first request, so that a name that resolves elsewhere later gains nothing."""
        if not self._own_known:
            self._own_known = True
            own = origin(source.url) if source is not None else None
            if own is not None and any(not is_public(a) for a in await self._addresses(own[0])):
                self._own = own
        return self._own


def _refreshed_from(request: Request) -> str | None:
    """The page whose meta refresh led to this request, if that is how it came about."""
    reasons = request.meta.get("redirect_reasons") or []
    urls = request.meta.get("redirect_urls") or []
    if reasons and urls and reasons[-1] == "meta refresh":
        return str(urls[-1])
    return None
