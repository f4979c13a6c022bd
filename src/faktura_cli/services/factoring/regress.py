"""Crediting a sold invoice: annulment or regress, and paying the regress (SPEC §8)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time

from faktura_cli.domain import factoring as rules
from faktura_cli.domain import vouchers
from faktura_cli.domain.invoice import Document
from faktura_cli.domain.ledger import Voucher
from faktura_cli.errors import NotFound, RuleViolation
from faktura_cli.services.factoring.sales import SaleState, sale_states
from faktura_cli.services.invoice_queries import sale_record
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import factoring as factoring_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction


@dataclass(frozen=True)
class CreditPlan:
    """What a credit note of a sold invoice means for the partner, and the voucher for it."""

    invoice: int
    kind: str  # annulled | regress
    regress: int
    voucher: Voucher


def _credit_moment(day: date, now: datetime) -> datetime:
    return now if day == now.date() else datetime.combine(day, time(0, 0), rules.OSLO)


def plan_credit(
    conn: sqlite3.Connection, invoice: Document, credited: int, *, day: date, now: datetime
) -> CreditPlan | None:
    """Annulment, regress or partial regress when `invoice` is sold; None when it is not.

    `credited` is the amount of this credit note incl. VAT in NOK (positive). Runs inside the
    caller's transaction; the caller posts the voucher after the credit note's own.
    """
    row = factoring_db.get_sale(conn, invoice.number)
    if row is None:
        return None
    if factoring_db.annulled(conn, invoice.number):
        raise RuleViolation(f"the sale of invoice {invoice.number} is already annulled")
    sale = sale_record(row)
    full = credited == sale.total and not documents_db.credited_amounts(conn).get(invoice.number, 0)
    before_payout = (
        _credit_moment(day, now) < sale.planned_payout
        and row.confirmed_on is None
    )
    if full and before_payout:
        voucher = vouchers.annulment_voucher(
            invoice=invoice.number,
            customer=invoice.customer,
            total=sale.total,
            fee=sale.fee,
            payout=sale.payout,
            day=day,
            partner=row.partner,
        )
        return CreditPlan(invoice.number, "annulled", 0, voucher)
    if full:
        regress = rules.regress_amount(
            total=sale.total,
            payout=sale.payout,
            fee=sale.fee,
            sale=row.sale_date,
            due=invoice.due_date,
            credit=day,
        )
    else:
        regress = credited
    voucher = vouchers.regress_voucher(
        invoice=invoice.number,
        customer=invoice.customer,
        credited=credited,
        regress=regress,
        day=day,
        partner=row.partner,
    )
    return CreditPlan(invoice.number, "regress", regress, voucher)


def record_credit(
    conn: sqlite3.Connection, plan: CreditPlan, credit_note: int, *, now: datetime
) -> None:
    """Post the plan's voucher and remember it, in the credit note's transaction; the credit
    note also goes to the partner."""
    voucher = vouchers_db.insert_voucher(conn, plan.voucher, now=now)
    factoring_db.insert_credit(
        conn,
        credit_note=credit_note,
        invoice=plan.invoice,
        kind=plan.kind,
        regress=plan.regress,
        day=plan.voucher.date,
        voucher=voucher,
    )
    outbox_db.queue_delivery(conn, channel="partner", document=credit_note, now=now)


@dataclass(frozen=True)
class RegressQuote:
    invoice: int
    day: date
    outcome: str  # annulled | regress
    regress: int


def regress_quote(
    conn: sqlite3.Connection, number: int, *, day: date | None, now: datetime
) -> RegressQuote:
    """What crediting the sold invoice in full would cost on `day` (default today)."""
    when = day if day is not None else now.date()
    with transaction(conn):
        invoice = documents_db.get_document(conn, number)
        if factoring_db.get_sale(conn, number) is None:
            raise NotFound(f"invoice {number} is not sold")
        left = invoice.total_nok - documents_db.credited_amounts(conn).get(number, 0)
        plan = plan_credit(conn, invoice, left, day=when, now=now)
        assert plan is not None
        return RegressQuote(number, when, plan.kind, plan.regress)


def pay_regress(
    conn: sqlite3.Connection, number: int, *, day: date | None, now: datetime
) -> SaleState:
    """Pay the partner's regress invoice: 2400 / 1920."""
    when = day if day is not None else now.date()
    with transaction(conn):
        if factoring_db.get_sale(conn, number) is None:
            raise NotFound(f"invoice {number} is not sold")
        owed = factoring_db.regress_owed(conn, number)
        if owed <= 0:
            raise RuleViolation(f"no regress is owed for invoice {number}")
        voucher = vouchers_db.insert_voucher(
            conn, vouchers.regress_payment_voucher(invoice=number, amount=owed, day=when), now=now
        )
        factoring_db.insert_regress_payment(conn, number, when, owed, voucher)
        events_db.log_event(conn, "factoring pay-regress", f"invoice {number}: {owed} øre", now=now)
        return next(s for s in sale_states(conn, now) if s.sale.invoice == number)
