"""What each published file was made from, so that a file whose inputs did not change is neither
rendered nor written again.

A file's fingerprint is a hash of everything its bytes depend on: the code, data and libraries
that render it (``code_version``), the publish options, and the published state of its events
(each event's content hash, when it last changed, its SEQUENCE, whether it was removed) and, for an
event's page, of its sightings. The fingerprints of the last publish are kept in the published
folder (``.fingerprints``, JSON), with the state of the whole database as one more hash: when
that is unchanged too, the publish is over after a few aggregate queries and a directory listing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import sqlite_utils

FILE = ".fingerprints"
FORMAT = 2
LIBRARIES = ("feedgen", "icalendar", "jinja2", "markupsafe", "nh3", "lxml", "tzdata")
"""Libraries whose output ends up in the files (tzdata: the VTIMEZONE rules)."""
SHARED_CODE = (
    "folding.py",
    "model/topics.py",
    "model/vocabulary.py",
    "model/address.py",
    "model/social.py",
    "store/health.py",
    "data/topics.toml",
    "data/social.toml",
)
"""What the feeds use of ``aggregator``: slugs, topic names, the status words, the address
fields, the social platforms' names and the reasons a source was read only in part."""


def digest(*parts: object) -> str:
    """A short hash of the parts, in order."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


@functools.cache
def code_version() -> str:
    """The feeds' own code, templates and static files, what they use of the aggregator, and
    the versions of the libraries that write the formats: any change renders everything again."""
    hasher = hashlib.blake2b(digest_size=12)
    roots = [(resources.files("feeds"), ("py", "html", "css", "svg", "js"))]
    for root, suffixes in roots:
        for path in sorted(_files(Path(str(root)), suffixes)):
            hasher.update(path.name.encode() + path.read_bytes())
    package = Path(str(resources.files("aggregator")))
    for name in SHARED_CODE:
        hasher.update((package / name).read_bytes())
    for library in LIBRARIES:
        try:
            hasher.update(f"{library} {metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{library} -".encode())
    return hasher.hexdigest()


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lstrip(".") in suffixes
        and "__pycache__" not in path.parts
    ]


def database_state(db: sqlite_utils.Database) -> str:
    """Everything a publish reads from the database, as one hash: every event's published state,
    every listed sighting, the reports, the sources' health and the last run (the page shows
    both). Read in a few scans; ``last_seen``, which every run moves, is left out."""
    parts = []
    for sql in (
        """select count(*), group_concat(id || ':' || coalesce(content_hash, '') || ':'
             || coalesce(updated, '') || ':' || coalesce(sequence, 0) || ':'
             || coalesce(first_seen, '') || ':' || coalesce(removed_at, '') || ':'
             || coalesce(digital, 0), ',') from events""",
        """select count(*), group_concat(coalesce(event_id, '') || ':' || source || ':'
             || coalesce(url, '') || ':' || coalesce(digest, '') || ':'
             || coalesce(first_seen, '') || ':' || coalesce(removed_at, ''), ',')
           from event_sources""",
    ):
        count, text = db.execute(sql).fetchone()
        parts.append(
            f"{count}:{hashlib.blake2b((text or '').encode(), digest_size=12).hexdigest()}"
        )
    tables = db.table_names()
    if "reports" in tables:
        rows = db.execute(f"select {REPORT_COLUMNS} from reports order by url").fetchall()
        parts.append(digest(*rows))
    for table in ("sources", "runs"):
        if table in tables:
            rows = db.execute(f"select * from [{table}] order by 1").fetchall()
            parts.append(digest(*rows))
    return digest(*parts)


REPORT_COLUMNS = "url, event_id, title, kind, kinds, published, source, digital, text, first_seen"
"""What the event pages, the archives and ``nachberichte.atom`` show of a report (not when it was
last seen, which every run moves)."""


@dataclass
class Manifest:
    """The fingerprints of a published folder's files by subfolder, and the state they were made
    from; ``present``: the files that are there now (a file deleted by hand is written again)."""

    state: str = ""
    folders: dict[str, dict[str, str]] = field(default_factory=dict)
    present: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, out_dir: Path) -> Manifest:
        """The folder's last manifest; an empty one when there is none or it is unreadable."""
        try:
            data = json.loads((out_dir / FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        # JSON names are strings already, and a fingerprint that is no string equals none that
        # a publish makes, so its file is rendered again: no copy of 200,000 entries is needed.
        folders = {
            folder: names
            for folder, names in (data.get("folders") or {}).items()
            if isinstance(names, dict)
        }
        return cls(str(data.get("state", "")), folders, _present(out_dir, folders))

    def record(self, path: str, fingerprint: str) -> None:
        folder, _, name = path.rpartition("/")
        self.folders.setdefault(folder, {})[name] = fingerprint

    def unchanged(self, path: str, fingerprint: str) -> bool:
        folder, _, name = path.rpartition("/")
        known = self.folders.get(folder)
        return known is not None and known.get(name) == fingerprint and name in self.present[folder]

    def complete(self) -> bool:
        """Every file of the last publish is still there."""
        return bool(self.folders) and all(
            self.present.get(folder, frozenset()).issuperset(names)
            for folder, names in self.folders.items()
        )

    def files(self) -> list[str] | None:
        """The folder's files as the last publish left them (its outputs and this file); None
        when some are gone and only a listing can tell."""
        if not self.complete():
            return None
        return [*self.paths(), FILE]

    def paths(self) -> Iterator[str]:
        for folder, names in self.folders.items():
            prefix = f"{folder}/" if folder else ""
            yield from (prefix + name for name in names)

    def render(self) -> bytes:
        folders = {f: dict(sorted(names.items())) for f, names in sorted(self.folders.items())}
        data = {"format": FORMAT, "state": self.state, "folders": folders}
        return json.dumps(data, separators=(",", ":")).encode("utf-8") + b"\n"


def _present(out_dir: Path, folders: dict[str, dict[str, str]]) -> dict[str, frozenset[str]]:
    """One listing per folder (a folder of 100,000 event pages is listed in a fraction of the
    time 100,000 ``stat`` calls take)."""
    present = {}
    for folder in folders:
        try:
            present[folder] = frozenset(os.listdir(out_dir / folder))
        except OSError:
            present[folder] = frozenset()
    return present
