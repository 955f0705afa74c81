"""Topics of an event, and whether it belongs in the digitalisation feeds.

Organisers rarely tag events, and when they do every site has its own words, so topics are read
from the title and the start of the description with a keyword vocabulary
(``aggregator/data/topics.toml``, summed up in ``docs/topics.md``). German builds compounds
(``KI-Sprechstunde``, ``Cloudmigration``, ``Datenschutzgrundverordnung``), so keywords say where
a word may continue, and short words are guarded against false friends (``KI`` is not
``Kiel``/``Ski``/``Kita``, ``IT`` is not ``it`` or ``mit``, ``Daten`` in ``Kandidaten`` is no
data).

Keyword syntax (one string per keyword):

* a plain keyword matches a whole word; a hyphen is a word boundary, so ``KI`` matches
  ``KI-Sprechstunde``; a space matches a space, a hyphen or nothing (``Smart City`` matches
  ``Smart-City`` and ``SmartCity``);
* ``*`` stands for any letters: ``Cloud*`` matches ``Cloudmigration``, ``*daten`` would match
  any word ending in ``daten`` (used sparingly, compounds are listed instead);
* acronyms (two or more capitals and no two lower-case letters in a row: ``KI``, ``IT``,
  ``IoT``, ``NIS2``) are case-sensitive and may take a plural ``s``; everything else ignores
  case; a leading ``=`` forces case sensitivity;
* ``re:`` introduces a raw regular expression for the few phrases the syntax cannot say; it is
  matched against the lower-cased text, so it is written in lower case; ``re=:`` is matched
  against the text as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cache, lru_cache

from aggregator import folding
from aggregator.model.topics import VOCABULARY
from aggregator.normalise.text import clean_text

TEXT_LIMIT = 1500
"""Only the start of a description is read: the topic is stated there, while the end holds
boilerplate (privacy notices, sponsor lists, social media links) that would tag everything."""

_WORD = r"[^\W_]"


def _is_acronym(keyword: str) -> bool:
    letters = re.sub(r"[^A-Za-zÄÖÜäöü]", "", keyword)
    capitals = sum(ch.isupper() for ch in letters)
    return capitals >= 2 and not re.search(r"[a-zäöü]{2}", letters)


_END = f"(?!{_WORD})"
_UNITS = {"*": f"{_WORD}*", " ": r"[\s-]?", "$": _END, "s$": f"s?{_END}"}


def _units(keyword: str, plural: bool = False) -> list[str]:
    """A keyword as a sequence of regex units: characters, ``*``, a space, the end."""
    units = [ch if ch in "* " else re.escape(ch) for ch in keyword]
    if keyword.endswith("*"):
        return units
    return [*units, "s$" if plural else "$"]


_Trie = dict[str, "_Trie"]
"""Keyword units, each leading to the units that may follow it (``""`` ends a keyword)."""


def _trie(sequences: Iterable[list[str]]) -> str:
    """One regular expression for many keywords, sharing their common beginnings.

    Python's ``re`` tries the branches of an alternation one by one at every position; as a
    trie (``digital(?:isierung|e…)``) it rejects a position after looking at one character.
    """
    root: _Trie = {}
    for units in sequences:
        node = root
        for unit in units:
            node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [_UNITS.get(u, u) + emit(child) for u, child in node.items() if u]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root)


@dataclass(frozen=True)
class _Sources:
    """Keywords sorted by how they are matched: in lower case or exactly, from a word start
    or anywhere inside a word (a leading ``*``: a search needs no leading word characters)."""

    lower_words: list[list[str]] = field(default_factory=list)
    lower_inner: list[list[str]] = field(default_factory=list)
    exact_words: list[list[str]] = field(default_factory=list)
    exact_inner: list[list[str]] = field(default_factory=list)
    lower_raw: list[str] = field(default_factory=list)
    exact_raw: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, keywords: Iterable[str]) -> _Sources:
        sources = cls()
        for keyword in keywords:
            if keyword.startswith("re:"):
                sources.lower_raw.append(keyword[3:])
            elif keyword.startswith("re=:"):
                sources.exact_raw.append(keyword[4:])
            else:
                exact = keyword.startswith("=") or _is_acronym(keyword)
                keyword = keyword.lstrip("=")
                units = _units(keyword if exact else keyword.lower(), _is_acronym(keyword))
                if keyword.startswith("*"):
                    (sources.exact_inner if exact else sources.lower_inner).append(units[1:])
                else:
                    (sources.exact_words if exact else sources.lower_words).append(units)
        return sources

    def regexes(self, prefix: str = "") -> tuple[str | None, str | None, str | None, str | None]:
        """Regular expressions for words in lower case, inside words in lower case, words
        exactly, inside words exactly; ``prefix`` goes before the word-start ones."""

        def words(units: list[list[str]], raw: list[str]) -> str | None:
            parts = ([_trie(units)] if units else []) + raw
            return f"{prefix}(?:{'|'.join(parts)})" if parts else None

        return (
            words(self.lower_words, self.lower_raw),
            _trie(self.lower_inner) if self.lower_inner else None,
            words(self.exact_words, self.exact_raw),
            _trie(self.exact_inner) if self.exact_inner else None,
        )

    def __add__(self, other: _Sources) -> _Sources:
        return _Sources(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(_Sources)))


def _lower(text: str) -> str:
    """Lower case of the same length, so that positions carry over to the text."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower()[0] for c in text)


@dataclass(frozen=True)
class _Text:
    """A title or description prepared once for every topic: its lower-case form and the
    positions where some keyword of the whole vocabulary may start.

    Python's ``re`` costs about the same per character whatever it looks for, so the text is
    scanned once with all keywords together, and each topic then only tries its own keywords
    at those few positions; regular expressions are written in lower case and run without
    IGNORECASE, which is many times slower.
    """

    text: str
    lowered: str
    starts: tuple[tuple[int, ...], ...]
    """Candidate positions for lower words, lower inner, exact words, exact inner."""

    @classmethod
    def of(cls, text: str) -> _Text:
        lowered = _lower(text)
        scans = zip(_scanners(), (lowered, lowered, text, text), strict=True)
        starts = tuple(
            tuple(m.start() for m in scanner.finditer(t)) if scanner else () for scanner, t in scans
        )
        return cls(text, lowered, starts)

    def strings(self) -> tuple[str, str, str, str]:
        """The string each kind of position is in."""
        return (self.lowered, self.lowered, self.text, self.text)

    def without(self, exclusion: _Exclusion | None) -> _Text:
        """The same text with the excluded phrases blanked out, positions unchanged."""
        if exclusion is None:
            return self
        text, lowered = exclusion.blank(self.text, self.lowered)
        return self if text is self.text else _Text(text, lowered, self.starts)


PREFIX = 3
"""Letters of a keyword's literal beginning that are compared before its expression is tried."""


@dataclass(frozen=True)
class _Keywords:
    """One keyword list, tried only at the candidate positions of a ``_Text``."""

    patterns: tuple[re.Pattern[str] | None, ...]
    prefixes: tuple[tuple[str, ...] | None, ...]
    """Per kind, how its keywords begin (up to ``PREFIX`` literal characters); None where one
    may begin with anything (a raw expression, a leading ``*`` or space). A position that begins
    with none of them is not tried: a blank (of an exclusion) begins none either."""

    @classmethod
    def of(cls, keywords: Iterable[str]) -> _Keywords | None:
        sources = _Sources.of(keywords)
        regexes = sources.regexes()
        if not any(regexes):
            return None
        prefixes = (
            _prefixes(sources.lower_words, sources.lower_raw),
            _prefixes(sources.lower_inner, []),
            _prefixes(sources.exact_words, sources.exact_raw),
            _prefixes(sources.exact_inner, []),
        )
        return cls(tuple(re.compile(r) if r else None for r in regexes), prefixes)

    def hit(self, doc: _Text) -> bool:
        for pattern, prefixes, string, starts in zip(
            self.patterns, self.prefixes, doc.strings(), doc.starts, strict=True
        ):
            if pattern is None:
                continue
            for start in starts:
                if (prefixes is None or string.startswith(prefixes, start)) and pattern.match(
                    string, start
                ):
                    return True
        return False


def _prefixes(sequences: list[list[str]], raw: list[str]) -> tuple[str, ...] | None:
    """The literal beginnings of keywords given as regex units, or None when one has none."""
    if raw:
        return None
    found = set()
    for units in sequences:
        prefix = ""
        for unit in units[:PREFIX]:
            char = unit[1:] if unit.startswith("\\") else unit
            if unit in _UNITS or len(char) != 1:
                break
            prefix += char
        if not prefix:
            return None
        found.add(prefix)
    return tuple(sorted(found))


@dataclass(frozen=True)
class _Exclusion:
    """Phrases blanked out before a topic's keywords are tried."""

    lower: re.Pattern[str] | None
    exact: re.Pattern[str] | None
    lower_prefixes: tuple[str, ...] | None
    exact_prefixes: tuple[str, ...] | None
    """How the phrases begin (see ``_Keywords.prefixes``): a text that contains none of these
    contains none of the phrases, and most texts contain none."""

    @classmethod
    def of(cls, keywords: Iterable[str]) -> _Exclusion | None:
        sources = _Sources.of(keywords)
        words, inner, exact_words, exact_inner = sources.regexes(f"(?<!{_WORD})")
        lower = "|".join(r for r in (words, inner) if r)
        exact = "|".join(r for r in (exact_words, exact_inner) if r)
        if not lower and not exact:
            return None
        return cls(
            re.compile(lower) if lower else None,
            re.compile(exact) if exact else None,
            _prefixes(sources.lower_words + sources.lower_inner, sources.lower_raw),
            _prefixes(sources.exact_words + sources.exact_inner, sources.exact_raw),
        )

    def blank(self, text: str, lowered: str) -> tuple[str, str]:
        scans = (
            (self.lower, lowered, self.lower_prefixes),
            (self.exact, text, self.exact_prefixes),
        )
        spans = [m.span() for p, t, begins in scans
                 if p and (begins is None or any(b in t for b in begins))
                 for m in p.finditer(t)]  # fmt: skip
        for start, end in spans:
            gap = " " * (end - start)
            text, lowered = text[:start] + gap + text[end:], lowered[:start] + gap + lowered[end:]
        return text, lowered


@dataclass(frozen=True)
class _Matcher:
    anywhere: _Keywords | None
    title_only: _Keywords | None
    fallback: _Keywords | None
    exclude: _Exclusion | None

    def finds_in_title(self, title: _Text) -> bool:
        scopes = [k for k in (self.anywhere, self.title_only) if k]
        return any(k.hit(title) for k in scopes) and any(
            k.hit(title.without(self.exclude)) for k in scopes
        )

    def finds_in_body(self, body: _Text) -> bool:
        if self.anywhere is None or not self.anywhere.hit(body):
            return False
        return self.anywhere.hit(body.without(self.exclude))

    def finds_fallback(self, title: _Text) -> bool:
        fallback = self.fallback
        return fallback is not None and fallback.hit(title.without(self.exclude))


@lru_cache(maxsize=16384)
def _in_title(text: str) -> frozenset[str]:
    """The topics a title (or a category read as one) names. Cached by text: categories, series
    titles and an event's title on several sources repeat."""
    doc = _Text.of(text)
    matchers = _matchers()
    return frozenset(slug for slug in _candidates(doc) if matchers[slug].finds_in_title(doc))


@lru_cache(maxsize=4096)
def _in_body(text: str) -> frozenset[str]:
    """The topics the opening of a description names (cached: sources share descriptions)."""
    doc = _Text.of(text)
    matchers = _matchers()
    return frozenset(slug for slug in _candidates(doc) if matchers[slug].finds_in_body(doc))


@lru_cache(maxsize=4096)
def _in_title_fallback(text: str) -> frozenset[str]:
    doc = _Text.of(text)
    matchers = _matchers()
    return frozenset(slug for slug in _candidates(doc) if matchers[slug].finds_fallback(doc))


def _candidates(doc: _Text) -> set[str]:
    """The topics one of whose keywords may begin at one of the text's positions: a text has one
    or two such positions, so most topics need no look at all."""
    found: set[str] = set()
    for (by_prefix, anything), string, starts in zip(
        _by_prefix(), doc.strings(), doc.starts, strict=True
    ):
        if starts:
            found.update(anything)
        for start in starts:
            for length in range(1, PREFIX + 1):
                found.update(by_prefix.get(string[start : start + length], ()))
    return found


@cache
def _by_prefix() -> tuple[tuple[dict[str, frozenset[str]], frozenset[str]], ...]:
    """For each kind of position: the topics with a keyword beginning with a prefix, and those
    with one that may begin with anything."""
    kinds = []
    for kind in range(4):
        by_prefix: dict[str, set[str]] = {}
        anything: set[str] = set()
        for slug, matcher in _matchers().items():
            for keywords in (matcher.anywhere, matcher.title_only, matcher.fallback):
                if keywords is None or keywords.patterns[kind] is None:
                    continue
                prefixes = keywords.prefixes[kind]
                if prefixes is None:
                    anything.add(slug)
                    continue
                for prefix in prefixes:
                    by_prefix.setdefault(prefix, set()).add(slug)
        kinds.append(({p: frozenset(s) for p, s in by_prefix.items()}, frozenset(anything)))
    return tuple(kinds)


@cache
def _matchers() -> dict[str, _Matcher]:
    return {
        slug: _Matcher(
            _Keywords.of(topic.keywords),
            _Keywords.of(topic.title_keywords),
            _Keywords.of(topic.fallback_keywords),
            _Exclusion.of(topic.exclude),
        )
        for slug, topic in VOCABULARY.items()
    }


@cache
def _scanners() -> tuple[re.Pattern[str] | None, ...]:
    """One zero-width scan per kind over all keywords of all topics, giving every position
    where one of them may start."""
    everything = _Sources()
    for topic in VOCABULARY.values():
        keywords = (*topic.keywords, *topic.title_keywords, *topic.fallback_keywords)
        everything = everything + _Sources.of(keywords)
    words, inner, exact_words, exact_inner = everything.regexes()
    return tuple(
        re.compile(f"{boundary}(?={r})") if r else None
        for boundary, r in (
            (f"(?<!{_WORD})", words),
            ("", inner),
            (f"(?<!{_WORD})", exact_words),
            ("", exact_inner),
        )
    )


def _tag_key(value: str) -> str:
    return folding.slug(clean_text(value))


@cache
def _slugs_by_tag() -> dict[str, str]:
    """Every spelling a source may use for a topic as a whole tag: slug, labels, aliases."""
    tags: dict[str, str] = {}
    for slug, topic in VOCABULARY.items():
        for tag in (slug, topic.label_de, topic.label_en, *topic.aliases):
            tags.setdefault(_tag_key(tag), slug)
    return tags


def topic_for_tag(tag: str) -> str | None:
    """The slug a whole tag or source topic names (``KI``, ``it-security``, ``Industrie 4.0``)."""
    return _slugs_by_tag().get(_tag_key(tag))


def detect_topics(
    title: str,
    text: str = "",
    categories: Iterable[str] = (),
    source_topics: Iterable[str] = (),
) -> list[str]:
    """Sorted unique topic slugs of an event.

    The source's own topics (``sources.toml``) and categories count as they are when they
    name a topic; categories are also read like a title (``IT & Sicherheit``).
    """
    found: set[str] = set()
    for tag in (*source_topics, *categories):
        slug = topic_for_tag(tag)
        if slug:
            found.add(slug)
    titles = [t for t in (clean_text(title), *map(clean_text, categories)) if t]
    body = clean_text(text)[:TEXT_LIMIT]
    for title_text in titles:
        found.update(_in_title(title_text))
    if body:
        found.update(_in_body(body))
    if not is_digital(found):
        for title_text in titles:
            found.update(_in_title_fallback(title_text))
    return sorted(found)


def is_digital(topics: Iterable[str]) -> bool:
    """Whether an event with these topics belongs in the digitalisation feeds.

    Funding and founding are topics of their own but not digital by themselves: a grant for
    energy efficiency or a founders' tax seminar is not a digitalisation event.
    """
    return any(slug in VOCABULARY and VOCABULARY[slug].digital for slug in topics)
