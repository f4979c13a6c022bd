"""`faktura remind` and `faktura rates`: reminders with fee and late-payment interest."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from faktura_cli.domain import identifiers
from faktura_cli.domain.period import PeriodLocked, ensure_open
from faktura_cli.domain.reminders import (
    Reminder,
    check_rate,
    due_for_reminder,
    rate_period_start,
    reminder_terms,
)
from faktura_cli.domain.vouchers import reminder_voucher
from faktura_cli.errors import InvalidInput
from faktura_cli.services.invoicing import buyer_snapshot, seller_snapshot
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import periods
from faktura_cli.storage import reminders as store
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction


@dataclass(frozen=True)
class RemindRun:
    today: date
    dry_run: bool
    after_days: int
    reminders: tuple[Reminder, ...]
    channels: tuple[str, ...]  # how each reminder goes out: email or print
    rate_known: bool  # a late-payment rate is on file for today's half-year
    locked: str | None = None  # why none were made: the reminder date is in the locked period


def _channel(email: str | None) -> str:
    """E-mail when the customer has an address, else print (EHF has no reminder)."""
    return "email" if email else "print"


def remind(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    today: date | None = None,
    dry_run: bool = False,
    after: int | None = None,
    skip_if_locked: bool = False,
) -> RemindRun:
    """A reminder for every open invoice far enough past due, in one transaction.

    A reminder is dated `today`: on a day in the locked period none is made (SPEC 13), refused,
    or with `skip_if_locked` (run-due --remind, after its production) left out, saying why.
    """
    if today is None:
        today = now.date()
    if after is not None and not 0 <= after <= 365:
        raise InvalidInput(f"--after must be between 0 and 365 days, not {after}")
    with transaction(conn):
        company = company_db.load_company(conn)
        after_days = after if after is not None else company.remind_after
        rates = store.interest_rates(conn)
        try:
            ensure_open(periods.current_lock(conn), today, "the reminder date")
        except PeriodLocked as locked:
            if not skip_if_locked:
                raise
            return RemindRun(today, dry_run, after_days, (), (), True, locked=locked.message)
        candidates = store.open_invoices(conn, due_on_or_before=today - timedelta(days=after_days))
        due = [inv for inv in candidates if due_for_reminder(inv, today, after_days)]
        customers = customers_db.customers_by_number(conn, {inv.customer for inv in due})
        seller = seller_snapshot(company)
        seller_json = json.dumps(seller, ensure_ascii=False)
        buyers: dict[int, tuple[dict[str, object], str]] = {}
        batch = vouchers_db.Batch(conn, now=now)
        number = store.next_reminder_number(conn)
        made: list[Reminder] = []
        rows = []
        deliveries = []
        for inv in due:
            customer = customers[inv.customer]
            if customer.number not in buyers:
                snap = buyer_snapshot(customer)
                buyers[customer.number] = (snap, json.dumps(snap, ensure_ascii=False))
            buyer, buyer_json = buyers[customer.number]
            terms = reminder_terms(inv, today, fee_setting=company.reminder_fee, rates=rates)
            voucher = reminder_voucher(terms, number, customer.name)
            posted = batch.post(voucher) if voucher is not None and not dry_run else None
            kid = identifiers.reminder_kid(number)
            made.append(
                Reminder(
                    number=number,
                    invoice=terms.invoice,
                    customer=terms.customer,
                    date=terms.date,
                    due_date=terms.due_date,
                    kid=kid,
                    principal=terms.principal,
                    earlier_charges=terms.earlier_charges,
                    fee=terms.fee,
                    interest=terms.interest,
                    interest_from=terms.interest_from,
                    interest_to=terms.interest_to,
                    periods=terms.periods,
                    voucher=posted,
                    seller=seller,
                    buyer=buyer,
                )
            )
            rows.append((number, terms, kid, posted, seller_json, buyer_json))
            deliveries.append((number, terms.invoice, _channel(customer.email)))
            number += 1
        if made and not dry_run:
            batch.write()
            store.insert_reminders(conn, rows, now=now)
            store.queue_reminder_deliveries(conn, deliveries, now=now)
            events_db.log_event(
                conn,
                "remind",
                f"{len(made)} reminder(s) {made[0].number}-{made[-1].number} on {today}: fees"
                f" {sum(r.fee for r in made)} øre, interest {sum(r.interest for r in made)} øre",
                now=now,
            )
    period = rate_period_start(today)
    return RemindRun(
        today=today,
        dry_run=dry_run,
        after_days=after_days,
        reminders=tuple(made),
        channels=tuple(channel for _, _, channel in deliveries),
        rate_known=any(start == period for start, _ in rates),
    )


def reminders_of(conn: sqlite3.Connection, *, customer: int | None = None) -> list[Reminder]:
    return store.list_reminders(conn, customer=customer)


def reminder(conn: sqlite3.Connection, number: int) -> Reminder:
    return store.get_reminder(conn, number)


# ---------------------------------------------------------------- rates


@dataclass(frozen=True)
class Rate:
    valid_from: date
    rate: Decimal


def rates(conn: sqlite3.Connection) -> list[Rate]:
    return [Rate(day, rate) for day, rate in store.interest_rates(conn)]


def set_rate(
    conn: sqlite3.Connection, valid_from: date, rate: Decimal, *, now: datetime
) -> Rate:
    """Add or correct the late-payment interest rate (percent a year) of a half-year."""
    check_rate(valid_from, rate)
    with transaction(conn):
        store.set_interest_rate(conn, valid_from, rate, now=now)
        events_db.log_event(conn, "rates set", f"from {valid_from}: {rate} %", now=now)
    return Rate(valid_from, rate)

