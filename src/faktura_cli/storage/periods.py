"""The period lock's history: one row per move, newest last; never changed or deleted."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from faktura_cli.domain.period import PeriodLock


def current_lock(conn: sqlite3.Connection) -> PeriodLock | None:
    """The lock in force: the newest row, or None when the books were never locked."""
    row = conn.execute(
        "SELECT locked_to, reason, set_at, last_voucher FROM period_locks ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _lock(row)


def lock_history(conn: sqlite3.Connection) -> list[PeriodLock]:
    """Every move of the lock, oldest first."""
    return [
        _lock(r)
        for r in conn.execute(
            "SELECT locked_to, reason, set_at, last_voucher FROM period_locks ORDER BY id"
        )
    ]


def _lock(row: sqlite3.Row | tuple[object, ...]) -> PeriodLock:
    return PeriodLock(
        to=date.fromisoformat(str(row[0])),
        reason=str(row[1]),
        set_at=datetime.fromisoformat(str(row[2])),
        last_voucher=int(str(row[3])),
    )


def record_lock(conn: sqlite3.Connection, to: date, reason: str, *, now: datetime) -> PeriodLock:
    """Move the lock to `to` (the caller has checked the direction), noting the last voucher."""
    last = conn.execute("SELECT COALESCE(MAX(number), 0) FROM vouchers").fetchone()[0]
    conn.execute(
        "INSERT INTO period_locks (locked_to, reason, set_at, last_voucher) VALUES (?, ?, ?, ?)",
        (to.isoformat(), reason, now.isoformat(), last),
    )
    return PeriodLock(to, reason, now, last)


def vouchers_inside_locks(conn: sqlite3.Connection) -> list[tuple[int, str, str, str]]:
    """(voucher, its date, the lock's date, the lock's reason) for each voucher written after a
    lock was set, while it was in force, and dated on or before it."""
    return [
        tuple(r)
        for r in conn.execute(
            """
            WITH spans AS (
                SELECT locked_to, reason, last_voucher,
                       LEAD(last_voucher) OVER (ORDER BY id) AS until
                FROM period_locks
            )
            SELECT v.number, v.date, s.locked_to, s.reason FROM spans s
            JOIN vouchers v ON v.number > s.last_voucher
                AND (s.until IS NULL OR v.number <= s.until)
                AND v.date <= s.locked_to
            ORDER BY v.number
            """
        )
    ]
