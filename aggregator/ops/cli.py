"""The ``aggregator`` command.

Exit codes (docs/operations.md): 0 the command completed (a run completes even when some sources
failed), 1 the run itself failed (no source could be crawled, or an error stopped it), 2 bad
configuration or usage, 75 another run holds the lock (EX_TEMPFAIL: try again later);
``status --check`` exits 1 when something needs attention.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from aggregator import __version__, clock
from aggregator.ops import logs

if TYPE_CHECKING:
    from aggregator.ops.lock import RunLock
    from aggregator.ops.pipeline import RunSummary
    from aggregator.sources import Source
    from feeds.options import PublishOptions

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 75

Handler = Callable[[argparse.Namespace], int]
OptionGroup = Callable[[argparse.ArgumentParser], None]


EXIT_CLOSED_PIPE = 128 + signal.SIGPIPE
"""What a shell reports for a writer whose reader went away (``yes | head``)."""


def main(argv: list[str] | None = None) -> int:
    """The command; when whoever reads its output stops reading (``aggregator status --json |
    head``), it ends quietly, as ``cat`` or ``git log`` do, instead of with a traceback."""
    try:
        code = _command(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that flush is silent too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_CLOSED_PIPE
    return code


def _command(argv: list[str] | None) -> int:
    parser = build_parser(only=_chosen(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_CONFIG
    log = logs.setup(
        quiet=getattr(args, "quiet", False),
        verbose=getattr(args, "verbose", False),
        log_file=getattr(args, "log_file", None),
    )
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        handler: Handler = args.handler
        return handler(args)
    except KeyboardInterrupt:
        log.error("aggregator: interrupted")
        return EXIT_FAILED
    except BrokenPipeError:
        raise  # not a failure of the run: the reader of its output went away
    except Exception as exc:  # the run itself failed: say why, keep the traceback for the log
        if _raised(exc, "aggregator.sources", "SourcesError"):
            log.error("aggregator: invalid sources file: %s", exc)
            return EXIT_CONFIG
        if _raised(exc, "aggregator.ops.lock", "LockHeld"):
            log.error("aggregator: not started: %s", exc)
            return EXIT_LOCKED
        if _raised(exc, "aggregator.crawl.scrapyd", "ConfigError"):
            log.error("aggregator: %s", exc)
            return EXIT_CONFIG
        log.error("aggregator: the run failed: %s: %s", type(exc).__name__, exc)
        log.debug("traceback", exc_info=True)
        return EXIT_FAILED


def _raised(exc: Exception, module: str, name: str) -> bool:
    """Whether ``exc`` is the error ``name`` of ``module``: an invalid sources file (exit 2), a
    held lock (75), the scrapyd commands' ``ConfigError`` (2). Asked without importing those
    modules (Scrapy with the last) for every command: only a command that loaded one can have
    raised its error, and ``aggregator parse-dates`` starts faster without them."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(exc, getattr(loaded, name))


def _chosen(argv: list[str]) -> str:
    """The command named in ``argv`` (the first word that is not an option), "" for none."""
    return next((word for word in argv if not word.startswith("-")), "")


def _interrupt(signum: int, frame: object) -> None:
    """systemd stops a unit (and ends one past TimeoutStartSec) with SIGTERM, a terminal with
    SIGINT: stop the crawl child's process group (it does not share the run's), then record the
    run as interrupted and release the lock."""
    from aggregator.crawl import child

    name = signal.Signals(signum).name
    child.stop_all(name)
    raise KeyboardInterrupt(name)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Every command; with ``only``, the options of that command alone (the others are named
    with their help, which is all ``aggregator --help`` shows), so that a command loads only the
    modules its own options need: ``aggregator parse-dates`` neither Scrapy nor the feeds."""
    parser = argparse.ArgumentParser(
        prog="aggregator",
        description="Collect digitalisation events from organiser sites into feeds and SQLite.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, help_text: str, handler: Handler, *options: OptionGroup) -> None:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        if only is None or only == name:
            for add in options:
                add(p)

    run_options = (_sources_opt, _db_opt, _out_opt, _raw_opt, _publish_opts, _log_opt, _setting_opt)
    command(
        "run", "crawl every source, ingest, publish", cmd_run, *run_options, _lock_opt, _keep_opt
    )
    command(
        "schedule",
        "crawl every source as scrapyd jobs, wait for them, then ingest and publish",
        cmd_schedule,
        *run_options,
        _lock_opt,
        _keep_opt,
        _scrapyd_opts,
    )
    command(
        "crawl",
        "crawl the sources into raw JSON-lines under data/raw/<run-id>/",
        cmd_crawl,
        _sources_opt,
        _raw_opt,
        _log_opt,
        _setting_opt,
        _crawl_opts,
    )
    command(
        "ingest",
        "normalise, deduplicate and store raw files",
        cmd_ingest,
        _ingest_opts,
        _sources_opt,
        _db_opt,
        _raw_opt,
        _lock_opt,
    )
    command(
        "publish",
        "write the feeds and the page from the database",
        cmd_publish,
        _db_opt,
        _out_opt,
        _publish_opts,
        _lock_opt,
    )
    command(
        "status",
        "the last runs and the sources that need attention",
        cmd_status,
        _db_opt,
        _lock_opt,
        _status_opts,
    )
    command(
        "prune",
        "remove raw crawl files older than --keep-raw-days",
        cmd_prune,
        _db_opt,
        _raw_opt,
        _lock_opt,
        _keep_opt,
    )
    command(
        "demo",
        "run the whole job against the bundled demo sites on 127.0.0.1",
        cmd_demo,
        _db_opt,
        _out_opt,
        _demo_opts,
    )
    command(
        "clashes",
        "what else takes place around a date in a city or state (for choosing a date)",
        cmd_clashes,
        _db_opt,
        _clashes_opts,
    )
    command(
        "parse-dates",
        "parse one date/time text per line on stdin into JSON",
        cmd_dates,
        _dates_opts,
    )
    command("serve", "browse the database in Datasette", cmd_serve, _db_opt, _serve_opts)
    command(
        "sources",
        "list the sources and validate the file",
        cmd_sources,
        _sources_opt,
        _sources_opts,
    )
    return parser


def _crawl_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", action="append", help="only this source (repeatable)")


def _ingest_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("raw", nargs="*", help="raw .jsonl files or run directories (default: latest)")


def _status_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--runs", type=int, default=5, help="how many runs to show (default: %(default)s)"
    )
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the last run failed or a source needs attention",
    )


def _demo_opts(p: argparse.ArgumentParser) -> None:
    from feeds.options import DEFAULT_BASE_URL

    p.add_argument(
        "--work-dir",
        default="data/demo",
        help="raw files, HTTP cache and crawl log (default: %(default)s)",
    )
    p.add_argument(
        "--base-url",
        default=None,
        help=f"where public/ will be served (default: {DEFAULT_BASE_URL})",
    )


def _clashes_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", help="the date: 2027-03-23 or 23.03.2027 (default: today)")
    p.add_argument(
        "--days", type=int, default=3, help="days before and after it (default: %(default)s)"
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--city", help="a city, e.g. Dresden (default: anywhere)")
    where.add_argument("--region", help="a German state, e.g. Sachsen (default: anywhere)")
    p.add_argument("--topic", help="a topic, e.g. ki: its events first (default: none)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def _dates_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--tz", default="Europe/Berlin", help="the events' time zone (default: %(default)s)"
    )
    p.add_argument(
        "--reference",
        type=date.fromisoformat,
        help="today, for texts without a year (default: today, or AGGREGATOR_TODAY)",
    )
    p.add_argument(
        "--jobs",
        choices=("auto", "1", "2"),
        default="auto",
        help="processes that answer a large batch of lines: 2 shares it with a forked copy, "
        "auto when another core is idle (default: %(default)s)",
    )


def _serve_opts(p: argparse.ArgumentParser) -> None:
    from feeds.options import DEFAULT_BASE_URL

    p.add_argument(
        "--port", type=int, default=8001, help="port to listen on (default: %(default)s)"
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    p.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        help="where public/ is served: the feeds of a search link the event pages there "
        "(default: %(default)s)",
    )


def _sources_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the sources as JSON")
    p.add_argument("--discover", metavar="URL", help="print the source row auto would use")


def _sources_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", default="sources.toml", help="sources file (default: %(default)s)")


def _db_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default="events.db", help="SQLite file (default: %(default)s)")


def _out_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="public", help="output folder (default: %(default)s/)")


def _raw_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw-dir", default="data/raw", help="raw crawl files (default: %(default)s)")


def _log_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--log-file", help="append the log (and Scrapy's detailed log) to this file as well"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="on stderr, warnings and errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="debug messages too")


def _lock_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lock-file", help="lock file that keeps runs from overlapping (default: <db>.lock)"
    )


def _keep_opt(p: argparse.ArgumentParser) -> None:
    from aggregator.ops.prune import DEFAULT_KEEP_DAYS

    p.add_argument(
        "--keep-raw-days",
        type=float,
        default=DEFAULT_KEEP_DAYS,
        metavar="DAYS",
        help="remove raw crawl runs older than this; the newest is always kept (default: %(default)g)",
    )


def _scrapyd_opts(p: argparse.ArgumentParser) -> None:
    from aggregator.crawl.scrapyd import DEFAULT_POLL, DEFAULT_PROJECT, DEFAULT_TIMEOUT

    p.add_argument(
        "--scrapyd",
        action="append",
        required=True,
        metavar="URL",
        help="a scrapyd server, e.g. http://node1:6800/ (repeat to spread the sources)",
    )
    p.add_argument(
        "--project", default=DEFAULT_PROJECT, help="scrapyd project (default: %(default)s)"
    )
    p.add_argument(
        "--no-deploy",
        action="store_true",
        help="the project is already deployed (e.g. with scrapyd-deploy): do not upload an egg",
    )
    p.add_argument(
        "--node-raw-dir",
        help="the shared raw directory as the scrapyd nodes see it (default: --raw-dir)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="cancel jobs still running after this long (default: %(default)g)",
    )
    p.add_argument(
        "--poll",
        type=float,
        default=DEFAULT_POLL,
        metavar="SECONDS",
        help="how often to ask scrapyd about the jobs (default: %(default)g)",
    )


def _setting_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for the crawl, e.g. DOWNLOAD_TIMEOUT=10 (repeatable)",
    )


def _settings(args: argparse.Namespace) -> dict[str, str]:
    from aggregator.crawl.scrapyd import ConfigError

    settings = {}
    for item in args.setting:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ConfigError(f"--setting must be NAME=VALUE, got {item!r}")
        settings[name] = value
    return settings


def _publish_opts(p: argparse.ArgumentParser) -> None:
    from feeds.options import (
        DEFAULT_BASE_URL,
        DEFAULT_HORIZON_DAYS,
        DEFAULT_LIMIT,
        DEFAULT_PAGE_LIMIT,
    )

    p.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        help="where the output folder is served; feeds name themselves with it "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--horizon-days",
        type=int,
        default=DEFAULT_HORIZON_DAYS,
        help="feeds hold only events starting within this many days "
        "(default: no horizon, every upcoming event; --limit bounds the size)",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help="entries per feed at most, the soonest (default: %(default)s)",
    )
    p.add_argument(
        "--page-limit",
        type=int,
        default=DEFAULT_PAGE_LIMIT,
        help="events on index.html at most, the soonest (default: %(default)s)",
    )


def _options(args: argparse.Namespace) -> PublishOptions:
    from feeds.options import PublishOptions

    return PublishOptions(
        base_url=args.base_url,
        horizon_days=args.horizon_days,
        limit=args.limit,
        page_limit=args.page_limit,
    )


def _print_summary(summary: RunSummary) -> None:
    from aggregator.ops.pipeline import totals

    for line in summary.lines:
        print(line.render())
    if summary.report is not None:
        print(totals(summary.report))


def _lock(args: argparse.Namespace) -> RunLock:
    """Take the run lock, or raise :class:`LockHeld`; a lock left by a dead run is taken over."""
    from aggregator.ops.lock import RunLock, lock_path_for

    lock = RunLock(Path(args.lock_file) if args.lock_file else lock_path_for(args.db)).acquire()
    if lock.stale_holder:
        logs.get().warning(
            "took over the lock left by pid %s (started %s), which is no longer running",
            lock.stale_holder.get("pid", "?"),
            lock.stale_holder.get("started", "?"),
        )
    return lock


def _run_and_report(
    args: argparse.Namespace, prepare: Callable[[], dict[str, Any]] | None = None
) -> int:
    """A run under the lock; ``prepare`` (run once the lock is held) returns more ``run`` options."""
    from aggregator.ops.pipeline import run
    from aggregator.ops.progress import ProgressDisplay

    sources = _sources(args.sources)
    settings = _settings(args)
    with _lock(args):
        extra = prepare() if prepare else {}
        summary = run(
            sources,
            args.db,
            args.out,
            args.raw_dir,
            settings=settings,
            options=_options(args),
            log_file=args.log_file,
            progress=ProgressDisplay(),
            keep_raw_days=args.keep_raw_days,
            **extra,
        )
    summary.log()
    log = logs.get()
    log.info("published %d files to %s/", len(summary.published), args.out)
    if summary.pruned and summary.pruned.removed:
        log.info(
            "pruned %d old raw runs (%.1f MB)",
            len(summary.pruned.removed),
            summary.pruned.freed_bytes / 1e6,
        )
    return EXIT_FAILED if summary.failed else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    return _run_and_report(args)


def cmd_schedule(args: argparse.Namespace) -> int:
    from aggregator.crawl.scrapyd import (
        ConfigError,
        Scrapyd,
        ScrapydCrawler,
        build_egg,
        deploy,
        source_tree,
    )

    servers = [Scrapyd.parse(url) for url in args.scrapyd]
    settings = _settings(args)
    tree = None if args.no_deploy else source_tree()
    if not args.no_deploy and tree is None:
        raise ConfigError(
            "cannot build an egg: the code does not run from a project checkout; "
            "deploy with scrapyd-deploy and pass --no-deploy"
        )

    def deployed() -> dict[str, Any]:
        version, ready = None, servers
        if tree is not None:
            import tempfile

            with tempfile.TemporaryDirectory() as out:
                version, ready = deploy(servers, build_egg(tree, Path(out)), args.project)
        crawler = ScrapydCrawler(
            ready,
            project=args.project,
            version=version,
            node_raw_dir=args.node_raw_dir,
            settings=settings,
            timeout=args.timeout,
            poll=args.poll,
        )
        return {"crawler": crawler, "mode": "scrapyd"}

    return _run_and_report(args, deployed)


def cmd_crawl(args: argparse.Namespace) -> int:
    from aggregator.crawl.process import crawl

    sources = _select(_sources(args.sources), args.source)
    result = crawl(sources, args.raw_dir, settings=_settings(args), log_file=args.log_file)
    for stats in result.stats.values():
        why = stats.failure or "; ".join(stats.partial)
        print(
            f"{stats.source:<32} {stats.state:<7} pages={stats.pages} events={stats.events} "
            f"errors={stats.http_errors}" + (f"  ({why})" if why else "")
        )
    print(f"raw files in {result.run_dir}")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    from aggregator.ops.pipeline import ingest_step

    paths = [Path(p) for p in args.raw] or _latest_run(Path(args.raw_dir))
    if not paths:
        print(f"aggregator: no raw files in {args.raw_dir}", file=sys.stderr)
        return EXIT_CONFIG
    sources = _sources(args.sources) if Path(args.sources).exists() else None
    with _lock(args):
        summary = ingest_step(args.db, paths, sources)
    _print_summary(summary)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from aggregator.ops.pipeline import publish_step

    with _lock(args):
        written = publish_step(args.db, args.out, _options(args))
    print(
        f"published {len(written)} files to {args.out}/ (index.html, events.atom|rss|ics|json, ...)"
    )
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from aggregator import store
    from aggregator.ops import health, lock

    if not Path(args.db).exists():
        print(f"aggregator: no database at {args.db}: nothing has run yet", file=sys.stderr)
        return EXIT_CONFIG
    running = lock.holder(Path(args.lock_file) if args.lock_file else lock.lock_path_for(args.db))
    db = store.open_db(args.db)
    try:
        status = health.read_status(db, args.runs, running)
    finally:
        db.close()
    if args.json:
        print(json.dumps(status.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(health.render(status))
    return EXIT_FAILED if args.check and status.needs_attention else EXIT_OK


def cmd_prune(args: argparse.Namespace) -> int:
    from aggregator.ops.prune import prune_raw

    with _lock(args):
        result = prune_raw(args.raw_dir, args.keep_raw_days)
    for path in result.removed:
        print(f"removed {path}")
    print(f"{len(result.removed)} raw runs removed, {result.freed_bytes / 1e6:.1f} MB freed")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from aggregator.ops.demo import DEMO_ORIGIN, run_demo

    result = run_demo(args.out, args.db, args.work_dir, args.base_url)
    print(
        f"demo sites {DEMO_ORIGIN}/ served by {result.base_url} ({len(result.requests)} requests)"
    )
    _print_summary(result.summary)
    out = Path(args.out).resolve()
    print(
        f"\nfeeds and page: {out}/ (index.html, events.atom, events.rss, events.ics, e/, archiv/, "
        "nachberichte.atom)"
    )
    print(f"database:       {Path(args.db).resolve()}")
    for line in demo_hints(args.out, args.db, result.today):
        print(line)
    return EXIT_OK


def demo_hints(out: str, db: str, today: date) -> list[str]:
    """What to type next, as it works in this shell: the installation's own programs (a fresh
    clone has no ``aggregator`` on its PATH), and "today" as the demo had it, so that Datasette's
    "this month" queries show the demo's events."""
    here = Path.cwd()
    python, aggregator = Path(sys.executable), Path(sys.executable).parent / "aggregator"

    def typed(path: Path) -> str:
        return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)

    hints = [
        "",
        "open the page (search and filters work from the folder too: open index.html):",
        f"  $ {typed(python)} -m http.server --bind 127.0.0.1 --directory {out} 8000",
        "    then http://localhost:8000/",
        "browse the database in Datasette, on the demo's day:",
        f"  $ AGGREGATOR_TODAY={today.isoformat()} {typed(aggregator)} serve --db {db}",
        "    then http://127.0.0.1:8001/",
    ]
    if (here / "Makefile").is_file() and db == "events.db":
        hints.insert(-1, f"  $ make serve TODAY={today.isoformat()}")
    return hints


def cmd_clashes(args: argparse.Namespace) -> int:
    from aggregator import store
    from aggregator.ops import clashes

    try:
        day = clashes.read_day(args.date) if args.date else clock.today()
        topic = clashes.read_topic(args.topic) if (args.topic or "").strip() else ""
        if args.days < 0:
            raise ValueError(f"--days must be 0 or more, got {args.days}")
    except ValueError as exc:
        print(f"aggregator clashes: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if not Path(args.db).is_file():
        print(f"aggregator: no database at {args.db}: nothing has run yet", file=sys.stderr)
        return EXIT_CONFIG
    db = store.open_db(args.db)
    try:
        store.register_sql_functions(db.conn, clock.today())
        city, region = (args.city or "").strip(), (args.region or "").strip()
        found = clashes.find(db, day, args.days, city, region, topic)
    finally:
        db.close()
    if args.json:
        print(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(found.render())
    return EXIT_OK


def cmd_dates(args: argparse.Namespace) -> int:
    """Answers every complete line the pipe holds in one write (``available_lines``): a
    co-process that writes a line and waits gets its answer at once, a piped file does not pay
    one write per line, and a large batch is answered by two processes (``forked_half``)."""
    from aggregator.normalise.dates import parse_when
    from aggregator.ops.available_lines import Pipe, available_lines
    from aggregator.ops.date_lines import date_line
    from aggregator.ops.forked_half import ForkedHalf

    reference = args.reference or clock.today()
    tz = args.tz

    def answer(lines: list[str]) -> str:
        return "".join(
            date_line(text, parse_when(text, tz, reference)) for text in lines if text.strip()
        )

    out = sys.stdout
    stdin = cast(Pipe, sys.stdin.buffer)  # a BufferedReader, which typeshed calls BinaryIO
    with ForkedHalf(answer, share=None if args.jobs == "auto" else args.jobs == "2") as shared:
        for lines in available_lines(stdin, sys.stdin.encoding, sys.stdin.errors or "strict"):
            answers = shared.answered(lines)
            if answers:
                out.write(answers)
                out.flush()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from aggregator.ops.serve import MissingDatabase, serve

    try:
        return serve(args.db, host=args.host, port=args.port, base_url=args.base_url)
    except MissingDatabase:
        print(
            f"aggregator: no database at {args.db}: run `aggregator run` or `aggregator demo` "
            "first, or name the file with --db",
            file=sys.stderr,
        )
        return EXIT_CONFIG


def cmd_sources(args: argparse.Namespace) -> int:
    if args.discover:
        from aggregator.ops.discover import discover_source

        try:
            print(discover_source(args.discover))
        except (OSError, ValueError) as exc:  # urllib's errors are OSErrors
            print(f"aggregator: cannot read {args.discover}: {exc}", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK
    sources = _sources(args.sources)
    if args.json:
        print(json.dumps([s.to_dict() for s in sources], indent=2, ensure_ascii=False))
        return EXIT_OK
    for s in sources:
        flags = "" if s.enabled else " (disabled)"
        print(f"{s.name:<32} {s.kind:<8} {s.url}{flags}")
    print(f"{len(sources)} sources, file is valid: {args.sources}")
    return EXIT_OK


def _sources(path: str) -> list[Source]:
    """The sources file, each row's kind checked against the spiders this installation has."""
    from aggregator.crawl.kinds import source_kinds
    from aggregator.sources import load_sources

    return load_sources(path, source_kinds())


def _select(sources: list[Source], names: list[str] | None) -> list[Source]:
    if not names:
        return sources
    unknown = set(names) - {s.name for s in sources}
    if unknown:
        from aggregator.sources import SourcesError

        raise SourcesError(f"source {sorted(unknown)[0]!r}: key 'name': not in the sources file")
    return [s for s in sources if s.name in names]


def _latest_run(raw_root: Path) -> list[Path]:
    runs = sorted(p for p in raw_root.glob("*") if p.is_dir()) if raw_root.exists() else []
    return runs[-1:]


if __name__ == "__main__":
    sys.exit(main())
