"""Offers: eligibility, asking the partner, holding and releasing delivery (SPEC §7)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from faktura_cli.domain import factoring as rules
from faktura_cli.domain.delivery import choose_channel
from faktura_cli.errors import NotFound, RuleViolation
from faktura_cli.services.factoring.agreement import current_agreement
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import factoring as factoring_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage.db import transaction
from faktura_cli.storage.factoring import StoredOffer


@dataclass(frozen=True)
class Offer:
    invoice: int
    eligible: bool
    reasons: list[tuple[str, str]]
    status: str  # offered | declined | accepted | expired
    fee_rate: Decimal | None
    fee: int | None
    payout: int | None
    offered_at: datetime
    valid_until: datetime
    planned_payout: datetime | None
    effective_annual_cost: Decimal | None


def offer_record(stored: StoredOffer, now: datetime) -> Offer:
    """The offer as it stands at `now`: an offer not taken by the end of its day has expired.

    Its effective annual cost is left to `with_annual_cost`, which reads the due date.
    """
    status = stored.status
    if status == "offered" and now >= stored.expires_at:
        status = "expired"
    return Offer(
        invoice=stored.invoice,
        eligible=stored.eligible,
        reasons=list(stored.reasons),
        status=status,
        fee_rate=stored.fee_rate,
        fee=stored.fee,
        payout=stored.payout,
        offered_at=stored.offered_at,
        valid_until=stored.expires_at,
        planned_payout=stored.planned_payout,
        effective_annual_cost=None,
    )


def with_annual_cost(conn: sqlite3.Connection, offer: Offer) -> Offer:
    if offer.fee is None or offer.payout is None or offer.fee_rate is None:
        return offer
    doc = documents_db.get_document(conn, offer.invoice)
    pricing = rules.Pricing(offer.fee_rate, offer.fee, offer.payout)
    return replace(
        offer,
        effective_annual_cost=rules.effective_annual_cost(
            pricing, today=offer.offered_at.date(), due=doc.due_date
        ),
    )


def is_open(conn: sqlite3.Connection, number: int, doc_total_nok: int) -> bool:
    if factoring_db.get_sale(conn, number) is not None:
        return False
    if documents_db.credited_amounts(conn).get(number, 0):
        return False
    if documents_db.open_amounts(conn, [number]).get(number, 0) != doc_total_nok:
        return False
    return not documents_db.is_delivered(conn, number)


def make_offer(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    """Check eligibility, ask the partner, store the offer (inside the caller's transaction)."""
    doc = documents_db.get_document(conn, number)
    customer = customers_db.get_customer(conn, doc.customer)
    today = now.date()
    facts = rules.InvoiceFacts(
        kind=doc.kind,
        currency=doc.currency,
        total=doc.total,
        delivery_date=doc.delivery_date,
        due_date=doc.due_date,
        is_open=doc.kind == "invoice" and is_open(conn, number, doc.total_nok),
    )
    agreement = current_agreement(conn, now).status == "approved"
    reasons = rules.eligibility(facts, customer, agreement=agreement, today=today)
    pricing = None
    planned = None
    if not reasons and customer.is_private:
        declined = rules.private_decline(
            doc.total, has_overdue=factoring_db.has_overdue(conn, customer.number, today)
        )
        if declined:
            reasons = [declined]
    if not reasons:
        pricing = rules.price(doc.total, today=today, due=doc.due_date, private=customer.is_private)
        planned = rules.payout_moment(now)
    offer_id = factoring_db.insert_offer(
        conn,
        invoice=number,
        offered_at=now.isoformat(),
        expires_at=rules.offer_expires(now).isoformat(),
        eligible=int(not reasons),
        reasons=json.dumps([[r.code, r.text] for r in reasons], ensure_ascii=False),
        fee_rate=str(pricing.rate) if pricing else None,
        fee=pricing.fee if pricing else None,
        payout=pricing.payout if pricing else None,
        planned_payout=planned.isoformat() if planned else None,
        status="declined" if reasons else "offered",
    )
    events_db.log_event(
        conn,
        "factoring offer",
        f"invoice {number}: " + ("offered" if not reasons else ",".join(r.code for r in reasons)),
        now=now,
    )
    row = factoring_db.get_offer(conn, offer_id)
    return with_annual_cost(conn, offer_record(row, now))


def request_offer(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    with transaction(conn):
        return make_offer(conn, number, now=now)


def hold_for_offer(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    """`invoice create --immediate-payment`: hold the new invoice's delivery and ask for an
    offer, in the invoice's own transaction (a failure leaves no invoice without either)."""
    factoring_db.hold(conn, number, now=now)
    return make_offer(conn, number, now=now)


def release_hold(conn: sqlite3.Connection, number: int, *, now: datetime) -> int | None:
    """Release a held invoice and queue its delivery; None when it was not held."""
    if not factoring_db.is_held(conn, number):
        return None
    factoring_db.release(conn, number, now=now)
    doc = documents_db.get_document(conn, number)
    customer = customers_db.get_customer(conn, doc.customer)
    return outbox_db.queue_document(conn, number, choose_channel(customer), now=now)


def decline(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    """Decline the offer; a held invoice is delivered as usual."""
    with transaction(conn):
        row = factoring_db.latest_offer(conn, number)
        if row is None:
            raise NotFound(f"there is no factoring offer for invoice {number}")
        if row.status == "accepted":
            raise RuleViolation(f"invoice {number} is already sold")
        factoring_db.set_offer_status(conn, row.id, "declined")
        release_hold(conn, number, now=now)
        events_db.log_event(conn, "factoring decline", f"invoice {number}", now=now)
        row = factoring_db.latest_offer(conn, number)
        assert row is not None  # declined just now
        return with_annual_cost(conn, offer_record(row, now))


def release_expired(conn: sqlite3.Connection, *, now: datetime) -> list[int]:
    """run-due: a held invoice whose offer was declined or expired is delivered as usual."""
    released = []
    with transaction(conn):
        for number in factoring_db.held_invoices(conn):
            row = factoring_db.latest_offer(conn, number)
            if row is None or offer_record(row, now).status in ("declined", "expired"):
                release_hold(conn, number, now=now)
                released.append(number)
        if released:
            events_db.log_event(
                conn,
                "run-due",
                "released held invoices " + ", ".join(map(str, released)),
                now=now,
            )
    return released
