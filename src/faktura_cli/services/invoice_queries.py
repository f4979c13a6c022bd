"""Reading invoices: `invoice list` and `invoice show`, and the state every other command
shows of a document it touched.

Read-only and lean on purpose (SPEC §17: an everyday command within 10× `python -c pass`):
it imports the documents and what is known of their payments, deliveries and sales, never the
code that creates, credits or sells invoices. The sale of an invoice is read here too, so that
services.factoring and `invoice show` share one reading of it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date, datetime

from faktura_cli.domain.dates import check_span
from faktura_cli.domain.invoice import (
    Document,
    invoice_status,
    listed_under,
    to_nok,
)
from faktura_cli.domain.listing import ListStatus
from faktura_cli.domain.records import Payee
from faktura_cli.domain.sales import Sale, SaleState
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import factoring as factoring_db
from faktura_cli.storage.factoring import StoredSale


@dataclass(frozen=True)
class InvoiceState:
    """An issued document with what has happened to it since."""

    document: Document
    customer_name: str
    open_amount: int  # NOK øre still owed on the open item
    credited: int  # credited so far, incl. VAT, in the invoice's currency
    status: str
    vouchers: tuple[int, ...]
    delivered: bool = False
    payee: Payee | None = None  # the factoring partner of a sold invoice: the customer pays it
    sale: SaleState | None = None  # the sale itself, where it was asked for (`invoice show`)


def invoice_state(
    conn: sqlite3.Connection, number: int, *, today: date, now: datetime | None = None
) -> InvoiceState:
    """One document as it stands; with `now`, a sold invoice's sale too (its payout moment)."""
    doc = documents_db.get_document(conn, number)
    state = _state(conn, doc, today=today)
    if now is not None and state.payee is not None:
        state = replace(state, sale=sale_state(conn, number, now=now))
    return state


def _state(
    conn: sqlite3.Connection,
    doc: Document,
    *,
    today: date,
    opens: dict[int, int] | None = None,
    credited: dict[int, int] | None = None,
    vouchers: dict[int, tuple[int, ...]] | None = None,
    delivered: set[int] | None = None,
    sold: set[int] | None = None,
    payees: dict[int, Payee] | None = None,
) -> InvoiceState:
    opens = opens if opens is not None else documents_db.open_amounts(conn, [doc.number])
    credited = credited if credited is not None else documents_db.credited_amounts(conn)
    if vouchers is None:
        vouchers = documents_db.vouchers_by_document(conn, doc.number)
    open_amount = opens.get(doc.number, 0)
    credit = credited.get(doc.number, 0)
    # The open item is in NOK; totals and credits are in the invoice's currency.
    credit_nok = doc.total_nok if credit >= doc.total else to_nok(credit, doc.exchange_rate)
    sold = sold if sold is not None else factoring_db.sold_invoices(conn, [doc.number])
    status = invoice_status(
        kind=doc.kind,
        total=doc.total_nok,
        open_amount=open_amount,
        credited=credit_nok,
        due=doc.due_date,
        today=today,
    )
    if status == "paid" and doc.number in sold:
        status = "sold"  # to the factoring partner: the customer pays the partner
    return InvoiceState(
        document=doc,
        customer_name=str(doc.buyer["name"]),
        open_amount=open_amount,
        credited=credit,
        status=status,
        vouchers=vouchers.get(doc.number, ()),
        delivered=(
            doc.number in delivered
            if delivered is not None
            else documents_db.is_delivered(conn, doc.number)
        ),
        payee=(
            payees.get(doc.number)
            if payees is not None
            else payee_for(conn, doc.number)
            if doc.number in sold
            else None
        ),
    )


def list_invoices(
    conn: sqlite3.Connection,
    *,
    today: date,
    customer: int | None = None,
    status: ListStatus | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[InvoiceState]:
    """Invoices and credit notes in number order: of one customer, dated from `since` to
    `until`, under one `status` (`listed_under`), when given."""
    check_span(since, until)
    opens = documents_db.open_amounts(conn)
    credited = documents_db.credited_amounts(conn)
    vouchers = documents_db.vouchers_by_document(conn)
    delivered = documents_db.delivered_documents(conn)
    sold = factoring_db.sold_invoices(conn)
    sold_to = payees(conn)
    states = [
        _state(
            conn,
            doc,
            today=today,
            opens=opens,
            credited=credited,
            vouchers=vouchers,
            delivered=delivered,
            sold=sold,
            payees=sold_to,
        )
        for doc in documents_db.iter_documents(conn, customer=customer, since=since, until=until)
    ]
    if status is None:
        return states
    return [
        s
        for s in states
        if listed_under(
            status, kind=s.document.kind, status=s.status, sold=s.document.number in sold
        )
    ]


def sale_record(stored: StoredSale) -> Sale:
    return Sale(
        invoice=stored.invoice,
        planned_payout=stored.planned_payout,
        bank_account=stored.partner_account,
        kid=stored.partner_kid,
        fee_rate=stored.fee_rate,
        fee=stored.fee,
        payout=stored.payout,
        total=stored.total,
        voucher=stored.settlement_voucher,
    )


def payee_for(conn: sqlite3.Connection, number: int) -> Payee | None:
    """The partner as payee of a sold invoice, for the renderers; None when not sold."""
    row = factoring_db.get_sale(conn, number)
    if row is None:
        return None
    return Payee(row.partner, row.partner_orgnr, row.partner_account, row.partner_kid)


def payees(conn: sqlite3.Connection) -> dict[int, Payee]:
    """The partner as payee of every sold invoice, by invoice number."""
    return {
        row.invoice: Payee(row.partner, row.partner_orgnr, row.partner_account, row.partner_kid)
        for row in factoring_db.list_sales(conn)
    }


def sale_state(conn: sqlite3.Connection, number: int, *, now: datetime) -> SaleState | None:
    """The sale of an invoice and where it stands; None when it was not sold."""
    row = next((r for r in factoring_db.list_sales(conn) if r.invoice == number), None)
    return None if row is None else stored_sale_state(conn, row, now)


def stored_sale_state(conn: sqlite3.Connection, row: StoredSale, now: datetime) -> SaleState:
    sale = sale_record(row)
    confirmed = row.confirmed_on
    owed = factoring_db.regress_owed(conn, sale.invoice)
    if factoring_db.annulled(conn, sale.invoice):
        return SaleState(sale, "annulled", None, 0)
    if confirmed:
        state = "confirmed"
    elif now >= sale.planned_payout:
        state = "paid out"
    else:
        state = "accepted"
    return SaleState(sale, state, confirmed, owed)
