"""The one way faktura writes a file (SPEC §12 "Files").

Every file (PDF, EHF, SAF-T, journal, CSV, backups, outbox, the copy a restore keeps) is created
owner-only (0600) under a random name in the target folder with O_CREAT|O_EXCL|O_NOFOLLOW, so a
planted file or symlink is never written through, then fsynced and renamed over the target: a
reader sees the old file or the whole new one, never half. Folders faktura creates are 0700.
A folder the user named (`-o DIR/FILE`) must exist: a typo is refused, not created.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from faktura_cli.errors import DatabaseProblem, InvalidInput

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def make_folder(folder: Path) -> Path:
    """Create `folder` and any missing parents, each 0700; existing folders are left as they are.

    Raises OSError when a folder cannot be made (the caller says what it was for).
    """
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # another process made it meanwhile
        os.chmod(path, FOLDER_MODE)  # whatever the umask
    return folder


def _target_folder(path: Path, *, create_folder: bool) -> Path:
    folder = path.parent
    if create_folder:
        try:
            make_folder(folder)
        except OSError as exc:
            raise DatabaseProblem(f"cannot create the folder {folder}: {exc.strerror}") from None
    elif not folder.is_dir():
        raise InvalidInput(
            f"the folder {folder} does not exist", hint="create it first, or name another file"
        )
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder", hint="name a file")
    return folder



def _temporary(folder: Path, path: Path) -> Path:
    """A random hidden name beside `path` (what secrets.token_hex(8) reads: os.urandom,
    without importing secrets, random and hmac into every command)."""
    return folder / f".{path.name}.{os.urandom(8).hex()}.tmp"

@contextmanager
def replacing(path: Path, *, create_folder: bool = False) -> Iterator[Path]:
    """A fresh, empty, owner-only file beside `path` to fill; renamed over `path` on success.

    For writers that need a path rather than bytes (SQLite's backup). On any error the
    temporary file is removed and `path` is untouched.
    """
    path = path.expanduser()
    folder = _target_folder(path, create_folder=create_folder)
    tmp = _temporary(folder, path)
    try:
        fd = os.open(tmp, _FLAGS, FILE_MODE)
    except OSError as exc:
        raise DatabaseProblem(f"cannot write {path}: {exc.strerror}") from None
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DatabaseProblem(f"cannot write {path}: {exc.strerror}") from None
        raise
    _fsync_folder(folder)


def write_file(path: Path, data: bytes, *, create_folder: bool = False) -> Path:
    """Write `data` to `path` atomically, mode 0600 (see the module's docstring); returns `path`.

    create_folder=False (a file the user named): the folder must exist. True (the outbox and
    other places of faktura's own): missing folders are created 0700.
    """
    path = path.expanduser()
    folder = _target_folder(path, create_folder=create_folder)
    tmp = _temporary(folder, path)
    try:
        fd = os.open(tmp, _FLAGS, FILE_MODE)
    except OSError as exc:
        raise DatabaseProblem(f"cannot write {path}: {exc.strerror}") from None
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseProblem(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; best effort (not every file system lets a folder be fsynced)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
