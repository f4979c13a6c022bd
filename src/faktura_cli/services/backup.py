"""Online backup and checked restore, with SQLite's backup API.

The backup API copies a consistent snapshot while other processes go on writing (WAL), so a
backup can run from cron next to `run-due`. A restore first opens the backup on its own, runs
the full integrity audit on it, and only then copies it over the live books, page by page,
inside SQLite's own locking: the books are either the old ones or the restored ones.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from faktura_cli.domain.restore import SettingChange, differing_settings, replaced_name
from faktura_cli.errors import DatabaseProblem, RuleViolation
from faktura_cli.services.audit import AuditReport, check_books, schema_findings
from faktura_cli.storage import company as company_db
from faktura_cli.storage.db import connect, copy_database, database_file
from faktura_cli.storage.files import replacing


@dataclass(frozen=True)
class BackupResult:
    file: Path
    vouchers: int
    documents: int
    anchor: str  # the hash chain's N:HASH of the copy


def backup(conn: sqlite3.Connection, target: Path) -> BackupResult:
    """Write a consistent copy of the books to `target` (owner-only), atomically."""
    target = target.expanduser()
    if target.exists() and target.resolve() == database_file(conn):
        raise RuleViolation("the backup cannot be the books themselves")
    try:
        with replacing(target) as tmp:
            copy_database(conn, tmp, self_contained=True)
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"cannot write the backup {target}: {exc}") from None
    copy = connect(target)
    try:
        report = check_books(copy)
    finally:
        copy.close()
    return BackupResult(target, report.vouchers, report.documents, str(report.anchor))


@dataclass(frozen=True)
class RestoreResult:
    report: AuditReport
    replaced: Path | None  # where the books it replaced are kept (None: there were none)
    changes: tuple[SettingChange, ...]


def restore(
    conn: sqlite3.Connection,
    source: Path,
    *,
    now: datetime,
    other_company: bool = False,
    before_replacing: Callable[[list[SettingChange]], None] = lambda changes: None,
) -> RestoreResult:
    """Replace the books with a backup that passes the audit; refused otherwise, untouched.

    Refused: a backup that fails `check`, whose schema is not exactly the program's own (an
    extra or altered trigger, view or table), or of another organisasjonsnummer unless
    `other_company`. The delivery settings it would change are handed to `before_replacing`
    first, and the replaced books are kept as NAME.replaced-YYYYMMDDTHHMMSS (0600).
    The backup is read through a private copy, so an older backup is migrated forward in the
    copy and the user's file is never changed.
    """
    source = source.expanduser()
    if not source.is_file():
        raise DatabaseProblem(f"there is no backup at {source}")
    live = database_file(conn)
    work = live.with_name(f".restore-{secrets.token_hex(8)}.db")
    try:
        with replacing(work) as fresh, closing(sqlite3.connect(source)) as original:
            copy_database(original, fresh, self_contained=False)
        candidate = connect(work)
        try:
            incoming = company_db.load_company(candidate)
            schema = list(schema_findings(candidate))
            if schema:
                raise RuleViolation(
                    f"the backup {source} is not faktura's own schema ({schema[0].message}); "
                    "the books were not touched"
                )
            report = check_books(candidate)
            if not report.ok:
                first = report.damage[0]
                raise RuleViolation(
                    f"the backup {source} fails the integrity audit ({len(report.damage)} "
                    f"finding(s); first: {first.check}: {first.message}); the books were not touched"
                )
            current = company_db.load_company(conn) if company_db.company_exists(conn) else None
            if current is not None and current.orgnr != incoming.orgnr and not other_company:
                raise RuleViolation(
                    f"the backup {source} holds the books of {incoming.name} "
                    f"({incoming.orgnr}), not of {current.name} ({current.orgnr}); the books "
                    "were not touched",
                    hint="add --other-company to replace them all the same",
                )
            changes = differing_settings(current, incoming) if current is not None else []
            before_replacing(changes)
            kept = None
            if current is not None:
                kept = _keep_replaced(conn, live, now)
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
    return RestoreResult(report, kept, tuple(changes))


def _keep_replaced(conn: sqlite3.Connection, live: Path, now: datetime) -> Path:
    """A consistent copy of the books about to be replaced, beside them, owner-only."""
    target = live.with_name(replaced_name(live.name, now))
    count = 1
    while target.exists():
        count += 1
        target = live.with_name(f"{replaced_name(live.name, now)}-{count}")
    with replacing(target) as tmp:
        copy_database(conn, tmp, self_contained=True)
    return target
