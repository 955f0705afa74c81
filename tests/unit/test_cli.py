"""The command line in one process: configuration mistakes exit 2 before anything is touched. (Whole
runs as cron and systemd start them: tests/integration/test_cli_run.py.)"""

from __future__ import annotations

import argparse

import pytest

from aggregator.ops.cli import EXIT_CONFIG, build_parser, main


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


def test_serving_a_database_that_is_not_there_says_so_and_creates_nothing(workdir, capsys):
    assert main(["serve", "--db", "missing.db"]) == EXIT_CONFIG
    assert "no database at missing.db" in capsys.readouterr().err
    assert list(workdir.iterdir()) == [], "no empty database, no WAL files"


def _subcommands() -> list[tuple[str, argparse.ArgumentParser]]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(sub.choices.items())


@pytest.mark.parametrize(("name", "parser"), _subcommands())
def test_every_option_of_every_command_says_what_it_does_and_its_default(name, parser):
    """What ``aggregator COMMAND --help`` shows: each option's help text, and its default when it
    has one (a flag's default is off, which needs no saying)."""
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or not action.option_strings:
            continue
        assert action.help, f"{name} {action.option_strings[0]}: no help text"
        flag = isinstance(action, argparse._StoreTrueAction | argparse._AppendAction)
        if action.default is not None and not flag:
            assert "%(default)" in action.help, (
                f"{name} {action.option_strings[0]}: the help does not show the default "
                f"{action.default!r}"
            )


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
