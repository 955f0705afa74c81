"""Reading what a test crawl wrote: the raw items of a source, by title."""

from __future__ import annotations

import json
from typing import Any


def raw_items(result: Any, source: str) -> list[dict[str, Any]]:
    path = result.run_dir / f"{source}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def by_title(result: Any, source: str) -> dict[str, dict[str, Any]]:
    items = raw_items(result, source)
    titles = [item["title"] for item in items]
    assert len(titles) == len(set(titles)), f"{source}: an event was written twice: {titles}"
    return {item["title"]: item for item in items}
