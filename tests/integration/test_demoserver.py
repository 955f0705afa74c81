"""The local server that plays the organiser sites in the demo and the tests."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from aggregator.ops.demoserver import resolve


def test_query_strings_select_recorded_variants(tmp_path):
    api = tmp_path / "wp-json" / "tribe" / "events" / "v1"
    api.mkdir(parents=True)
    (api / "events").write_text('{"events": []}')
    (api / "events@page=2").write_text('{"events": [1]}')
    assert resolve(tmp_path, "/wp-json/tribe/events/v1/events?per_page=50") == api / "events"
    assert resolve(tmp_path, "/wp-json/tribe/events/v1/events?per_page=50&page=2") == (
        api / "events@page=2"
    )
    assert resolve(tmp_path, "/wp-json/tribe/events/v1/events?page=9") is None
    assert resolve(tmp_path, "/../../etc/passwd") is None


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
