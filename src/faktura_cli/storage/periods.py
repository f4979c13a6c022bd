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


# ---------------------------------------------------------------- year end


def year_closings(conn: sqlite3.Connection) -> dict[int, tuple[str, int | None]]:
    """Each year's latest action ("close" or "reopen") and the voucher it posted."""
    found: dict[int, tuple[str, int | None]] = {}
    for year, action, voucher in conn.execute(
        "SELECT year, action, voucher FROM year_closings ORDER BY id"
    ):
        found[int(year)] = (str(action), voucher)
    return found


def record_year_action(
    conn: sqlite3.Connection,
    year: int,
    action: str,
    *,
    voucher: int | None,
    result: int,
    now: datetime,
) -> None:
    conn.execute(
        "INSERT INTO year_closings (year, action, voucher, result, at) VALUES (?, ?, ?, ?, ?)",
        (year, action, voucher, result, now.isoformat()),
    )


def first_posting_year(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT MIN(date) FROM postings").fetchone()
    return None if row[0] is None else int(str(row[0])[:4])


# ---------------------------------------------------------------- VAT filings


def vat_filings(conn: sqlite3.Connection) -> dict[str, tuple[int, int | None, int | None]]:
    """Each filed term ("2026-1"): (the amount to pay, or negative to get back; the
    settlement voucher; the payment voucher)."""
    return {
        str(term): (int(amount), voucher, paid)
        for term, amount, voucher, paid in conn.execute(
            "SELECT f.term, f.amount, f.voucher, p.voucher FROM vat_filings f"
            " LEFT JOIN vat_payments p ON p.term = f.term ORDER BY f.term_end"
        )
    }


def record_vat_filing(
    conn: sqlite3.Connection,
    term: str,
    term_end: date,
    *,
    amount: int,
    voucher: int | None,
    now: datetime,
) -> None:
    conn.execute(
        "INSERT INTO vat_filings (term, term_end, amount, voucher, filed_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (term, term_end.isoformat(), amount, voucher, now.isoformat()),
    )


def record_vat_payment(
    conn: sqlite3.Connection, term: str, day: date, *, amount: int, voucher: int, now: datetime
) -> None:
    conn.execute(
        "INSERT INTO vat_payments (term, day, amount, voucher, paid_at) VALUES (?, ?, ?, ?, ?)",
        (term, day.isoformat(), amount, voucher, now.isoformat()),
    )


def vat_months_before(conn: sqlite3.Connection, accounts: tuple[str, ...], day: date) -> list[str]:
    """The months (YYYY-MM) with postings on these accounts before `day`, oldest first."""
    marks = ",".join("?" * len(accounts))
    return [
        str(r[0])
        for r in conn.execute(
            f"SELECT DISTINCT month FROM account_months WHERE account IN ({marks})"
            " AND month < ? AND amount != 0 ORDER BY month",
            (*accounts, day.isoformat()[:7]),
        )
    ]
