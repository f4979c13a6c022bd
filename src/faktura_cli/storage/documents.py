"""Invoices and credit notes as stored (final once written), and what is open or credited of them.

They are written only by `vouchers.Batch`, with the voucher that posts them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from faktura_cli.domain.invoice import Document, Line, Totals
from faktura_cli.domain.vat import TREATMENTS
from faktura_cli.errors import NotFound


def next_document_number(conn: sqlite3.Connection) -> int:
    """Invoices and credit notes share one gap-free series.

    Safe because every writer holds the write lock (BEGIN IMMEDIATE) and nothing is ever deleted.
    """
    number: int = conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM documents").fetchone()[0]
    return number


_SNAPSHOT_JSON: dict[int, tuple[dict[str, object], str]] = {}


def _snapshot_json(snapshot: dict[str, object]) -> str:
    """JSON of a party snapshot, serialised once per snapshot object.

    run-due issues thousands of documents with the same (cached, unmodified) seller and buyer
    snapshots; the entry keeps its dict alive, so its id cannot be reused by another object.
    """
    cached = _SNAPSHOT_JSON.get(id(snapshot))
    if cached is not None and cached[0] is snapshot:
        return cached[1]
    text = json.dumps(snapshot, ensure_ascii=False)
    if len(_SNAPSHOT_JSON) > 4096:
        _SNAPSHOT_JSON.clear()
    _SNAPSHOT_JSON[id(snapshot)] = (snapshot, text)
    return text


def _document_row(
    *,
    number: int,
    kind: str,
    customer: int,
    day: date,
    due: date,
    delivery: date,
    currency: str,
    rate: Decimal,
    kid: str,
    bank_account: str,
    totals: Totals,
    vat_total_nok: int,
    total_nok: int,
    seller: dict[str, object],
    buyer: dict[str, object],
    now: str,
    credits: int | None = None,
    reason: str | None = None,
) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
    """A document's row and its lines' rows."""
    row: tuple[object, ...] = (
        number,
        kind,
        customer,
        day.isoformat(),
        due.isoformat(),
        delivery.isoformat(),
        currency,
        str(rate),
        kid,
        bank_account,
        totals.net_total,
        totals.vat_total,
        totals.total,
        vat_total_nok,
        total_nok,
        credits,
        reason,
        _snapshot_json(seller),
        _snapshot_json(buyer),
        now,
    )
    lines: list[tuple[object, ...]] = [
        (
            number,
            k,
            line.product,
            line.text,
            str(line.qty),
            line.unit,
            line.unit_price,
            str(line.discount),
            line.vat.code,
            line.net,
            line.vat_amount,
            line.period_from.isoformat() if line.period_from else None,
            line.period_to.isoformat() if line.period_to else None,
        )
        for k, line in enumerate(totals.lines, start=1)
    ]
    return row, lines


_INSERT_DOCUMENT = (
    "INSERT INTO documents (number, kind, customer, date, due_date, delivery_date, currency,"
    " exchange_rate, kid, bank_account, net_total, vat_total, total, vat_total_nok, total_nok,"
    " credits, reason, seller, buyer, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


_INSERT_LINE = (
    "INSERT INTO document_lines (document, line_no, product, text, qty, unit, unit_price,"
    " discount, vat_code, net, vat, period_from, period_to)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _line(row: sqlite3.Row) -> Line:
    return Line(
        text=row["text"],
        qty=Decimal(row["qty"]),
        unit_price=row["unit_price"],
        vat=TREATMENTS[row["vat_code"]],
        discount=Decimal(row["discount"]),
        net=row["net"],
        vat_amount=row["vat"],
        product=row["product"],
        unit=row["unit"],
        period_from=date.fromisoformat(row["period_from"]) if row["period_from"] else None,
        period_to=date.fromisoformat(row["period_to"]) if row["period_to"] else None,
    )


def _document(row: sqlite3.Row, lines: Iterable[Line]) -> Document:
    return Document(
        number=row["number"],
        kind=row["kind"],
        customer=row["customer"],
        date=date.fromisoformat(row["date"]),
        due_date=date.fromisoformat(row["due_date"]),
        delivery_date=date.fromisoformat(row["delivery_date"]),
        currency=row["currency"],
        exchange_rate=Decimal(row["exchange_rate"]),
        kid=row["kid"],
        bank_account=row["bank_account"],
        net_total=row["net_total"],
        vat_total=row["vat_total"],
        total=row["total"],
        vat_total_nok=row["vat_total_nok"],
        total_nok=row["total_nok"],
        credits=row["credits"],
        reason=row["reason"],
        seller=json.loads(row["seller"]),
        buyer=json.loads(row["buyer"]),
        lines=tuple(lines),
        credits_date=date.fromisoformat(row["credits_date"]) if row["credits_date"] else None,
    )


# A credit note shows the date of the invoice it credits (SPEC 13); that invoice is final.
_SELECT_DOCUMENTS = (
    "SELECT d.*, o.date AS credits_date FROM documents d"
    " LEFT JOIN documents o ON o.number = d.credits"
)


def get_document(conn: sqlite3.Connection, number: int) -> Document:
    row = conn.execute(f"{_SELECT_DOCUMENTS} WHERE d.number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no invoice {number}", hint="`faktura invoice list` shows them")
    lines = conn.execute(
        "SELECT * FROM document_lines WHERE document = ? ORDER BY line_no", (number,)
    )
    return _document(row, map(_line, lines))


def iter_documents(
    conn: sqlite3.Connection,
    *,
    customer: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[Document]:
    """All documents with their lines (of one customer, dated within [since, until] when
    given), in number order, in two queries."""
    terms: list[str] = []
    values: list[object] = []
    for term, value in (
        ("d.customer = ?", customer),
        ("d.date >= ?", since.isoformat() if since else None),
        ("d.date <= ?", until.isoformat() if until else None),
    ):
        if value is not None:
            terms.append(term)
            values.append(value)
    where = f"WHERE {' AND '.join(terms)}" if terms else ""
    params = tuple(values)
    lines: dict[int, list[Line]] = {}
    for row in conn.execute(
        "SELECT l.* FROM document_lines l JOIN documents d ON d.number = l.document "
        f"{where} ORDER BY l.document, l.line_no",
        params,
    ):
        lines.setdefault(row["document"], []).append(_line(row))
    for row in conn.execute(f"{_SELECT_DOCUMENTS} {where} ORDER BY d.number", params):
        yield _document(row, lines.get(row["number"], []))


def open_amounts(conn: sqlite3.Connection, numbers: list[int] | None = None) -> dict[int, int]:
    """What is still owed on each invoice's open item (1500), in NOK øre."""
    sql = "SELECT open_item, SUM(amount) FROM postings WHERE account = '1500' AND open_item IS NOT NULL"
    if numbers is not None:
        sql += f" AND open_item IN ({','.join('?' * len(numbers))})"
    sql += " GROUP BY open_item"
    return dict(conn.execute(sql, numbers or ()).fetchall())


def credited_amounts(conn: sqlite3.Connection) -> dict[int, int]:
    """How much of each invoice's total (incl. VAT, in its currency) credit notes have taken back."""
    return dict(
        conn.execute(
            "SELECT credits, -SUM(total) FROM documents WHERE kind = 'credit_note' GROUP BY credits"
        ).fetchall()
    )


def credit_notes_of(conn: sqlite3.Connection, invoice: int) -> list[Document]:
    """The credit notes that credit `invoice`, in number order."""
    numbers = [
        r[0]
        for r in conn.execute(
            "SELECT number FROM documents WHERE kind = 'credit_note' AND credits = ? ORDER BY number",
            (invoice,),
        )
    ]
    return [get_document(conn, number) for number in numbers]


def nok_by_vat_treatment(
    conn: sqlite3.Connection, documents: list[int]
) -> dict[tuple[str, str], int]:
    """NOK on each revenue and VAT account, by (account, VAT code), over these documents' vouchers."""
    marks = ",".join("?" * len(documents))
    return {
        (account, code): amount
        for account, code, amount in conn.execute(
            "SELECT p.account, p.vat_code, SUM(p.amount) FROM postings p"
            " JOIN vouchers v ON v.number = p.voucher"
            f" WHERE v.document IN ({marks}) AND p.vat_code IS NOT NULL"
            " GROUP BY p.account, p.vat_code",
            documents,
        )
    }


def document_kinds(conn: sqlite3.Connection) -> dict[int, str]:
    """invoice or credit_note, per document number."""
    return dict(conn.execute("SELECT number, kind FROM documents").fetchall())


def vouchers_by_document(
    conn: sqlite3.Connection, document: int | None = None
) -> dict[int, tuple[int, ...]]:
    """The voucher numbers belonging to each document (or to one), in number order."""
    sql = "SELECT document, number FROM vouchers WHERE document IS NOT NULL"
    params: tuple[int, ...] = ()
    if document is not None:
        sql, params = "SELECT document, number FROM vouchers WHERE document = ?", (document,)
    found: dict[int, tuple[int, ...]] = {}
    for doc, number in conn.execute(sql + " ORDER BY number", params):
        found[doc] = (*found.get(doc, ()), number)
    return found


# Whether a document reached its customer, read here with the documents (`invoice list`/`show`)
# rather than from storage/outbox.py, whose records the listing does not need (SPEC §17).
def delivered_documents(conn: sqlite3.Connection) -> set[int]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT document FROM deliveries WHERE status = 'sent' AND document IS NOT NULL"
            " AND reminder IS NULL"
        )
    }


def is_delivered(conn: sqlite3.Connection, document: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM deliveries WHERE document = ? AND reminder IS NULL AND status = 'sent'"
            " LIMIT 1",
            (document,),
        ).fetchone()
        is not None
    )
