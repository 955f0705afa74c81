"""The output folder is replaced as a whole: what a publish killed halfway or an old version left
is gone after the next one, unchanged files keep their time, the switch works without the
one-step exchange too. (Kills at random points of real runs: tests/integration/test_faults.py.)"""

from __future__ import annotations

import errno
import os

import pytest

from feeds import staging
from feeds.staging import PublishError, replace_folder

FIRST = [("events.atom", b"<feed>1</feed>"), ("region/sachsen.ics", b"BEGIN:VCALENDAR 1")]
SECOND = [("events.atom", b"<feed>2</feed>"), ("region/sachsen.ics", b"BEGIN:VCALENDAR 1")]


def files(folder) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_folder_holds_exactly_one_publish(tmp_path):
    out = tmp_path / "public"
    assert list(replace_folder(out, FIRST)) == [out / "events.atom", out / "region/sachsen.ics"]
    os.utime(out / "region/sachsen.ics", ns=(1_000_000_000, 1_000_000_000))
    (out / ".events.atom.x1y2.tmp").write_bytes(b"left by an older version")
    (out / "city").mkdir()
    (out / "city/gone.atom").write_bytes(b"no longer published")
    replace_folder(out, SECOND)
    assert files(out) == dict(SECOND)
    assert (out / "region/sachsen.ics").stat().st_mtime_ns == 1_000_000_000, "unchanged: kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_staging_folder_left_by_a_killed_publish_is_removed_first(tmp_path):
    out = tmp_path / "public"
    replace_folder(out, FIRST)
    debris = tmp_path / "public.staging"
    (debris / "region").mkdir(parents=True)
    (debris / "events.atom").write_bytes(b"half a feed")
    (tmp_path / "public.previous").mkdir()
    replace_folder(out, SECOND)
    assert files(out) == dict(SECOND)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_without_the_exchange_two_renames_do(tmp_path, monkeypatch):
    def unsupported(first, second):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(staging, "_exchange", unsupported)
    out = tmp_path / "public"
    replace_folder(out, FIRST)
    replace_folder(out, SECOND)
    assert files(out) == dict(SECOND)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_folder_that_cannot_be_renamed_says_what_to_do_and_stays(tmp_path, monkeypatch):
    def busy(first, second):
        raise OSError(errno.EBUSY, "Device or resource busy")

    out = tmp_path / "public"
    replace_folder(out, FIRST)
    monkeypatch.setattr(staging, "_exchange", busy)
    with pytest.raises(PublishError, match="if it is a mount point, publish into a folder inside"):
        replace_folder(out, SECOND)
    assert files(out) == dict(FIRST)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_symlinked_output_folder_is_replaced_at_its_target(tmp_path):
    (tmp_path / "www").mkdir()
    (tmp_path / "public").symlink_to(tmp_path / "www" / "site")
    replace_folder(tmp_path / "public", FIRST)
    assert (tmp_path / "public").is_symlink()
    assert files(tmp_path / "www" / "site") == dict(FIRST)


def test_an_output_path_that_leaves_the_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="stay inside"):
        replace_folder(tmp_path / "public", [("../events.atom", b"x")])
    assert not (tmp_path / "events.atom").exists() and not (tmp_path / "public").exists()


def test_a_file_where_the_folder_should_be_is_an_error(tmp_path):
    (tmp_path / "public").write_text("not a folder")
    with pytest.raises(NotADirectoryError):
        replace_folder(tmp_path / "public", FIRST)
    assert (tmp_path / "public").read_text() == "not a folder"


def test_outputs_without_content_are_linked_and_nothing_changed_means_no_swap(tmp_path):
    out = tmp_path / "public"
    replace_folder(out, FIRST)
    folder = out.stat().st_ino
    kept = (out / "region/sachsen.ics").stat().st_ino
    unchanged = [("events.atom", None), ("region/sachsen.ics", b"BEGIN:VCALENDAR 1")]
    assert list(replace_folder(out, unchanged)) == [out / "events.atom", out / "region/sachsen.ics"]
    assert out.stat().st_ino == folder, "the same bytes and the same files: no swap"
    replace_folder(out, [("events.atom", b"<feed>2</feed>"), ("region/sachsen.ics", None)])
    assert out.stat().st_ino != folder, "swapped whole"
    assert files(out) == dict(SECOND)
    assert (out / "region/sachsen.ics").stat().st_ino == kept, "linked from the last publish"
    replace_folder(out, [("events.atom", None)])
    assert files(out) == {"events.atom": b"<feed>2</feed>"}, "fewer outputs: swapped all the same"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_an_output_without_content_whose_file_went_away_fails_and_keeps_the_folder(tmp_path):
    out = tmp_path / "public"
    replace_folder(out, FIRST)
    with pytest.raises(FileNotFoundError, match="publish again"):
        replace_folder(out, [("events.atom", b"<feed>2</feed>"), ("city/gone.atom", None)])
    assert files(out) == dict(FIRST)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_every_written_file_is_readable_by_all_whatever_the_umask(tmp_path, umask):
    out = tmp_path / "public"
    before = os.umask(umask)
    try:
        replace_folder(out, FIRST)  # a first publish: every file new
        replace_folder(out, SECOND)  # one file changed, one linked
    finally:
        os.umask(before)
    modes = {name: (out / name).stat().st_mode & 0o777 for name in files(out)}
    assert modes == {"events.atom": 0o644, "region/sachsen.ics": 0o644}
    assert files(out) == dict(SECOND)


def test_a_long_content_is_written_whole(tmp_path):
    big = bytes(range(256)) * 40_000  # 10 MB, more than one write may take
    replace_folder(tmp_path / "public", [("archiv/2026.html", big)])
    assert (tmp_path / "public/archiv/2026.html").read_bytes() == big
