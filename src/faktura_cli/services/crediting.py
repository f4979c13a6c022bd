"""Crediting invoices: credit notes in the invoice series, posted against the invoice's open item."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from faktura_cli.domain import crediting
from faktura_cli.domain.crediting import Creditable, LineCredit
from faktura_cli.domain.dates import parse_date
from faktura_cli.domain.delivery import choose_channel
from faktura_cli.domain.invoice import Document, Totals, parse_qty, to_nok
from faktura_cli.domain.ledger import make_voucher
from faktura_cli.domain.linespec import CREDIT_KEYS, parse_line_spec
from faktura_cli.domain.money import parse_amount
from faktura_cli.domain.period import ensure_open
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.services.invoicing import InvoiceState, invoice_state, seller_snapshot
from faktura_cli.storage import periods
from faktura_cli.storage import recurring as store
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import transaction

MAX_REASON = 500


@dataclass(frozen=True)
class CreditRequest:
    """What `invoice credit` was asked, as typed."""

    invoice: int
    reason: str
    amount: str | None = None
    lines: tuple[str, ...] = ()
    date: str | None = None
    send: bool = False  # deliver the credit note like an invoice (queued in the same transaction)


@dataclass(frozen=True)
class FactoringOutcome:
    """What crediting a sold invoice means for the factoring partner (SPEC.md §8)."""

    kind: str  # "annulled" | "regress"
    regress_amount: int | None
    plan: object = None  # the factoring service's CreditPlan, posted with the credit note


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
    from faktura_cli.services.factoring import plan_credit

    plan = plan_credit(
        conn, invoice, -to_nok(credit.total, invoice.exchange_rate), day=day, now=now
    )
    if plan is None:
        return None
    return FactoringOutcome(plan.kind, plan.regress, plan)


def parse_line_credit(spec: str) -> LineCredit:
    """'line=2;qty=1.5' -> LineCredit(2, 1.5); without qty, all that is left of the line."""
    fields = parse_line_spec(spec, CREDIT_KEYS)
    if "line" not in fields:
        raise InvalidInput(f"line {spec!r} needs line=K (the invoice line, counted from 1)")
    try:
        number = int(fields["line"])
    except ValueError:
        raise InvalidInput(f"line {spec!r}: line={fields['line']} is not a line number") from None
    qty = parse_qty(fields["qty"]) if "qty" in fields else None
    return LineCredit(number, qty)


def _credit_totals(c: Creditable, request: CreditRequest) -> Totals:
    if request.amount is not None:
        return crediting.credit_by_amount(
            c, parse_amount(request.amount, what="amount", allow_zero=False)
        )
    if request.lines:
        return crediting.credit_by_lines(c, [parse_line_credit(s) for s in request.lines])
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
    credit_date = (
        parse_date(request.date, what="credit date") if request.date is not None else now.date()
    )
    with transaction(conn):
        invoice = repo.get_document(conn, request.invoice)
        notes = repo.credit_notes_of(conn, invoice.number)
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
        books = repo.Batch(conn, now=now)
        number = books.document_number()
        customer_name = str(invoice.buyer["name"])
        voucher = make_voucher(
            credit_date,
            f"Kreditnota {number} {customer_name}",
            crediting.credit_postings(
                c,
                totals,
                nok_left=repo.nok_by_vat_treatment(
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
            seller=seller_snapshot(repo.load_company(conn)),
            buyer=invoice.buyer,
            credits=invoice.number,
            reason=reason,
        )
        books.write()
        if factoring is not None:
            from faktura_cli.services.factoring import record_credit

            record_credit(conn, factoring.plan, number, now=now)  # type: ignore[arg-type]
        repo.log_event(
            conn,
            "invoice credit",
            f"credit note {number} for invoice {invoice.number} to {invoice.customer} "
            f"{customer_name}, total {totals.total} øre {invoice.currency}: {reason}",
            now=now,
        )
        if request.send and store.is_delivered(conn, invoice.number):
            # The customer got the invoice, so the customer gets its credit note.
            customer = repo.get_customer(conn, invoice.customer)
            store.queue_document(conn, number, choose_channel(customer), now=now)
        return CreditResult(invoice_state(conn, number, today=now.date()), factoring)
