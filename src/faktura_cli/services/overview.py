"""`faktura report overview`: the owner's overview in one read (SPEC 16).

What awaits the owner is a list of checks, each `(conn, today) -> [Attention]`. A feature that
gives the owner something to do adds its check to ATTENTION_CHECKS, and the terminal and HTML
overviews show it without further change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from faktura_cli.domain.invoice import compute_totals
from faktura_cli.domain.overview import (
    AgeingBucket,
    Attention,
    Overview,
    RecurringIncome,
    months_of,
    recurring_window,
)
from faktura_cli.domain.reminders import due_for_reminder
from faktura_cli.domain.reports import AGEING_BUCKETS
from faktura_cli.domain.schedule import occurrences_until
from faktura_cli.render.overview import overview_html
from faktura_cli.services.ledger import customer_ledger
from faktura_cli.services.recurring import occurrence_lines
from faktura_cli.storage import bank as bank_store
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import factoring as factoring_store
from faktura_cli.storage import overview as store
from faktura_cli.storage import products as products_db
from faktura_cli.storage import reminders as reminders_store
from faktura_cli.storage import schedules
from faktura_cli.storage.db import snapshot
from faktura_cli.storage.files import write_file

AttentionCheck = Callable[[sqlite3.Connection, date], list[Attention]]


def failed_deliveries(conn: sqlite3.Connection, today: date) -> list[Attention]:
    failed = store.failed_deliveries(conn)
    if not failed:
        return []
    return [
        Attention(
            "failed_deliveries",
            len(failed),
            "leveranse feilet",
            "leveranser feilet",
            "faktura outbox list --status failed",
        )
    ]


def held_invoices(conn: sqlite3.Connection, today: date) -> list[Attention]:
    held = factoring_store.held_invoices(conn)
    if not held:
        return []
    return [
        Attention(
            "held_invoices",
            len(held),
            "faktura holdt tilbake for fakturasalg: godta eller avslå tilbudet",
            "fakturaer holdt tilbake for fakturasalg: godta eller avslå tilbudene",
            "faktura factoring list",
        )
    ]


def overdue_invoices(conn: sqlite3.Connection, today: date) -> list[Attention]:
    ledger = customer_ledger(conn, as_of=today)
    overdue = [
        item
        for customer in ledger.customers
        for item in customer.items
        if item.open > 0 and item.due_date < today
    ]
    if not overdue:
        return []
    return [
        Attention(
            "overdue_invoices",
            len(overdue),
            "forfalt faktura",
            "forfalte fakturaer",
            "faktura invoice list --status overdue",
            amount=sum(item.open for item in overdue),
        )
    ]


def unmatched_bank_entries(conn: sqlite3.Connection, today: date) -> list[Attention]:
    unmatched = bank_store.entries(conn, status="unmatched")
    if not unmatched:
        return []
    return [
        Attention(
            "unmatched_bank_entries",
            len(unmatched),
            "ubehandlet bankpost",
            "ubehandlede bankposter",
            "faktura bank unmatched",
            amount=sum(e.amount for e in unmatched),
        )
    ]


def reminders_due(conn: sqlite3.Connection, today: date) -> list[Attention]:
    """What `faktura remind` would remind of today (its own rule, `due_for_reminder`)."""
    after = company_db.load_company(conn).remind_after
    due = [
        invoice
        for invoice in reminders_store.open_invoices(
            conn, due_on_or_before=today - timedelta(days=after)
        )
        if due_for_reminder(invoice, today, after)
    ]
    if not due:
        return []
    return [
        Attention(
            "reminders_due",
            len(due),
            "faktura klar for purring",
            "fakturaer klare for purring",
            "faktura remind --dry-run",
            amount=sum(invoice.principal for invoice in due),
        )
    ]


ATTENTION_CHECKS: tuple[AttentionCheck, ...] = (
    failed_deliveries,
    unmatched_bank_entries,
    reminders_due,
    held_invoices,
    overdue_invoices,
)


def overview(
    conn: sqlite3.Connection, *, year: int | None, today: date, html: Path | None = None
) -> Overview:
    """Revenue per month of the year (default this year), what is open by age today, recurring
    income in the next 30 days, and what awaits the owner: one consistent read. With `html`,
    also written there as a self-contained page."""
    chosen = year if year is not None else today.year
    with snapshot(conn):
        ov = _overview(conn, chosen, today)
    if html is not None:
        write_file(html, overview_html(ov).encode())
    return ov


def _overview(conn: sqlite3.Connection, chosen: int, today: date) -> Overview:
    ledger = customer_ledger(conn, as_of=today)
    ageing = tuple(
        AgeingBucket(
            bucket,
            ledger.in_bucket(bucket),
            sum(1 for c in ledger.customers for i in c.items if i.bucket == bucket),
        )
        for bucket in AGEING_BUCKETS
    )
    return Overview(
        company=company_db.load_company(conn).name,
        year=chosen,
        today=today,
        revenue=months_of(chosen, store.revenue_by_month(conn, chosen)),
        ageing=ageing,
        recurring=_recurring(conn, today),
        attention=tuple(item for check in ATTENTION_CHECKS for item in check(conn, today)),
    )


def _recurring(conn: sqlite3.Connection, today: date) -> tuple[RecurringIncome, ...]:
    """What the active schedules will bill up to 30 days ahead, priced as run-due would today."""
    last = recurring_window(today)
    active = [s for s in schedules.list_schedules(conn) if s.active]
    if not active:
        return ()
    company = company_db.load_company(conn)
    products = {p.number: p for p in products_db.list_products(conn)}
    customers = customers_db.customers_by_number(conn, (s.customer for s in active))
    out = []
    for schedule in active:
        for position, occurrence in enumerate(occurrences_until(schedule, last)):
            priced = occurrence_lines(
                schedule,
                occurrence,
                products=products,
                company=company,
                first=schedule.produced == 0 and position == 0,
            )
            customer = customers[schedule.customer]
            out.append(
                RecurringIncome(
                    occurrence.date,
                    schedule.id,
                    customer.number,
                    customer.name,
                    schedule.produces,
                    compute_totals([p.line for p in priced]).total,
                )
            )
    return tuple(sorted(out, key=lambda r: (r.date, r.schedule)))
