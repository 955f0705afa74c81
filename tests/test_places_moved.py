"""One-off proof that the places package with aggregator/data/places.toml behaves exactly like the
module it replaces (kept for this commit as aggregator/normalise/_places_old.py)."""

import ast
import dataclasses
import importlib.util
import random
from pathlib import Path

from aggregator.normalise import _places_old as old
from aggregator.normalise.places import address, attendance, gazetteer

ROOT = Path(__file__).resolve().parent.parent


def test_tables_equal() -> None:
    assert gazetteer.GEONAMES_STATES == old.GEONAMES_STATES
    assert list(gazetteer.GEONAMES_STATES) == list(old.GEONAMES_STATES)
    assert gazetteer.STATES == old.STATES
    assert gazetteer._STATE_SPELLINGS == old._STATE_ALIASES
    assert gazetteer._ONE_CITY_STATES == old._CITY_STATES
    assert gazetteer._COUNTRY_SPELLINGS == old._COUNTRY_NAMES
    assert gazetteer._PLATES == old._ABBREVIATIONS
    assert gazetteer._NAME_OVERRIDES == old._NAME_OVERRIDES
    assert gazetteer._DISTRICT_OF == old._DISTRICT_OF
    assert gazetteer._TOWN_STOPWORDS == old._TOKEN_STOPWORDS
    assert gazetteer._KEY_FILLERS == old._CONNECTOR_WORDS
    assert gazetteer._POSTCODE_CITIES == old._POSTCODE_CITIES
    assert address._FILLER == old._FILLER
    assert attendance.ANY_CUE.pattern == old._ATTENDANCE_WORD.pattern


def _rows(table: dict) -> dict:
    return {key: [dataclasses.astuple(t) for t in towns] for key, towns in table.items()}


def test_gazetteer_equal() -> None:
    assert list(gazetteer.gazetteer()) == list(old._gazetteer())
    assert _rows(gazetteer.gazetteer()) == _rows(old._gazetteer())


def _strings() -> list[str]:
    found: set[str] = set()
    for name in ("test_places.py", "test_ingest.py", "test_kind_rss.py", "test_kind_html.py"):
        tree = ast.parse((ROOT / "tests" / name).read_text("utf-8"))
        found |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                  and isinstance(n.value, str)}  # fmt: skip
    spec = importlib.util.spec_from_file_location(
        "bench", ROOT / "benchmarks/bench_normalise_text.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    found |= set(bench.place_texts(3000, random.Random(7)))
    found |= set(bench.place_texts(3000, random.Random(8)))
    return sorted(found)


def same(new: address.Place, was: old.Place) -> bool:
    return dataclasses.astuple(new) == dataclasses.astuple(was)


def test_same_results() -> None:
    strings = _strings()
    assert len(strings) > 5000
    fields = ("text", "city", "venue", "street", "region", "country", "attendance", "postcode")
    for value in strings:
        for field in fields:
            for default in (None, "Sachsen"):
                kwargs = {field: value, "default_region": default}
                assert same(address.resolve_place(**kwargs), old.resolve_place(**kwargs)), kwargs
        assert same(
            address.resolve_place(text=value, region="Sachsen"),
            old.resolve_place(text=value, region="Sachsen"),
        )
        assert same(
            address.resolve_place(text=value, online_url="https://x"),
            old.resolve_place(text=value, online_url="https://x"),
        )
        assert address.place_in_text(value) == old.place_in_text(value)
        assert gazetteer.normalise_region(value) == old.normalise_region(value)
        assert gazetteer.normalise_country(value) == old.normalise_country(value)
        assert attendance.declared_attendance(value) == old._declared_attendance(value)
    for number in range(0, 100_000, 7):
        postcode = f"{number:05d}"
        assert gazetteer.postcode_region(postcode) == old.postcode_region(postcode)
        assert gazetteer.postcode_city(postcode) == old._postcode_city(postcode)
        assert same(address.resolve_place(postcode=postcode), old.resolve_place(postcode=postcode))
