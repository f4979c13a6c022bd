"""Factoring tables: applications, settings, offers, holds, sales and payout confirmations."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime


def latest_application(conn: sqlite3.Connection) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM factoring_applications ORDER BY id DESC LIMIT 1").fetchone()


def insert_application(
    conn: sqlite3.Connection,
    *,
    applied_at: datetime,
    decide_at: datetime,
    decision: str,
    reasons: list[str],
) -> None:
    conn.execute(
        "INSERT INTO factoring_applications (applied_at, decide_at, decision, reasons)"
        " VALUES (?, ?, ?, ?)",
        (applied_at.isoformat(), decide_at.isoformat(), decision, json.dumps(reasons)),
    )


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM factoring_settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO factoring_settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def insert_offer(conn: sqlite3.Connection, **values: object) -> int:
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    return int(
        conn.execute(  # type: ignore[arg-type]
            f"INSERT INTO factoring_offers ({columns}) VALUES ({marks})", tuple(values.values())
        ).lastrowid
    )


def latest_offer(conn: sqlite3.Connection, invoice: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM factoring_offers WHERE invoice = ? ORDER BY id DESC LIMIT 1", (invoice,)
    ).fetchone()


def get_offer(conn: sqlite3.Connection, offer: int) -> sqlite3.Row:
    return conn.execute("SELECT * FROM factoring_offers WHERE id = ?", (offer,)).fetchone()


def offered_invoices(conn: sqlite3.Connection) -> list[int]:
    """Every invoice the partner was asked about."""
    return [r[0] for r in conn.execute("SELECT DISTINCT invoice FROM factoring_offers")]


def set_offer_status(conn: sqlite3.Connection, offer: int, status: str) -> None:
    conn.execute("UPDATE factoring_offers SET status = ? WHERE id = ?", (status, offer))


def hold(conn: sqlite3.Connection, invoice: int, *, now: datetime) -> None:
    conn.execute(
        "INSERT INTO factoring_holds (invoice, held_at) VALUES (?, ?)", (invoice, now.isoformat())
    )


def is_held(conn: sqlite3.Connection, invoice: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM factoring_holds WHERE invoice = ? AND released_at IS NULL", (invoice,)
        ).fetchone()
        is not None
    )


def held_invoices(conn: sqlite3.Connection) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT invoice FROM factoring_holds WHERE released_at IS NULL ORDER BY invoice"
        )
    ]


def release(conn: sqlite3.Connection, invoice: int, *, now: datetime) -> None:
    conn.execute(
        "UPDATE factoring_holds SET released_at = ? WHERE invoice = ? AND released_at IS NULL",
        (now.isoformat(), invoice),
    )


def insert_sale(conn: sqlite3.Connection, **values: object) -> None:
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    conn.execute(
        f"INSERT INTO factoring_sales ({columns}) VALUES ({marks})", tuple(values.values())
    )


def get_sale(conn: sqlite3.Connection, invoice: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM factoring_sales WHERE invoice = ?", (invoice,)).fetchone()


def list_sales(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return list(
        conn.execute(
            "SELECT s.*, c.day AS confirmed_on FROM factoring_sales s"
            " LEFT JOIN factoring_confirmations c ON c.invoice = s.invoice ORDER BY s.invoice"
        )
    )


def confirmation(conn: sqlite3.Connection, invoice: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM factoring_confirmations WHERE invoice = ?", (invoice,)
    ).fetchone()


def insert_confirmation(conn: sqlite3.Connection, invoice: int, day: date, voucher: int) -> None:
    conn.execute(
        "INSERT INTO factoring_confirmations (invoice, day, voucher) VALUES (?, ?, ?)",
        (invoice, day.isoformat(), voucher),
    )


def unconfirmed_sales(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return list(
        conn.execute(
            "SELECT s.* FROM factoring_sales s WHERE NOT EXISTS"
            " (SELECT 1 FROM factoring_confirmations c WHERE c.invoice = s.invoice)"
            " AND NOT EXISTS (SELECT 1 FROM factoring_credits k"
            " WHERE k.invoice = s.invoice AND k.kind = 'annulled')"
            " ORDER BY s.planned_payout, s.invoice"
        )
    )


def has_overdue(conn: sqlite3.Connection, customer: int, today: date) -> bool:
    """An invoice of this customer past due with something still open on its item."""
    return (
        conn.execute(
            "SELECT 1 FROM documents d JOIN postings p ON p.open_item = d.number"
            " WHERE d.customer = ? AND d.kind = 'invoice' AND d.due_date < ?"
            " GROUP BY d.number HAVING SUM(p.amount) > 0 LIMIT 1",
            (customer, today.isoformat()),
        ).fetchone()
        is not None
    )


def insert_credit(
    conn: sqlite3.Connection,
    *,
    credit_note: int,
    invoice: int,
    kind: str,
    regress: int,
    day: date,
    voucher: int,
) -> None:
    conn.execute(
        "INSERT INTO factoring_credits (credit_note, invoice, kind, regress, day, voucher)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (credit_note, invoice, kind, regress, day.isoformat(), voucher),
    )


def annulled(conn: sqlite3.Connection, invoice: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM factoring_credits WHERE invoice = ? AND kind = 'annulled'", (invoice,)
        ).fetchone()
        is not None
    )


def regress_owed(conn: sqlite3.Connection, invoice: int) -> int:
    claimed = conn.execute(
        "SELECT COALESCE(SUM(regress), 0) FROM factoring_credits WHERE invoice = ?", (invoice,)
    ).fetchone()[0]
    paid = conn.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM factoring_regress_payments WHERE invoice = ?",
        (invoice,),
    ).fetchone()[0]
    return int(claimed - paid)


def insert_regress_payment(
    conn: sqlite3.Connection, invoice: int, day: date, amount: int, voucher: int
) -> None:
    conn.execute(
        "INSERT INTO factoring_regress_payments (invoice, day, amount, voucher)"
        " VALUES (?, ?, ?, ?)",
        (invoice, day.isoformat(), amount, voucher),
    )


def sold_invoices(conn: sqlite3.Connection, numbers: list[int] | None = None) -> set[int]:
    if numbers is None:
        return {r[0] for r in conn.execute("SELECT invoice FROM factoring_sales")}
    marks = ",".join("?" * len(numbers))
    return {
        r[0]
        for r in conn.execute(
            f"SELECT invoice FROM factoring_sales WHERE invoice IN ({marks})", numbers
        )
    }
