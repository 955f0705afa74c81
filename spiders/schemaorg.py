"""schema.org ``Event`` objects from a page: JSON-LD (repaired when broken), microdata and RDFa.

Real German organiser pages ship JSON-LD that is not JSON: trailing commas, HTML comments inside the
script, postcodes written as numbers with a leading zero, raw quotes inside descriptions. Browsers and
Google tolerate much of it, so organisers never notice; we repair what can be repaired and report the
rest instead of failing the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import extruct
from parsel import Selector

EVENT_TYPE_RE = re.compile(r"(Event|Hackathon|EventSeries)$")


@dataclass
class Extraction:
    events: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One entry per script that could not be read even after repair."""
    repaired: int = 0


def extract_events(html: str, base_url: str) -> Extraction:
    """Every schema.org Event on the page, from JSON-LD first, then microdata and RDFa."""
    result = Extraction()
    for script in Selector(text=html).css('script[type="application/ld+json"]::text').getall():
        data, repaired = _load_json(script)
        if data is None:
            result.problems.append("invalid JSON-LD")
            continue
        result.repaired += repaired
        result.events.extend(_events_in(data))
    if not result.events:
        result.events.extend(_events_from_markup(html, base_url))
    return result


def _events_from_markup(html: str, base_url: str) -> Iterator[dict[str, Any]]:
    try:
        data = extruct.extract(
            html, base_url=base_url, syntaxes=["microdata", "rdfa"], uniform=True, errors="ignore"
        )
    except Exception:  # extruct surfaces lxml's and rdflib's errors; markup is optional
        return
    for syntax in ("microdata", "rdfa"):
        for item in data.get(syntax, []):
            yield from _events_in(item)


def _events_in(data: Any) -> Iterator[dict[str, Any]]:
    """Walk @graph, arrays and ItemLists; nested Events (subEvent) count too."""
    if isinstance(data, list):
        for item in data:
            yield from _events_in(item)
        return
    if not isinstance(data, dict):
        return
    if _is_event(data):
        yield data
        for sub in _as_list(data.get("subEvent")):
            yield from _events_in(sub)
        return
    for key in ("@graph", "itemListElement", "item", "mainEntity", "event", "events"):
        if key in data:
            yield from _events_in(data[key])


def _is_event(data: dict[str, Any]) -> bool:
    types = [t.rsplit("/", 1)[-1] for t in _as_list(data.get("@type")) if isinstance(t, str)]
    return any(EVENT_TYPE_RE.search(t) for t in types)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _load_json(text: str) -> tuple[Any, int]:
    """Parse JSON-LD; on failure try the repairs real pages need. Returns (data or None, repaired)."""
    try:
        return json.loads(text, strict=False), 0
    except ValueError:
        pass
    fixed = repair_json(text)
    try:
        return json.loads(fixed, strict=False), 1
    except ValueError:
        return None, 0


_COMMENT_RE = re.compile(r"<!--.*?-->|/\*.*?\*/", re.S)
_CDATA_RE = re.compile(r"^\s*(//\s*)?<!\[CDATA\[|(//\s*)?\]\]>\s*$", re.M)
_TRAILING_COMMA_RE = re.compile(r",(\s*[}\]])")
_LEADING_ZERO_RE = re.compile(r"(:\s*)(0\d+)(\s*[,}\]])")


def repair_json(text: str) -> str:
    """Fix the defects seen on real pages; leaves valid JSON untouched in meaning."""
    text = _COMMENT_RE.sub("", text)
    text = _CDATA_RE.sub("", text)
    text = _TRAILING_COMMA_RE.sub(r"\1", text)
    text = _LEADING_ZERO_RE.sub(r'\1"\2"\3', text)
    return _escape_inner_quotes(text)


def _escape_inner_quotes(text: str) -> str:
    """Escape a quote inside a string value when it is not followed by what may end a string.

    A JSON string ends at a quote followed by ``,`` ``}`` ``]`` or ``:``; any other quote inside a
    value (``"Workshop "KI im Mittelstand""``) was meant literally.
    """
    out: list[str] = []
    in_string = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and in_string:
            out.append(text[i : i + 2])
            i += 2
            continue
        if char == '"':
            if not in_string:
                in_string = True
            else:
                rest = text[i + 1 :].lstrip()
                if not rest or rest[0] in ",}]:":
                    in_string = False
                else:
                    out.append('\\"')
                    i += 1
                    continue
        elif char in "\n\r" and in_string:
            out.append("\\n")
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)
