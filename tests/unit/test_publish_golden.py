"""A faster publish writes the same bytes: every file a publish makes of the test databases has
the SHA-256 it had with the rendering code before issue 13's second session
(``tests/data/publish_golden.json``, written by ``tests/data/make_publish_golden.py``)."""

from __future__ import annotations

import json

import pytest

from tests.data.make_publish_golden import CASES, GOLDEN, tree

EXPECTED = json.loads(GOLDEN.read_text("utf-8"))


@pytest.mark.parametrize("case", list(CASES))
def test_a_publish_writes_the_bytes_it_wrote_before(tmp_path, case):
    found = tree(tmp_path, case)
    assert found.keys() == EXPECTED[case].keys()
    changed = sorted(name for name, digest in found.items() if EXPECTED[case][name] != digest)
    assert changed == []
    assert len(found) > 20, "the tree holds feeds, pages and calendar files"
