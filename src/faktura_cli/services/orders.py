"""Orders: unnumbered and unposted until they are turned into an invoice."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.domain.delivery import STANDARD_PLAN, choose_channel, ensure_not_delivered
from faktura_cli.domain.invoice import Document, Totals, compute_totals, due_date
from faktura_cli.domain.period import ensure_open
from faktura_cli.domain.vat_terms import term_end
from faktura_cli.errors import RuleViolation
from faktura_cli.render.words import delivered
from faktura_cli.services.invoicing import (
    buyer_snapshot,
    issue_invoice,
    seller_snapshot,
)
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import orders as orders_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage import periods
from faktura_cli.storage import schedules as schedules_db
from faktura_cli.storage.db import transaction


@dataclass(frozen=True)
class Order:
    id: int
    customer: int
    customer_name: str
    schedule: int | None
    date: date
    status: str  # open | invoiced | cancelled
    invoice: int | None
    totals: Totals


def _order(conn: sqlite3.Connection, order_id: int) -> Order:
    row, lines = orders_db.get_order(conn, order_id)
    totals = compute_totals([ln.as_input() for ln in lines])
    name = customers_db.get_customer(conn, row["customer"]).name
    return Order(
        row["id"],
        row["customer"],
        name,
        row["schedule"],
        date.fromisoformat(row["date"]),
        row["status"],
        row["invoice"],
        totals,
    )


def get_order(conn: sqlite3.Connection, order_id: int) -> Order:
    return _order(conn, order_id)


def list_orders(conn: sqlite3.Connection) -> list[Order]:
    return [_order(conn, row["id"]) for row in orders_db.list_orders(conn)]


def order_document(conn: sqlite3.Connection, order_id: int) -> Document:
    """An order as a document to render ("ORDRE"): no number series, no KID, nothing posted."""
    order = _order(conn, order_id)
    company = company_db.load_company(conn)
    customer = customers_db.get_customer(conn, order.customer)
    t = order.totals
    return Document(
        number=order.id,
        kind="order",
        customer=order.customer,
        date=order.date,
        due_date=order.date,
        delivery_date=order.date,
        currency="NOK",
        exchange_rate=Decimal(1),
        kid="",
        bank_account=company.bank_account,
        net_total=t.net_total,
        vat_total=t.vat_total,
        total=t.total,
        vat_total_nok=t.vat_total,
        total_nok=t.total,
        credits=None,
        reason=None,
        seller=seller_snapshot(company),
        buyer=buyer_snapshot(customer),
        lines=t.lines,
    )


def _open(order: Order) -> None:
    if order.status != "open":
        raise RuleViolation(
            f"order {order.id} is {order.status}"
            + (f" (invoice {order.invoice})" if order.invoice else "")
        )


def queue_order_confirmation(
    conn: sqlite3.Connection, order_id: int, *, now: datetime, again: bool = False
) -> int:
    """Queue the order confirmation through the customer's delivery plan. One that was
    delivered, or may have been, goes out again only with `again` (SPEC 11, as `invoice send`)."""
    with transaction(conn):
        order = _order(conn, order_id)
        if order.status == "cancelled":
            raise RuleViolation(f"order {order_id} is cancelled")
        ensure_not_delivered(
            outbox_db.of_order(conn, order_id),
            what=delivered("order", order_id),
            send=f"order send {order_id}",
            again=again,
        )
        customer = customers_db.get_customer(conn, order.customer)
        plan = schedules_db.get_schedule(conn, order.schedule).delivery if order.schedule else None
        # An order confirmation is no invoice: EHF Billing does not carry it.
        plan = tuple(c for c in plan or STANDARD_PLAN if c != "ehf")
        channel = choose_channel(customer, plan).channel
        if channel is None:
            raise RuleViolation(
                f"order {order_id} cannot be sent: {choose_channel(customer, plan).reason}",
                hint="add contact details with `faktura customer edit`",
            )
        delivery = outbox_db.queue_delivery(conn, channel=channel, order_id=order_id, now=now)
        events_db.log_event(conn, "order send", f"order {order_id} by {channel}", now=now)
        return delivery


def invoice_order(
    conn: sqlite3.Connection, order_id: int, *, day: date | None, now: datetime, send: bool = True
) -> int:
    """Turn an open order into an invoice, numbered and posted now, dated the order's date.

    An order dated in a VAT term that has ended would land in a closed term: refused unless a
    date is given explicitly.
    """
    with transaction(conn):
        order = _order(conn, order_id)
        _open(order)
        if day is not None:
            invoice_date = day
        else:
            invoice_date = order.date
            if term_end(order.date) < now.date():
                raise RuleViolation(
                    f"order {order_id} is dated {order.date}, in a VAT term that ended {term_end(order.date)}",
                    hint="give the invoice a date in an open term with --date",
                )
        ensure_open(periods.current_lock(conn), invoice_date, "the invoice date")
        company = company_db.load_company(conn)
        customer = customers_db.get_customer(conn, order.customer)
        terms, no_credit = None, False
        refs: tuple[str | None, str | None] = (None, None)
        if order.schedule:
            schedule = schedules_db.get_schedule(conn, order.schedule)
            terms, no_credit = schedule.terms, schedule.no_credit_days
            refs = (schedule.buyer_ref, schedule.order_ref)
        due = due_date(invoice_date, company, customer, terms=terms, no_credit_days=no_credit)
        number, _ = issue_invoice(
            conn,
            company=company,
            customer=customer,
            totals=order.totals,
            day=invoice_date,
            due=due,
            delivery=invoice_date,
            now=now,
            command="order invoice",
            buyer_ref=refs[0],
            order_ref=refs[1],
        )
        orders_db.set_order_status(conn, order_id, "invoiced", number)
        if send:
            outbox_db.queue_document(conn, number, choose_channel(customer), now=now)
        return number


def cancel_order(conn: sqlite3.Connection, order_id: int, *, now: datetime) -> Order:
    with transaction(conn):
        _open(_order(conn, order_id))
        orders_db.set_order_status(conn, order_id, "cancelled")
        events_db.log_event(conn, "order cancel", f"order {order_id}", now=now)
        return _order(conn, order_id)
