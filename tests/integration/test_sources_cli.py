"""sources.toml on the command line, as a person runs it: a mistake exits 2 with one line naming the
source and the key, a valid file is listed (the parsing itself: tests/unit/test_sources.py)."""

from __future__ import annotations

import subprocess
import sys

from tests.unit.test_sources import VALID


def test_cli_exits_2_with_one_line_reason(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "ihk"\nurl = "https://x"\nkind = "jsonlt"\n')
    for command in ("run", "sources", "crawl"):
        result = subprocess.run(
            [sys.executable, "-m", "aggregator", command, "--sources", str(bad)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert result.returncode == 2, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert "'ihk'" in lines[0] and "'kind'" in lines[0]
    assert not (tmp_path / "events.db").exists()


def test_cli_sources_lists_and_validates(tmp_path):
    good = tmp_path / "sources.toml"
    good.write_text(VALID)
    result = subprocess.run(
        [sys.executable, "-m", "aggregator", "sources", "--sources", str(good)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "forum-sachsen-digital" in result.stdout
    assert "2 sources, file is valid" in result.stdout
