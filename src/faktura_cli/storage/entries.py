"""Manual vouchers, attachments, suppliers and bills: rows <-> records, inside the caller's
transaction (nothing here commits)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from faktura_cli.domain.entries import Bill, Supplier
from faktura_cli.domain.ledger import RECEIVABLES, PostedVoucher, Posting
from faktura_cli.errors import NotFound

FIRST_SUPPLIER_NUMBER = 20001


@dataclass(frozen=True)
class Attachment:
    sha256: str
    name: str
    size: int


@dataclass(frozen=True)
class VoucherSummary:
    number: int
    date: date
    text: str
    # invoice, credit_note, manual, reversal, opening, bill, bill_payment, payment, refund,
    # reminder, factoring_sale, factoring_payout, factoring_annulment, regress, regress_payment,
    # year_end, vat_settlement, vat_payment, other
    kind: str
    document: int | None
    amount: int  # the sum of the debits
    reverses: int | None
    reversed_by: int | None
    attachments: int


# ---------------------------------------------------------------- entries (what kind a voucher is)


def record_entry(
    conn: sqlite3.Connection, voucher: int, kind: str, *, reverses: int | None = None
) -> None:
    conn.execute(
        "INSERT INTO entries (voucher, kind, reverses) VALUES (?, ?, ?)", (voucher, kind, reverses)
    )


def entry_kind(conn: sqlite3.Connection, voucher: int) -> str | None:
    row = conn.execute("SELECT kind FROM entries WHERE voucher = ?", (voucher,)).fetchone()
    return row[0] if row else None


def reverses(conn: sqlite3.Connection, voucher: int) -> int | None:
    row = conn.execute("SELECT reverses FROM entries WHERE voucher = ?", (voucher,)).fetchone()
    return row[0] if row else None


def reversed_by(conn: sqlite3.Connection, voucher: int) -> int | None:
    row = conn.execute("SELECT voucher FROM entries WHERE reverses = ?", (voucher,)).fetchone()
    return row[0] if row else None


def opening_voucher_number(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT voucher FROM entries WHERE kind = 'opening'").fetchone()
    return row[0] if row else None


def first_voucher_date(conn: sqlite3.Connection) -> date | None:
    row = conn.execute("SELECT MIN(date) FROM vouchers").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def get_voucher(conn: sqlite3.Connection, number: int) -> PostedVoucher:
    row = conn.execute(
        "SELECT number, date, text, document, created_at FROM vouchers WHERE number = ?",
        (number,),
    ).fetchone()
    if row is None:
        raise NotFound(f"there is no voucher {number}", hint="`faktura voucher list` shows them")
    postings = conn.execute(
        "SELECT account, amount, text, customer, open_item, vat_code FROM postings"
        " WHERE voucher = ? ORDER BY id",
        (number,),
    )
    return PostedVoucher(
        number=row[0],
        date=date.fromisoformat(row[1]),
        text=row[2],
        document=row[3],
        entered_at=datetime.fromisoformat(row[4]),
        postings=tuple(Posting(*p) for p in postings),
    )


# What a voucher documents. A document's first voucher is the document's own (invoice, credit
# note); its later ones are what happened to it since: reminders, the factoring sale and what
# followed, money back to the customer (the receivable debited) or, the rest, payments.
_KIND = f"""
    CASE
        WHEN e.kind IS NOT NULL THEN e.kind
        WHEN EXISTS (SELECT 1 FROM reminders x WHERE x.voucher = v.number) THEN 'reminder'
        WHEN EXISTS (SELECT 1 FROM factoring_sales x WHERE x.settlement_voucher = v.number)
            THEN 'factoring_sale'
        WHEN EXISTS (SELECT 1 FROM factoring_confirmations x WHERE x.voucher = v.number)
            THEN 'factoring_payout'
        WHEN EXISTS (SELECT 1 FROM factoring_credits x WHERE x.voucher = v.number)
            THEN (SELECT CASE x.kind WHEN 'regress' THEN 'regress' ELSE 'factoring_annulment' END
                  FROM factoring_credits x WHERE x.voucher = v.number)
        WHEN EXISTS (SELECT 1 FROM factoring_regress_payments x WHERE x.voucher = v.number)
            THEN 'regress_payment'
        WHEN EXISTS (SELECT 1 FROM year_closings x WHERE x.voucher = v.number) THEN 'year_end'
        WHEN EXISTS (SELECT 1 FROM vat_filings x WHERE x.voucher = v.number) THEN 'vat_settlement'
        WHEN EXISTS (SELECT 1 FROM vat_payments x WHERE x.voucher = v.number) THEN 'vat_payment'
        WHEN d.kind IS NULL THEN 'other'
        WHEN v.number = (SELECT MIN(f.number) FROM vouchers f WHERE f.document = v.document)
            THEN d.kind
        WHEN (SELECT SUM(p.amount) FROM postings p
              WHERE p.voucher = v.number AND p.account = '{RECEIVABLES}') > 0 THEN 'refund'
        ELSE 'payment'
    END
"""


def list_vouchers(
    conn: sqlite3.Connection, *, start: date | None = None, end: date | None = None
) -> list[VoucherSummary]:
    conditions, params = [], []
    if start is not None:
        conditions.append("v.date >= ?")
        params.append(start.isoformat())
    if end is not None:
        conditions.append("v.date <= ?")
        params.append(end.isoformat())
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = conn.execute(
        f"""
        SELECT v.number, v.date, v.text, {_KIND}, v.document,
            (SELECT SUM(amount) FROM postings p WHERE p.voucher = v.number AND p.amount > 0),
            e.reverses,
            (SELECT r.voucher FROM entries r WHERE r.reverses = v.number),
            (SELECT COUNT(*) FROM voucher_attachments a WHERE a.voucher = v.number)
        FROM vouchers v
        LEFT JOIN entries e ON e.voucher = v.number
        LEFT JOIN documents d ON d.number = v.document
        {where} ORDER BY v.number
        """,
        params,
    )
    return [
        VoucherSummary(n, date.fromisoformat(d), t, k, doc, amount or 0, rev, by, att)
        for n, d, t, k, doc, amount, rev, by, att in rows
    ]


def voucher_kind(conn: sqlite3.Connection, number: int) -> str:
    row = conn.execute(
        f"SELECT {_KIND} FROM vouchers v LEFT JOIN entries e ON e.voucher = v.number"
        " LEFT JOIN documents d ON d.number = v.document WHERE v.number = ?",
        (number,),
    ).fetchone()
    if row is None:
        raise NotFound(f"there is no voucher {number}", hint="`faktura voucher list` shows them")
    return str(row[0])


# ---------------------------------------------------------------- attachments (bilag)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def attach(
    conn: sqlite3.Connection, voucher: int, name: str, content: bytes, *, now: datetime
) -> Attachment:
    """Keep a file once by its SHA-256 and link it to the voucher under its file name."""
    digest = sha256_of(content)
    conn.execute(
        "INSERT OR IGNORE INTO attachments (sha256, size, content, added_at) VALUES (?, ?, ?, ?)",
        (digest, len(content), content, now.isoformat()),
    )
    conn.execute(
        "INSERT OR IGNORE INTO voucher_attachments (voucher, sha256, name) VALUES (?, ?, ?)",
        (voucher, digest, name),
    )
    return Attachment(digest, name, len(content))


def attachments_of(conn: sqlite3.Connection, voucher: int) -> list[Attachment]:
    return [
        Attachment(digest, name, size)
        for digest, name, size in conn.execute(
            "SELECT a.sha256, va.name, a.size FROM voucher_attachments va"
            " JOIN attachments a ON a.sha256 = va.sha256 WHERE va.voucher = ? ORDER BY va.name",
            (voucher,),
        )
    ]


def iter_attachment_files(
    conn: sqlite3.Connection, *, start: date, end: date
) -> Iterator[tuple[int, str, str, bytes]]:
    """(voucher, sha256, name, content) of every file attached to a voucher dated start..end."""
    yield from conn.execute(
        "SELECT va.voucher, a.sha256, va.name, a.content FROM voucher_attachments va"
        " JOIN attachments a ON a.sha256 = va.sha256 JOIN vouchers v ON v.number = va.voucher"
        " WHERE v.date BETWEEN ? AND ? ORDER BY va.voucher, va.name",
        (start.isoformat(), end.isoformat()),
    )


def stored_attachments(conn: sqlite3.Connection) -> Iterator[tuple[str, bytes]]:
    """(sha256 as stored, content) of every attachment: `check` recomputes the digests."""
    yield from conn.execute("SELECT sha256, content FROM attachments ORDER BY sha256")


# ---------------------------------------------------------------- suppliers


def _supplier(row: tuple[int, str, str | None]) -> Supplier:
    return Supplier(row[0], row[1], row[2])


def find_supplier(conn: sqlite3.Connection, name: str, orgnr: str | None) -> Supplier | None:
    """The supplier with this orgnr, else (none given) the one of this name without orgnr."""
    if orgnr is not None:
        row = conn.execute(
            "SELECT number, name, orgnr FROM suppliers WHERE orgnr = ?", (orgnr,)
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT number, name, orgnr FROM suppliers WHERE lower(name) = lower(?)"
            " ORDER BY orgnr IS NOT NULL, number LIMIT 1",
            (name,),
        ).fetchone()
    return _supplier(row) if row else None


def add_supplier(
    conn: sqlite3.Connection, name: str, orgnr: str | None, *, now: datetime
) -> Supplier:
    number = conn.execute(
        "SELECT COALESCE(MAX(number), ?) + 1 FROM suppliers", (FIRST_SUPPLIER_NUMBER - 1,)
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO suppliers (number, name, orgnr, created_at) VALUES (?, ?, ?, ?)",
        (number, name, orgnr, now.isoformat()),
    )
    return Supplier(number, name, orgnr)


def list_suppliers(conn: sqlite3.Connection) -> list[Supplier]:
    return [
        _supplier(r) for r in conn.execute("SELECT number, name, orgnr FROM suppliers ORDER BY 1")
    ]


# ---------------------------------------------------------------- bills


def next_bill_number(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM bills").fetchone()[0])


def insert_bill(
    conn: sqlite3.Connection,
    number: int,
    supplier: Supplier,
    day: date,
    due: date,
    kid: str | None,
    total: int,
    voucher: int,
    *,
    now: datetime,
) -> None:
    conn.execute(
        "INSERT INTO bills (number, supplier, date, due_date, kid, total, voucher, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            number,
            supplier.number,
            day.isoformat(),
            due.isoformat(),
            kid,
            total,
            voucher,
            now.isoformat(),
        ),
    )


def insert_bill_payment(
    conn: sqlite3.Connection, bill: int, day: date, amount: int, voucher: int
) -> None:
    conn.execute(
        "INSERT INTO bill_payments (bill, date, amount, voucher) VALUES (?, ?, ?, ?)",
        (bill, day.isoformat(), amount, voucher),
    )


_PAID = "COALESCE((SELECT SUM(amount) FROM bill_payments p WHERE p.bill = b.number), 0)"
_BILLS = f"""
    SELECT b.number, s.number, s.name, s.orgnr, b.date, b.due_date, b.kid, b.total, b.voucher,
        {_PAID}
    FROM bills b JOIN suppliers s ON s.number = b.supplier
"""
# `bill list --status` (domain.entries.BILL_LIST_STATUSES): what is still owed, what is owed
# past its due date (`?` = today), what is paid in full.
_BILL_STATUS = {
    "open": f"b.total - {_PAID} != 0",
    "overdue": f"b.total - {_PAID} != 0 AND b.due_date < ?",
    "paid": f"b.total - {_PAID} = 0",
}


def _bill(row: tuple[Any, ...]) -> Bill:
    number, s_number, s_name, s_orgnr, day, due, kid, total, voucher, paid = row
    return Bill(
        number,
        Supplier(s_number, s_name, s_orgnr),
        date.fromisoformat(day),
        date.fromisoformat(due),
        kid,
        total,
        voucher,
        paid,
    )


def get_bill(conn: sqlite3.Connection, number: int) -> Bill:
    row = conn.execute(_BILLS + " WHERE b.number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no bill {number}", hint="`faktura bill list` shows them")
    return _bill(row)


def list_bills(
    conn: sqlite3.Connection,
    *,
    status: str | None = None,
    today: date | None = None,
    since: date | None = None,
    until: date | None = None,
    supplier: int | None = None,
) -> list[Bill]:
    """Bills in number order: under one status (`overdue` needs `today`), dated from `since`
    to `until`, of one supplier, when given."""
    terms: list[str] = []
    values: list[object] = []
    if status is not None:
        terms.append(_BILL_STATUS[status])
        if status == "overdue":
            assert today is not None, "overdue needs today"
            values.append(today.isoformat())
    for term, value in (
        ("b.date >= ?", since.isoformat() if since else None),
        ("b.date <= ?", until.isoformat() if until else None),
        ("b.supplier = ?", supplier),
    ):
        if value is not None:
            terms.append(term)
            values.append(value)
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    return [_bill(r) for r in conn.execute(_BILLS + where + " ORDER BY b.number", values)]


def supplier_by_voucher(conn: sqlite3.Connection) -> dict[int, int]:
    """Voucher -> supplier number, for the 2400 lines of bills and their payments."""
    return dict(
        conn.execute(
            "SELECT voucher, supplier FROM bills UNION ALL"
            " SELECT p.voucher, b.supplier FROM bill_payments p JOIN bills b ON b.number = p.bill"
        ).fetchall()
    )


def supplier_balances(
    conn: sqlite3.Connection, *, start: date, end: date
) -> dict[int, tuple[int, int]]:
    """Supplier -> (balance on 2400 before start, balance at end), credit negative."""
    return {
        supplier: (opening or 0, closing or 0)
        for supplier, opening, closing in conn.execute(
            """
            SELECT supplier, SUM(CASE WHEN date < :start THEN amount ELSE 0 END), SUM(amount)
            FROM (
                SELECT b.supplier, b.date, -b.total AS amount FROM bills b
                UNION ALL
                SELECT b.supplier, p.date, p.amount FROM bill_payments p
                JOIN bills b ON b.number = p.bill
            ) WHERE date <= :end GROUP BY supplier
            """,
            {"start": start.isoformat(), "end": end.isoformat()},
        )
    }


def factoring_partner_vouchers(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(voucher, partner name, partner orgnr) of every regress and regress payment: the
    factoring partner is a supplier on 2400 for regress (SPEC 8, 15)."""
    return [
        (int(v), str(name), str(orgnr))
        for v, name, orgnr in conn.execute(
            "SELECT c.voucher, s.partner, s.partner_orgnr FROM factoring_credits c"
            " JOIN factoring_sales s ON s.invoice = c.invoice WHERE c.kind = 'regress'"
            " UNION ALL SELECT p.voucher, s.partner, s.partner_orgnr"
            " FROM factoring_regress_payments p JOIN factoring_sales s ON s.invoice = p.invoice"
        )
    ]


def payables_postings(conn: sqlite3.Connection, *, end: date) -> list[tuple[int, str, int]]:
    """(voucher, date, amount) of every 2400 posting up to `end`."""
    return [
        (v, d, a)
        for v, d, a in conn.execute(
            "SELECT voucher, date, amount FROM postings WHERE account = '2400' AND date <= ?",
            (end.isoformat(),),
        )
    ]


def purchase_vat_sums(
    conn: sqlite3.Connection, accounts: dict[str, tuple[str, str | None]]
) -> Iterator[tuple[int, str, int, int, int, int]]:
    """(voucher, code, base, VAT deducted, VAT owed, number of base lines) per voucher and
    input VAT code; `accounts`: code -> (deductible account, payable account or None)."""
    sums: dict[tuple[int, str], list[int]] = {}
    for voucher, code, account, amount in conn.execute(
        "SELECT voucher, vat_code, account, amount FROM postings"
        " WHERE vat_code IN (SELECT value FROM json_each(?)) ORDER BY voucher, id",
        (json.dumps(sorted(accounts)),),
    ):
        row = sums.setdefault((voucher, code), [0, 0, 0, 0])
        deductible, payable = accounts[code]
        if account == deductible:
            row[1] += amount
        elif account == payable:
            row[2] -= amount
        else:
            row[0] += amount
            row[3] += 1
    for (voucher, code), (base, deducted, owed, lines) in sums.items():
        yield voucher, code, base, deducted, owed, lines


def sent_documents(conn: sqlite3.Connection, *, start: date, end: date) -> list[tuple[int, str]]:
    """(document, channel) of every delivery carried out for a document dated start..end."""
    return [
        (int(d), str(c))
        for d, c in conn.execute(
            "SELECT DISTINCT l.document, l.channel FROM deliveries l"
            " JOIN documents d ON d.number = l.document"
            " WHERE l.status = 'sent' AND d.date BETWEEN ? AND ? ORDER BY 1, 2",
            (start.isoformat(), end.isoformat()),
        )
    ]



def bill_postings_mismatches(conn: sqlite3.Connection) -> list[tuple[str, int, int, int]]:
    """('bill' | 'payment', number, kept amount, 2400 on its voucher) where they differ."""
    return [
        (str(kind), int(number), int(kept), int(posted or 0))
        for kind, number, kept, posted in conn.execute(
            """
            SELECT 'bill', b.number, b.total, -(SELECT SUM(amount) FROM postings p
                WHERE p.voucher = b.voucher AND p.account = '2400') AS posted
            FROM bills b WHERE posted IS NOT b.total
            UNION ALL
            SELECT 'payment', bp.id, bp.amount, (SELECT SUM(amount) FROM postings p
                WHERE p.voucher = bp.voucher AND p.account = '2400') AS posted
            FROM bill_payments bp WHERE posted IS NOT bp.amount
            """
        )
    ]
