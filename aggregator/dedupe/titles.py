"""Titles reduced to what tells one event from another, and how alike two of them are.

Sources write the same event's title differently: in capitals, with the year, with or without
umlauts, with the kind of event in front or behind (``Digitalkonferenz Forum Sachsen Digital``), with
a subtitle, with registration notes (``Jetzt anmelden``), with an abbreviation or spelled out
(``KI``, ``Künstliche Intelligenz``: the table is ``aggregator/data/abbreviations.toml``). A
``TitleKey`` keeps only the significant words, abbreviations for what they stand for;
``title_similarity`` forgives word order, typos and compounds written apart.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz

from aggregator.folding import fold

TITLE_THRESHOLD = 88.0
"""rapidfuzz score from which two normalised titles name the same event."""

KIND_FAMILIES: dict[str, tuple[str, ...]] = {
    "conference": (
        "forum",
        "tag",
        "tage",
        "day",
        "konferenz",
        "kongress",
        "congress",
        "conference",
        "tagung",
        "symposium",
        "summit",
        "gipfel",
        "convention",
    ),
    "fair": ("messe", "expo", "ausstellung", "fair"),
    "course": (
        "workshop",
        "seminar",
        "webinar",
        "schulung",
        "training",
        "kurs",
        "lehrgang",
        "werkstatt",
        "bootcamp",
        "masterclass",
        "tutorial",
        "crashkurs",
    ),
    "meetup": (
        "meetup",
        "stammtisch",
        "treffen",
        "afterwork",
        "fruhstuck",
        "breakfast",
        "abend",
        "nacht",
        "night",
        "brunch",
        "lunch",
    ),
    "talk": (
        "vortrag",
        "vorlesung",
        "lecture",
        "talk",
        "keynote",
        "lesung",
        "lesekreis",
        "sprechstunde",
        "sprechtag",
        "infoveranstaltung",
        "informationsveranstaltung",
        "diskussion",
        "podiumsdiskussion",
        "dialog",
        "gesprach",
    ),
    "hackathon": ("hackathon", "barcamp", "hackday", "gamejam", "jam"),
}
"""Words that say what kind of event it is. Sources add or drop them freely (``Digitalkonferenz
Forum Sachsen Digital``), so they are set aside when comparing titles; two titles naming kinds of
different families (a workshop, a meetup) are different events. A token ending in one of these
words (``Digitalkonferenz``, ``Netzwerktreffen``) counts too, its first part stays."""
KIND_WORDS = {word: family for family, words in KIND_FAMILIES.items() for word in words}
GENERIC_WORDS = frozenset({"veranstaltung", "event", "events", "online", "live", "hybrid"})
"""Words set aside with the kind words: they say how, not what."""
KIND_PREFIXES = frozenset(
    {"fach", "praxis", "info", "informations", "themen", "aktions", "experten"}
)
"""First parts of a kind word that say no more than it (``Fachtagung``, ``Praxistag``)."""
STOPWORDS = frozenset(
    """der die das den dem des ein eine einen einem einer eines und oder fur im in am an auf aus
    bei mit von vom zu zum zur uber unter nach vor wie was wer ihr ihre ihren sie wir es ist sind
    neu neue neues the a an and or of for in on at to with by from your our how what is are
    e v ev ggmbh gmbh ag mbh
    jetzt anmelden anmeldung erforderlich kostenlos kostenfrei gebuhrenfrei restplatze verfugbar
    ausgebucht warteliste eintritt frei register now free""".split()
)
"""Function words, legal forms, and the registration notes sources append to titles
(``Jetzt anmelden``, ``Restplätze verfügbar``)."""
SUBTITLE_RE = re.compile(r"\s[-|/]\s|:\s|\s\(|\)\s*|\"")
"""Separators of a title's parts, after ``fold`` made dashes and quotes ASCII."""
DATE_IN_TITLE_RE = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\b(?:19|20)\d{2}\b")
GENDER_RE = re.compile(r"[*:_/]innen\b|(?<=[a-zäöü])Innen\b")
SHORT_PREFIX_RE = re.compile(r"\b(\w)-(\w)")
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)+|\w+")
DIGITS = frozenset("0123456789")
SEPARATORS = frozenset('-|/:()"')


@dataclass(frozen=True, slots=True)
class TitleKey:
    """A title reduced to what tells one event from another."""

    words: tuple[str, ...]
    """Significant words in order: no stopwords, years or dates."""
    core: tuple[str, ...]
    """``words`` in order without the words that name the kind of event."""
    segments: tuple[frozenset[str], ...]
    """``words`` of each part between subtitle separators (``Name – what it is about``)."""
    subtitled: bool
    """The parts after the first say more than the kind of event."""
    numbers: frozenset[str]
    """Numbers that are not years: ``Teil 1`` and ``Teil 2`` are different events."""
    kinds: frozenset[str]
    folded: str
    """The whole title folded, for titles that are all stopwords or numbers."""
    keys: tuple[str, ...]
    """What the block index files the title under: the first five letters of each word, and the
    whole title after ``=``; each once. A tuple: the index only iterates over them, and a
    frozenset of seven takes 472 bytes where the tuple takes 96."""


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every spelled-out form, and each form's abbreviation."""
    data = resources.files("aggregator").joinpath("data/abbreviations.toml").read_text("utf-8")
    short = {
        fold(long): fold(abbreviation)
        for abbreviation, forms in tomllib.loads(data)["abbreviations"].items()
        for long in forms
    }
    alternatives = "|".join(map(re.escape, sorted(short, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])"), short


def abbreviated(folded: str) -> str:
    """Spelled-out forms replaced by their abbreviation (``kunstliche intelligenz`` -> ``ki``)."""
    pattern, short = _abbreviations()
    return pattern.sub(lambda m: short[m.group(0)], folded)


@lru_cache(maxsize=65536)
def title_key(title: str) -> TitleKey:
    text = GENDER_RE.sub("", title) if "nnen" in title else title
    if DIGITS.intersection(text):
        text = DATE_IN_TITLE_RE.sub(" ", text)
    return _folded_title_key(abbreviated(fold(text)), " ".join(TOKEN_RE.findall(fold(title))))


@lru_cache(maxsize=65536)
def _folded_title_key(text: str, folded: str) -> TitleKey:
    """The key of a title once folded: one source's capitals and another's umlaut spelling of a
    title fold alike, so the word work is done once for all of them."""
    parts = SUBTITLE_RE.split(text) if SEPARATORS.intersection(text) else (text,)
    segments = [[sys.intern(t) for t in tokens(part)] for part in parts]
    words = [t for part in segments for t in part]
    kinds: set[str] = set()
    core: list[str] = []
    for token in words:
        stem, kind = _split_kind(token)
        if kind:
            kinds.add(kind)
        if stem and stem not in core:
            core.append(stem)
    return TitleKey(
        words=tuple(dict.fromkeys(words)),
        core=tuple(core),
        segments=tuple(frozenset(part) for part in segments if part) if len(parts) > 1 else (),
        subtitled=any(_split_kind(t)[0] for part in segments[1:] for t in part),
        numbers=_shared(frozenset(t for t in words if t[0].isdigit() and _is_number(t))),
        kinds=_shared(frozenset(kinds)),
        folded=folded,
        keys=tuple(dict.fromkeys([*(sys.intern(w[:5]) for w in words), "=" + folded])),
    )


@lru_cache(maxsize=4096)
def _shared(words: frozenset[str]) -> frozenset[str]:
    """One object for equal sets: titles have few distinct kinds and numbers (mostly none), and
    every set, even an empty one, takes 216 bytes. Words and keys are interned for the same
    reason: a million titles are made of a few thousand words."""
    return words


def tokens(folded: str) -> list[str]:
    """The significant words of folded text: no stopwords, ``E-Commerce`` as one word."""
    text = SHORT_PREFIX_RE.sub(r"\1\2", folded) if "-" in folded else folded
    return [t for t in TOKEN_RE.findall(text) if t not in STOPWORDS and t != "_"]


def _is_number(token: str) -> bool:
    return all(c.isdigit() or c in ".," for c in token)


@lru_cache(maxsize=65536)
def _split_kind(token: str) -> tuple[str, str | None]:
    """``digitalkonferenz`` -> (``digital``, conference); a plain kind word leaves no stem."""
    if token in KIND_WORDS:
        return "", KIND_WORDS[token]
    if token in GENERIC_WORDS:
        return "", None
    for end in range(len(token) - 3, 3, -1):
        kind = KIND_WORDS.get(token[end:])
        if kind:
            stem = token[:end]
            return ("" if stem in GENERIC_WORDS or stem in KIND_PREFIXES else stem), kind
    return token, None


def title_similarity(a: TitleKey, b: TitleKey, ignore: frozenset[str] = frozenset()) -> float:
    """0-100: how surely two titles name the same event (``ignore``: the city's own words)."""
    if a.folded == b.folded and a.folded:
        return 100.0
    if a.numbers != b.numbers and a.numbers and b.numbers:
        return 0.0
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return 0.0
    words_a, words_b = _without(a.words, ignore), _without(b.words, ignore)
    best = _word_score(words_a, words_b, min_subset=2)
    core_a, core_b = _without(a.core, ignore), _without(b.core, ignore)
    best = max(best, _word_score(core_a, core_b, min_subset=3))
    if _segment_found(a, frozenset(words_b), ignore) or _segment_found(
        b, frozenset(words_a), ignore
    ):
        best = max(best, 92.0)
    return best


def _without(words: tuple[str, ...], ignore: frozenset[str]) -> tuple[str, ...]:
    """Most titles do not name their city: their words are kept as they are (a set test in C)."""
    if ignore.isdisjoint(words):
        return words
    return tuple(w for w in words if w not in ignore)


def _word_score(x: tuple[str, ...], y: tuple[str, ...], min_subset: int) -> float:
    """Word by word, typos forgiven: equal titles 100; one title inside the other 90 when the
    inner one has ``min_subset`` words (or is one long compound); otherwise the share of words
    both have. Words only one side has count against, unless they are the other side's words
    written together or apart (``Cyber Security`` ~ ``Cybersecurity``)."""
    if not x or not y:
        return 0.0
    set_x, set_y = set(x), set(y)
    if set_x.isdisjoint(set_y):  # nothing in common but perhaps the spelling of one compound
        return 95.0 if fuzz.ratio("".join(x), "".join(y)) >= TITLE_THRESHOLD else 0.0
    only_x, only_y = _unpartnered(x, set_x, set_y), _unpartnered(y, set_y, set_x)
    if only_x and only_y and fuzz.ratio("".join(only_x), "".join(only_y)) >= TITLE_THRESHOLD:
        return 95.0
    if not only_x and not only_y:
        return 100.0
    inner = x if not only_x else y if not only_y else ()
    if inner and (len(inner) >= min_subset or (len(inner) == 1 and len(inner[0]) >= 12)):
        return 90.0
    shared = len(x) - len(only_x) + len(y) - len(only_y)
    return 100.0 * shared / (len(x) + len(y))


def unpartnered(x: tuple[str, ...], y: Collection[str]) -> list[str]:
    """Words of ``x`` that ``y`` lacks, also as a near spelling (one typo in a long word)."""
    return _unpartnered(x, set(x), set(y))


def _unpartnered(x: tuple[str, ...], set_x: set[str], set_y: set[str]) -> list[str]:
    """``unpartnered`` with both sides' sets made once per pair of titles (this runs for every
    pair scored). The spare words are tried in any order: only whether one is near counts."""
    missing = [w for w in x if w not in set_y]
    if not missing:
        return missing
    spare = [o for o in set_y - set_x if len(o) >= 5 and not o[0].isdigit()]
    if not spare:
        return missing
    return [w for w in missing if not _near(w, spare)]


def _near(word: str, others: list[str]) -> bool:
    if len(word) < 5 or word[0].isdigit():
        return False
    for other in others:  # a plain loop: this runs a million times in a dense year
        if fuzz.ratio(word, other, score_cutoff=85):
            return True
    return False


def _segment_found(a: TitleKey, other: frozenset[str], ignore: frozenset[str]) -> bool:
    """Two titles share a part: ``Smart-City-Dialog Sachsen: Daten für die Kommune`` and
    ``Smart-City-Dialog in Görlitz: Wie Kommunen ihre Daten nutzen können``. A part of three words
    or more found whole in the other title counts; the main part (before the first separator) of
    two words counts when a real subtitle follows it (``KI-Sprechstunde – Ihre Fragen zu
    künstlicher Intelligenz``), not when only a kind word does (``Cloud-Souveränität – Meetup`` is
    not ``Forum: Cloud-Souveränität für Fortgeschrittene``)."""
    if len(a.segments) < 2:
        return False
    for position, segment in enumerate(a.segments):
        segment = segment - ignore
        needed = 2 if position == 0 and a.subtitled else 3
        if len(segment) < needed or len(segment.difference(other)) > 1:
            continue  # too short to name an event, or more than one typo away
        if not unpartnered(tuple(segment), other):
            return True
    return False
