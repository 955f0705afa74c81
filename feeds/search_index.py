"""``search-index.js``: the words the list page's search box looks in, one entry per listed event.

The index is JSON (``{"version": 1, "events": [[id, words], ...]}``) assigned to one global in a
script file, because a page opened from ``file://`` may load a script beside it but may not fetch
a JSON file; so the search works from a folder on disk and from any static host alike. The words
(title, organiser, city, topics by name and by slug, hashtags) are spelt as ``slug`` spells them (lower
case, umlauts written out, anything else a space); the page spells the typed text the same way.
"""

from __future__ import annotations

import json
from typing import Any

from aggregator.folding import slug
from feeds import labels, sanitise

FILE = "search-index.js"
GLOBAL = "eventSearchIndex"


def words(event: dict[str, Any]) -> str:
    parts = [
        sanitise.line(event["title"]),
        sanitise.line(event.get("organizer")),
        sanitise.line(event.get("city")),
        sanitise.line(event.get("venue")),
        *(labels.topic_label(t) for t in event["topics"]),
        *event["topics"],
        *(event.get("hashtags") or []),
    ]
    seen: list[str] = []
    for part in parts:
        for word in slug(part or "").split("-"):
            if word and word not in seen:
                seen.append(word)
    return " ".join(seen)


def render(events: list[dict[str, Any]]) -> bytes:
    index = {"version": 1, "events": [[e["id"], words(e)] for e in events]}
    text = json.dumps(index, ensure_ascii=True, separators=(",", ":"))
    # ``slug`` leaves letters, digits and spaces; ids come from the database, so "<" is escaped
    # in case one ever holds a "</script>".
    safe = text.replace("<", "\\u003c")
    return f"window.{GLOBAL} = {safe};\n".encode()
