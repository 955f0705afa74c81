"""``kill -9`` at random points of real runs: during the crawl (when the site receives its k-th
request), between crawl and ingest, inside ingest, inside publish. After every kill: the database
passes ``PRAGMA integrity_check``, ``public/`` holds the files of one publish only and every one of
them parses, there are no staging files in it, no crawl child is left and the lock is free; after
the last kill, a run succeeds, leaves no staging folder and records the killed runs as
interrupted.

Each run is told apart by what the site says: its one conference is "Ausgabe <n>" in the n-th run
that reads it, so a ``public/`` mixing two publishes would hold two numbers. The kills are chosen
by a seeded generator (``KILL_SEED`` to replay a sequence) and bounded by their count, not by time.
"""

from __future__ import annotations

import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import feedparser
import icalendar

from aggregator.ops import lock
from feeds import fingerprint
from tests.integration.hostile_site import FAST, HTML, ICAL, calendar, event, page, vevent
from tests.integration.processes import alive, children_of
from tests.integration.scripted_server import Reply, ScriptedServer
from tests.support import ROOT, TODAY

KILLS = 21
SEED = int(os.environ.get("KILL_SEED", "20261127"))
RUNS_AT_MOST = 60
"""Runs the loop may start to reach its kills (a kill point a run does not reach lets it finish)."""
POINTS = [
    # (phase, MODULE:NAME, the calls a run makes of it at least)
    ("crawl", "aggregator.crawl.process:crawl", 1),
    ("crawl-to-ingest", "aggregator.ops.pipeline:ingest_step", 1),
    ("ingest", "aggregator.ingest.parallel:normalise", 1),
    ("ingest", "aggregator.store:write_events", 1),
    ("ingest", "aggregator.store:record_source_result", 2),
    ("record", "aggregator.store:record_run", 3),
    ("publish", "feeds.publish:render_all", 1),
    ("publish", "feeds.staging:_write", 40),
    ("publish", "feeds.staging:_switch", 1),
    ("publish", "feeds.staging:_remove", 3),
]
"""Where a kill may fall besides the crawl's requests: before the n-th call of these."""
EDITION = re.compile(r"Ausgabe (\d+)")


def forum(edition: int) -> str:
    return calendar(
        vevent(
            "forum",
            f"Digitalforum Sachsen, Ausgabe {edition}",
            "20270513T090000",
            "20270513T170000",
        ),
        vevent("stammtisch", "KI-Stammtisch Leipzig", "20270304T180000"),
    )


def start(workdir: Path, killpoint: tuple[str, int] | None) -> subprocess.Popen:
    command = [sys.executable, "-m", "aggregator"]
    if killpoint is not None:
        command = [
            sys.executable,
            "-m",
            "tests.integration.killpoint",
            killpoint[0],
            str(killpoint[1]),
        ]
    command += ["run", "--keep-raw-days", "0", *(f"--setting={k}={v}" for k, v in FAST.items())]
    return subprocess.Popen(
        command,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "AGGREGATOR_TODAY": TODAY},
    )


class KillAtRequest:
    """The server's request hook: kill the run (-9) when its k-th request arrives, noting the
    crawl child that sent it."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.seen = 0
        self.run: subprocess.Popen | None = None
        self.children: list[int] = []

    def __call__(self, target: str) -> None:
        self.seen += 1
        if self.seen == self.k and self.run is not None:
            self.children = children_of(self.run.pid)
            os.kill(self.run.pid, signal.SIGKILL)


def wait_until_gone(pid: int) -> None:
    """A process that is not our child, awaited by its pidfd becoming readable (its exit)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        ready, _, _ = select.select([fd], [], [], 60)
        assert ready, f"process {pid} is still running a minute after its run was killed"
    finally:
        os.close(fd)


def editions(public: Path) -> set[int]:
    """The conference's edition numbers in every published file, each file parsed first."""
    found: set[int] = set()
    for path in public.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in (".atom", ".rss"):
            assert not feedparser.parse(data).bozo, path
        elif path.suffix == ".ics":
            icalendar.Calendar.from_ical(data)
        elif path.suffix == ".json":
            json.loads(data)
        text = data.decode("utf-8").replace("\r\n ", "")
        found.update(int(n) for n in EDITION.findall(text))
    return found


def check_after_a_kill(workdir: Path, what: str) -> None:
    with sqlite3.connect(workdir / "events.db") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok", what
    public = workdir / "public"
    if public.exists():
        assert len(editions(public)) <= 1, f"{what}: public/ mixes publishes"
        debris = [
            p
            for p in public.rglob("*")
            if (p.name.startswith(".") and p.name != fingerprint.FILE) or p.suffix == ".tmp"
        ]
        assert debris == [], f"{what}: staging files in public/"
    assert lock.holder(workdir / "events.db.lock") is None, f"{what}: the lock is still held"


def test_kill_9_at_random_points_loses_nothing(tmp_path):
    rng = random.Random(SEED)
    replies = [Reply(200, forum(n), ICAL) for n in range(1, RUNS_AT_MOST + 2)]
    listing = page(event("Cloud-Tag Mittelstand", "2027-04-08T14:00:00+02:00", "Leipzig"))
    with ScriptedServer({"/forum.ics": replies, "/termine/": [Reply(200, listing, HTML)]}) as site:
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "forum"\nurl = "{site.base_url}/forum.ics"\nkind = "ical"\n'
            f'[[source]]\nname = "termine"\nurl = "{site.base_url}/termine/"\nkind = "jsonld"\n'
        )
        first = start(tmp_path, None)
        assert first.wait(300) == 0, first.stderr.read()
        kills: list[str] = []
        for _ in range(RUNS_AT_MOST):
            if len(kills) >= KILLS:
                break
            at_request = KillAtRequest(rng.randint(1, 4))
            if rng.random() < 0.3:  # during the crawl: at the site's k-th request of this run
                what = f"crawl, request {at_request.k}"
                site.on_request = at_request
                run = at_request.run = start(tmp_path, None)
            else:
                phase, target, calls = rng.choice(POINTS)
                n = rng.randint(1, calls)
                what = f"{phase}, call {n} of {target}"
                run = start(tmp_path, (target, n))
            code = run.wait(300)
            site.on_request = None
            if code != -signal.SIGKILL:
                assert code == 0, f"{what}: {run.stderr.read()}"
                continue
            kills.append(what)
            for pid in at_request.children:
                wait_until_gone(pid)
                assert not alive(pid)
            check_after_a_kill(tmp_path, what)
        assert len(kills) >= KILLS, f"only {len(kills)} kills in {RUNS_AT_MOST} runs (seed {SEED})"
        phases = {what.split(",")[0] for what in kills}
        assert {"crawl", "ingest", "publish"} <= phases, kills
        last = start(tmp_path, None)
        assert last.wait(300) == 0, last.stderr.read()
    assert editions(tmp_path / "public") == {site.calls["/forum.ics"]}, "the last run's edition"
    assert (
        not (tmp_path / "public.staging").exists() and not (tmp_path / "public.previous").exists()
    )
    with sqlite3.connect(tmp_path / "events.db") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        statuses = [r[0] for r in conn.execute("select status from runs order by rowid")]
    assert "running" not in statuses
    before_the_row = "record, call 1 of aggregator.store:record_run"  # killed before it existed
    assert statuses.count("interrupted") == len([k for k in kills if k != before_the_row])
    assert statuses[-1] == "done"
    fresh = subprocess.run(
        [sys.executable, "-m", "aggregator", "publish", "--out", "fresh"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "AGGREGATOR_TODAY": TODAY},
    )
    assert fresh.returncode == 0, fresh.stderr
    assert published(tmp_path / "public") == published(tmp_path / "fresh"), (
        "files taken over from earlier publishes by their fingerprints are what a publish into "
        "an empty folder makes, whatever the kills interrupted"
    )


def published(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != fingerprint.FILE
    }
