"""The ``aggregator`` command.

Exit codes: 0 the command completed (a run completes even when some sources failed), 1 the run itself
failed, 2 bad configuration or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from aggregator import clock
from aggregator.sources import Source, SourcesError, load_sources

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_CONFIG
    try:
        return args.handler(args)
    except SourcesError as exc:
        print(f"aggregator: invalid sources file: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        print("aggregator: interrupted", file=sys.stderr)
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aggregator",
        description="Collect digitalisation events from organiser sites into feeds and SQLite.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("run", "crawl every source, ingest, publish", cmd_run)
    _sources_opt(p), _db_opt(p), _out_opt(p), _raw_opt(p), _publish_opts(p), _log_opt(p)
    p = command(
        "crawl", "crawl the sources into raw JSON-lines under data/raw/<run-id>/", cmd_crawl
    )
    _sources_opt(p), _raw_opt(p), _log_opt(p)
    p.add_argument("--source", action="append", help="only this source (repeatable)")
    p = command("ingest", "normalise, deduplicate and store raw files", cmd_ingest)
    p.add_argument("raw", nargs="*", help="raw .jsonl files or run directories (default: latest)")
    _sources_opt(p), _db_opt(p), _raw_opt(p)
    p = command("publish", "write the feeds and the page from the database", cmd_publish)
    _db_opt(p), _out_opt(p), _publish_opts(p)
    p = command("demo", "run the whole job against the bundled demo sites on 127.0.0.1", cmd_demo)
    _db_opt(p), _out_opt(p)
    p.add_argument("--work-dir", default="data/demo", help="raw files, HTTP cache and crawl log")
    p.add_argument("--base-url", default=None, help="where public/ will be served")
    p = command("parse-dates", "parse one date/time text per line on stdin into JSON", cmd_dates)
    p.add_argument("--tz", default="Europe/Berlin", help="the events' time zone")
    p.add_argument("--reference", type=date.fromisoformat, help="today, for texts without a year")
    p = command("serve", "browse the database in Datasette", cmd_serve)
    _db_opt(p)
    p.add_argument("--port", type=int, default=8001)
    p.add_argument("--host", default="127.0.0.1")
    p = command("sources", "list the sources and validate the file", cmd_sources)
    _sources_opt(p)
    p.add_argument("--json", action="store_true", help="print the sources as JSON")
    p.add_argument("--discover", metavar="URL", help="print the source row auto would use")
    return parser


def _sources_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", default="sources.toml", help="sources file (default: %(default)s)")


def _db_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default="events.db", help="SQLite file (default: %(default)s)")


def _out_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="public", help="output folder (default: %(default)s/)")


def _raw_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw-dir", default="data/raw", help="raw crawl files (default: %(default)s)")


def _log_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--log-file", help="append Scrapy's log to this file")


def _publish_opts(p: argparse.ArgumentParser) -> None:
    from feeds.publish import DEFAULT_BASE_URL
    from feeds.selection import DEFAULT_HORIZON_DAYS, DEFAULT_LIMIT

    p.add_argument("--base-url", default=DEFAULT_BASE_URL, help="where the output is served")
    p.add_argument("--horizon-days", type=int, default=DEFAULT_HORIZON_DAYS)
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="entries per feed at most")


def _options(args: argparse.Namespace):
    from feeds.publish import PublishOptions

    return PublishOptions(args.base_url, args.horizon_days, args.limit)


def _print_summary(summary) -> None:
    for line in summary.lines:
        print(line.render())
    if summary.report is not None:
        r = summary.report
        print(
            f"events: {r.new} new, {r.updated} updated, {r.unchanged} unchanged, "
            f"{r.removed} removed, {r.dropped} dropped"
        )


def cmd_run(args: argparse.Namespace) -> int:
    from aggregator.pipeline import run

    sources = load_sources(args.sources)
    summary = run(
        sources, args.db, args.out, args.raw_dir, options=_options(args), log_file=args.log_file
    )
    _print_summary(summary)
    print(f"published {len(summary.published)} files to {args.out}/")
    return EXIT_OK


def cmd_crawl(args: argparse.Namespace) -> int:
    from aggregator.pipeline import crawl_step

    sources = _select(load_sources(args.sources), args.source)
    result = crawl_step(sources, args.raw_dir, log_file=args.log_file)
    for stats in result.stats.values():
        state = "ok" if stats.ok else "failed"
        print(
            f"{stats.source:<32} {state:<6} pages={stats.pages} events={stats.events} "
            f"errors={stats.http_errors}" + (f"  ({stats.failure})" if stats.failure else "")
        )
    print(f"raw files in {result.run_dir}")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    from aggregator.pipeline import ingest_step

    paths = [Path(p) for p in args.raw] or _latest_run(Path(args.raw_dir))
    if not paths:
        print(f"aggregator: no raw files in {args.raw_dir}", file=sys.stderr)
        return EXIT_CONFIG
    sources = load_sources(args.sources) if Path(args.sources).exists() else None
    summary = ingest_step(args.db, paths, sources)
    _print_summary(summary)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from aggregator.pipeline import publish_step

    written = publish_step(args.db, args.out, _options(args))
    for path in written:
        print(path)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from aggregator.demo import run_demo

    result = run_demo(args.out, args.db, args.work_dir, args.base_url)
    print(f"demo sites served at {result.base_url} ({len(result.requests)} requests)")
    _print_summary(result.summary)
    out = Path(args.out).resolve()
    print(f"\nfeeds and page: {out}/ (events.atom, events.rss, events.ics, index.html)")
    print(f"database:       {Path(args.db).resolve()}")
    print(
        f"browse the page:     python -m http.server -d {args.out} 8000  -> http://localhost:8000/"
    )
    print(f"browse the database: aggregator serve --db {args.db}")
    return EXIT_OK


def cmd_dates(args: argparse.Namespace) -> int:
    from aggregator.dates import parse_when, to_iso

    reference = args.reference or clock.today()
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        when = parse_when(text, tz=args.tz, reference=reference)
        out = {
            "text": text,
            "start": to_iso(when.start) if when else None,
            "end": to_iso(when.end) if when and when.end is not None else None,
            "all_day": when.all_day if when else None,
        }
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from aggregator.serve import serve

    return serve(args.db, host=args.host, port=args.port)


def cmd_sources(args: argparse.Namespace) -> int:
    if args.discover:
        from aggregator.discover import discover_source

        try:
            print(discover_source(args.discover))
        except (OSError, ValueError) as exc:  # urllib's errors are OSErrors
            print(f"aggregator: cannot read {args.discover}: {exc}", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK
    sources = load_sources(args.sources)
    if args.json:
        print(json.dumps([s.to_dict() for s in sources], indent=2, ensure_ascii=False))
        return EXIT_OK
    for s in sources:
        flags = "" if s.enabled else " (disabled)"
        print(f"{s.name:<32} {s.kind:<8} {s.url}{flags}")
    print(f"{len(sources)} sources, file is valid: {args.sources}")
    return EXIT_OK


def _select(sources: list[Source], names: list[str] | None) -> list[Source]:
    if not names:
        return sources
    unknown = set(names) - {s.name for s in sources}
    if unknown:
        raise SourcesError(f"source {sorted(unknown)[0]!r}: key 'name': not in the sources file")
    return [s for s in sources if s.name in names]


def _latest_run(raw_root: Path) -> list[Path]:
    runs = sorted(p for p in raw_root.glob("*") if p.is_dir()) if raw_root.exists() else []
    return runs[-1:]


if __name__ == "__main__":
    sys.exit(main())
