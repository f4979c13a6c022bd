"""Bank entries, and what a KID of ours points at. Inside the caller's transaction; never commits."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from faktura_cli.domain.bank import BankEntry, Claim, Payout
from faktura_cli.errors import NotFound

_CHUNK = 500  # bound parameters per IN (...)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


@dataclass(frozen=True)
class StoredEntry:
    id: int
    key: str
    format: str
    account: str | None
    booking_date: date
    amount: int
    currency: str
    kid: str | None
    reference: str | None
    counterparty: str | None
    counterparty_account: str | None
    status: str  # matched | unmatched | ignored
    reason: str | None
    invoice: int | None
    reminder: int | None
    voucher: int | None


def known(conn: sqlite3.Connection, column: str, values: Sequence[str]) -> set[str]:
    """Which of these keys (or fingerprints) earlier imports recorded."""
    assert column in ("key", "fingerprint")
    found: set[str] = set()
    for chunk in _chunks(list(values)):
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT {column} FROM bank_entries"
                f" WHERE {column} IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return found


def claims_by_kid(conn: sqlite3.Connection, kids: Iterable[str]) -> dict[str, Claim]:
    """The invoices and reminders these KIDs belong to, with what is open on each invoice."""
    wanted = sorted(set(kids))
    claims: dict[str, Claim] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        for kid, invoice, customer, balance, sold in conn.execute(
            "SELECT d.kid, d.number, d.customer, COALESCE(o.balance, 0),"
            " EXISTS (SELECT 1 FROM factoring_sales s WHERE s.invoice = d.number)"
            " FROM documents d LEFT JOIN open_items o ON o.item = d.number"
            f" WHERE d.kind = 'invoice' AND d.kid IN ({marks})",
            chunk,
        ):
            claims[kid] = Claim(kid, invoice, customer, balance, None, bool(sold))
        for kid, reminder, invoice, customer, balance in conn.execute(
            "SELECT r.kid, r.number, r.invoice, r.customer, COALESCE(o.balance, 0)"
            " FROM reminders r LEFT JOIN open_items o ON o.item = r.invoice"
            f" WHERE r.kid IN ({marks})",
            chunk,
        ):
            claims[kid] = Claim(kid, invoice, customer, balance, reminder)
    return claims


def unconfirmed_payouts(conn: sqlite3.Connection) -> list[Payout]:
    return [
        Payout(
            invoice, payout, date.fromisoformat(sale_date), partner_kid, partner_account, partner
        )
        for invoice, payout, sale_date, partner_kid, partner_account, partner in conn.execute(
            "SELECT s.invoice, s.payout, s.sale_date, s.partner_kid, s.partner_account, s.partner"
            " FROM factoring_sales s WHERE NOT EXISTS"
            " (SELECT 1 FROM factoring_confirmations c WHERE c.invoice = s.invoice)"
            " AND NOT EXISTS (SELECT 1 FROM factoring_credits k"
            " WHERE k.invoice = s.invoice AND k.kind = 'annulled')"
        )
    ]


_INSERT = (
    "INSERT INTO bank_entries (key, fingerprint, format, file_sha256, account, booking_date, amount, currency,"
    " kid, reference, counterparty, counterparty_account, status, reason, invoice, reminder,"
    " voucher, imported_at, resolved_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class EntryOutcome:
    """How an imported entry is recorded."""

    entry: BankEntry
    status: str
    reason: str | None = None
    invoice: int | None = None
    reminder: int | None = None
    voucher: int | None = None
    fingerprint: str | None = None


def insert_entries(
    conn: sqlite3.Connection,
    outcomes: Sequence[EntryOutcome],
    *,
    format: str,
    file_sha256: str,
    now: datetime,
) -> list[int]:
    """Insert entries; returns their ids in order."""
    top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM bank_entries").fetchone()[0]
    stamp = now.isoformat()
    rows = []
    for o in outcomes:
        e = o.entry
        rows.append(
            (
                e.key,
                o.fingerprint,
                format,
                file_sha256,
                e.account,
                e.booking_date.isoformat(),
                e.amount,
                e.currency,
                e.kid,
                e.reference,
                e.counterparty,
                e.counterparty_account,
                o.status,
                o.reason,
                o.invoice,
                o.reminder,
                o.voucher,
                stamp,
                stamp if o.status != "unmatched" else None,
            )
        )
    conn.executemany(_INSERT, rows)
    return list(range(top + 1, top + 1 + len(rows)))


def _stored(row: sqlite3.Row) -> StoredEntry:
    return StoredEntry(
        id=row["id"],
        key=row["key"],
        format=row["format"],
        account=row["account"],
        booking_date=date.fromisoformat(row["booking_date"]),
        amount=row["amount"],
        currency=row["currency"],
        kid=row["kid"],
        reference=row["reference"],
        counterparty=row["counterparty"],
        counterparty_account=row["counterparty_account"],
        status=row["status"],
        reason=row["reason"],
        invoice=row["invoice"],
        reminder=row["reminder"],
        voucher=row["voucher"],
    )


def entries(
    conn: sqlite3.Connection,
    *,
    status: str | None = None,
    ids: Sequence[int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[StoredEntry]:
    """Entries by booking date (under one status, of these ids, booked from `since` to `until`)."""
    conditions: list[str] = []
    params: list[str] = []
    for term, value in (
        ("status = ?", status),
        ("booking_date >= ?", since.isoformat() if since else None),
        ("booking_date <= ?", until.isoformat() if until else None),
    ):
        if value is not None:
            conditions.append(term)
            params.append(value)
    if ids is not None:
        conditions.append(f"id IN ({','.join('?' * len(ids))})")
        params.extend(str(i) for i in ids)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return [
        _stored(r)
        for r in conn.execute(
            f"SELECT * FROM bank_entries {where} ORDER BY booking_date, id", params
        )
    ]


def get_entry(conn: sqlite3.Connection, entry_id: int) -> StoredEntry:
    row = conn.execute("SELECT * FROM bank_entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise NotFound(
            f"there is no bank entry {entry_id}", hint="`faktura bank unmatched` lists them"
        )
    return _stored(row)


def resolve_entry(
    conn: sqlite3.Connection,
    entry_id: int,
    *,
    status: str,
    now: datetime,
    reason: str | None = None,
    invoice: int | None = None,
    voucher: int | None = None,
) -> None:
    """Settle an unmatched entry: matched to a voucher, or ignored with the user's reason."""
    conn.execute(
        "UPDATE bank_entries SET status = ?, reason = ?, invoice = ?, voucher = ?,"
        " resolved_at = ? WHERE id = ? AND status = 'unmatched'",
        (status, reason, invoice, voucher, now.isoformat(), entry_id),
    )


def unmatched_count(conn: sqlite3.Connection) -> int:
    count: int = conn.execute(
        "SELECT COUNT(*) FROM bank_entries WHERE status = 'unmatched'"
    ).fetchone()[0]
    return count
