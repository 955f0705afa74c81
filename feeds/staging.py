"""The output folder, replaced as a whole: readers see one publish or the next, never a mix.

Replacing the files one by one leaves a window in which ``events.atom`` is new and ``index.html``
old, and a publish killed halfway leaves that mix (and its temporary files) for good. Instead every
file is written into a sibling staging folder (``public.staging/`` beside ``public/``), which the
next publish removes first if a killed one left it. Files whose content did not change are hard
links to the current ones, so they keep their modification time (HTTP caches, feed readers) and
cost no space. The two folders are then swapped in one step (Linux ``renameat2`` with
``RENAME_EXCHANGE``): the path ``public/`` always names a complete folder, which is what a web
server serving it sees, and the previous output, now in the staging folder, is removed.

An output may come without content (``None``): its inputs are those of the file already there
(``feeds.fingerprint``), which is linked into the staging folder without being rendered. When
every output is such a file or has the bytes of the file there, and the outputs are the files
there, nothing is staged or swapped at all: an unchanged publish leaves the folder, its inodes and
its times untouched.

A first publish writes 200,000 files for 100,000 events, so each file costs as few system calls
as it can: created with its mode (``fchmod`` only when the umask took bits of 0o644 away), written
with ``os.write`` (no buffer object's ``ioctl`` and ``lseek``).

Where the exchange is not supported (another system, a file system without it) the switch is two
renames, with a moment in which ``public/`` is absent. An output folder that cannot be renamed at
all (a mount point) is an error that says so: publish into a folder inside it instead.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import overload

STAGING_SUFFIX = ".staging"
PREVIOUS_SUFFIX = ".previous"
AT_FDCWD = -100
RENAME_EXCHANGE = 2
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP}
"""What a kernel or file system without the exchange answers."""


class PublishError(OSError):
    """The output folder cannot be replaced as a whole."""


def staging_folder(out_dir: Path) -> Path:
    return out_dir.with_name(out_dir.name + STAGING_SUFFIX)


Output = tuple[str, bytes | None]
"""A file's path in the folder and its content; None: the file there now, as it is."""


def replace_folder(
    out_dir: Path, outputs: Iterable[Output], current: Collection[str] | None = None
) -> OutputPaths:
    """Write ``outputs`` (relative path, content) as the new content of ``out_dir``; returns the
    outputs' paths. Nothing in ``out_dir`` changes until every output is written, and nothing
    at all when no output differs from the folder's file and the outputs are ``current`` (the
    folder's files, as the caller knows them; by default as listed now).

    A symlinked output folder is resolved: its target is replaced, beside the target."""
    out_dir = Path(os.path.realpath(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"{out_dir} is not a folder")
    staging = staging_folder(out_dir)
    for debris in (staging, _previous(out_dir)):  # what a killed publish left beside the folder
        _remove(debris)
    root, stage = str(out_dir), str(staging)  # names joined as text: 200,000 Paths cost seconds
    names: list[str] = []
    unchanged: list[str] = []  # met before the first change: linked once staging exists
    staged = False

    def start_staging() -> None:
        nonlocal staged
        staging.mkdir(parents=True)
        staged = True
        for kept in unchanged:
            _write(os.path.join(stage, kept), os.path.join(root, kept), None)

    try:
        for name, content in outputs:
            _check_inside(name)
            names.append(name)
            if not staged and (content is None or _same(os.path.join(root, name), content)):
                unchanged.append(name)
                continue
            if not staged:
                start_staging()
            _write(os.path.join(stage, name), os.path.join(root, name), content)
        if not staged:
            if set(names) == set(_listed(out_dir) if current is None else current):
                return OutputPaths(out_dir, names)  # nothing differs: the folder stays as it is
            start_staging()  # the same files, but fewer of them
        staging.chmod(0o755)
        _switch(staging, out_dir, _previous(out_dir))
    finally:
        if staged:
            _remove(staging)  # the previous output after a switch; what was staged after a failure
    return OutputPaths(out_dir, names)


def keep_folder(out_dir: Path, names: list[str]) -> OutputPaths:
    """``out_dir`` as it is, its outputs ``names``, when the caller knows that none of them
    changed; only what a killed publish left beside it is cleared."""
    out_dir = Path(os.path.realpath(out_dir))
    for debris in (staging_folder(out_dir), _previous(out_dir)):
        _remove(debris)
    return OutputPaths(out_dir, names)


def _previous(out_dir: Path) -> Path:
    return out_dir.with_name(out_dir.name + PREVIOUS_SUFFIX)


def _listed(out_dir: Path) -> set[str]:
    if not out_dir.is_dir():
        return set()
    found: set[str] = set()
    for folder, _, files in os.walk(out_dir):
        prefix = os.path.relpath(folder, out_dir)
        found.update(name if prefix == "." else f"{prefix}/{name}" for name in files)
    return found


def _write(target: str, current: str, content: bytes | None) -> None:
    """The file in the staging folder: a link to the current one when nothing changed (no
    content: nothing changed by its fingerprint). Its folder is made when its first file needs
    it (one system call per file otherwise)."""
    folder = os.path.dirname(target)
    try:
        _put(target, current, content)
    except FileNotFoundError:
        if os.path.isdir(folder):
            raise _gone(current) from None
        os.makedirs(folder, exist_ok=True)
        try:
            _put(target, current, content)
        except FileNotFoundError:
            raise _gone(current) from None


def _put(target: str, current: str, content: bytes | None) -> None:
    if content is not None and not _same(current, content):
        _create(target, content)
        return
    try:
        os.link(current, target)
    except FileNotFoundError:
        raise
    except OSError:  # no hard links here: a copy with the old time does the same
        shutil.copy2(current, target)


def _create(target: str, content: bytes) -> None:
    """A new file of mode 0o644 holding ``content``, in as few system calls as it takes."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        left = memoryview(content)
        while left:
            left = left[os.write(descriptor, left) :]
        if stat.S_IMODE(os.fstat(descriptor).st_mode) != 0o644:  # a umask took bits away
            os.fchmod(descriptor, 0o644)
    finally:
        os.close(descriptor)


def _gone(current: str) -> FileNotFoundError:
    return FileNotFoundError(
        f"{current} went away during the publish; publish again to write it anew"
    )


class OutputPaths(Sequence[Path]):
    """The paths of a publish's outputs, each made into a ``Path`` when it is asked for: an
    unchanged publish of 100,000 events names 200,000 files, and making that many ``Path``
    objects takes longer than the rest of it."""

    def __init__(self, out_dir: Path, names: list[str]) -> None:
        self.out_dir, self.names = out_dir, names

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> Path: ...
    @overload
    def __getitem__(self, index: slice) -> list[Path]: ...
    def __getitem__(self, index: int | slice) -> Path | list[Path]:
        if isinstance(index, slice):
            return [self.out_dir / name for name in self.names[index]]
        return self.out_dir / self.names[index]


def _same(path: str, content: bytes) -> bool:
    """Whether ``path`` is a plain file (not a link) holding exactly ``content``."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(found.st_mode) or found.st_size != len(content):
        return False
    with open(path, "rb") as existing:
        return existing.read() == content


def _switch(staging: Path, out_dir: Path, previous: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    try:
        _exchange(staging, out_dir)
        return
    except OSError as exc:
        if exc.errno not in UNSUPPORTED:
            raise PublishError(
                exc.errno,
                f"cannot replace {out_dir} ({exc.strerror}); if it is a mount point, "
                f"publish into a folder inside it (--out {out_dir}/site)",
            ) from exc
    os.rename(out_dir, previous)
    os.rename(staging, out_dir)
    os.rename(previous, staging)


def _exchange(first: Path, second: Path) -> None:
    """Swap two paths in one step (Linux 3.15+, on most local file systems)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    done = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if done != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _check_inside(name: str) -> None:
    """An output's path must stay inside the folder; one that would leave it is a bug, not a
    file."""
    wrapped = f"/{name}/"
    if "//" in wrapped or "/./" in wrapped or "/../" in wrapped:
        raise ValueError(f"an output path must stay inside the folder: {name!r}")


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
