"""Venue, street, postcode and city out of whatever a source wrote, and the place they make.

Sources give anything from a full schema.org ``PostalAddress`` to ``DD``, ``Dresden-Neustadt``,
``01069 Dresden``, ``Hybrid: Leipzig und online`` or an organiser's head-office address for a
Zoom call. Each string is split into segments (commas, dashes, line breaks, ``und`` next to an
online channel); postcodes, states, countries and streets are recognised by their form, and the
town by the gazetteer.

The region of an event, in order of trust: state of the resolved city > explicit German state
from the source > postcode prefix > ``default_region``. A city beats a disagreeing postcode
prefix. An explicit state restricts which town a name can mean (``Neukirchen`` with region
Sachsen never becomes the one in Hessen; it stays unresolved instead), except that a city of
100,000 or more is never overruled (``Dresden`` with a wrong region stays in Sachsen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from aggregator.model.address import Address
from aggregator.model.vocabulary import Attendance
from aggregator.normalise.places.attendance import (
    ANY_CUE,
    HYBRID,
    ONLINE,
    ONSITE,
    attendance_mode,
    declared_attendance,
)
from aggregator.normalise.places.gazetteer import (
    STATES,
    Town,
    find_in_words,
    gazetteer,
    lookup,
    lookup_key,
    normalise_country,
    normalise_region,
    pick,
    postcode_city,
    postcode_region,
)
from aggregator.normalise.text import clean_text

_FILLER_FILE = resources.files("aggregator").joinpath("data/place_fillers.txt")
_FILLER = frozenset(
    word
    for word in map(str.strip, _FILLER_FILE.read_text("utf-8").splitlines())
    if word and not word.startswith("#")
)
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
_PREPOSITIONS = re.compile(r"^(?:in|im|bei|an|am|auf|der|die|das|den|dem)\s+", re.I)


@dataclass
class Place(Address):
    """The place of an event as the feeds, the map and dedupe use it: the normalised ``Address``
    and how people attend."""

    attendance: str = Attendance.OFFLINE


@dataclass(frozen=True)
class _Parsed:
    """What one string (a structured field or the free text) says about the place."""

    venue: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: Town | None = None
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
    online = bool(ONLINE.search(text))
    hybrid = bool(HYBRID.search(text))
    onsite = bool(ONSITE.search(text))
    marked = online or hybrid or onsite
    # "Hybrid (Dresden + Livestream)", "Online (Zoom)": brackets around channels are separators
    text = _PARENTHESES.sub(
        lambda m: f", {m.group(1)}, " if ANY_CUE.search(m.group(1)) else m.group(0), text
    )
    physical: list[str] = []
    weak: list[str] = []
    for part in _SEGMENT_SPLIT.split(text):
        for piece in _CONNECTOR_SPLIT.split(part) if marked else [part]:
            piece = _LABEL.sub("", piece.strip())
            had_online = bool(ONLINE.search(piece))
            rest = ONSITE.sub(" ", HYBRID.sub(" ", ONLINE.sub(" ", piece)))
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


def _is_city_state(segment: str, hints: tuple[str, ...], strict: str | None) -> bool:
    town = lookup(segment, hints, strict)
    return town is not None and lookup_key(town.name) == lookup_key(segment)


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
    town: Town | None = None
    rest: list[str] = []
    for segment in physical:
        match = _POSTCODE.search(segment)
        if match and postcode is None:
            postcode = match.group(1)
            before = segment[: match.start()].strip(" ,-")
            after = segment[match.end() :].strip(" ,-")
            if after:
                town = lookup(after, hints, strict)
                city_text = after
            if before:
                rest.append(re.sub(r"\s+(?:in|im)$", "", before))
        elif normalise_region(segment):
            region = region or normalise_region(segment)
            if _is_city_state(segment, hints, strict):
                rest.append(segment)  # Berlin, Hamburg: the city too
        elif len(segment) > 3 and normalise_country(segment) or segment in ("DE", "D"):
            country = country or normalise_country(segment) or "DE"
        else:
            rest.append(segment)
    if town is None and city_text is None:
        for i in range(len(rest) - 1, -1, -1):
            found = None if _is_street(rest[i]) else lookup(rest[i], hints, strict)
            if found:
                town, city_text = found, rest.pop(i)
                aside = _PARENTHESES.search(city_text)  # Chemnitz (Smart Systems Hub)
                if aside and lookup_key(city_text) not in gazetteer():
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
            town = find_in_words(candidate, hints, strict)
            if town:
                town_is_physical = True
                break
        else:
            for candidate in weak:
                town = lookup(candidate, hints, strict) or find_in_words(candidate, hints, strict)
                if town:
                    break
    if town is None and postcode and city_text is None:
        town = pick(gazetteer().get(postcode_city(postcode) or "", ()), hints, strict)
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
    """Normalise whatever a source said about the place of an event; the rules are in the docs
    of this module, ``gazetteer`` and ``attendance``.

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

    declared, attendance_is_url = declared_attendance(attendance)
    mode = attendance_mode(
        declared,
        physical=any(p.physical for p in everything) or bool(digits),
        online=any(p.online for p in everything) or bool(online_url) or attendance_is_url,
        hybrid=any(p.hybrid for p in everything),
    )

    shown = (
        town
        if town_from is not None and (town_from.town_is_physical or town_from is city_p)
        else None
    )
    city_name = shown.name if shown else city_text
    venue_name = venue_p.venue or text_p.venue
    if venue_name and city_name and lookup_key(venue_name) == lookup_key(city_name):
        venue_name = None
    coordinates = _coordinates(latitude, longitude)
    if coordinates is None and shown:
        coordinates = (shown.latitude, shown.longitude)
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
    r"(?<![\wäöüß])(?<!vor )(?:Veranstaltungsort|Tagungsort|Ort|Wo|Where|Location|Venue|Adresse"
    r"|Address|Treffpunkt)(?:\s*[:?]\s*|\s*\n\s*)([^\n|]{3,140}?)"
    r"(?=\.?\s*$|(?<!St)(?<!Str)(?<!Nr)(?<!Dr)\.\s+[A-ZÄÖÜ]|\n|\|)",
    re.IGNORECASE | re.MULTILINE,
)
"""``Ort: …`` up to the end of its line or sentence; ``Wo?``, a label on a line of its own."""
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
