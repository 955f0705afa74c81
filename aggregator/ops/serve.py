"""``aggregator serve``: Datasette on the events database, with the project's metadata and plugins.

The metadata (``aggregator/datasette/metadata.json``) names the tables and columns, sets facets, sort
order and search, and holds the canned queries; ``{database}`` in it stands for the database's name
in Datasette (the file name without ``.db``). ``aggregator/datasette/plugins`` adds the SQL functions
the canned queries use, ``aggregator/datasette/static`` a little CSS (served under ``/assets/``). datasette-cluster-map, datasette-atom and datasette-ics are installed with the
project and need no setting beyond the metadata.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any

from datasette.cli import cli as datasette_cli

from aggregator import store


def metadata_for(db_path: str | Path) -> dict[str, Any]:
    """The bundled metadata bound to this database's name."""
    name = Path(db_path).stem
    text = (resources.files("aggregator") / "datasette" / "metadata.json").read_text("utf-8")
    metadata: dict[str, Any] = json.loads(text.replace("{database}", json.dumps(name)[1:-1]))
    metadata["databases"] = {name: metadata["databases"]["*"]}
    return metadata


def datasette_args(
    db_path: str | Path, metadata: Path, bundle: Path, host: str, port: int
) -> list[str]:
    """``bundle`` is ``aggregator/datasette``: its ``plugins`` and ``static`` folders."""
    return [
        "serve",
        str(db_path),
        "--metadata",
        str(metadata),
        "--plugins-dir",
        str(bundle / "plugins"),
        "--static",
        f"assets:{bundle / 'static'}",
        "--host",
        host,
        "--port",
        str(port),
    ]


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette in this process until it is stopped (so a signal to this process stops it);
    the file is created or migrated first, and Datasette reads it while runs write (WAL)."""
    store.open_db(db_path).close()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        metadata = folder / "metadata.json"
        metadata.write_text(json.dumps(metadata_for(db_path), ensure_ascii=False), "utf-8")
        bundle = stack.enter_context(resources.as_file(resources.files("aggregator") / "datasette"))
        args = datasette_args(db_path, metadata, bundle, host, port)
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=False)
    return 0
