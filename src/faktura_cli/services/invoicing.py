"""Issuing invoices and recording customer payments."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from faktura_cli.domain import identifiers, payments
from faktura_cli.domain.delivery import choose_channel, ensure_not_delivered
from faktura_cli.domain.invoice import (
    Document,
    LineInput,
    Totals,
    compute_totals,
    due_date,
    price_line,
    sale_postings,
)
from faktura_cli.domain.ledger import make_voucher
from faktura_cli.domain.linespec import LineSpec
from faktura_cli.domain.period import ensure_open
from faktura_cli.domain.plans import CHANNELS
from faktura_cli.domain.records import Company, Customer
from faktura_cli.domain.vouchers import payment_voucher, refund_voucher
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.render.words import delivered
from faktura_cli.services import factoring
from faktura_cli.services.invoice_queries import InvoiceState, invoice_state
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage import periods
from faktura_cli.storage import products as products_db
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction

# An invoice dated further from today is a typo (a year off, a century off), not a backdating.
MAX_DAYS_FROM_TODAY = 366
# In a class with a field named `date`, later fields must name the type otherwise.
Day = date


@dataclass(frozen=True)
class InvoiceRequest:
    """What `invoice create` was asked, as typed."""

    customer: int
    lines: tuple[LineSpec, ...]
    date: date | None = None
    delivery_date: Day | None = None
    due_date: Day | None = None
    terms: int | None = None
    currency: str = "NOK"  # an ISO 4217 code
    rate: Decimal | None = None  # NOK per unit of the currency
    send: bool = False  # queue delivery by the customer's standard plan, with the invoice
    buyer_ref: str | None = None  # the buyer's reference, else the customer's
    order_ref: str | None = None
    # Hold delivery and ask the factoring partner for an offer, with the invoice (invoice sale).
    immediate_payment: bool = False


@dataclass(frozen=True)
class Issued:
    """`invoice create`: the invoice, the delivery queued with it (if any) and the offer."""

    document: Document
    delivery: int | None = None
    offer: factoring.Offer | None = None


_NOT_ON_INVOICES = (
    "smtp_host",
    "smtp_port",
    "smtp_user",
    "smtp_security",
    "notify_email",
    "outbox_dir",
)


@lru_cache(maxsize=64)
def seller_snapshot(company: Company) -> dict[str, object]:
    """The seller as the invoice must show it (bokføringsforskriften § 5-1-1), frozen at issue.

    Cached per (immutable) Company: run-due issues thousands of invoices from one company.
    Callers must not modify the returned dict.
    """
    snap = {
        f.name: getattr(company, f.name) for f in fields(company) if f.name not in _NOT_ON_INVOICES
    }
    snap["vat_id"] = company.vat_id
    snap["foretaksregisteret"] = company.in_register_of_business_enterprises
    return snap


@lru_cache(maxsize=1024)
def buyer_snapshot(customer: Customer) -> dict[str, object]:
    """The buyer as it was when the document was issued. Callers must not modify it."""
    return {f.name: getattr(customer, f.name) for f in fields(customer)}


def with_references(
    buyer: dict[str, object], buyer_ref: str | None, order_ref: str | None
) -> dict[str, object]:
    """The buyer snapshot with the invoice's own references (SPEC 13), else the customer's."""
    if not buyer_ref and not order_ref:
        return buyer  # the cached snapshot itself: run-due issues thousands from one
    return {
        **buyer,
        "buyer_ref": buyer_ref or buyer.get("buyer_ref"),
        "order_ref": order_ref or buyer.get("order_ref"),
    }


def _rate(currency: str, rate: Decimal | None) -> Decimal:
    if currency == "NOK":
        if rate is not None and rate != 1:
            raise InvalidInput("an invoice in NOK has no exchange rate")
        return Decimal(1)
    if rate is None:
        raise InvalidInput(f"an invoice in {currency} needs --rate (NOK per {currency})")
    return rate


def resolve_lines(
    conn: sqlite3.Connection,
    specs: tuple[LineSpec, ...],
    company: Company,
    *,
    buyer_abroad: bool = False,
) -> list[LineInput]:
    if not specs:
        raise InvalidInput("an invoice needs at least one --line")
    lines = []
    for spec in specs:
        product = products_db.get_product(conn, spec.product) if spec.product is not None else None
        lines.append(
            price_line(
                spec, product, vat_registered=company.vat_registered, buyer_abroad=buyer_abroad
            )
        )
    return lines


def issue_invoice(
    conn: sqlite3.Connection,
    *,
    company: Company,
    customer: Customer,
    totals: Totals,
    day: date,
    due: date,
    delivery: date,
    now: datetime,
    currency: str = "NOK",
    rate: Decimal = Decimal(1),
    command: str | None = "invoice create",
    batch: vouchers_db.Batch | None = None,
    buyer_ref: str | None = None,
    order_ref: str | None = None,
) -> tuple[int, Totals]:
    """Number, store and post an invoice inside the caller's transaction.

    The number is allocated here, in the same transaction as the document and its voucher,
    so a failure anywhere leaves no gap in the series. With a `batch` (run-due), the rows are
    written when the caller writes the batch.
    """
    if due < day:
        raise InvalidInput(f"the due date {due} is before the invoice date {day}")
    if totals.total <= 0:
        raise RuleViolation("an invoice's total must be more than 0")
    own_batch = batch is None
    batch = batch or vouchers_db.Batch(conn, now=now)
    number = batch.document_number()
    voucher = make_voucher(
        day,
        f"Faktura {number} {customer.name}",
        sale_postings(
            totals, customer=customer.number, open_item=number, rate=rate, text=f"Faktura {number}"
        ),
        document=number,
    )
    batch.add_document(
        voucher,
        number=number,
        kind="invoice",
        customer=customer.number,
        day=day,
        due=due,
        delivery=delivery,
        currency=currency,
        rate=rate,
        kid=identifiers.kid(number),
        bank_account=company.bank_account,
        totals=totals,
        seller=seller_snapshot(company),
        buyer=with_references(buyer_snapshot(customer), buyer_ref, order_ref),
    )
    if own_batch:
        batch.write()
    if command:  # run-due logs one event per batch instead
        events_db.log_event(
            conn,
            command,
            f"invoice {number} to {customer.number} {customer.name}, total {totals.total} øre {currency}",
            now=now,
        )
    return number, totals


def create_invoice(conn: sqlite3.Connection, request: InvoiceRequest, *, now: datetime) -> Issued:
    """Number, store and post an invoice, and queue its delivery or hold it for an invoice sale,
    all in one transaction; the delivery itself is carried out after commit (the outbox)."""
    invoice_date = request.date if request.date is not None else now.date()
    if abs((invoice_date - now.date()).days) > MAX_DAYS_FROM_TODAY:
        raise InvalidInput(
            f"the invoice date {invoice_date} is more than a year from today ({now.date()})"
        )
    delivery = request.delivery_date if request.delivery_date is not None else invoice_date
    if request.due_date is not None and request.terms is not None:
        raise InvalidInput("give --due-date or --terms, not both")
    currency, rate = request.currency, _rate(request.currency, request.rate)
    with transaction(conn):
        ensure_open(periods.current_lock(conn), invoice_date, "the invoice date")
        company = company_db.load_company(conn)
        customer = customers_db.get_customer(conn, request.customer)
        if request.due_date is not None:
            due = request.due_date
        else:
            due = due_date(invoice_date, company, customer, terms=request.terms)
        number, _ = issue_invoice(
            conn,
            company=company,
            customer=customer,
            totals=compute_totals(
                resolve_lines(conn, request.lines, company, buyer_abroad=customer.country != "NO")
            ),
            day=invoice_date,
            due=due,
            delivery=delivery,
            now=now,
            currency=currency,
            rate=rate,
            buyer_ref=(request.buyer_ref or "").strip() or None,
            order_ref=(request.order_ref or "").strip() or None,
        )
        queued = offer = None
        if request.immediate_payment:
            offer = factoring.hold_for_offer(conn, number, now=now)
        elif request.send:
            queued = outbox_db.queue_document(conn, number, choose_channel(customer), now=now)
        return Issued(documents_db.get_document(conn, number), queued, offer)


def send_invoice(
    conn: sqlite3.Connection,
    number: int,
    *,
    channel: str | None,
    now: datetime,
    again: bool = False,
) -> int:
    """`invoice send N`: the delivery to carry out now; returns its id.

    A document already delivered, or whose delivery may have gone out (uncertain), is sent
    again only with `again` (SPEC 11). One still queued is carried out rather than queued twice;
    with another channel named, it goes by that channel instead (never both).
    A new delivery answers the document's earlier failed and uncertain ones: they stop nagging.
    """
    if channel is not None and channel not in CHANNELS:
        raise InvalidInput(f"channel {channel!r} is not known", hint=f"use {', '.join(CHANNELS)}")
    with transaction(conn):
        doc = documents_db.get_document(conn, number)
        customer = customers_db.get_customer(conn, doc.customer)
        mine = [d for d in outbox_db.of_document(conn, number) if d.channel != "partner"]
        ensure_not_delivered(
            mine, what=delivered(doc.kind, number), send=f"invoice send {number}", again=again
        )
        waiting = [d for d in mine if d.status in ("queued", "sending")]
        if waiting and channel in (None, waiting[-1].channel):
            return waiting[-1].id
        if waiting:
            return _replace_waiting(conn, number, waiting[-1], channel=channel, now=now)
        delivery = outbox_db.queue_document(
            conn, number, choose_channel(customer, channel=channel), now=now
        )
        outbox_db.supersede(conn, number, by=delivery)
        events_db.log_event(conn, "invoice send", f"{number} by {channel or 'plan'}", now=now)
        return delivery


def _replace_waiting(
    conn: sqlite3.Connection,
    number: int,
    waiting: outbox_db.Delivery,
    *,
    channel: str | None,
    now: datetime,
) -> int:
    """The user named another channel for a document whose delivery has not gone out yet: it
    goes by that channel instead (once per decision, as Fiken's "send by" choice), never both.
    One another process is carrying out right now cannot be taken back: refused."""
    if waiting.status == "sending" or channel is None or not outbox_db.retarget(
        conn, waiting.id, channel
    ):
        raise RuleViolation(
            f"{number} is being delivered by {waiting.channel} right now (delivery {waiting.id})",
            hint="see how it ended with `faktura outbox list`; a stale claim is settled by"
            f" `faktura outbox flush`; then `faktura invoice send {number} --channel {channel}"
            " --again` if it should go out once more",
        )
    events_db.log_event(
        conn,
        "invoice send",
        f"{number} by {channel} instead of the queued {waiting.channel} (delivery {waiting.id})",
        now=now,
    )
    return waiting.id


def pay_invoice(
    conn: sqlite3.Connection,
    number: int,
    *,
    amount: int,
    day: date | None,
    now: datetime,
    amount_nok: int | None = None,
    rate: Decimal | None = None,
    overpay: bool = False,
) -> InvoiceState:
    """Record a customer's payment against the invoice's open item (domain.payments).

    `amount` is in the invoice's currency; `amount_nok` (what the bank received) or `rate`
    (the rate the bank used) give the NOK for 1920, and the difference from the booked rate
    goes to agio/disagio. More than what is open is refused unless `overpay`.
    """
    if amount <= 0:
        raise InvalidInput("the amount paid must be more than 0")
    paid = amount
    pay_date = day if day is not None else now.date()
    if pay_date > now.date():
        raise InvalidInput(f"the payment date {pay_date} is after today ({now.date()})")
    with transaction(conn):
        item = _open_item(conn, number)
        doc = documents_db.get_document(conn, number)
        if pay_date < doc.date:
            raise InvalidInput(f"the payment date {pay_date} is before the invoice date {doc.date}")
        ensure_open(periods.current_lock(conn), pay_date, "the payment date")
        posted = payments.payment(item, paid, amount_nok=amount_nok, rate=rate, overpay=overpay)
        voucher = payment_voucher(
            invoice=number,
            customer=doc.customer,
            amount=posted.receivable_nok,
            bank=posted.bank_nok,
            day=pay_date,
        )
        vouchers_db.insert_voucher(conn, voucher, now=now)
        events_db.log_event(
            conn,
            "invoice pay",
            f"invoice {number}: {paid} øre {doc.currency} ({posted.bank_nok} øre NOK) on {pay_date}",
            now=now,
        )
        return invoice_state(conn, number, today=now.date())


def refund_invoice(
    conn: sqlite3.Connection, number: int, *, amount: int, day: date | None, now: datetime
) -> InvoiceState:
    """Pay a customer's credit balance on an invoice back: 1500 / 1920."""
    if amount <= 0:
        raise InvalidInput("the amount refunded must be more than 0")
    refunded = amount
    refund_date = day if day is not None else now.date()
    if refund_date > now.date():
        raise InvalidInput(f"the refund date {refund_date} is after today ({now.date()})")
    with transaction(conn):
        item = _open_item(conn, number)
        ensure_open(periods.current_lock(conn), refund_date, "the refund date")
        voucher = refund_voucher(
            invoice=number,
            customer=item.customer,
            amount=payments.refund_amount(item, refunded),
            day=refund_date,
        )
        vouchers_db.insert_voucher(conn, voucher, now=now)
        events_db.log_event(
            conn, "invoice refund", f"invoice {number}: {refunded} øre on {refund_date}", now=now
        )
        return invoice_state(conn, number, today=now.date())


def _open_item(conn: sqlite3.Connection, number: int) -> payments.OpenItem:
    doc = documents_db.get_document(conn, number)
    if doc.kind != "invoice":
        raise RuleViolation(f"{number} is a credit note, not an invoice")
    credited = documents_db.credited_amounts(conn).get(number, 0)
    return payments.OpenItem(
        invoice=number,
        customer=doc.customer,
        currency=doc.currency,
        rate=doc.exchange_rate,
        open_nok=documents_db.open_amounts(conn, [number]).get(number, 0),
        fully_credited=credited >= doc.total,
    )
