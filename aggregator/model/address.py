"""Where an event happens, as a postal address and a point: the one place record of the project.

A raw item carries it as the source said it, the normalised event and the place normaliser as
understood (``Dresden``, ``Sachsen``, ``DE``); the store and the feeds write its fields under these
names. Its fields are keyword-only, so a record that includes it keeps its own fields first.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(kw_only=True)
class Address:
    venue: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    region: str | None = None
    """German state name in German (``Sachsen``); for other countries as the source gave it."""
    country: str | None = None
    """ISO 3166 alpha-2 once normalised."""
    latitude: float | None = None
    longitude: float | None = None


ADDRESS_FIELDS = tuple(f.name for f in fields(Address))
