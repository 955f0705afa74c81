"""Text folded for comparison, and for file names: the project's two ways to set spelling aside.

German is written with and without umlauts (``München``, ``Muenchen``, ``Munchen``), with
typographic dashes and quotes or plain ones, in any case. ``fold`` makes all those spellings one
key, for matching titles, places and tags. ``slug`` makes a name a readable ASCII path segment the
way German sites write them in URLs (``Thüringen`` -> ``thueringen``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

FOLD_TABLE = str.maketrans(
    {
        **{"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o", "å": "a"},
        **{"é": "e", "è": "e", "á": "a", "–": "-", "—": "-", "·": "|", "\xa0": " "},
        **{"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "’": "'"},
    }
)
"""Umlauts, letters NFKD leaves alone, and the punctuation German titles use, to ASCII; any other
accent is dropped through NFKD."""

SPELT_OUT = str.maketrans(
    {
        **{"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"},
        # Letters that Unicode does not decompose into a base letter and an accent.
        **{"Œ": "Oe", "œ": "oe", "Æ": "Ae", "æ": "ae", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l"},
        **{"Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i"},
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, accents and umlaut spellings removed: ``Sächsischer``, ``Saechsischer`` and
    ``Sachsischer`` agree; typographic dashes and quotes become ASCII ones."""
    text = text.casefold()
    if not text.isascii():
        text = text.translate(FOLD_TABLE)
        if not text.isascii():
            text = unicodedata.normalize("NFKD", text)
            text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def slug(name: str) -> str:
    """``Thüringen`` -> ``thueringen``, ``Halle (Saale)`` -> ``halle-saale``.

    German umlauts become their usual two-letter spelling (as in URLs and e-mail addresses of
    German sites); other accents are dropped (``Görlitz`` and ``Gorlitz`` differ, ``Besançon``
    becomes ``besancon``, ``Wrocław`` ``wroclaw``)."""
    text = unicodedata.normalize("NFKD", name.translate(SPELT_OUT))
    ascii_text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")
