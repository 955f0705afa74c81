"""Crawling on scrapyd: real scrapyd servers on 127.0.0.1, the project deployed as an egg, the
recorded sites crawled by scheduled jobs, and the database compared with a local run."""

from __future__ import annotations

import base64
import configparser
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from aggregator.crawl.scrapyd import (
    Scrapyd,
    ScrapydCrawler,
    ScrapydError,
    build_egg,
    deploy,
    egg_version,
    source_tree,
)
from aggregator.ops.cli import EXIT_OK, main
from aggregator.ops.demo import FAST_LOCAL, demo_root
from aggregator.ops.pipeline import run
from feeds.publish import PublishOptions
from tests.integration.crawling import sources_for
from tests.integration.processes import drain, free_port, wait_for_line
from tests.support import ROOT

EXAMPLE_CONF = ROOT / "deploy" / "scrapyd" / "scrapyd.conf"
SOURCES = (
    (demo_root() / "sources.toml").read_text("utf-8")
    + """
[[source]]
name = "verschwunden"
url = "{base}/gibt-es-nicht/"
kind = "jsonld"
"""
)
"""The five demo organiser sites (every source kind) and one that answers 404."""


def start_scrapyd(home: Path) -> tuple[subprocess.Popen, str]:
    """scrapyd as pip installed it, from its own directory, configured by the deploy/ example
    with only the address and the directories changed; ready once Twisted says its site listens."""
    home.mkdir()
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(EXAMPLE_CONF)
    section = conf["scrapyd"]
    port = free_port()
    section.update(
        bind_address="127.0.0.1",
        http_port=str(port),
        poll_interval="0.2",
        max_proc="4",
        eggs_dir=str(home / "eggs"),
        dbs_dir=str(home / "dbs"),
        logs_dir=str(home / "logs"),
    )
    with open(home / "scrapyd.conf", "w") as handle:
        conf.write(handle)
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"],
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = open(home / "scrapyd.log", "w")  # noqa: SIM115 (written by the drain thread)
    try:
        _, said = wait_for_line(
            proc.stdout, lambda line: f"Site starting on {port}" in line, "scrapyd listened"
        )
    except AssertionError:
        stop(proc)
        raise
    log.writelines(said)
    drain(proc.stdout, log)
    return proc, f"http://{section['username']}:{section['password']}@127.0.0.1:{port}/"


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def scrapyd_servers(tmp_path) -> Iterator[list[str]]:
    with ThreadPoolExecutor(2) as pool:
        started = list(pool.map(start_scrapyd, [tmp_path / "node1", tmp_path / "node2"]))
    yield [url for _, url in started]
    for proc, _ in started:
        stop(proc)


def table(db: Path, sql: str) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql)]
    finally:
        conn.close()


def test_egg_holds_the_project_and_names_its_settings(tmp_path):
    tree = source_tree()
    assert tree is not None, "tests run from the project checkout"
    egg = build_egg(tree, tmp_path)
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    for module in ("aggregator/settings.py", "aggregator/crawl/stats.py", "spiders/jsonld.py"):
        assert module in names
    assert "feeds/__init__.py" in names
    assert not any(name.startswith("tests/") for name in names)
    assert "[scrapy]\nsettings = aggregator.settings" in entry_points
    assert egg_version(egg) == egg_version(build_egg(tree, tmp_path / "again")), (
        "the version follows the content, not the build time"
    )
    assert not (tree / "build").exists(), "the build leaves the checkout as it was"


def test_scheduled_crawl_on_two_scrapyd_servers_matches_a_local_run(
    site_server, scrapyd_servers, tmp_path, capsys
):
    server = site_server(demo_root())
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(SOURCES.replace("{base}", server.base_url), "utf-8")
    settings = [f"--setting={k}={v}" for k, v in FAST_LOCAL.items()]
    argv = [
        "schedule",
        *(f"--scrapyd={url}" for url in scrapyd_servers),
        f"--sources={sources_file}",
        f"--db={tmp_path / 'scrapyd.db'}",
        f"--out={tmp_path / 'public-scrapyd'}",
        f"--raw-dir={tmp_path / 'shared-raw'}",
        "--base-url=https://termine.example.org/",
        "--poll=0.2",
        "--timeout=180",
        *settings,
    ]
    assert main(argv) == EXIT_OK, capsys.readouterr().err

    local = run(
        sources_for(server, SOURCES),
        tmp_path / "local.db",
        tmp_path / "public-local",
        raw_root=tmp_path / "local-raw",
        settings=dict(FAST_LOCAL, HTTPCACHE_DIR=str(tmp_path / "cache")),
        options=PublishOptions(base_url="https://termine.example.org/"),
    )
    assert {line.name for line in local.lines if not line.ok} == {"verschwunden"}
    remote_db, local_db = tmp_path / "scrapyd.db", tmp_path / "local.db"
    for sql in (
        "select * from events order by id",
        "select * from event_sources order by source, key",
        "select name, last_status, last_events, last_failure, consecutive_failures from sources",
    ):
        assert table(remote_db, sql) == table(local_db, sql), sql
    assert len(table(remote_db, "select id from events")) == 45, "the demo's distinct events"

    (remote_run,) = table(remote_db, "select * from runs")
    (local_run,) = table(local_db, "select * from runs")
    assert (remote_run["mode"], remote_run["status"]) == ("scrapyd", "done")
    assert json.loads(remote_run["results"]) == json.loads(local_run["results"])
    for name in ("events.atom", "events.rss", "events.ics", "index.html"):
        remote = (tmp_path / "public-scrapyd" / name).read_bytes()
        assert remote == (tmp_path / "public-local" / name).read_bytes(), name

    finished = []
    for url in scrapyd_servers:
        listing = Scrapyd.parse(url).get("listjobs", project="aggregator")
        finished.append(sorted(job["spider"] for job in listing["finished"]))
    assert all(finished), f"the sources were spread over both servers: {finished}"
    anonymous = Scrapyd.parse(scrapyd_servers[0].replace("aggregator:change-me@", ""))
    with pytest.raises(ScrapydError, match="HTTP 401"):
        anonymous.get("listjobs", project="aggregator")
    assert sorted(sum(finished, [])) == ["auto", "html", "jsonld", "jsonld", "rss", "tribe"]
    raw_files = sorted(p.name for p in (tmp_path / "shared-raw").glob("*/*"))
    assert raw_files == sorted(
        f"{name}.{ext}"
        for name in (line.name for line in local.lines)
        for ext in ("jsonl", "stats.json")
    ), "each job wrote its raw items and stats to the shared directory, nothing else stayed"

    versions = [
        Scrapyd.parse(url).get("listversions", project="aggregator") for url in scrapyd_servers
    ]
    assert [v["versions"] for v in versions] == [[versions[0]["versions"][0]]] * 2
    egg = build_egg(source_tree(), tmp_path / "egg")
    servers = [Scrapyd.parse(url) for url in scrapyd_servers]
    assert deploy(servers, egg) == (versions[0]["versions"][0], servers)
    assert [
        Scrapyd.parse(url).get("listversions", project="aggregator")["versions"]
        for url in scrapyd_servers
    ] == [v["versions"] for v in versions], "unchanged code is not uploaded again"


class StubScrapyd(BaseHTTPRequestHandler):
    """Just enough of scrapyd's API to see how the client behaves when jobs never end."""

    calls: list[tuple[str, dict, str | None]] = []

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode() if length else query)
        self.calls.append((path, form, self.headers.get("Authorization")))
        if path == "/schedule.json" and form["spider"] == ["rss"]:
            body = {"status": "error", "message": "spider 'rss' not found"}
        elif path == "/schedule.json":
            body = {"status": "ok", "jobid": f"job-{form['spider'][0]}"}
        elif path == "/listjobs.json":
            body = {"status": "ok", "pending": [], "running": [{"id": "job-ical"}], "finished": []}
        else:
            body = {"status": "ok", "prevstate": "running"}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub_scrapyd() -> Iterator[str]:
    StubScrapyd.calls = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), StubScrapyd)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://ops:geheim@127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_jobs_that_never_end_are_cancelled_and_refusals_are_failed_sources(stub_scrapyd, tmp_path):
    sources = sources_for_kinds(["ical", "rss", "jsonld"])
    dead = f"http://127.0.0.1:{free_port()}/"
    crawler = ScrapydCrawler(
        [Scrapyd.parse(stub_scrapyd), Scrapyd.parse(stub_scrapyd), Scrapyd.parse(dead)],
        timeout=1,
        poll=0.1,
    )
    result = crawler(sources, tmp_path / "raw", "R1")
    failures = {name: stats.failure for name, stats in result.stats.items()}
    assert not any(stats.ok for stats in result.stats.values())
    assert failures["quelle-ical"].startswith("did not finish within 1 s (job job-ical")
    assert "spider 'rss' not found" in failures["quelle-rss"]
    assert "cannot connect" in failures["quelle-jsonld"]
    cancels = [form for path, form, _ in StubScrapyd.calls if path == "/cancel.json"]
    assert cancels == [{"project": ["aggregator"], "job": ["job-ical"]}]
    expected = "Basic " + base64.b64encode(b"ops:geheim").decode()
    assert all(auth == expected for _, _, auth in StubScrapyd.calls)
    (schedule,) = [
        f for p, f, _ in StubScrapyd.calls if p == "/schedule.json" and "ical" in f["spider"]
    ]
    settings = dict(s.split("=", 1) for s in schedule["setting"])
    assert settings["AGGREGATOR_RAW_DIR"] == str((tmp_path / "raw").resolve())
    assert "FEEDS" not in settings, "the project's RawFileWriter writes the raw files"
    assert json.loads(schedule["source"][0])["name"] == "quelle-ical"
    assert schedule["run_id"] == ["R1"]


def test_deploy_leaves_out_a_node_that_is_down(stub_scrapyd, tmp_path):
    egg = tmp_path / "project.egg"
    with zipfile.ZipFile(egg, "w") as archive:
        archive.writestr("aggregator/__init__.py", "")
    alive, dead = Scrapyd.parse(stub_scrapyd), Scrapyd.parse(f"http://127.0.0.1:{free_port()}/")
    version, ready = deploy([dead, alive], egg)
    assert ready == [alive] and version == egg_version(egg)
    (upload,) = [form for path, form, _ in StubScrapyd.calls if path == "/addversion.json"]
    assert upload["version"] == [version] and upload["project"] == ["aggregator"]
    with pytest.raises(ScrapydError, match="no scrapyd server"):
        deploy([dead], egg)


def sources_for_kinds(kinds: list[str]):
    from aggregator.sources import parse_sources

    toml = "".join(
        f'[[source]]\nname = "quelle-{kind}"\nurl = "https://{kind}.example.org/"\nkind = "{kind}"\n'
        for kind in kinds
    )
    return parse_sources(toml)
