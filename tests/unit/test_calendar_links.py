"""The calendar services' form links quote their values exactly as the standard library does."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from feeds import calendar_links

VALUES = [
    "Forum Sachsen Digital · Mi 17.03.2027, 09:00 · Dresden",
    "KI-Stammtisch Görlitz – Ä Ö Ü ß é 😀",
    "https://veranstalter.example.org/termine/7?x=1&y=a b#teil",
    "webcal://termine.example.org/region/sachsen.ics",
    "a/b;c,d:e@f+g=h$i!j*k'l(m)n~o_p.q-r%s\"t<u>v\\w^x`y{z}|[]",
    "Zeile eins\nZeile zwei\r\n\ttab",
    "",
]


def test_query_is_urlencode_with_quote() -> None:
    params = {f"k{n}": value for n, value in enumerate(VALUES)}
    params["ü schlüssel/"] = "wert"
    assert calendar_links.query(params) == urlencode(params, quote_via=quote)


def test_every_byte_is_quoted_as_the_standard_library_does() -> None:
    every = bytes(range(256)).decode("latin-1")
    assert calendar_links.query({"v": every}) == urlencode({"v": every}, quote_via=quote)
