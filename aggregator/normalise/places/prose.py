"""The town an announcement's running text puts the event in, when no field names a place.

News items name the place in sentences: ``in Leipzig``, ``im Europa-Haus Leipzig``, ``in der
Kulturhalle in Stockheim``, ``an der TU Chemnitz``, ``auf dem Messegelände Berlin``, ``im Görlitzer
Waidhaus``, ``im Dresdner Rudolf-Harbig-Stadion``. They also name many towns that are not the
venue, so the evidence is weighed, strongest first:

1. a place phrase after a preposition (``in``, ``im``, ``nach``, ``an der``, ``auf dem``, ``at``,
   ``live aus``) that holds a town, or a well-known venue whose town the table in
   ``aggregator/data/places.toml`` gives (``ZKM`` -> Karlsruhe), and a town as an adjective
   before a noun (``Görlitzer Waidhaus``; not before a street: ``Dresdner Straße`` is in
   Leipzig); in the title first, then in the text, the first that counts. Not counted: a phrase
   in a list of towns (``in Zürich, St. Gallen und Bern``), after ``nicht`` (``findet nicht mehr
   in Leipzig statt``), of an office (``mit Hauptsitz in Leipzig``) or of last year (``im
   Vorjahr in Hamburg``);
2. a town named in the title or the text otherwise (``Stadtbibliothek Chemnitz``, ``Chaos
   Computer Club Dresden``);
3. the press dateline the text opens with (``Dresden. KI-Kongress im Stadion``), which is where
   the text was written and the venue only when nothing else says so, and never when the text
   says that the event is spread over many places (``an über 12 Standorten``, ``bundesweit``).

``Lange Nacht`` is not the town Langen: words that are towns and common German words are looked up
only as a whole phrase after a preposition (``in Langen``).
"""

from __future__ import annotations

import re
from functools import cache

from aggregator.normalise.places.gazetteer import (
    Town,
    common_words,
    lookup,
    lookup_key,
    normalise_region,
    places_table,
    town_stopwords,
)

_PREPOSITION = re.compile(
    r"(?<![\wäöüß])(?P<neg>(?:nicht|nie|not|kein\w*)\s+(?:mehr\s+|wie\s+geplant\s+)?)?"
    r"(?P<prep>in|im|ins|nach|an|am|auf|beim|bei|at|live\s+aus)\s+"
    r"(?:(?:der|dem|den|die|das|des|the)\s+)?",
    re.IGNORECASE,
)
_PHRASE_WORD = re.compile(
    r"\s*(?:(?P<word>[A-ZÄÖÜ][\w.'’&@-]*|[A-Z]{2,}\w*|St\.|\d{1,4}\s?[a-z]?\b|\([^()\n]{1,40}\))"
    r"|(?P<link>der|des|dem|den|die|das|für|und|von|vom|zu|zur|zum|am|an|im|in|auf|of|the),?)"
    r"(?P<comma>\s*,)?"
)
"""The words of a place phrase: capitalised words, abbreviations, house numbers, brackets, and
the small words that join them (``Lichthöfen der Hochschule für Gestaltung und des ZKM``)."""
_MAX_PHRASE_WORDS = 16
_OFFICE_BEFORE = re.compile(
    r"(?:sitz|stelle|stellen|büro|niederlassung|zentrale|standort|standorte|ansässig|heimat"
    r"|vorjahr|zuletzt|bisher|früher|ehemals|letztes\s+jahr|last\s+year)\W*(?:\w+\W+)?$",
    re.IGNORECASE,
)
_ADJECTIVE = re.compile(
    r"(?<![\wäöüß.-])(?P<prefix>(?:St\.|Sankt|Bad)\s)?(?P<word>[A-ZÄÖÜ][a-zäöüß]+(?:er|ner))"
    r"\s+(?P<noun>[A-ZÄÖÜ][\wäöüß-]*)"
)
_STREET_NOUN = re.compile(
    r"^(?:stra(?:ß|ss)e|str\.?|weg|allee|platz|ring|chaussee|damm|landstra(?:ß|ss)e|ufer|tor"
    r"|gasse|steig|berg)$",
    re.IGNORECASE,
)
_TOWN_WORD = re.compile(
    r"(?<![\wäöüß])(?:(?:St\.|Sankt|Bad)\s)?[A-ZÄÖÜ][a-zäöüß]+(?:[-/][A-ZÄÖÜ][a-zäöüß]+)*"
)
_DATELINE = re.compile(
    r"^\s*(?P<town>[A-ZÄÖÜ][\wäöüß./-]*(?:\s\([^)\n]{1,20}\))?)(?:\s*\([^)\n]{1,20}\))?"
    r"\s*(?:[.·:–—-]\s|-\s?(?=[A-ZÄÖÜ])|\n|\s(?=[A-ZÄÖÜ][a-zäöüß])|,\s(?=\d))"
)
_SPREAD = re.compile(
    r"(?<![\wäöüß])(?:(?:an|in)\s+(?:über\s+|etwa\s+|rund\s+|mehr\s+als\s+)?(?:\d+|zwei|drei|vier"
    r"|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+(?:standorten|orten|städten)"
    r"|bundesweit|europaweit|landesweit|deutschlandweit|in\s+der\s+ganzen\s+\w+|in\s+ganz\s+\w+)",
    re.IGNORECASE,
)
_INNER_MIN_POPULATION = 5_000
"""A town inside a longer phrase (``Kongresszentrum Leipzig``) must be at least this big; right
after the preposition (``in Ostritz``) any town counts."""
_ADJECTIVE_MIN_POPULATION = 10_000
_NAMED_MIN_POPULATION = 10_000
"""A town named without a preposition (``Stadtbibliothek Chemnitz``)."""


def town_in_prose(title: str, text: str) -> str | None:
    """The name of the town the title and text put the event in, or None."""
    dateline = _DATELINE.match(text)
    dateline_town = _town(dateline["town"].split("/")[0], 0) if dateline else None
    body = text[dateline.end() :] if dateline and dateline_town else text
    for part in (title, body):
        found = _first_placed(part) or _first_placed(_capitalised(part))
        if found:
            return found.name
    for part in (title, body):
        found = _named_venue(part)
        if found:
            return found.name
    for part in (title, body):
        found = _first_named(part)
        if found:
            return found.name
    if dateline_town and not _SPREAD.search(f"{title}\n{text}"):
        return dateline_town.name
    return None


def _first_placed(text: str) -> Town | None:
    """The first town a place phrase or an adjective names, by position in the text."""
    found: list[tuple[int, Town]] = []
    for m in _PREPOSITION.finditer(text):
        if m["neg"] or _OFFICE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        article = m.end() > m.end("prep") + 1 or m["prep"].casefold() in ("im", "am", "beim")
        town = _phrase_town(text, m.end(), article)
        if town:
            found.append((m.start(), town))
            break
    for m in _ADJECTIVE.finditer(text):
        if found and m.start() > found[0][0]:
            break
        if _STREET_NOUN.match(m["noun"]):
            continue
        town = _adjective_town(m["prefix"] or "", m["word"])
        if town:
            found.append((m.start(), town))
            break
    return min(found, key=lambda f: f[0])[1] if found else None


def _phrase_town(text: str, position: int, article: bool) -> Town | None:
    """The town in the place phrase that starts at ``position``; None when the phrase names no
    town or a list of several (``in Zürich, St. Gallen und Bern``). After an article the first
    word is a noun (``in der Halle des Hauptbahnhofs``), so it is a town only if no common word
    (``in Halle``)."""
    words: list[str] = []
    towns: list[Town] = []
    cursor = position
    while len(words) < _MAX_PHRASE_WORDS:
        m = _PHRASE_WORD.match(text, cursor)
        if m is None or not m.group(0).strip():
            if not words and (first := re.match(r"[a-zäöüß][\w-]*", text[cursor:])):
                words.append(first.group(0))  # a brand written in lower case: darmstadtium
                cursor += first.end()
                continue
            break
        cursor = m.end()
        word = m["word"]
        if word is None:
            continue
        words.append(word.strip("()"))
        venue_town = _venue_town(" ".join(words))
        town = venue_town or _town(word.strip("()"), len(words) - 1 + article)
        if town and all(town.name != t.name for t in towns):
            towns.append(town)
    if len(towns) > 1 and _is_list(text[position:cursor]):
        return None
    return towns[-1] if towns else None


def _is_list(phrase: str) -> bool:
    return phrase.count(",") + len(re.findall(r"\s(?:und|and)\s", phrase)) >= 1 and not re.search(
        r"\d", phrase
    )


def _town(word: str, index: int) -> Town | None:
    """A town the word names: any town right after the preposition, a bigger one inside; never
    a German state (``in Brandenburg``) unless it is a city (``in Berlin``)."""
    word = word.strip(" .,;:")
    if len(word) < 2 or not word[0].isupper():
        return None
    if index > 0 and word.casefold() in town_stopwords():
        return None
    town = _named(word)
    if town is None or normalise_region(word) and town.population < _CITY_STATE:
        return None
    if index > 0 and town.population < _INNER_MIN_POPULATION:
        return None
    return town


_CITY_STATE = 500_000
_EXONYM_MIN_POPULATION = 100_000


def _named(name: str) -> Town | None:
    """The town this is the name of, or the start of its name (``Frankfurt``, ``St. Veit``,
    ``Berlin-Lichtenberg``), or a big city's other name (``Vienna``); not a town that GeoNames
    merely lists a code or a short form for (``Str`` is no Stuttgart)."""
    town = lookup(name)
    if town is None:
        return None
    key, own = lookup_key(name), lookup_key(town.name)
    if own == key or own.startswith(key + " ") or key.startswith((own + " ", own + "-")):
        return town
    return town if len(key) >= 5 and town.population >= _EXONYM_MIN_POPULATION else None


def _adjective_town(prefix: str, word: str) -> Town | None:
    """``Görlitzer`` -> Görlitz, ``Dresdner`` -> Dresden, ``Karlsruher`` -> Karlsruhe, ``St.
    Veiter`` -> Sankt Veit; irregular forms (``Zürcher``) from the table."""
    irregular = places_table("adjectives").get(word)
    stems = [irregular] if irregular else []
    stem = word[:-2]
    stems += [stem, stem + "e", stem + "en"]
    if word.endswith("ner"):
        stems.append(word[:-3] + "en")
    for name in stems:
        town = _named(prefix + name) if len(name) >= 3 else None
        if town and town.population >= _ADJECTIVE_MIN_POPULATION:
            return town
    return None


def _first_named(text: str) -> Town | None:
    """The first town named by its own name, outside a list of towns (``Brandenburg,
    Braunschweig, Bremerhaven``) and not as an office's (``Hauptsitz in Leipzig``); a state's
    name only when it is a city (``Berlin Buzzwords``, not ``Sachsen digital``)."""
    for m in _TOWN_WORD.finditer(text):
        for name in (m.group(0), *m.group(0).replace("/", "-").split("-")):
            folded = name.casefold()
            if folded in town_stopwords() or folded in common_words():
                continue
            town = _named(name)
            if (
                town
                and town.population >= _NAMED_MIN_POPULATION
                and not (normalise_region(name) and town.population < _CITY_STATE)
                and not _in_list(text, m)
                and not _OFFICE_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
            ):
                return town
    return None


_NEIGHBOUR = r"((?:St\.\s|Sankt\s|Bad\s)?[A-ZÄÖÜ][\wäöüß-]+)"
_LIST_BEFORE = re.compile(rf"{_NEIGHBOUR}\s*(?:,|und|and)\s*$")
_LIST_AFTER = re.compile(rf"\s*(?:,|und|and)\s*{_NEIGHBOUR}")


def _in_list(text: str, m: re.Match[str]) -> bool:
    before = _LIST_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
    after = _LIST_AFTER.match(text[m.end() : m.end() + 40])
    return any(other and _named(other.group(1)) for other in (before, after))


@cache
def _venues() -> dict[str, str]:
    return {name.casefold(): town for name, town in places_table("venues").items()}


def _venue_town(phrase: str) -> Town | None:
    """A well-known venue whose name does not say its town (``ZKM``, ``HTWK``, ``Zentralwerk``)."""
    venues = _venues()
    words = phrase.casefold().split()
    for size in (3, 2, 1):
        name = " ".join(words[-size:])
        if name in venues:
            return lookup(venues[name])
    return None


_WORD_START = re.compile(r"(?<![\w'’-])([a-zäöü])(?=[a-zäöüß]{2})")


def _capitalised(text: str) -> str:
    """A text written all in lower case (``in der landwehr akademie in wietmarschen-lohne``)
    with its words capitalised, so that its place phrases can be read; other texts as they
    are (an empty string: nothing more to read)."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words or sum(w[0].isupper() for w in words) > len(words) / 20:
        return ""
    return _WORD_START.sub(lambda m: m.group(1).upper(), text)


def placed_town(text: str) -> str | None:
    """The town a place phrase of this text names (``Begegnungszentrum … in Ostritz``)."""
    found = _first_placed(text)
    return found.name if found else None


@cache
def _venue_names() -> re.Pattern[str]:
    names = sorted(_venues(), key=len, reverse=True)
    return re.compile(rf"(?<![\wäöüß])(?:{'|'.join(map(re.escape, names))})(?![\wäöüß])")


def _named_venue(text: str) -> Town | None:
    """A well-known venue of the table named anywhere (``die Räume der htw saar``)."""
    found = _venue_names().search(text.casefold())
    return lookup(_venues()[found.group(0)]) if found else None
