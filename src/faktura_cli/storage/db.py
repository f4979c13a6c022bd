"""Opening the books: path resolution, pragmas, schema version, and the one transaction helper."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from faktura_cli.errors import DatabaseProblem, NotInitialised, SchemaTooNew
from faktura_cli.storage.chain import seal as seal_chain
from faktura_cli.storage.files import make_folder

BUSY_TIMEOUT_MS = 60_000
# The schema this program writes: len(storage.schema.MIGRATIONS), which checks it on import.
# Kept here so that opening current books reads no migration code (SPEC §17: no schema work
# on a read); a migration appended there must raise it.
SCHEMA_VERSION = 12


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "faktura" / "faktura.db"


def resolve_path(option: str | os.PathLike[str] | None) -> Path:
    """--db, else $FAKTURA_DB, else faktura.db in the user's data directory."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get("FAKTURA_DB")
    return Path(env).expanduser() if env else default_path()


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # durable in WAL mode at each checkpoint
    conn.execute("PRAGMA cache_size = -32000")  # 32 MB: big runs and reports stay in memory


def connect(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """Open the books at `path`, migrating an older schema forward.

    With create=False a missing or empty file is an error, so a typo in --db never creates
    empty books, and books truncated to nothing are never quietly replaced by new ones.
    """
    if not path.exists():
        if not create:
            raise NotInitialised(
                f"there are no books at {path}",
                hint="create them with `faktura init ...` (or point --db / FAKTURA_DB elsewhere)",
            )
        # The books are private: create the file owner-only before SQLite touches it.
        try:
            make_folder(path.parent)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise DatabaseProblem(f"cannot create the books at {path}: {exc.strerror}") from None
    _refuse_what_cannot_be_books(path, create=create)
    _restore_side_file_modes(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        # The version first: a file that is not ours, or a newer one, is left exactly as it is.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise SchemaTooNew(
                f"{path} was written by a newer faktura (schema {version}, this program knows {SCHEMA_VERSION})",
                hint="upgrade faktura; the file has not been touched",
            )
        if version == 0 and not create:
            conn.close()
            raise NotInitialised(
                f"{path} is an SQLite file, but not faktura's books",
                hint="create books with `faktura init ...` (or point --db / FAKTURA_DB elsewhere)",
            )
        _configure(conn)
        if version < SCHEMA_VERSION:
            from faktura_cli.storage.schema import migrate  # only books of an older faktura

            migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise unusable(exc, path) from None
    return conn


def _refuse_what_cannot_be_books(path: Path, *, create: bool) -> None:
    """Say in words why a path cannot be the books, before SQLite says it in its own.

    Only stat() here: opening and closing the file would drop every POSIX lock this process
    holds on it, and another process would then take an open connection's books for unused
    and delete the WAL index under it.
    """
    if path.is_dir():
        raise DatabaseProblem(
            f"{path} is a folder, not the books", hint="point --db / FAKTURA_DB at the file"
        )
    if not create and path.stat().st_size == 0:
        raise NotInitialised(
            f"{path} is empty: there are no books in it",
            hint="create them with `faktura init ...`, or restore a backup with `faktura restore FILE`",
        )


def _restore_side_file_modes(path: Path) -> None:
    """Give PATH-wal and PATH-shm back the mode of writable books.

    SQLite creates them with the mode the books have at that moment. Books opened while they
    were read-only (chmod 444) leave them read-only behind, and once the books are writable
    again SQLite would refuse every write with "attempt to write a readonly database".
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if not mode & stat.S_IWUSR:
        return
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        try:
            info = side.stat()
            if info.st_uid == os.geteuid() and not info.st_mode & stat.S_IWUSR:
                os.chmod(side, mode)
        except OSError:
            continue  # absent, or not ours: SQLite will say what is wrong


def unusable(exc: sqlite3.Error, path: Path) -> DatabaseProblem:
    """A failure of SQLite on the books, in words the user can act on.

    A command writes in transactions that SQLite rolls back when they fail, so what the command
    had not finished is never half in the books, and running it again is safe.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    again = "what the command had not finished was rolled back; run it again"
    if name == "SQLITE_NOTADB":
        return DatabaseProblem(
            f"{path} is not a faktura database (not an SQLite file)",
            hint="point --db / FAKTURA_DB at your books",
        )
    if name.startswith("SQLITE_CORRUPT"):
        return DatabaseProblem(
            f"the books at {path} are damaged ({exc})",
            hint="restore the latest backup with `faktura restore FILE`",
        )
    if name.startswith("SQLITE_FULL"):
        return DatabaseProblem(f"the disk is full ({exc})", hint=f"free some space; {again}")
    if name.startswith("SQLITE_IOERR"):
        return DatabaseProblem(
            f"the books at {path} could not be written ({exc})",
            hint=f"is the disk full? {again}",
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM")) and not os.access(path, os.R_OK):
        return DatabaseProblem(
            f"cannot read the books at {path}: permission denied",
            hint="check the file's permissions (faktura reads and writes it)",
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return DatabaseProblem(
            f"the books at {path} are read-only to faktura ({exc})",
            hint=f"faktura writes the file and, beside it, {path.name}-wal and {path.name}-shm: "
            "check the permissions of the file and its folder",
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseProblem(
            f"the books at {path} stayed locked by another process for "
            f"{BUSY_TIMEOUT_MS // 1000} s ({exc})",
            hint=again,
        )
    return DatabaseProblem(f"the books at {path} could not be used ({exc})", hint=again)


def database_file(conn: sqlite3.Connection) -> Path:
    """The file behind a connection."""
    return Path(conn.execute("PRAGMA database_list").fetchone()[2]).resolve()


def copy_database(source: sqlite3.Connection, target: Path, *, self_contained: bool) -> None:
    """Copy the database behind `source` into the file `target` with SQLite's backup API (a
    consistent snapshot while others go on writing). `self_contained`: the copy keeps no
    write-ahead log beside it (one file to carry away)."""
    with closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        if self_contained:
            copy.execute("PRAGMA journal_mode = DELETE")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT just gave its row."""
    assert cursor.lastrowid is not None  # set by every INSERT
    return cursor.lastrowid


@contextmanager
def transaction(conn: sqlite3.Connection, *, seal: bool = True) -> Iterator[sqlite3.Connection]:
    """One service call = one transaction: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error.

    IMMEDIATE takes the write lock up front, so number series read inside are safe from other
    processes; a second process waits (busy_timeout) instead of failing. Nested use becomes a
    SAVEPOINT, so a service may call another service. A transaction that wrote anything links
    the records it wrote into the hash chain before it commits (storage.chain.seal); the
    migrations, which run before the chain exists, pass seal=False.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # see below
                conn.execute("ROLLBACK TO nested")
                conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    changes = conn.total_changes
    try:
        yield conn
        if seal and conn.total_changes != changes:
            seal_chain(conn)
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk, an I/O error): a second
        # ROLLBACK would fail and hide the error that matters.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def rehearsal(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Carry out a use case's writes and throw them all away: BEGIN IMMEDIATE ... ROLLBACK.

    A preview is the real use case rehearsed (the same number, KID, totals and dates as it would
    issue now) with nothing kept: the services' own transactions become savepoints inside it.
    """
    if conn.in_transaction:
        raise RuntimeError("a rehearsal cannot run inside another transaction")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Several reads that must see one state of the books (an export, the audit).

    A deferred read transaction: in WAL mode writers carry on meanwhile, and nothing they
    commit shows up halfway through, so balances and transactions in one file agree.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")


@contextmanager
def durable_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A transaction whose COMMIT is on disk when it returns, with everything committed before.

    The books run with synchronous=NORMAL: in WAL mode a commit is then made durable by the
    next checkpoint, and a power cut may lose the last commits. With synchronous=FULL for one
    commit SQLite fsyncs the WAL, which holds every earlier commit too (SPEC 11: an invoice is
    on disk before any byte of it goes to an SMTP server or an access point).
    """
    conn.execute("PRAGMA synchronous = FULL")
    try:
        with transaction(conn):
            yield conn
    finally:
        conn.execute("PRAGMA synchronous = NORMAL")
