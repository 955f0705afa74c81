"""schema.org ``Event`` objects from a page: JSON-LD (repaired when broken), microdata and RDFa.

Real German organiser pages ship JSON-LD that is not JSON: trailing commas, HTML comments inside the
script, postcodes written as numbers with a leading zero (``04109``), raw quotes inside
descriptions, JavaScript object literals with unquoted keys, two objects in one script. Browsers
and Google tolerate much of it, so organisers never notice; we repair what can be repaired and
report the rest instead of failing the page.

The repair is json_repair (a maintained tolerant parser) after two fixes it cannot know about: a
number with a leading zero is a postcode to keep as text, and several top-level objects are a list.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import extruct
import json_repair
from parsel import Selector

EVENT_TYPE_RE = re.compile(r"(Event|Hackathon|EventSeries)$")
SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
MARKUP_MARKERS = (("microdata", "itemscope"), ("rdfa", "typeof="))
"""An Event in microdata needs ``itemscope``, a typed RDFa node ``typeof``."""
MAX_DEPTH = 6
"""How deep ``@id`` references are followed; pages with reference cycles exist."""
MAX_NESTING = 64
"""How deep one script's objects and arrays may nest (``JSONLD_MAX_DEPTH``): real Events nest
five or six levels; a script nested thousands deep would exhaust the parsers' recursion."""
_TOKEN_RE = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


@dataclass
class Extraction:
    events: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One entry per script that could not be read even after repair, saying why."""
    repaired: int = 0
    """Scripts that were not valid JSON but could be repaired."""
    too_deep: int = 0
    """Scripts left unread because they nest deeper than the limit."""


def extract_events(html: str, base_url: str, max_nesting: int = MAX_NESTING) -> Extraction:
    """Every schema.org Event on the page: from JSON-LD, else from microdata and RDFa."""
    result = Extraction()
    page = Selector(text=html)
    scripts = page.xpath(
        "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]/text()"
    ).getall()
    for script in scripts:
        if not script.strip():
            continue
        if nesting(script) > max_nesting:
            result.too_deep += 1
            result.problems.append(f"nested deeper than {max_nesting} levels (JSONLD_MAX_DEPTH)")
            continue
        data, repaired, problem = load_jsonld(script)
        if problem is not None:
            result.problems.append(problem)
            continue
        result.repaired += repaired
        index = _index_ids(data)
        result.events.extend(_resolve(event, index) for event in _events_in(data))
    if not result.events:
        result.events.extend(_events_from_markup(html, base_url))
    return result


def nesting(text: str) -> int:
    """How deep the text's objects and arrays nest, brackets inside strings not counted."""
    depth = deepest = 0
    for match in _TOKEN_RE.finditer(text):
        token = match.group()
        if token in "{[":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "}]":
            depth = max(depth - 1, 0)
    return deepest


def load_jsonld(text: str) -> tuple[Any, bool, str | None]:
    """Parse one JSON-LD script: (data, whether it needed repair, the problem if unreadable)."""
    text = text.strip().lstrip("\ufeff")
    try:
        return json.loads(text, strict=False), False, None
    except json.JSONDecodeError as exc:
        error = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    except ValueError as exc:  # not a syntax error: e.g. an integer too long to convert
        error = str(exc)
    fixed = prepare_for_repair(text)
    try:
        return json.loads(fixed, strict=False), True, None
    except ValueError:
        pass
    try:
        data = json_repair.loads(fixed)
    except Exception:  # the repairer is best effort; any failure means "unreadable"
        data = None
    if not _has_object(data):
        return None, False, f"invalid JSON-LD that could not be repaired ({error})"
    return data, True, None


def _has_object(data: Any) -> bool:
    """JSON-LD is objects; a repair that yields only strings or lists of them read garbage."""
    if isinstance(data, dict):
        return bool(data)
    return isinstance(data, list) and any(_has_object(item) for item in data)


_COMMENT_RE = re.compile(r"<!--(.*?)-->|<!--|-->", re.S)
_CDATA_RE = re.compile(r"(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>")
_LEADING_ZERO_RE = re.compile(r'("[^"\n]{1,60}"\s*:\s*)(0\d+)(?=\s*[,}\]\n])')
_OBJECTS_IN_A_ROW_RE = re.compile(r"}\s*(?:;\s*)?{")


def prepare_for_repair(text: str) -> str:
    """The repairs json_repair would get wrong: keep ``04109`` as text, several objects as a list.

    HTML comments (``<!---->`` from Ember, ``<!-- -->`` wrappers from old CMS templates) and CDATA
    markers go too, and entity-encoded scripts (``{&quot;@type&quot;...``) are decoded.
    """
    if "&quot;" in text and '"' not in text:
        text = html_lib.unescape(text)
    text = _COMMENT_RE.sub(_uncomment, text)
    text = _CDATA_RE.sub("", text)
    text = _LEADING_ZERO_RE.sub(r'\1"\2"', text)
    text = text.strip().rstrip(";")
    if text.startswith("{") and _OBJECTS_IN_A_ROW_RE.search(text) and _top_level_count(text) > 1:
        text = "[" + _OBJECTS_IN_A_ROW_RE.sub("},{", text) + "]"
    return text


def _uncomment(match: re.Match[str]) -> str:
    """A comment that wraps the JSON (old templates hid scripts so) keeps its content."""
    inner = match.group(1) or ""
    return inner if "{" in inner else ""


def _top_level_count(text: str) -> int:
    """How many top-level ``{...}`` values the text has (strings are skipped roughly)."""
    depth = count = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            if depth == 0:
                count += 1
            depth += 1
        elif char in "}]":
            depth = max(depth - 1, 0)
    return count


def _events_from_markup(html: str, base_url: str) -> Iterator[dict[str, Any]]:
    """Microdata and RDFa, each only when the page has its markers: extruct's RDFa parser costs
    several milliseconds per page, and most pages have neither."""
    syntaxes = [name for name, marker in MARKUP_MARKERS if marker in html]
    if not syntaxes:
        return
    try:
        data = extruct.extract(
            html, base_url=base_url, syntaxes=syntaxes, uniform=True, errors="ignore"
        )
    except (Exception, RecursionError):  # lxml's and rdflib's errors; markup is optional
        return
    for item in data.get("microdata", []):
        yield from _events_in(item)
    rdfa = [_compact_rdfa(node) for node in data.get("rdfa", []) if isinstance(node, dict)]
    index = _index_ids(rdfa)
    for node in rdfa:
        if _is_event(node):
            yield _resolve(node, index)


def _compact_rdfa(node: dict[str, Any]) -> dict[str, Any]:
    """RDFa comes out of extruct as expanded JSON-LD (full IRIs, every value a list); make it look
    like the JSON-LD pages write, so one reader serves both."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@type":
            out[key] = [_short(t) for t in _as_list(value) if isinstance(t, str)]
            continue
        if key.startswith("@"):
            out[key] = value
            continue
        if not key.startswith(SCHEMA_PREFIXES):
            continue
        values = [_compact_value(v) for v in _as_list(value)]
        out[_short(key)] = values[0] if len(values) == 1 else values
    return out


def _compact_value(value: Any) -> Any:
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return {"@id": value["@id"]}
    return value


def _short(iri: str) -> str:
    for prefix in SCHEMA_PREFIXES:
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def _index_ids(data: Any) -> dict[str, dict[str, Any]]:
    """Every node that has an ``@id`` and more than that, so references can be followed."""
    index: dict[str, dict[str, Any]] = {}
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            node_id = item.get("@id")
            if isinstance(node_id, str) and len(item) > 1:
                index.setdefault(node_id, item)
            stack.extend(item.values())
    return index


def _resolve(
    value: Any, index: dict[str, dict[str, Any]], path: frozenset[str] = frozenset()
) -> Any:
    """Replace ``{"@id": ...}`` references (Yoast's @graph, RDFa) with the nodes they name; a
    reference back to a node on the current path (a cycle) stays a reference."""
    if isinstance(value, list):
        return [_resolve(v, index, path) for v in value]
    if not isinstance(value, dict) or len(path) > MAX_DEPTH:
        return value
    node_id = value.get("@id")
    if set(value) == {"@id"} and node_id in index and node_id not in path:
        value = index[node_id]
    if isinstance(node_id, str):
        path = path | {node_id}
    return {k: v if k == "@id" else _resolve(v, index, path) for k, v in value.items()}


def _events_in(data: Any) -> Iterator[dict[str, Any]]:
    """Walk @graph, arrays and ItemLists.

    Sub-events are read only when the parent is a series or has no date of its own: a conference's
    programme sessions would otherwise flood the feeds with one entry per talk.
    """
    if isinstance(data, list):
        for item in data:
            yield from _events_in(item)
        return
    if not isinstance(data, dict):
        return
    if _is_event(data):
        subs = _as_list(data.get("subEvent"))
        is_series = "EventSeries" in _type_names(data)
        if not (subs and (is_series or not data.get("startDate"))):
            yield data
        if subs and (is_series or not data.get("startDate")):
            for sub in subs:
                yield from _events_in(sub)
        return
    for key in ("@graph", "itemListElement", "item", "mainEntity", "event", "events"):
        if key in data:
            yield from _events_in(data[key])


def _type_names(data: dict[str, Any]) -> list[str]:
    names = []
    for t in _as_list(data.get("@type")):
        if isinstance(t, str):
            names.append(_short(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1])
    return names


def _is_event(data: dict[str, Any]) -> bool:
    return any(EVENT_TYPE_RE.search(t) for t in _type_names(data))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
