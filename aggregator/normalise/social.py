"""The conversation around an event: its hashtags, and its links to social networks, livestreams
and event apps.

Hashtags are read from the words a reader sees (title, description as text, the source's keywords
and categories), never from markup, so an HTML anchor (``href="#programm"``) or a colour in a
``style`` attribute cannot become one; in text, a ``#`` only starts a hashtag where a word could
start (not in ``C#``, ``&#8211;`` or ``https://example.org/#anmeldung``), the tag needs a letter
(not ``#1 in Sachsen``), and a colour code (``#fff``, ``#0b5394``) is not a tag. A link to a
network's page of a hashtag (``https://mastodon.social/tags/smartKMU``) names one too.

Links are every address the source gave for the event (its structured record with ``sameAs``,
the description's links and text, the online and event addresses, the links of its own page),
kept when
``aggregator/data/social.toml`` knows their platform: share buttons and log-in pages are not the
event's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from aggregator.model.raw import RawEvent
from aggregator.model.social import VOCABULARY, recognise
from aggregator.normalise.text import canonical_url

HASHTAG = re.compile(r"(?<![\w&#/=?@+.%\\-])#(\w*[^\W\d_]\w*)")
"""A ``#`` where a word may start, then letters, digits and ``_`` with at least one letter."""
WORD_BEFORE = re.compile(r"([\w-]+)\.?\s*$")
COLOUR = re.compile(r"(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})", re.I)
URL = re.compile(r"(?:https?://|(?<![\w.@/])www\.)[^\s<>\"'\\\[\]{}|^`]+", re.I)
MASTODON_HANDLE = re.compile(r"(?<![\w.@/])@(\w{1,30})@((?:[a-z0-9-]+\.)+[a-z]{2,})\b", re.I)
"""``@name@server.social``: the fediverse's way to name an account, which is its page there."""
BLUESKY_HANDLE = re.compile(r"(?<![\w.@/])@([a-z0-9-]+\.bsky\.social)\b", re.I)
TRAILING = ".,;:!?)]}»«“”„'\""
ICAL_FOLD = re.compile(r"\r?\n[ \t]")
ICAL_ESCAPE = re.compile(r"\\([,;\\nN])")


@dataclass(frozen=True)
class Conversation:
    hashtags: list[str]
    """Without the ``#``; one per spelling that differs only in case (the first with a capital
    letter, which reads better: ``smartKMU`` over ``smartkmu``)."""
    social_links: list[str]
    """Accounts, posts, events and livestreams, in the order the source gives them."""
    app_links: list[str]


def conversation(raw: RawEvent, title: str, description_text: str) -> Conversation:
    social: list[str] = []
    apps: list[str] = []
    linked_tags: list[str] = []
    for url in _links(raw):
        found = recognise(url)
        if found is None:
            continue
        if found.hashtag is not None:
            linked_tags.append(unquote(found.hashtag))
        elif found.platform.kind == "app":
            _add(apps, url)
        else:
            _add(social, url)
    for url in _handles(title, description_text):
        if recognise(url) is not None:
            _add(social, url)
    words = [title, *raw.categories, description_text]
    tags = [*(t for text in words for t in hashtags_in(text)), *_valid(linked_tags)]
    return Conversation(_one_spelling(tags), social, apps)


def hashtags_in(text: str | None) -> list[str]:
    """The hashtags of a plain text, in order, without the ``#``."""
    if not text or "#" not in text:
        return []
    tags = []
    for match in HASHTAG.finditer(text):
        before = WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if before and before.group(1).casefold() in VOCABULARY.not_after:
            continue  # "Stand #C14", "Raum #A3": a number
        tag = match.group(1)
        if not _colour(tag) and not (_hex_word(tag) and _speaks_of_colours(text, match)):
            tags.append(tag)
    return tags


def _colour(tag: str) -> bool:
    """``fff``, ``0b5394``, ``E30613``: a colour code, whatever the words around it."""
    if not COLOUR.fullmatch(tag):
        return False
    return len(tag) > 4 or any(c.isdigit() for c in tag) or len(set(tag.casefold())) == 1


def _hex_word(tag: str) -> bool:
    """``CAD``, ``FACE``: a word, or a colour code when its sentence speaks of colours."""
    return bool(COLOUR.fullmatch(tag)) and not _colour(tag)


def _speaks_of_colours(text: str, match: re.Match[str]) -> bool:
    start = max(text.rfind(end, 0, match.start()) for end in ".!?\n")
    stops = [i for i in (text.find(end, match.end()) for end in ".!?\n") if i >= 0]
    sentence = text[start + 1 : min(stops, default=len(text))]
    words = sentence.casefold().split()
    if any(w.lstrip('(„"').startswith(VOCABULARY.colour_words) for w in words):
        return True
    return any(_colour(other) for other in HASHTAG.findall(sentence))


def _valid(tags: Iterable[str]) -> Iterator[str]:
    """Tags read out of links, held to the rules of tags read in text."""
    for tag in tags:
        if HASHTAG.fullmatch("#" + tag) and not _colour(tag):
            yield tag


def _one_spelling(tags: list[str]) -> list[str]:
    chosen: dict[str, str] = {}
    for tag in tags:
        key = tag.casefold()
        if key not in chosen or (chosen[key].islower() and not tag.islower()):
            chosen[key] = tag
    return list(chosen.values())


def _add(links: list[str], url: str) -> None:
    if url not in links:
        links.append(url)


def _links(raw: RawEvent) -> Iterator[str]:
    """Every address the raw item holds, canonical (no tracking parameters or fragments); an old
    Twitter address (``twitter.com/#!/name``) by the path its fragment holds."""
    texts = [raw.online_url, raw.event_url, *_strings(raw.raw), raw.description, *raw.page_links]
    for text in texts:
        if not text or ("http" not in text and "www." not in text):
            continue
        for match in URL.finditer(_unfolded(text)):
            found = match.group(0).rstrip(TRAILING)
            if found[:4].lower() == "www.":
                found = "https://" + found
            parts = urlsplit(found)
            if parts.fragment.startswith("!/"):
                found = urlunsplit((parts.scheme, parts.netloc, parts.fragment[1:], "", ""))
            url = canonical_url(found)
            if url:
                yield url


def _handles(*texts: str) -> Iterator[str]:
    """The account pages of fediverse and Bluesky handles named in the text."""
    for text in texts:
        if "@" not in text:
            continue
        for name, server in MASTODON_HANDLE.findall(text):
            yield f"https://{server.lower()}/@{name}"
        for handle in BLUESKY_HANDLE.findall(text):
            yield f"https://bsky.app/profile/{handle.lower()}"


def _strings(value: Any) -> Iterator[str]:
    """The strings of a structured record (JSON-LD, an API object), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _unfolded(text: str) -> str:
    """iCalendar text folds long lines (a URL across two lines) and escapes commas."""
    if "\n " in text or "\n\t" in text or "\\" in text:
        return ICAL_ESCAPE.sub(
            lambda m: " " if m.group(1) in "nN" else m.group(1), ICAL_FOLD.sub("", text)
        )
    return text
