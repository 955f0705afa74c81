"""Writes ``tests/data/publish_golden.json``: the SHA-256 of every file a publish makes of the
test databases, with the rendering code of commit 6220240 (before the speed work of issue 13's
second session), so that a faster publish can be shown to write the same bytes.

    .venv/bin/python -m tests.data.make_publish_golden

Run it again only when a change of the published bytes is intended, and say why in the commit."""

from __future__ import annotations

import hashlib
import json
import tempfile
from datetime import date
from pathlib import Path

import sqlite_utils

from feeds import fingerprint
from feeds.publish import PublishOptions, publish
from tests.support import feeds_db, served_db

GOLDEN = Path(__file__).with_name("publish_golden.json")
TODAY = date(2026, 11, 27)
CASES = {
    "feeds_db": (feeds_db.build, PublishOptions(base_url="https://termine.example.org/")),
    "feeds_db, 2 events a feed": (
        feeds_db.build,
        PublishOptions(base_url="https://termine.example.org/sub/", limit=2, page_limit=1),
    ),
    "served_db": (served_db.build, PublishOptions(base_url="http://127.0.0.1:8000/")),
}
"""A database and options: with ``limit=2`` most events are in no feed, so their pages and
calendar files are made without any feed's help."""


def tree(root: Path, case: str) -> dict[str, str]:
    """The published files of ``case`` (made under ``root``) and their SHA-256; the manifest of
    fingerprints is left out: it names the code's version, which every change moves."""
    build, options = CASES[case]
    root.mkdir(parents=True, exist_ok=True)
    made = build(root / "events.db")
    db = sqlite_utils.Database(made) if isinstance(made, Path) else made
    publish(db, root / "public", TODAY, options)
    return {
        str(path.relative_to(root / "public")): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((root / "public").rglob("*"))
        if path.is_file() and path.name != fingerprint.FILE
    }


def main() -> None:
    golden = {}
    for number, case in enumerate(CASES):
        with tempfile.TemporaryDirectory() as tmp:
            golden[case] = tree(Path(tmp) / str(number), case)
    GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", "utf-8")


if __name__ == "__main__":
    main()
