"""`faktura lock`: the period lock, moved forward by hand (also by `year close` and `vat file`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from faktura_cli.domain.period import PeriodLock, ensure_forward, first_open_date
from faktura_cli.errors import RuleViolation
from faktura_cli.storage import events as events_db
from faktura_cli.storage import periods as store
from faktura_cli.storage.db import snapshot, transaction


@dataclass(frozen=True)
class LockStatus:
    """The lock in force (None: nothing is locked) and the first date still open."""

    lock: PeriodLock | None
    first_open: date | None


def move_lock(conn: sqlite3.Connection, to: date, reason: str, *, now: datetime) -> PeriodLock:
    """Move the lock forward to `to` inside the caller's transaction (never back)."""
    current = store.current_lock(conn)
    ensure_forward(current, to)
    if current is not None and current.to == to:
        return current
    return store.record_lock(conn, to, reason, now=now)


def lock_to(conn: sqlite3.Connection, to: date, *, now: datetime) -> LockStatus:
    """`faktura lock --to DATE`: nothing dated on or before it can be created from now on."""
    if to >= now.date():
        raise RuleViolation(
            f"the books can be locked up to yesterday at most ({now.date() - timedelta(days=1)}), "
            f"not to {to.isoformat()}"
        )
    with transaction(conn):
        lock = move_lock(conn, to, "lock --to", now=now)
        events_db.log_event(conn, "lock", f"books locked to {to.isoformat()}", now=now)
    return LockStatus(lock, first_open_date(lock))


def show_lock(conn: sqlite3.Connection) -> LockStatus:
    with snapshot(conn):
        lock = store.current_lock(conn)
    return LockStatus(lock, first_open_date(lock))
