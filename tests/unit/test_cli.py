"""The command line in one process: configuration mistakes exit 2 before anything is touched. (Whole
runs as cron and systemd start them: tests/integration/test_cli_run.py.)"""

from __future__ import annotations

import pytest

from aggregator.ops.cli import EXIT_CONFIG, main


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_bad_configuration_exits_2(workdir, capsys):
    assert main(["run", "--sources", "missing.toml"]) == EXIT_CONFIG
    assert "missing.toml: file not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["run", "--keep-raw-days", "many"])
    assert usage.value.code == EXIT_CONFIG
    assert not (workdir / "events.db").exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [("--scrapyd=ftp://node1/", "not a scrapyd URL"), ("--setting=LOG_LEVEL", "NAME=VALUE")],
)
def test_schedule_configuration_errors_exit_2(tmp_path, capsys, option, message):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "a"\nurl = "https://a.example.org/"\nkind = "ical"\n')
    argv = ["schedule", f"--sources={sources}", f"--db={tmp_path / 'e.db'}", "--no-deploy"]
    if option.startswith("--setting"):
        argv.append("--scrapyd=http://127.0.0.1:1/")
    assert main([*argv, option]) == EXIT_CONFIG
    assert message in capsys.readouterr().err
    assert not (tmp_path / "e.db").exists()


def test_an_unknown_time_zone_exits_2_naming_the_source_and_the_key(workdir, capsys):
    (workdir / "sources.toml").write_text(
        '[[source]]\nname = "olympus"\nurl = "https://mars.example.org/"\n'
        'kind = "ical"\ntimezone = "Mars/Olympus"\n'
    )
    assert main(["run"]) == EXIT_CONFIG
    assert (
        "sources.toml: source 'olympus': key 'timezone': unknown time zone 'Mars/Olympus'"
        in capsys.readouterr().err
    )
    assert not (workdir / "events.db").exists()
