"""The local server that plays the organiser sites in the demo and the integration tests: it answers
revalidation with 304. (How it maps requests to files: tests/unit/test_demoserver.py.)"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest


def test_revalidation_answers_304(tmp_path, site_server):
    (tmp_path / "index.html").write_text("<h1>Veranstaltungen</h1>", encoding="utf-8")
    server = site_server(tmp_path)
    with urllib.request.urlopen(server.base_url + "/") as response:
        etag = response.headers["ETag"]
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    request = urllib.request.Request(server.base_url + "/", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 304
