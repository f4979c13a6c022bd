"""Online backup and checked restore, with SQLite's backup API.

The backup API copies a consistent snapshot while other processes go on writing (WAL), so a
backup can run from cron next to `run-due`. A restore first opens the backup on its own, runs
the full integrity audit on it, and only then copies it over the live books, page by page,
inside SQLite's own locking: the books are either the old ones or the restored ones.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from faktura_cli.errors import DatabaseProblem, RuleViolation
from faktura_cli.services.audit import AuditReport, check_books
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import connect, database_file


@dataclass(frozen=True)
class BackupResult:
    file: Path
    vouchers: int
    documents: int


def backup(conn: sqlite3.Connection, target: Path) -> BackupResult:
    """Write a consistent copy of the books to `target` (owner-only), atomically."""
    target = target.expanduser()
    if target.exists() and target.resolve() == database_file(conn):
        raise RuleViolation("the backup cannot be the books themselves")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        copy = sqlite3.connect(tmp)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseProblem(f"cannot write the backup {target}: {exc.strerror}") from None
    report = check_books(connect(target))
    return BackupResult(target, report.vouchers, report.documents)


def restore(conn: sqlite3.Connection, source: Path) -> AuditReport:
    """Replace the books with a backup that passes the audit; refused otherwise, untouched.

    The backup is read through a private copy, so an older backup is migrated forward in the
    copy and the user's file is never changed.
    """
    source = source.expanduser()
    if not source.is_file():
        raise DatabaseProblem(f"there is no backup at {source}")
    live = database_file(conn)
    work = live.with_name(f".restore-{os.getpid()}.db")
    try:
        with sqlite3.connect(source) as original, sqlite3.connect(work) as copy:
            original.backup(copy)
        os.chmod(work, 0o600)
        candidate = connect(work)
        try:
            repo.load_company(candidate)
            report = check_books(candidate)
            if not report.ok:
                first = report.damage[0]
                raise RuleViolation(
                    f"the backup {source} fails the integrity audit ({len(report.damage)} "
                    f"finding(s); first: {first.check}: {first.message}); the books were not touched"
                )
            candidate.backup(conn)
        finally:
            candidate.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(f"{source} is not a faktura backup ({exc})") from None
    finally:
        for leftover in (
            work,
            work.with_name(work.name + "-wal"),
            work.with_name(work.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
    return report
