"""Selling an invoice, its payee, and the payout (`factoring accept | confirm | list`,
`bank reconcile`; SPEC §7)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from faktura_cli.domain import factoring as rules
from faktura_cli.domain import vouchers
from faktura_cli.domain.delivery import choose_channel
from faktura_cli.domain.sales import Sale, SaleState
from faktura_cli.errors import InvalidInput, NotFound, RuleViolation
from faktura_cli.services.factoring.offers import is_open, offer_record, release_hold
from faktura_cli.services.factoring.partner import PARTNER
from faktura_cli.services.invoice_queries import sale_record, stored_sale_state
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import factoring as factoring_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction


def accept(conn: sqlite3.Connection, number: int, *, now: datetime) -> Sale:
    """Sell the invoice: post the settlement voucher and deliver it with the partner as payee."""
    with transaction(conn):
        row = factoring_db.latest_offer(conn, number)
        if row is None:
            raise NotFound(f"there is no factoring offer for invoice {number}")
        offer = offer_record(row, now)
        if offer.status != "offered":
            raise RuleViolation(
                f"the offer for invoice {number} is {offer.status}",
                hint=f"ask for a new one with `faktura factoring offer {number}`",
            )
        doc = documents_db.get_document(conn, number)
        if not is_open(conn, number, doc.total_nok):
            raise RuleViolation(f"invoice {number} is no longer open")
        assert offer.fee is not None and offer.payout is not None and offer.fee_rate is not None
        planned = rules.payout_moment(now)
        voucher = vouchers.settlement_voucher(
            invoice=number,
            customer=doc.customer,
            total=doc.total_nok,
            fee=offer.fee,
            payout=offer.payout,
            day=planned.date(),
            partner=PARTNER.name,
        )
        voucher_no = vouchers_db.insert_voucher(conn, voucher, now=now)
        kid = PARTNER.kid(number)
        factoring_db.insert_sale(
            conn,
            invoice=number,
            offer=row.id,
            accepted_at=now.isoformat(),
            sale_date=now.date().isoformat(),
            planned_payout=planned.isoformat(),
            fee_rate=str(offer.fee_rate),
            total=doc.total_nok,
            fee=offer.fee,
            payout=offer.payout,
            partner=PARTNER.name,
            partner_orgnr=PARTNER.orgnr,
            partner_account=PARTNER.account,
            partner_kid=kid,
            settlement_voucher=voucher_no,
        )
        factoring_db.set_offer_status(conn, row.id, "accepted")
        if release_hold(conn, number, now=now) is None:
            customer = customers_db.get_customer(conn, doc.customer)
            outbox_db.queue_document(conn, number, choose_channel(customer), now=now)
        events_db.log_event(
            conn, "factoring accept", f"invoice {number} sold, payout {offer.payout} øre", now=now
        )
        sale = factoring_db.get_sale(conn, number)
        assert sale is not None  # inserted just now
        return sale_record(sale)


def post_payout(conn: sqlite3.Connection, number: int, day: date, *, now: datetime) -> int:
    row = factoring_db.get_sale(conn, number)
    if row is None:
        raise NotFound(f"invoice {number} is not sold")
    if row.confirmed_on is not None:
        raise RuleViolation(f"the payout for invoice {number} is already confirmed")
    if factoring_db.annulled(conn, number):
        raise RuleViolation(f"the sale of invoice {number} was annulled: there is no payout")
    if day < row.sale_date:
        raise InvalidInput(f"the payout date {day} is before the sale on {row.sale_date}")
    voucher = vouchers_db.insert_voucher(
        conn,
        vouchers.payout_voucher(invoice=number, payout=row.payout, day=day, partner=row.partner),
        now=now,
    )
    factoring_db.insert_confirmation(conn, number, day, voucher)
    return voucher


def confirm(conn: sqlite3.Connection, number: int, *, day: date, now: datetime) -> SaleState:
    when = day
    with transaction(conn):
        post_payout(conn, number, when, now=now)
        events_db.log_event(conn, "factoring confirm", f"invoice {number} on {when}", now=now)
        return next(s for s in sale_states(conn, now) if s.sale.invoice == number)


def reconcile(conn: sqlite3.Connection, *, to: date, now: datetime) -> list[SaleState]:
    """Post every unconfirmed payout planned on or before `to`, on its planned date."""
    until = to
    with transaction(conn):
        done = []
        for row in factoring_db.unconfirmed_sales(conn):
            planned = row.planned_payout.date()
            if planned <= until:
                post_payout(conn, row.invoice, planned, now=now)
                done.append(row.invoice)
        events_db.log_event(conn, "bank reconcile", f"to {until}: {len(done)} payouts", now=now)
        return [s for s in sale_states(conn, now) if s.sale.invoice in done]


def sale_states(conn: sqlite3.Connection, now: datetime) -> list[SaleState]:
    return [stored_sale_state(conn, row, now) for row in factoring_db.list_sales(conn)]


@dataclass(frozen=True)
class Listed:
    """`factoring list`: one invoice with an offer or a sale."""

    invoice: int
    state: str
    fee: int | None
    payout: int | None
    planned_payout: datetime | None
    confirmed_on: date | None
    regress_owed: int


def list_factoring(conn: sqlite3.Connection, *, now: datetime) -> list[Listed]:
    """Every invoice with an offer or a sale, with its state."""
    out: list[Listed] = []
    sales = {s.sale.invoice: s for s in sale_states(conn, now)}
    numbers = factoring_db.offered_invoices(conn)
    for number in sorted(set(numbers) | set(sales)):
        if number in sales:
            s = sales[number]
            out.append(
                Listed(
                    number,
                    s.state,
                    s.sale.fee,
                    s.sale.payout,
                    s.sale.planned_payout,
                    s.confirmed_on,
                    s.regress_owed,
                )
            )
        else:
            row = factoring_db.latest_offer(conn, number)
            assert row is not None  # the number came from the offers
            offer = offer_record(row, now)
            out.append(
                Listed(number, offer.status, offer.fee, offer.payout, offer.planned_payout, None, 0)
            )
    return out
