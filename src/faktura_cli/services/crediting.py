"""Crediting invoices: credit notes in the invoice series, posted against the invoice's open item."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from faktura_cli.domain import crediting
from faktura_cli.domain.crediting import Creditable
from faktura_cli.domain.delivery import choose_channel
from faktura_cli.domain.invoice import Document, Totals, to_nok
from faktura_cli.domain.ledger import make_voucher
from faktura_cli.domain.linespec import LineCredit
from faktura_cli.domain.period import ensure_open
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.services.factoring import CreditPlan, plan_credit, record_credit
from faktura_cli.services.invoicing import InvoiceState, invoice_state, seller_snapshot
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage import periods
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction

MAX_REASON = 500


@dataclass(frozen=True)
class CreditRequest:
    """What `invoice credit` was asked, as typed."""

    invoice: int
    reason: str
    amount: int | None = None  # incl. VAT, in the invoice's currency
    lines: tuple[LineCredit, ...] = ()
    date: date | None = None
    send: bool = False  # deliver the credit note like an invoice (queued in the same transaction)


@dataclass(frozen=True)
class FactoringOutcome:
    """What crediting a sold invoice means for the factoring partner (SPEC.md §8)."""

    kind: str  # "annulled" | "regress"
    regress_amount: int | None
    plan: CreditPlan | None = None  # posted with the credit note


@dataclass(frozen=True)
class CreditResult:
    credit_note: InvoiceState
    factoring: FactoringOutcome | None


def factoring_outcome(
    conn: sqlite3.Connection, invoice: Document, credit: Totals, *, day: date, now: datetime
) -> FactoringOutcome | None:
    """Annulment or regress when the credited invoice is sold to a factoring partner.

    A full credit before the planned payout annuls (and reverses the settlement voucher), after
    it the partner claims regress, and a partial credit is regress of the credited amount. The
    vouchers for that belong in the same transaction as the credit note, so the caller posts
    them after this returns. None when the invoice is not sold.
    """
    plan = plan_credit(
        conn, invoice, -to_nok(credit.total, invoice.exchange_rate), day=day, now=now
    )
    if plan is None:
        return None
    return FactoringOutcome(plan.kind, plan.regress, plan)


def _credit_totals(c: Creditable, request: CreditRequest) -> Totals:
    if request.amount is not None:
        if request.amount <= 0:
            raise InvalidInput("the amount to credit must be more than 0")
        return crediting.credit_by_amount(c, request.amount)
    if request.lines:
        return crediting.credit_by_lines(c, list(request.lines))
    return crediting.full_credit(c)


def credit_invoice(
    conn: sqlite3.Connection, request: CreditRequest, *, now: datetime
) -> CreditResult:
    """Number, store and post a credit note of an invoice, all in one transaction."""
    reason = request.reason.strip()
    if not reason:
        raise InvalidInput("a credit note needs a reason", hint='give --reason "..."')
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"the reason is longer than {MAX_REASON} characters")
    if request.amount is not None and request.lines:
        raise InvalidInput("give --amount or --line, not both")
    credit_date = request.date if request.date is not None else now.date()
    with transaction(conn):
        invoice = documents_db.get_document(conn, request.invoice)
        notes = documents_db.credit_notes_of(conn, invoice.number)
        c = crediting.creditable(invoice, notes)
        if credit_date < invoice.date:
            raise InvalidInput(
                f"the credit date {credit_date} is before the date of invoice {invoice.number}, "
                f"{invoice.date}"
            )
        ensure_open(periods.current_lock(conn), credit_date, "the credit note date")
        totals = _credit_totals(c, request)
        if totals.total >= 0:
            raise RuleViolation(f"that credits 0,00 of invoice {invoice.number}")
        factoring = factoring_outcome(conn, invoice, totals, day=credit_date, now=now)
        books = vouchers_db.Batch(conn, now=now)
        number = books.document_number()
        customer_name = str(invoice.buyer["name"])
        voucher = make_voucher(
            credit_date,
            f"Kreditnota {number} {customer_name}",
            crediting.credit_postings(
                c,
                totals,
                nok_left=documents_db.nok_by_vat_treatment(
                    conn, [invoice.number, *(note.number for note in notes)]
                ),
                text=f"Kreditnota {number} (faktura {invoice.number})",
            ),
            document=number,
        )
        books.add_document(
            voucher,
            number=number,
            kind="credit_note",
            customer=invoice.customer,
            day=credit_date,
            due=credit_date,
            delivery=invoice.delivery_date,
            currency=invoice.currency,
            rate=invoice.exchange_rate,
            kid=invoice.kid,
            bank_account=invoice.bank_account,
            totals=totals,
            # The seller as it is on the credit note's date (a new address, "under avvikling").
            seller=seller_snapshot(company_db.load_company(conn)),
            buyer=invoice.buyer,
            credits=invoice.number,
            reason=reason,
        )
        books.write()
        if factoring is not None:
            assert factoring.plan is not None  # factoring_outcome always plans one
            record_credit(conn, factoring.plan, number, now=now)
        events_db.log_event(
            conn,
            "invoice credit",
            f"credit note {number} for invoice {invoice.number} to {invoice.customer} "
            f"{customer_name}, total {totals.total} øre {invoice.currency}: {reason}",
            now=now,
        )
        if request.send and documents_db.is_delivered(conn, invoice.number):
            # The customer got the invoice, so the customer gets its credit note.
            customer = customers_db.get_customer(conn, invoice.customer)
            outbox_db.queue_document(conn, number, choose_channel(customer), now=now)
        return CreditResult(invoice_state(conn, number, today=now.date()), factoring)
