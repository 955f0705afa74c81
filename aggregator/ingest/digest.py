"""Whether a raw item says something new: a digest of what it says and of the rules that read it.

A re-ingest of unchanged raw items is then cheap: a sighting whose digest is unchanged is not
normalised again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import aggregator
from aggregator.model.raw import RawEvent

RULES = ("normalise", "dedupe", "model", "data", "folding.py")
"""The parts of the package whose code or data decide what a raw item becomes."""


RAW_FIELDS = tuple(f.name for f in fields(RawEvent))


def said(raw: RawEvent) -> dict[str, object]:
    """The raw item as a dict without its fetch time (a shallow copy; ``asdict`` is slow)."""
    return {name: getattr(raw, name) for name in RAW_FIELDS if name != "fetched_at"}


def raw_digest(said: dict[str, object]) -> str:
    """Changes when the raw item says something new (its fetch time aside) or when the code that
    reads it changes (``rules_version``)."""
    return digest_of(said_text(said))


def said_text(said: dict[str, object]) -> str:
    """What the raw item says as JSON: the digest's input, and with ``stored_text`` the raw item
    as ``event_sources.raw`` keeps it, so that each item is serialised once."""
    return json.dumps(said, ensure_ascii=False, default=str)


def digest_of(said_text: str) -> str:
    return hashlib.sha1((rules_version() + said_text).encode()).hexdigest()


def stored_text(said_text: str, fetched_at: str) -> str:
    """The JSON of the said dict with ``fetched_at`` added last (``store.raw_json`` of it): its
    text with one more member before the closing brace."""
    return f"{said_text[:-1]}, {json.dumps('fetched_at')}: {json.dumps(fetched_at, ensure_ascii=False)}}}"


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A fingerprint of the code that turns a raw item into a stored event: after a parser or a
    dedupe rule improves, every raw item is read again once; until then an unchanged raw item keeps
    the event it was read as (also for texts without a year, read relative to the day they were
    first seen)."""
    root = Path(aggregator.__file__).parent
    digest = hashlib.sha1()
    for part in RULES:
        path = root / part
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix != ".pyc":
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]
