"""The digitalisation topic vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterable

KEYWORDS = {
    "ki": r"\bKI\b|künstliche intelligenz|\bAI\b",
    "digitalisierung": r"digital",
    "it-sicherheit": r"cyber|it-sicherheit",
    "industrie-4-0": r"industrie 4\.0",
}


def detect_topics(
    title: str, text: str = "", categories: Iterable[str] = (), source_topics: Iterable[str] = ()
) -> list[str]:
    found = set(source_topics)
    haystack = f"{title} {text} {' '.join(categories)}"
    for slug, pattern in KEYWORDS.items():
        if re.search(pattern, haystack, re.I):
            found.add(slug)
    return sorted(found)


def is_digital(topics: Iterable[str]) -> bool:
    return any(t != "foerderung" for t in topics)
