"""The platforms of an event's conversation (social networks, livestreams, event apps), from
``aggregator/data/social.toml``.

Two stages share the table: normalisation keeps the links an event gives to these platforms and
reads hashtags out of their hashtag pages (``aggregator.normalise.social``), and the event pages
name each stored link by its platform. It lives with the shared records so that the feeds need
not import the normaliser; adding a platform or an instance is a change to the data file only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

KINDS = frozenset({"social", "livestream", "app", "ignore"})


@dataclass(frozen=True)
class Platform:
    slug: str
    label: str
    kind: str
    """``social``, ``livestream``, ``app``, or ``ignore`` (recognised so as not to be taken)."""
    hosts: tuple[str, ...]
    paths: tuple[re.Pattern[str], ...]
    ignore: tuple[re.Pattern[str], ...]
    hashtag: re.Pattern[str] | None
    any_host: tuple[re.Pattern[str], ...]

    def owns_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def takes_path(self, path: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
        if any(p.match(path) for p in self.ignore):
            return False
        return any(p.match(path) for p in patterns) if patterns else bool(path)


@dataclass(frozen=True)
class Recognised:
    """What a link is: a page of a platform (``platform``), or that platform's page of a hashtag
    (``hashtag`` set, without the ``#``)."""

    platform: Platform
    hashtag: str | None = None


def read_platforms(text: str) -> tuple[dict[str, str], tuple[Platform, ...]]:
    """(hashtag search address per network, platforms in the file's order) from the TOML text.
    Unknown keys and kinds are errors, so a misspelt key cannot drop a rule silently."""
    data = tomllib.loads(text)
    searches = {str(k): str(v) for k, v in data.get("hashtag_search", {}).items()}
    platforms = []
    for slug, table in data.get("platforms", {}).items():
        unknown = set(table) - {"label", "kind", "hosts", "paths", "ignore", "hashtag", "any_host"}
        if unknown or table.get("kind") not in KINDS:
            raise ValueError(f"platform {slug!r}: unknown key or kind: {sorted(unknown) or table}")
        platforms.append(
            Platform(
                slug=slug,
                label=table["label"],
                kind=table["kind"],
                hosts=tuple(table.get("hosts", ())),
                paths=_patterns(table.get("paths", ())),
                ignore=_patterns(table.get("ignore", ())),
                hashtag=re.compile(table["hashtag"]) if "hashtag" in table else None,
                any_host=_patterns(table.get("any_host", ())),
            )
        )
    return searches, tuple(platforms)


def _patterns(values: Any) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(v) for v in values)


HASHTAG_SEARCH, PLATFORMS = read_platforms(
    resources.files("aggregator").joinpath("data/social.toml").read_text("utf-8")
)


@lru_cache(maxsize=4096)
def recognise(url: str) -> Recognised | None:
    """The platform a link belongs to, or None for any other page (and for a platform's own
    machinery: share buttons, log-in, search)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    path = parts.path.lstrip("/")
    owner = next((p for p in PLATFORMS if p.owns_host(host)), None)
    if owner is None:
        owner = next((p for p in PLATFORMS if p.any_host and p.takes_path(path, p.any_host)), None)
        return Recognised(owner) if owner else None
    if owner.kind == "ignore":
        return None
    if owner.hashtag is not None:
        found = owner.hashtag.match(path)
        if found:
            return Recognised(owner, found.group("tag"))
    return Recognised(owner) if owner.takes_path(path, owner.paths) else None


def label(url: str) -> str:
    """How a page names a stored link: its platform (``Mastodon``), or its host."""
    found = recognise(url)
    return found.platform.label if found else (urlsplit(url).hostname or url)


def hashtag_searches(tag: str) -> dict[str, str]:
    """Network name -> the address of its public search for the hashtag (without ``#``)."""
    return {name: address.format(tag=quote(tag)) for name, address in HASHTAG_SEARCH.items()}
