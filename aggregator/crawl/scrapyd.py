"""``aggregator schedule``: crawl every source as a scrapyd job, spread over one or more servers.

Crawling is what outgrows one machine; scrapyd already runs Scrapy spiders as jobs on many. Each
source becomes one ``schedule.json`` call for the spider of its kind, with the source row as a JSON
``source`` argument (the egg carries no sources.toml) and settings that point the job's raw JSON-lines
and its stats file at a directory every node and this machine share. This process waits for the jobs
(polling ``listjobs.json``), and the caller then ingests the directory as the single writer.

The HTTP calls use the standard library with timeouts, so a node that hangs cannot hang a cron job.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aggregator.crawl.process import CrawlResult
from aggregator.model.crawl_stats import CrawlStats, stats_path
from aggregator.sources import Source

LOG = logging.getLogger("aggregator.schedule")
"""Under the commands' logger (``aggregator.ops.logs``), which shows it on stderr."""

DEFAULT_PROJECT = "aggregator"
DEFAULT_TIMEOUT = 4 * 3600.0
DEFAULT_POLL = 5.0
EGG_PACKAGES = ("aggregator", "spiders", "feeds")
RENDER_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


class ScrapydError(RuntimeError):
    """A scrapyd server could not be reached or refused a request."""


class ConfigError(ValueError):
    """The command cannot work as configured (exit code 2)."""


@dataclass(frozen=True)
class Scrapyd:
    """One scrapyd server; credentials may be given in the URL (``http://user:pass@host:6800``)."""

    url: str
    authorization: str | None = field(default=None, repr=False)
    timeout: float = 60.0

    @classmethod
    def parse(cls, url: str, timeout: float = 60.0) -> Scrapyd:
        parts = urllib.parse.urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"not a scrapyd URL: {url!r}")
        authorization = None
        if parts.username is not None:
            pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            authorization = "Basic " + base64.b64encode(pair.encode()).decode()
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(f"{parts.scheme}://{netloc}{path}", authorization, timeout)

    def get(self, endpoint: str, **params: str) -> dict[str, Any]:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return self._call(urllib.request.Request(f"{self.url}{endpoint}.json{query}"))

    def post(self, endpoint: str, data: list[tuple[str, str | bytes]]) -> dict[str, Any]:
        body = urllib.parse.urlencode(data).encode("ascii")
        request = urllib.request.Request(f"{self.url}{endpoint}.json", data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        return self._call(request)

    def _call(self, request: urllib.request.Request) -> dict[str, Any]:
        if self.authorization:
            request.add_header("Authorization", self.authorization)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise ScrapydError(f"{self.url}: HTTP {exc.code} for {request.full_url}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ScrapydError(f"{self.url}: cannot connect ({reason})") from None
        except ValueError:
            raise ScrapydError(f"{self.url}: answer is not JSON ({request.full_url})") from None
        if not isinstance(data, dict):
            raise ScrapydError(f"{self.url}: answer is not a JSON object ({request.full_url})")
        if data.get("status") != "ok":
            raise ScrapydError(f"{self.url}: {data.get('message') or data}")
        return data


@dataclass
class Job:
    source: Source
    server: Scrapyd
    jobid: str | None = None
    state: str = "pending"
    """pending | running | finished | failed (could not be scheduled) | timeout"""
    error: str | None = None


def source_tree() -> Path | None:
    """The project checkout the running code comes from, if it is one (an egg needs the source)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "setup.py").is_file() and (root / "pyproject.toml").is_file() else None


def build_egg(tree: Path, out_dir: Path) -> Path:
    """Build the project's egg as ``scrapyd-deploy`` would, without leaving files in the tree."""
    with tempfile.TemporaryDirectory(prefix="aggregator-egg-") as work:
        command = [
            sys.executable,
            "setup.py",
            "-q",
            "egg_info",
            "--egg-base",
            work,
            "build",
            "--build-base",
            f"{work}/build",
            "bdist_egg",
            "--bdist-dir",
            f"{work}/bdist",
            "--dist-dir",
            str(out_dir),
        ]
        done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
    eggs = sorted(out_dir.glob("*.egg"))
    if done.returncode != 0 or not eggs:
        raise ScrapydError(f"building the egg failed: {done.stderr.strip()[-500:]}")
    egg = eggs[-1]
    names = zipfile.ZipFile(egg).namelist()
    missing = [p for p in EGG_PACKAGES if f"{p}/__init__.py" not in names]
    if missing:
        raise ScrapydError(f"the egg lacks the packages {', '.join(missing)}")
    return egg


def egg_version(egg: Path) -> str:
    """A version named by the egg's content: re-deploying unchanged code uploads nothing.

    ``SOURCES.txt`` is left out: it names the temporary build directory, and the files it lists
    are hashed anyway.
    """
    digest = hashlib.sha256()
    with zipfile.ZipFile(egg) as archive:
        for name in sorted(set(archive.namelist()) - {"EGG-INFO/SOURCES.txt"}):
            digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    return "c" + digest.hexdigest()[:16]


def deploy(
    servers: list[Scrapyd], egg: Path, project: str = DEFAULT_PROJECT
) -> tuple[str, list[Scrapyd]]:
    """Upload the egg to every server that lacks this version.

    Returns the version and the servers that have it: a node that is down loses its share of the
    sources to the others rather than failing the run; with no node left, the run fails.
    """
    version = egg_version(egg)
    ready = []
    for server in servers:
        try:
            known = server.get("listversions", project=project).get("versions", [])
            if version in known:
                LOG.info("%s already has %s version %s", server.url, project, version)
            else:
                data: list[tuple[str, str | bytes]] = [
                    ("project", project),
                    ("version", version),
                    ("egg", egg.read_bytes()),
                ]
                answer = server.post("addversion", data)
                LOG.info(
                    "deployed %s version %s to %s (%s spiders)",
                    project,
                    version,
                    server.url,
                    answer.get("spiders"),
                )
        except ScrapydError as exc:
            LOG.warning("cannot deploy to %s, leaving it out of this run: %s", server.url, exc)
            continue
        ready.append(server)
    if not ready:
        raise ScrapydError("no scrapyd server could take the project")
    return version, ready


def job_settings(node_raw_dir: str, extra: dict[str, Any], render: bool) -> list[str]:
    """Scrapy settings for one job: raw items and stats into the shared run directory (the
    project's RawFileWriter writes them there, whole or under a temporary name)."""
    values: dict[str, Any] = {"AGGREGATOR_RAW_DIR": node_raw_dir}
    if render:
        handlers = {"http": RENDER_HANDLER, "https": RENDER_HANDLER}
        values["DOWNLOAD_HANDLERS"] = {**_project_handlers(), **handlers}
    values.update(extra)
    return [f"{k}={v if isinstance(v, str) else json.dumps(v)}" for k, v in values.items()]


def schedule_jobs(
    servers: list[Scrapyd],
    sources: list[Source],
    run_id: str,
    node_raw_dir: str,
    *,
    project: str = DEFAULT_PROJECT,
    version: str | None = None,
    settings: dict[str, Any] | None = None,
) -> list[Job]:
    """One job per enabled source, round-robin over the servers; a refused job is a failed source."""
    jobs = []
    for index, source in enumerate(s for s in sources if s.enabled):
        job = Job(source, servers[index % len(servers)])
        data: list[tuple[str, str | bytes]] = [
            ("project", project),
            ("spider", source.kind),
            ("source", json.dumps(source.to_dict(), ensure_ascii=False)),
            ("run_id", run_id),
        ]
        if version:
            data.append(("_version", version))
        data += [("setting", s) for s in job_settings(node_raw_dir, settings or {}, source.render)]
        try:
            job.jobid = job.server.post("schedule", data)["jobid"]
            LOG.debug("scheduled %s on %s as job %s", source.name, job.server.url, job.jobid)
        except ScrapydError as exc:
            job.state, job.error = "failed", f"could not schedule the job: {exc}"
            LOG.warning("%s: %s", source.name, job.error)
        jobs.append(job)
    return jobs


def wait_for(
    jobs: list[Job],
    project: str = DEFAULT_PROJECT,
    timeout: float = DEFAULT_TIMEOUT,
    poll: float = DEFAULT_POLL,
    on_poll: Callable[[list[Job]], None] | None = None,
) -> None:
    """Poll ``listjobs.json`` until every job has finished; cancel what is left at the timeout.

    A job that is neither pending nor running has finished (scrapyd forgets old finished jobs, so
    absence counts too). A server that cannot be reached is asked again until the timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        open_jobs = [j for j in jobs if j.state in ("pending", "running")]
        for server in {j.server for j in open_jobs}:
            try:
                listing = server.get("listjobs", project=project)
            except ScrapydError as exc:
                LOG.warning("%s", exc)
                continue
            pending = {j["id"] for j in listing.get("pending", [])}
            running = {j["id"] for j in listing.get("running", [])}
            for job in open_jobs:
                if job.server != server:
                    continue
                state = (
                    "pending"
                    if job.jobid in pending
                    else "running"
                    if job.jobid in running
                    else "finished"
                )
                if state != job.state:
                    LOG.debug("%s: job %s %s", job.source.name, job.jobid, state)
                job.state = state
        if on_poll:
            on_poll(jobs)
        if not any(j.state in ("pending", "running") for j in jobs):
            return
        if time.monotonic() >= deadline:
            break
        time.sleep(min(poll, max(0.0, deadline - time.monotonic())))
    for job in jobs:
        if job.state in ("pending", "running"):
            job.error = f"did not finish within {timeout:g} s (job {job.jobid} on {job.server.url})"
            job.state = "timeout"
            try:
                job.server.post("cancel", [("project", project), ("job", job.jobid or "")])
            except ScrapydError as exc:
                LOG.warning("could not cancel job %s: %s", job.jobid, exc)
            LOG.warning("%s: %s; cancelled", job.source.name, job.error)


@dataclass
class ScrapydCrawler:
    """The crawl step of a run, done by scrapyd jobs (a ``pipeline.Crawler``)."""

    servers: list[Scrapyd]
    project: str = DEFAULT_PROJECT
    version: str | None = None
    node_raw_dir: str | None = None
    """The shared raw directory as the nodes see it; by default the same path as here."""
    settings: dict[str, Any] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    poll: float = DEFAULT_POLL
    jobs: list[Job] = field(default_factory=list)

    def __call__(self, sources: list[Source], raw_root: Path, run_id: str) -> CrawlResult:
        raw_root = Path(raw_root).resolve()
        run_dir = raw_root / run_id
        run_dir.mkdir(parents=True, exist_ok=True)
        node_raw_dir = self.node_raw_dir or str(raw_root)
        self.jobs = schedule_jobs(
            self.servers,
            sources,
            run_id,
            node_raw_dir,
            project=self.project,
            version=self.version,
            settings=self.settings,
        )
        LOG.info(
            "run %s: %d jobs on %d scrapyd servers",
            run_id,
            sum(1 for j in self.jobs if j.jobid),
            len(self.servers),
        )
        wait_for(self.jobs, self.project, self.timeout, self.poll)
        stats: dict[str, CrawlStats] = {}
        for job in self.jobs:
            name = job.source.name
            path = stats_path(raw_root, run_id, name)
            if job.error:
                stats[name] = CrawlStats.failed(name, job.source.kind, job.error)
            elif path.exists():
                stats[name] = CrawlStats.from_dict(json.loads(path.read_text("utf-8")))
            else:
                stats[name] = CrawlStats.failed(
                    name,
                    job.source.kind,
                    f"job {job.jobid} on {job.server.url} ended without writing {path.name} "
                    "(see its scrapyd log; is the raw directory shared?)",
                )
        return CrawlResult(run_id=run_id, run_dir=run_dir, stats=stats)


def _project_handlers() -> dict[str, Any]:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("aggregator.crawl.settings", priority="project")
    return dict(settings.getdict("DOWNLOAD_HANDLERS"))
