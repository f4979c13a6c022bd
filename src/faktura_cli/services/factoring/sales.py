"""Selling an invoice, its payee, and the payout (`factoring accept | confirm | list`,
`bank reconcile`; SPEC §7)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.domain import factoring as rules
from faktura_cli.domain import vouchers
from faktura_cli.domain.dates import parse_date
from faktura_cli.domain.delivery import choose_channel
from faktura_cli.domain.factoring import Sale, SaleState
from faktura_cli.domain.records import Payee
from faktura_cli.errors import InvalidInput, NotFound, RuleViolation
from faktura_cli.services.factoring.offers import is_open, offer_record, release_hold
from faktura_cli.services.factoring.partner import PARTNER
from faktura_cli.storage import factoring as store
from faktura_cli.storage import recurring as outbox_store
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import transaction


def sale_record(row: sqlite3.Row) -> Sale:
    return Sale(
        invoice=row["invoice"],
        planned_payout=datetime.fromisoformat(row["planned_payout"]),
        bank_account=row["partner_account"],
        kid=row["partner_kid"],
        fee_rate=Decimal(row["fee_rate"]),
        fee=row["fee"],
        payout=row["payout"],
        total=row["total"],
        voucher=row["settlement_voucher"],
    )


def accept(conn: sqlite3.Connection, number: int, *, now: datetime) -> Sale:
    """Sell the invoice: post the settlement voucher and deliver it with the partner as payee."""
    with transaction(conn):
        row = store.latest_offer(conn, number)
        if row is None:
            raise NotFound(f"there is no factoring offer for invoice {number}")
        offer = offer_record(row, now)
        if offer.status != "offered":
            raise RuleViolation(
                f"the offer for invoice {number} is {offer.status}",
                hint=f"ask for a new one with `faktura factoring offer {number}`",
            )
        doc = repo.get_document(conn, number)
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
        voucher_no = repo.insert_voucher(conn, voucher, now=now)
        kid = PARTNER.kid(number)
        store.insert_sale(
            conn,
            invoice=number,
            offer=row["id"],
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
        store.set_offer_status(conn, row["id"], "accepted")
        if release_hold(conn, number, now=now) is None:
            customer = repo.get_customer(conn, doc.customer)
            outbox_store.queue_document(conn, number, choose_channel(customer), now=now)
        repo.log_event(
            conn, "factoring accept", f"invoice {number} sold, payout {offer.payout} øre", now=now
        )
        sale = store.get_sale(conn, number)
        return sale_record(sale)


def payee_for(conn: sqlite3.Connection, number: int) -> Payee | None:
    """The partner as payee of a sold invoice, for the renderers; None when not sold."""
    row = store.get_sale(conn, number)
    if row is None:
        return None
    return Payee(row["partner"], row["partner_orgnr"], row["partner_account"], row["partner_kid"])


def payees(conn: sqlite3.Connection) -> dict[int, Payee]:
    """The partner as payee of every sold invoice, by invoice number."""
    return {
        row["invoice"]: Payee(
            row["partner"], row["partner_orgnr"], row["partner_account"], row["partner_kid"]
        )
        for row in store.list_sales(conn)
    }


def sale_state(conn: sqlite3.Connection, number: int, *, now: datetime) -> SaleState | None:
    """The sale of an invoice and where it stands; None when it was not sold."""
    row = next((r for r in store.list_sales(conn) if r["invoice"] == number), None)
    return None if row is None else _sale_state(conn, row, now)


def post_payout(conn: sqlite3.Connection, number: int, day: date, *, now: datetime) -> int:
    row = store.get_sale(conn, number)
    if row is None:
        raise NotFound(f"invoice {number} is not sold")
    if store.confirmation(conn, number) is not None:
        raise RuleViolation(f"the payout for invoice {number} is already confirmed")
    if store.annulled(conn, number):
        raise RuleViolation(f"the sale of invoice {number} was annulled: there is no payout")
    if day < date.fromisoformat(row["sale_date"]):
        raise InvalidInput(f"the payout date {day} is before the sale on {row['sale_date']}")
    voucher = repo.insert_voucher(
        conn,
        vouchers.payout_voucher(
            invoice=number, payout=row["payout"], day=day, partner=row["partner"]
        ),
        now=now,
    )
    store.insert_confirmation(conn, number, day, voucher)
    return voucher


def _sale_state(conn: sqlite3.Connection, row: sqlite3.Row, now: datetime) -> SaleState:
    sale = sale_record(row)
    confirmed = row["confirmed_on"]
    owed = store.regress_owed(conn, sale.invoice)
    if store.annulled(conn, sale.invoice):
        return SaleState(sale, "annulled", None, 0)
    if confirmed:
        state = "confirmed"
    elif now >= sale.planned_payout:
        state = "paid out"
    else:
        state = "accepted"
    return SaleState(sale, state, date.fromisoformat(confirmed) if confirmed else None, owed)


def confirm(conn: sqlite3.Connection, number: int, *, day: str, now: datetime) -> SaleState:
    when = parse_date(day, what="payout date")
    with transaction(conn):
        post_payout(conn, number, when, now=now)
        repo.log_event(conn, "factoring confirm", f"invoice {number} on {when}", now=now)
        return next(s for s in sale_states(conn, now) if s.sale.invoice == number)


def reconcile(conn: sqlite3.Connection, *, to: str, now: datetime) -> list[SaleState]:
    """Post every unconfirmed payout planned on or before `to`, on its planned date."""
    until = parse_date(to, what="--to")
    with transaction(conn):
        done = []
        for row in store.unconfirmed_sales(conn):
            planned = datetime.fromisoformat(row["planned_payout"]).date()
            if planned <= until:
                post_payout(conn, row["invoice"], planned, now=now)
                done.append(row["invoice"])
        repo.log_event(conn, "bank reconcile", f"to {until}: {len(done)} payouts", now=now)
        return [s for s in sale_states(conn, now) if s.sale.invoice in done]


def sale_states(conn: sqlite3.Connection, now: datetime) -> list[SaleState]:
    return [_sale_state(conn, row, now) for row in store.list_sales(conn)]


def list_factoring(conn: sqlite3.Connection, *, now: datetime) -> list[dict[str, object]]:
    """Every invoice with an offer or a sale, with its state."""
    out: list[dict[str, object]] = []
    sales = {s.sale.invoice: s for s in sale_states(conn, now)}
    numbers = store.offered_invoices(conn)
    for number in sorted(set(numbers) | set(sales)):
        if number in sales:
            s = sales[number]
            out.append(
                {
                    "invoice": number,
                    "state": s.state,
                    "fee": s.sale.fee,
                    "payout": s.sale.payout,
                    "planned_payout": s.sale.planned_payout,
                    "confirmed_on": s.confirmed_on,
                    "regress_owed": s.regress_owed,
                }
            )
        else:
            row = store.latest_offer(conn, number)
            offer = offer_record(row, now)
            out.append(
                {
                    "invoice": number,
                    "state": offer.status,
                    "fee": offer.fee,
                    "payout": offer.payout,
                    "planned_payout": offer.planned_payout,
                    "confirmed_on": None,
                    "regress_owed": 0,
                }
            )
    return out
