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
from urllib.parse import parse_qs, quote, urlsplit

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
    subdomains: bool = False
    search: re.Pattern[str] | None = None

    def hashtag_of(self, path: str, query: str) -> str | None:
        """The hashtag a link to the platform's page of a tag, or to its search for one, names."""
        found = self.hashtag.match(path) if self.hashtag is not None else None
        if found:
            return found.group("tag")
        if self.search is not None and self.search.match(path):
            asked = parse_qs(query).get("q", [""])[0].strip()
            if asked.startswith("#") and " " not in asked:
                return asked[1:]
        return None

    def owns_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def takes(self, host: str, path: str) -> bool:
        """Whether a link to ``path`` on ``host`` (one of its hosts) is the event's."""
        if self.subdomains and not path and host.split(".", 1)[0] not in ("www", "m"):
            return host not in self.hosts
        return self.takes_path(path, self.paths)

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


@dataclass(frozen=True)
class Vocabulary:
    hashtag_search: dict[str, str]
    """Network name -> address of its public search of a hashtag (``{tag}`` without ``#``)."""
    not_after: frozenset[str]
    """Words (folded) after which ``#`` starts a number: ``Stand #C14``."""
    colour_words: tuple[str, ...]
    """Word starts (folded) that make a sentence speak of colours."""
    platforms: tuple[Platform, ...]


_KEYS = {"label", "kind", "hosts", "paths", "ignore", "hashtag", "search", "any_host", "subdomains"}


def read_vocabulary(text: str) -> Vocabulary:
    """The vocabulary from the TOML text. Unknown keys and kinds are errors, so a misspelt key
    cannot drop a rule silently."""
    data = tomllib.loads(text)
    searches = {str(k): str(v) for k, v in data.get("hashtag_search", {}).items()}
    words = data.get("hashtags", {})
    not_after = frozenset(w.casefold() for w in words.get("not_after", ()))
    colour_words = tuple(w.casefold() for w in words.get("colour_words", ()))
    platforms = []
    for slug, table in data.get("platforms", {}).items():
        unknown = set(table) - _KEYS
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
                subdomains=bool(table.get("subdomains", False)),
                search=re.compile(table["search"]) if "search" in table else None,
            )
        )
    return Vocabulary(searches, not_after, colour_words, tuple(platforms))


def _patterns(values: Any) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(v) for v in values)


VOCABULARY = read_vocabulary(
    resources.files("aggregator").joinpath("data/social.toml").read_text("utf-8")
)
PLATFORMS = VOCABULARY.platforms


@lru_cache(maxsize=4096)
def recognise(url: str) -> Recognised | None:
    """The platform a link belongs to, or None for any other page (and for a platform's own
    machinery: share buttons, log-in, search)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    path = parts.path.lstrip("/")
    owners = [p for p in PLATFORMS if p.owns_host(host)]
    if not owners:
        owner = next((p for p in PLATFORMS if p.any_host and p.takes_path(path, p.any_host)), None)
        return Recognised(owner) if owner else None
    for owner in owners:
        if owner.kind == "ignore":
            return None
        tag = owner.hashtag_of(path, parts.query)
        if tag:
            return Recognised(owner, tag)
        if owner.takes(host, path):
            return Recognised(owner)
    return None


def label(url: str) -> str:
    """How a page names a stored link: its platform (``Mastodon``), or its host."""
    found = recognise(url)
    return found.platform.label if found else (urlsplit(url).hostname or url)


def hashtag_searches(tag: str) -> dict[str, str]:
    """Network name -> the address of its public search for the hashtag (without ``#``)."""
    searches = VOCABULARY.hashtag_search
    return {name: address.format(tag=quote(tag)) for name, address in searches.items()}
