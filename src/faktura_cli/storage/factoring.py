"""Factoring tables: applications, settings, offers, holds, sales and payout confirmations."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.storage.db import inserted_id


@dataclass(frozen=True)
class Application:
    """An application for an agreement and the partner's (sandbox) decision, due at decide_at."""

    applied_at: datetime
    decide_at: datetime
    decision: str  # approved | declined
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class StoredOffer:
    """An offer as the partner made it; whether it has expired depends on when one asks."""

    id: int
    invoice: int
    offered_at: datetime
    expires_at: datetime
    eligible: bool
    reasons: tuple[tuple[str, str], ...]  # (code, text)
    fee_rate: Decimal | None
    fee: int | None
    payout: int | None
    planned_payout: datetime | None
    status: str  # offered | declined | accepted


@dataclass(frozen=True)
class StoredSale:
    """A sold invoice: posted, final."""

    invoice: int
    offer: int
    accepted_at: datetime
    sale_date: date  # the Oslo date of acceptance
    planned_payout: datetime
    fee_rate: Decimal
    total: int
    fee: int
    payout: int
    partner: str
    partner_orgnr: str
    partner_account: str
    partner_kid: str
    settlement_voucher: int
    confirmed_on: date | None  # the day the payout was confirmed, if it was


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _offer(row: sqlite3.Row) -> StoredOffer:
    return StoredOffer(
        id=row["id"],
        invoice=row["invoice"],
        offered_at=datetime.fromisoformat(row["offered_at"]),
        expires_at=datetime.fromisoformat(row["expires_at"]),
        eligible=bool(row["eligible"]),
        reasons=tuple((code, text) for code, text in json.loads(row["reasons"])),
        fee_rate=Decimal(row["fee_rate"]) if row["fee_rate"] is not None else None,
        fee=row["fee"],
        payout=row["payout"],
        planned_payout=_when(row["planned_payout"]),
        status=row["status"],
    )


def _sale(row: sqlite3.Row) -> StoredSale:
    return StoredSale(
        invoice=row["invoice"],
        offer=row["offer"],
        accepted_at=datetime.fromisoformat(row["accepted_at"]),
        sale_date=date.fromisoformat(row["sale_date"]),
        planned_payout=datetime.fromisoformat(row["planned_payout"]),
        fee_rate=Decimal(row["fee_rate"]),
        total=row["total"],
        fee=row["fee"],
        payout=row["payout"],
        partner=row["partner"],
        partner_orgnr=row["partner_orgnr"],
        partner_account=row["partner_account"],
        partner_kid=row["partner_kid"],
        settlement_voucher=row["settlement_voucher"],
        confirmed_on=date.fromisoformat(row["confirmed_on"]) if row["confirmed_on"] else None,
    )


_SALES = (
    "SELECT s.*, c.day AS confirmed_on FROM factoring_sales s"
    " LEFT JOIN factoring_confirmations c ON c.invoice = s.invoice"
)


def latest_application(conn: sqlite3.Connection) -> Application | None:
    row = conn.execute("SELECT * FROM factoring_applications ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return Application(
        datetime.fromisoformat(row["applied_at"]),
        datetime.fromisoformat(row["decide_at"]),
        row["decision"],
        tuple(json.loads(row["reasons"])),
    )


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
    return inserted_id(
        conn.execute(
            f"INSERT INTO factoring_offers ({columns}) VALUES ({marks})", tuple(values.values())
        )
    )


def latest_offer(conn: sqlite3.Connection, invoice: int) -> StoredOffer | None:
    row = conn.execute(
        "SELECT * FROM factoring_offers WHERE invoice = ? ORDER BY id DESC LIMIT 1", (invoice,)
    ).fetchone()
    return None if row is None else _offer(row)


def get_offer(conn: sqlite3.Connection, offer: int) -> StoredOffer:
    row = conn.execute("SELECT * FROM factoring_offers WHERE id = ?", (offer,)).fetchone()
    assert row is not None  # an offer of this transaction
    return _offer(row)


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


def get_sale(conn: sqlite3.Connection, invoice: int) -> StoredSale | None:
    row = conn.execute(_SALES + " WHERE s.invoice = ?", (invoice,)).fetchone()
    return None if row is None else _sale(row)


def list_sales(conn: sqlite3.Connection) -> list[StoredSale]:
    return [_sale(row) for row in conn.execute(_SALES + " ORDER BY s.invoice")]


def insert_confirmation(conn: sqlite3.Connection, invoice: int, day: date, voucher: int) -> None:
    conn.execute(
        "INSERT INTO factoring_confirmations (invoice, day, voucher) VALUES (?, ?, ?)",
        (invoice, day.isoformat(), voucher),
    )


def unconfirmed_sales(conn: sqlite3.Connection) -> list[StoredSale]:
    """Sales whose payout is neither confirmed nor annulled, by planned payout."""
    return [
        _sale(row)
        for row in conn.execute(
            _SALES + " WHERE c.invoice IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM factoring_credits k"
            " WHERE k.invoice = s.invoice AND k.kind = 'annulled')"
            " ORDER BY s.planned_payout, s.invoice"
        )
    ]


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
