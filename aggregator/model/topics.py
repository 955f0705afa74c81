"""The topic vocabulary: the subjects events are filed under, from ``aggregator/data/topics.toml``.

The vocabulary is data so that adding a keyword is a one-line change anyone can review, and so
that ``docs/topics.md`` can be generated from it. Two stages share it: normalisation matches its
keywords (``aggregator.normalise.topics``, which also explains the keyword syntax) and the feeds
show its labels; it lives with the shared records so that the feeds need not import the
normaliser.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources


@dataclass(frozen=True)
class Topic:
    """One subject of the vocabulary."""

    label_de: str
    label_en: str
    keywords: tuple[str, ...]
    """Found in the title, the description or the source's categories."""
    title_keywords: tuple[str, ...] = ()
    """Found in the title and categories only: words that descriptions use in passing
    (``Software`` in "Zuschüsse für Software und Hardware")."""
    fallback_keywords: tuple[str, ...] = ()
    """Title and categories only, and only when no other digital topic is found: the umbrella
    words (``digital``, ``Website``) that a more specific topic already explains."""
    exclude: tuple[str, ...] = ()
    """Phrases removed before matching this topic (boilerplate, false friends)."""
    digital: bool = True
    """Whether this topic alone puts an event into the digitalisation feeds."""
    aliases: tuple[str, ...] = ()
    """Other slugs and tag spellings that sources and categories use for this topic."""
    examples: str = ""
    """The keywords in brief, chosen by hand for ``docs/topics.md``: the lists are too long to
    read there."""


_LISTS = frozenset(("keywords", "title_keywords", "fallback_keywords", "exclude", "aliases"))


def read_vocabulary(text: str) -> dict[str, Topic]:
    """Slug -> topic from the TOML text of a vocabulary, in the file's order.

    Unknown keys and a single string where a list belongs are errors: a misspelt list name
    would otherwise drop its keywords silently, and a string would be read letter by letter.
    """
    known = {f.name for f in fields(Topic)}
    vocabulary: dict[str, Topic] = {}
    for slug, table in tomllib.loads(text).items():
        unknown = sorted(set(table) - known)
        if unknown:
            raise ValueError(f"topic {slug!r}: unknown key {', '.join(unknown)}")
        values = dict(table)
        for name in _LISTS & set(values):
            items = values[name]
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ValueError(f"topic {slug!r}: {name} must be a list of strings")
            values[name] = tuple(items)
        try:
            vocabulary[slug] = Topic(**values)
        except TypeError as error:
            raise ValueError(f"topic {slug!r}: {error}") from None
    return vocabulary


VOCABULARY: dict[str, Topic] = read_vocabulary(
    resources.files("aggregator").joinpath("data/topics.toml").read_text("utf-8")
)
"""Slug -> topic, read once per process. Slugs are stable: they end up in the database and in
feed URLs."""


def label_de(slug: str) -> str:
    """The vocabulary's German name of a topic; a slug it does not know, with its words spaced."""
    topic = VOCABULARY.get(slug)
    return topic.label_de if topic else slug.replace("-", " ").capitalize()
