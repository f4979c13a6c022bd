"""Opening the books: path resolution, pragmas, schema version, and the one transaction helper."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from faktura_cli.errors import DatabaseProblem, NotInitialised, SchemaTooNew

BUSY_TIMEOUT_MS = 60_000


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

    With create=False a missing file is an error, so a typo in --db never creates empty books.
    """
    from faktura_cli.storage.schema import CURRENT_VERSION, migrate

    if not path.exists():
        if not create:
            raise NotInitialised(
                f"there are no books at {path}",
                hint="create them with `faktura init ...` (or point --db / FAKTURA_DB elsewhere)",
            )
        # The books are private: create the file owner-only before SQLite touches it.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise DatabaseProblem(f"cannot create the books at {path}: {exc.strerror}") from None
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(f"{path} is not a faktura database ({exc})") from None
    if version > CURRENT_VERSION:
        conn.close()
        raise SchemaTooNew(
            f"{path} was written by a newer faktura (schema {version}, this program knows {CURRENT_VERSION})",
            hint="upgrade faktura; the file has not been touched",
        )
    if version < CURRENT_VERSION:
        migrate(conn)
    return conn


def database_file(conn: sqlite3.Connection) -> Path:
    """The file behind a connection."""
    return Path(conn.execute("PRAGMA database_list").fetchone()[2]).resolve()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One service call = one transaction: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error.

    IMMEDIATE takes the write lock up front, so number series read inside are safe from other
    processes; a second process waits (busy_timeout) instead of failing. Nested use becomes a
    SAVEPOINT, so a service may call another service.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


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
