"""``aggregator serve``: Datasette on the events database with the project's metadata."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

from aggregator import store


def metadata_for(db_path: str | Path) -> dict:
    """The bundled metadata with its table settings bound to this database's name."""
    template = json.loads(
        (resources.files("aggregator") / "datasette" / "metadata.json").read_text("utf-8")
    )
    databases = template.pop("databases", {})
    template["databases"] = {Path(db_path).stem: databases.get("*", {})}
    return template


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    store.open_db(db_path).close()  # create or migrate before Datasette opens it read-only
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(metadata_for(db_path), handle)
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--metadata",
        handle.name,
        "--host",
        host,
        "--port",
        str(port),
    ]
    try:
        return subprocess.call(command)
    finally:
        Path(handle.name).unlink(missing_ok=True)
