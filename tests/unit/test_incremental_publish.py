"""Publishing only what changed: a file whose inputs (its events' published state, the options,
today, the code) are those of the last publish is neither rendered nor written, and the folder
always ends up byte for byte what a publish into an empty folder makes."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from aggregator import store
from aggregator.model.vocabulary import ReportKind
from feeds import event_page, fingerprint, staging
from feeds import publish as publishing
from feeds.publish import PublishOptions, publish
from tests.support import feeds_db

TODAY = date(2026, 11, 27)
OPTIONS = PublishOptions(base_url="https://termine.example.org/")


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != fingerprint.FILE
    }


def published_once(tmp_path: Path) -> tuple[sqlite_utils.Database, Path]:
    """The feed test database and the folder of its first publish."""
    db = feeds_db.build(tmp_path / "events.db")
    out = tmp_path / "public"
    publish(db, out, TODAY, OPTIONS)
    return db, out


def assert_as_if_published_afresh(
    db: sqlite_utils.Database, out: Path, today: date = TODAY, options: PublishOptions = OPTIONS
) -> None:
    """The folder a publish that took files over from earlier ones left is byte for byte what a
    publish into an empty folder makes."""
    fresh = out.with_name(out.name + "-fresh")
    publish(db, fresh, today, options)
    assert files(out) == files(fresh), "as if published into an empty folder"


class Rendered:
    """Records what a publish renders: each feed file and each event's page."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.feeds: list[str] = []
        self.pages: list[str] = []
        renderers = dict(publishing.RENDERERS)
        log = self.feeds

        class Counting:
            def __init__(self, inner, ext):
                self.inner, self.ext = inner, ext

            def render(self, events, selection, fallback):
                log.append(f"{selection.slug}.{self.ext}")
                return self.inner.render(events, selection, fallback)

        monkeypatch.setattr(
            publishing,
            "RENDERERS",
            {
                ext: (lambda *a, make=make, ext=ext: Counting(make(*a), ext))
                for ext, make in renderers.items()
            },
        )
        render_pages = event_page.render_pages

        def pages(event, *args):
            self.pages.append(event["id"])
            return render_pages(event, *args)

        monkeypatch.setattr(event_page, "render_pages", pages)
        self.staged: list[str] = []
        """Files written anew into the staging folder (the others are links to the current)."""
        write = staging._write

        def writing(target, current, content):
            if content is not None and not (
                os.path.isfile(current) and Path(current).read_bytes() == content
            ):
                self.staged.append(os.path.basename(target))
            return write(target, current, content)

        monkeypatch.setattr(staging, "_write", writing)


def test_an_unchanged_publish_renders_and_writes_nothing(tmp_path, monkeypatch):
    db = feeds_db.build(tmp_path / "events.db")
    out = tmp_path / "public"
    first = publish(db, out, TODAY, OPTIONS)
    times = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    folder = (out.stat().st_ino, out.stat().st_mtime_ns)
    rendered = Rendered(monkeypatch)
    again = publish(db, out, TODAY, OPTIONS)
    assert (rendered.feeds, rendered.pages, rendered.staged) == ([], [], [])
    assert sorted(again) == sorted(first), "every output is still named"
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == times
    assert (out.stat().st_ino, out.stat().st_mtime_ns) == folder, "no swap: the same folder"
    assert not staging.staging_folder(out).exists()


def test_a_changed_event_renders_its_page_and_the_feeds_that_list_it(tmp_path, monkeypatch):
    db, out = published_once(tmp_path)
    feeds_db.save(
        db, "werkstatt", replace(feeds_db.WERKSTATT, title="KI-Werkstatt für Tischlereien"),
        "2026-11-26T03:00:00+00:00",
    )  # fmt: skip
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert rendered.pages == ["werkstatt"]
    assert "city/leipzig.atom" in rendered.feeds and "topic/ki.ics" in rendered.feeds
    assert "city/dresden.atom" not in rendered.feeds, "the forum in Dresden is unchanged"
    assert "forum.html" not in rendered.staged and "werkstatt.html" in rendered.staged
    assert_as_if_published_afresh(db, out)


def test_a_new_day_moves_events_out_of_the_feeds_but_keeps_their_pages(tmp_path, monkeypatch):
    db, out = published_once(tmp_path)
    rendered = Rendered(monkeypatch)
    later = date(2027, 3, 18)  # the webinar (February) and the forum (17 March) are over
    publish(db, out, later, OPTIONS)
    assert rendered.pages == [], "an event's page does not depend on the day"
    assert "events.atom" in rendered.feeds and "city/dresden.atom" in rendered.feeds
    assert_as_if_published_afresh(db, out, later)


def test_a_file_deleted_by_hand_or_new_code_is_written_again(tmp_path, monkeypatch):
    db, out = published_once(tmp_path)
    expected = files(out)
    os.remove(out / "e" / "forum.html")
    (out / "city" / "dresden.atom").unlink()
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert rendered.pages == ["forum"] and rendered.feeds == ["city/dresden.atom"]
    assert files(out) == expected
    monkeypatch.setattr(fingerprint, "code_version", lambda: "a newer program")
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert len(rendered.pages) == len(list((out / "e").glob("*.html")))
    assert rendered.staged == [fingerprint.FILE], "rendered again, and still the same bytes"


def test_other_options_render_again(tmp_path, monkeypatch):
    db, out = published_once(tmp_path)
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, replace(OPTIONS, base_url="https://termine.example.net/"))
    assert rendered.pages and "events.atom" in rendered.feeds
    assert_as_if_published_afresh(
        db, out, TODAY, replace(OPTIONS, base_url="https://termine.example.net/")
    )


def test_an_unreadable_manifest_means_a_full_publish(tmp_path):
    db, out = published_once(tmp_path)
    (out / fingerprint.FILE).write_text("{not json", "utf-8")
    assert fingerprint.Manifest.read(out).folders == {}
    publish(db, out, TODAY, OPTIONS)
    assert fingerprint.Manifest.read(out).folders["e"]


def test_a_manifest_entry_that_is_no_fingerprint_renders_its_file_again(tmp_path, monkeypatch):
    db, out = published_once(tmp_path)
    manifest = json.loads((out / fingerprint.FILE).read_text("utf-8"))
    page = next(name for name in manifest["folders"]["e"] if name.endswith(".html"))
    manifest["folders"]["e"][page] = 7
    manifest["state"] = "edited by hand"
    (out / fingerprint.FILE).write_text(json.dumps(manifest), "utf-8")
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert (rendered.feeds, rendered.pages) == ([], [page.removesuffix(".html")])


def inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


NEIGHBOUR = replace(
    feeds_db.FORUM,
    title="Cloud-Sprechstunde Dresden",
    start="2027-03-17T14:00:00+01:00",
    end="2027-03-17T15:00:00+01:00",
    description="",
    description_text="",
    topics=["cloud"],
    hashtags=[],
    social_links=[],
    app_links=[],
)
"""Another event in Dresden on the forum's day: each page names the other (``same_day``)."""


def test_a_same_day_neighbours_new_title_renders_the_pages_that_name_it(tmp_path, monkeypatch):
    db = feeds_db.build(tmp_path / "events.db")
    feeds_db.save(db, "nachbar", NEIGHBOUR, feeds_db.CHANGED)
    out = tmp_path / "public"
    publish(db, out, TODAY, OPTIONS)
    assert "Cloud-Sprechstunde Dresden" in (out / "e" / "forum.html").read_text("utf-8")
    before = inodes(out)
    feeds_db.save(
        db, "nachbar", replace(NEIGHBOUR, title="Cloud-Sprechstunde für Handwerk"),
        "2026-11-26T03:00:00+00:00",
    )  # fmt: skip
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert sorted(rendered.pages) == ["forum", "nachbar"], "the neighbour and the page naming it"
    assert "Cloud-Sprechstunde für Handwerk" in (out / "e" / "forum.html").read_text("utf-8")
    assert {"forum.html", "nachbar.html"} <= set(rendered.staged)
    assert "topic/cloud.atom" in rendered.feeds, "the feeds that list the neighbour"
    assert "forum.ics" not in rendered.staged, "its calendar file does not name neighbours"
    assert not {"wochen.html", "wochen.json"} & set(rendered.staged), "a title is not counted"
    assert "city/leipzig.atom" not in rendered.feeds and "topic/ki.atom" not in rendered.feeds
    after = inodes(out)
    for name in ("e/werkstatt.html", "e/forum.ics", "city/leipzig.atom", "wochen.html"):
        assert after[name] == before[name], f"{name}: linked from the last publish, not written"
    assert after["e/forum.html"] != before["e/forum.html"]
    assert_as_if_published_afresh(db, out)


def test_a_new_hashtag_renders_the_event_and_the_feeds_that_list_it(tmp_path, monkeypatch):
    db, out = published_once(tmp_path)
    before = inodes(out)
    feeds_db.save(
        db, "forum", replace(feeds_db.FORUM, hashtags=["smartKMU", "FSD27", "KI2027"]),
        "2026-11-26T03:00:00+00:00",
    )  # fmt: skip
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert rendered.pages == ["forum"]
    assert "KI2027" in (out / "e" / "forum.html").read_text("utf-8")
    assert "city/dresden.atom" in rendered.feeds and "topic/ki.json" in rendered.feeds
    assert "city/leipzig.atom" not in rendered.feeds and "city/erfurt.ics" not in rendered.feeds
    assert "werkstatt.html" not in rendered.staged
    assert inodes(out)["e/werkstatt.html"] == before["e/werkstatt.html"]
    assert_as_if_published_afresh(db, out)


def test_an_unchanged_publish_clears_what_a_killed_publish_left_beside_the_folder(tmp_path):
    db = feeds_db.build(tmp_path / "events.db")
    out = tmp_path / "public"
    first = publish(db, out, TODAY, OPTIONS)
    expected = files(out)
    left = staging.staging_folder(out)
    (left / "e").mkdir(parents=True)
    (left / "e" / "half-written.html").write_bytes(b"<!doctype")
    again = publish(db, out, TODAY, OPTIONS)
    assert not left.exists(), "the staging folder of the killed publish is gone"
    assert files(out) == expected
    assert sorted(again) == sorted(first)


def test_a_kill_before_the_swap_leaves_the_last_publish(tmp_path, monkeypatch):
    """A partly changed publish stages the new files beside the folder and links the rest; the
    folder itself changes only in the swap."""
    db, out = published_once(tmp_path)
    expected = files(out)
    feeds_db.save(
        db, "werkstatt", replace(feeds_db.WERKSTATT, title="KI-Werkstatt für Tischlereien"),
        "2026-11-26T03:00:00+00:00",
    )  # fmt: skip

    def killed(*args):
        raise KeyboardInterrupt("killed before the swap")

    monkeypatch.setattr(staging, "_switch", killed)
    with pytest.raises(KeyboardInterrupt):
        publish(db, out, TODAY, OPTIONS)
    assert files(out) == expected
    assert not staging.staging_folder(out).exists()


def test_a_changed_report_renders_its_events_page_its_year_and_the_report_feed(
    tmp_path, monkeypatch
):
    db, out = published_once(tmp_path)
    before = inodes(out)
    only_the_report = replace(feeds_db.REPORTS["past"], kinds=(ReportKind.REPORT,))
    store.write_reports(db, [store.report_row(only_the_report, "past", feeds_db.FIRST_SEEN, None)])
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert (rendered.pages, rendered.feeds) == (["past"], []), "no feed lists reports"
    assert sorted(rendered.staged) == [
        fingerprint.FILE,
        "2026.html",
        "nachberichte.atom",
        "past.html",
    ]
    assert "Danach erschienen: Nachbericht</a>" in (out / "archiv" / "2026.html").read_text("utf-8")
    after = inodes(out)
    assert after["e/past.ics"] == before["e/past.ics"], "the calendar file names no reports"
    assert after["archiv/2027.html"] == before["archiv/2027.html"]
    assert_as_if_published_afresh(db, out)


def test_a_new_title_of_a_report_on_no_known_event_renders_the_report_feed_only(
    tmp_path, monkeypatch
):
    db, out = published_once(tmp_path)
    retitled = replace(feeds_db.REPORTS[None], title="Folien und Fotos vom Cloud-Stammtisch")
    store.write_reports(db, [store.report_row(retitled, None, feeds_db.FIRST_SEEN, None)])
    rendered = Rendered(monkeypatch)
    publish(db, out, TODAY, OPTIONS)
    assert (rendered.pages, rendered.feeds) == ([], [])
    assert sorted(rendered.staged) == [fingerprint.FILE, "nachberichte.atom"]
    assert "Folien und Fotos" in (out / "nachberichte.atom").read_text("utf-8")
