"""``aggregator serve``: Datasette on the events database, with the project's metadata and plugins.

The metadata (``aggregator/datasette/metadata.json``) names the tables and columns, sets facets, sort
order and search, and holds the canned queries; ``{database}`` in it stands for the database's name
in Datasette (the file name without ``.db``), ``{clashes_sql}`` for the query ``aggregator
clashes`` runs (``store.CLASHES_SQL``: the command and the canned query agree).
``aggregator/datasette/plugins`` adds the SQL functions the canned queries and the search box use, the events table's default columns and the feeds of a
search (``/<database>/feed.ics?q=KI``, written by ``feeds``, whose entries link the event pages
below ``--base-url``); ``aggregator/datasette/static`` a little CSS (served under ``/assets/``).
datasette-cluster-map draws the map with no setting beyond the metadata.
"""

from __future__ import annotations

import html
import json
import tempfile
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette.cli import cli as datasette_cli

from aggregator import store
from feeds.options import DEFAULT_BASE_URL


class MissingDatabase(FileNotFoundError):
    """Serving a file that is not there would create an empty database and show nothing."""


def metadata_for(db_path: str | Path, base_url: str = DEFAULT_BASE_URL) -> dict[str, Any]:
    """The bundled metadata bound to this database's name and the address of ``public/``."""
    name = Path(db_path).stem
    text = (resources.files("aggregator") / "datasette" / "metadata.json").read_text("utf-8")
    all_columns = urlencode([("_col", column) for column in store.CURRENT_EVENT_COLUMNS])
    for placeholder, value in (
        ("{database}", name),
        ("{base_url}", base_url),
        ("{all_columns}", html.escape(all_columns)),
        ("{clashes_sql}", store.CLASHES_SQL),
    ):
        text = text.replace(placeholder, json.dumps(value)[1:-1])
    metadata: dict[str, Any] = json.loads(text)
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


def in_process(
    db_path: str | Path, base_url: str = DEFAULT_BASE_URL, metadata: dict[str, Any] | None = None
) -> Any:
    """Datasette configured as ``serve`` configures it (``metadata``: instead of the bundled one
    bound to the file), to be asked without a server through its ``client``: for the tests and
    the benchmark. Call ``invoke_startup()`` first."""
    from datasette.app import Datasette

    bundle = resources.files("aggregator") / "datasette"
    return Datasette(
        [str(db_path)],
        metadata=metadata or metadata_for(db_path, base_url),
        plugins_dir=str(bundle / "plugins"),
        static_mounts=[("assets", str(bundle / "static"))],
    )


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8001,
    base_url: str = DEFAULT_BASE_URL,
) -> int:
    """Run Datasette in this process until it is stopped (so a signal to this process stops it);
    the file is migrated first (never created), and Datasette reads it while runs write (WAL)."""
    if not Path(db_path).is_file():
        raise MissingDatabase(f"no database at {db_path}")
    store.open_db(db_path).close()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        metadata = folder / "metadata.json"
        text = json.dumps(metadata_for(db_path, base_url), ensure_ascii=False)
        metadata.write_text(text, "utf-8")
        bundle = stack.enter_context(resources.as_file(resources.files("aggregator") / "datasette"))
        args = datasette_args(db_path, metadata, bundle, host, port)
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=False)
    return 0
