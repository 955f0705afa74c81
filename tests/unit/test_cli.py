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
