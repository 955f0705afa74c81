"""Documentation generated from data (``make docs``) matches the data it is generated from."""

from __future__ import annotations

from pathlib import Path

import pytest
from cogapp import Cog

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("doc", ["docs/topics.md"])
def test_generated_doc_is_up_to_date(doc: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = Cog().main(["cog", "--check", "--diff", "--verbosity=0", str(ROOT / doc)])
    assert status == 0, f"{doc} is out of date, run `make docs`:\n{capsys.readouterr().out}"
