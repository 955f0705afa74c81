"""The deploy/ examples run as far as this machine allows: the crontab line runs as written and is
silent on an ordinary night, systemd verifies the units, the workflow validates against GitHub's
schema, scrapyd-deploy builds an egg. (Read as the tools read them: tests/unit/test_deploy.py.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.integration.test_pipeline import SOURCES
from tests.support import ROOT, SITES
from tests.unit.test_deploy import DEPLOY, INSTALL_DIR, cron_entries


def fake_install(tmp_path: Path) -> Path:
    """/srv/aggregator as a temporary directory whose .venv/bin/aggregator is this checkout's."""
    install = tmp_path / "srv-aggregator"
    (install / ".venv" / "bin").mkdir(parents=True)
    (install / ".venv" / "bin" / "aggregator").symlink_to(
        Path(sys.executable).parent / "aggregator"
    )
    return install


def test_crontab_command_runs_as_written_and_is_silent_on_an_ordinary_night(site_server, tmp_path):
    install = fake_install(tmp_path)
    server = site_server(SITES)
    # An ordinary night: every source answers (a source failing for the first time is mailed).
    ordinary = SOURCES.split('\n[[source]]\nname = "verschwunden"')[0]
    assert "verschwunden" not in ordinary and "cloud-leipzig" in ordinary
    (install / "sources.toml").write_text(ordinary.replace("{base}", server.base_url), "utf-8")
    (_, command) = cron_entries()[0]
    result = subprocess.run(
        ["/bin/sh", "-c", command.replace(INSTALL_DIR, str(install))],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", ""), "cron would mail this"
    assert (install / "public" / "events.ics").exists()
    log = (install / "logs" / "run.log").read_text("utf-8")
    assert "cloud-leipzig" in log and re.search(r"published \d+ files", log)


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)
def test_systemd_analyze_verifies_the_units(tmp_path):
    install = fake_install(tmp_path)
    units = tmp_path / "units"
    units.mkdir()
    for path in (DEPLOY / "systemd").iterdir():
        text = path.read_text().replace(INSTALL_DIR, str(install))
        (units / path.name).write_text(text)
    names = [str(units / "aggregator.service"), str(units / "aggregator.timer")]
    result = subprocess.run(
        ["systemd-analyze", "verify", *names], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    broken = units / "aggregator.service"
    broken.write_text(broken.read_text().replace("Type=oneshot", "Type=oneshot\nRestartx=no"))
    result = subprocess.run(
        ["systemd-analyze", "verify", *names], capture_output=True, text=True, timeout=60
    )
    assert "Restartx" in result.stderr, "the check itself can fail"


def test_workflow_is_valid_for_github_actions(tmp_path):
    path = DEPLOY / "github" / "nightly.yml"
    command = [Path(sys.executable).parent / "check-jsonschema", "--builtin-schema"]
    command += ["vendor.github-workflows"]
    ok = subprocess.run([*command, path], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(path.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"))
    assert subprocess.run([*command, broken], capture_output=True).returncode != 0


def test_scrapyd_deploy_builds_an_egg_with_the_project(tmp_path):
    """``scrapyd-deploy`` as an operator runs it, in a copy of the checkout."""
    checkout = tmp_path / "checkout"
    for name in ("aggregator", "spiders", "feeds"):
        shutil.copytree(ROOT / name, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("setup.py", "pyproject.toml", "scrapy.cfg", "README.md"):
        shutil.copy(ROOT / name, checkout / name)
    egg = tmp_path / "aggregator.egg"
    result = subprocess.run(
        [Path(sys.executable).parent / "scrapyd-deploy", "--build-egg", egg],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert {"aggregator/settings.py", "spiders/base.py", "feeds/publish.py"} <= names
    assert "[scrapy]\nsettings = aggregator.settings" in entry_points
