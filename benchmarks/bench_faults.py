"""What each hostile case costs now: its outcome, the peak memory and the wall time of its crawl.

Run: ``.venv/bin/python benchmarks/bench_faults.py``

Each fault of the fault suite (``tests/integration/hostile_site.py``, the second, hostile version of
each source) is crawled on its own with ``aggregator crawl``, as a cron job would run it; the peak
RSS is that of the command's process tree (``os.wait4``: the command and its crawl child), the time
includes Python's and Scrapy's start (about 2 s). Then all faults in one crawl: one runaway source
must cost only itself.

The baseline, measured in the same run, is what the iCalendar spider did before with the
``RRULE:FREQ=SECONDLY`` calendar: recurring-ical-events' ``between()`` over the 365-day window,
which builds every occurrence (31.5 million) before the first is read; and the library's lazy
``after()`` for a dense rule that began in 2020, which steps through every second since then. Both
run in a child process capped at 1 GiB of address space and 60 s, which they do not finish in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration.hostile_site import CASES, FAST, ICAL, calendar, routes  # noqa: E402
from tests.integration.scripted_server import Reply, ScriptedServer  # noqa: E402

TODAY = "2026-11-27"
CAP_BYTES = 2**30
CAP_SECONDS = 60
SINCE_2020 = calendar(
    "BEGIN:VEVENT\r\nUID:seit-2020\r\nDTSTART;TZID=Europe/Berlin:20200101T000000\r\n"
    "DURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Sekundentakt seit 2020\r\nEND:VEVENT\r\n"
)
BASELINE = textwrap.dedent(
    """
    import resource, sys, time, itertools
    from datetime import date, datetime
    import icalendar, recurring_ical_events
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    text = sys.stdin.read()
    started = time.perf_counter()
    query = recurring_ical_events.of(icalendar.Calendar.from_ical(text), skip_bad_series=True)
    try:
        if sys.argv[1] == "between":
            found = len(query.between(date(2026, 11, 26), date(2027, 11, 26)))
        else:
            found = sum(1 for _ in itertools.islice(query.after(datetime(2026, 11, 26)), 500))
        print(f"{{found}} occurrences", flush=True)
    except MemoryError:
        print(f"MemoryError after {{time.perf_counter() - started:.1f}} s", flush=True)
    """
).format(cap=CAP_BYTES)


def measured(
    command: list[str], stdin: str | None = None, cap: float | None = None
) -> tuple[list[str], float, float]:
    """(the lines the command printed, peak RSS in MB of its process tree, wall seconds)."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env={**os.environ, "AGGREGATOR_TODAY": TODAY, "PYTHONPATH": str(ROOT)},
        )
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        timer = threading.Timer(cap, proc.kill) if cap else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if timer:
            timer.cancel()
        out.seek(0)
        lines = [line.strip() for line in out if line.strip()]
    if proc.returncode == -9 and cap:
        lines.append(f"stopped at the {cap:g} s cap, unfinished")
    return lines, usage.ru_maxrss / 1024, seconds


def crawl_command(sources: str, work: Path) -> list[str]:
    """``aggregator crawl`` of these sources into ``work``, fast as the fault suite runs it."""
    work.mkdir()
    path = work / "sources.toml"
    path.write_text(sources, "utf-8")
    settings = [f"--setting={k}={v}" for k, v in FAST.items()]
    command = [sys.executable, "-m", "aggregator", "crawl", "--sources", str(path)]
    return [*command, "--raw-dir", str(work / "raw"), *settings]


def row(name: str, url: str, kind: str, extra: str = "") -> str:
    text = f'[[source]]\nname = "{name}"\nurl = "{url}"\nkind = "{kind}"\n'
    return text + (f"[source.selectors]\n{extra}\n" if extra else "")


def outcome(line: str) -> str:
    """``state (why)`` from a line of ``aggregator crawl``."""
    parts = line.split(None, 2)
    if len(parts) < 2:
        return line
    why = line.split("  (", 1)[1].rstrip(")") if "  (" in line else ""
    return f"{parts[1]}" + (f": {why[:90]}" if why else "")


def main() -> None:
    held = threading.Event()
    print(f"{'case':<22} {'outcome':<70} {'peak MB':>8} {'seconds':>8}")
    with ScriptedServer({"/admin": [Reply(200, "geheim")]}) as admin, ScriptedServer({}) as site:
        hostile = {
            path: replies[1:] if len(replies) > 1 else replies
            for path, replies in routes(site.base_url, admin.base_url, held).items()
        }
        site.routes.update(hostile)
        site.routes["/seit-2020.ics"] = [Reply(200, SINCE_2020, ICAL)]
        with tempfile.TemporaryDirectory() as tmp:
            for case in CASES:
                sources = row(case.name, site.base_url + case.path, case.kind, case.extra)
                lines, mb, seconds = measured(crawl_command(sources, Path(tmp) / case.name))
                print(f"{case.name:<22} {outcome(lines[0])[:70]:<70} {mb:>8.0f} {seconds:>8.1f}")
            sources = row("seit-2020", f"{site.base_url}/seit-2020.ics", "ical")
            lines, mb, seconds = measured(crawl_command(sources, Path(tmp) / "seit-2020"))
            print(f"{'seit-2020':<22} {outcome(lines[0])[:70]:<70} {mb:>8.0f} {seconds:>8.1f}")
            everything = "\n".join(
                row(c.name, site.base_url + c.path, c.kind, c.extra) for c in CASES
            )
            lines, mb, seconds = measured(crawl_command(everything, Path(tmp) / "all"))
            states = [line.split()[1] for line in lines[:-1]]
            summary = ", ".join(f"{states.count(s)} {s}" for s in ("ok", "partial", "failed"))
            print(f"{'all in one crawl':<22} {summary:<70} {mb:>8.0f} {seconds:>8.1f}")
        held.set()
    print(
        f"\nbaseline: the expansion before (capped at {CAP_BYTES / 2**30:g} GiB, {CAP_SECONDS} s)"
    )
    secondly = routes("http://x", "http://y", held)["/sekundentakt.ics"][1].body
    for label, mode, text in (
        ("between() 365 days", "between", secondly),
        ("after() since 2020", "after", SINCE_2020),
    ):
        lines, mb, seconds = measured(
            [sys.executable, "-c", BASELINE, mode], stdin=str(text), cap=CAP_SECONDS
        )
        print(f"{label:<22} {lines[-1] if lines else '':<70} {mb:>8.0f} {seconds:>8.1f}")


if __name__ == "__main__":
    main()
