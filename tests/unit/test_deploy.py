"""The deploy/ examples read as the tools read them: every command line they contain is accepted by
the real argument parser, the crontab schedule is nightly, the systemd units describe a oneshot run
on a timer, the workflow has the steps a nightly publish needs. (Running them, and the validators
that are programs: tests/integration/test_deploy.py.)"""

from __future__ import annotations

import configparser
import re
import shlex
from datetime import datetime

import yaml
from croniter import croniter

from aggregator.ops.cli import build_parser
from tests.support import ROOT

DEPLOY = ROOT / "deploy"
INSTALL_DIR = "/srv/aggregator"


def parses(argv: list[str]) -> object:
    """The options exist and take the values given (argparse exits 2 otherwise)."""
    return build_parser().parse_args(argv)


def cron_entries() -> list[tuple[str, str]]:
    entries = []
    for line in (DEPLOY / "crontab").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#") or re.match(r"^\w+=", line):
            continue
        fields = line.split(None, 5)
        entries.append((" ".join(fields[:5]), fields[5]))
    return entries


def systemd_units() -> dict[str, configparser.ConfigParser]:
    units = {}
    for path in sorted((DEPLOY / "systemd").iterdir()):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # systemd keys are case-sensitive
        parser.read(path)
        units[path.name] = parser
    return units


def workflow() -> dict:
    return yaml.safe_load((DEPLOY / "github" / "nightly.yml").read_text())


def test_crontab_line_is_valid_and_runs_nightly():
    (entry,) = cron_entries()
    schedule, command = entry
    assert croniter.is_valid(schedule)
    times = croniter(schedule, datetime(2026, 11, 27, 12, 0)).all_next(datetime)
    first, second = next(times), next(times)
    assert (first.hour, first.minute, (second - first).days) == (3, 15, 1)
    cd, run = command.split(" && ")
    assert cd == f"cd {INSTALL_DIR}"
    argv = shlex.split(run)
    assert argv[0] == ".venv/bin/aggregator"
    args = parses(argv[1:])
    assert args.quiet and args.log_file, "cron mails output: quiet, with the full log in a file"
    assert not croniter.is_valid("15 3 * *"), "the check itself can fail"


def test_systemd_units_describe_a_oneshot_run_on_a_timer():
    units = systemd_units()
    assert set(units) == {"aggregator.service", "aggregator.timer"}
    service, timer = units["aggregator.service"]["Service"], units["aggregator.timer"]
    assert service["Type"] == "oneshot"
    assert service["WorkingDirectory"] == INSTALL_DIR
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == f"{INSTALL_DIR}/.venv/bin/aggregator" and argv[1] == "run"
    parses(argv[1:])
    assert "75" in service["SuccessExitStatus"].split(), "a run refused by the lock is no failure"
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_workflow_crawls_nightly_publishes_pages_and_keeps_the_database():
    data = workflow()
    triggers = data[True]  # YAML 1.1 reads the key `on` as true
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    assert croniter.is_valid(cron)
    assert "workflow_dispatch" in triggers
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    (job,) = data["jobs"].values()
    steps = job["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    order = [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-artifact",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    positions = [uses.index(action) for action in order]
    assert positions == sorted(positions)
    runs = [step["run"] for step in steps if "run" in step]
    install = next(r for r in runs if "pip install" in r)
    assert shlex.split(install) == ["pip", "install", "."]
    restore = next(r for r in runs if "gh run download" in r)
    assert "--name events-db" in restore and "--status success" in restore
    (crawl,) = [r for r in runs if r.startswith("aggregator run")]
    crawl_step = steps[[step.get("run") for step in steps].index(crawl)]
    assert uses.index("actions/configure-pages") < steps.index(crawl_step)
    argv = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "https://example.github.io/termine", crawl))
    assert parses(argv[1:]).base_url == "https://example.github.io/termine/"
    assert any("aggregator status" in r for r in runs)
    artifact = next(s for s in steps if s.get("with", {}).get("name") == "events-db")
    assert artifact["with"]["path"] == "events.db"
    pages = steps[uses.index("actions/upload-pages-artifact")]
    assert pages["with"]["path"] == "public"
    assert steps.index(artifact) < steps.index(pages), "the database is kept before publishing"


def test_scrapy_cfg_names_the_settings_and_a_deploy_target():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg")
    assert cfg["settings"]["default"] == "aggregator.settings"
    assert cfg["deploy"]["url"].startswith("http") and cfg["deploy"]["project"] == "aggregator"


def test_scrapyd_example_config_leaves_items_to_the_jobs():
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(DEPLOY / "scrapyd" / "scrapyd.conf")
    section = conf["scrapyd"]
    assert section["items_dir"] == "", "scrapyd's own FEEDS would replace the shared raw dir"
    assert section["username"] and section["password"], "a node open to the network needs a login"
