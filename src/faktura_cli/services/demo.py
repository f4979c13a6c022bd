"""The demo: a sample company with a year of invoices and payments, from sample_data/demo.json.

Dates are laid out backwards from today, so the demo always shows a current year.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from faktura_cli.domain.change import Change
from faktura_cli.domain.currency import currency_code
from faktura_cli.domain.dates import parse_terms
from faktura_cli.domain.linespec import line_spec, schedule_line_spec
from faktura_cli.domain.plans import parse_plan
from faktura_cli.errors import RuleViolation
from faktura_cli.resources import resource_dir
from faktura_cli.services import company, customers, entries, invoicing, products, recurring
from faktura_cli.storage import company as company_db
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage.db import transaction

MONTHS = 12


@dataclass(frozen=True)
class DemoSummary:
    company: str
    customers: int
    products: int
    invoices: int
    payments: int
    first_date: date
    receivables: int
    schedules: int
    expenses: int = 0
    due_today: int = 0


def _month_day(today: date, months_ago: int, day: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
    return date(year, month + 1, min(day, 28))


def _next_month_day(today: date, day: int) -> date:
    """The first `day` of a month after today (a schedule that takes over monthly invoices)."""
    this_month = _month_day(today, 0, day)
    return this_month if this_month > today else _month_day(today, -1, day)


def build_demo(conn: sqlite3.Connection, *, now: datetime) -> DemoSummary:
    """Everything in one transaction: the demo is there whole or not at all."""
    data = json.loads((resource_dir("sample_data") / "demo.json").read_text(encoding="utf-8"))
    today = now.date()
    with transaction(conn):
        if company_db.company_exists(conn):
            raise RuleViolation("these books are not empty", hint="give the demo a new --db file")
        company.init_company(conn, company.CompanyInput(**data["company"]), now=now)
        numbers: dict[str, int] = {}
        habits: dict[int, dict[str, Any]] = {}
        for c in data["customers"]:
            details = {
                k: v for k, v in c.items() if k not in ("key", "pays_after_days", "pays", "private")
            }
            customer = customers.add_customer(
                conn,
                customers.CustomerInput(**details, is_private=c.get("private", False)),
                now=now,
            )
            numbers[c["key"]] = customer.number
            habits[customer.number] = c
        for p in data["products"]:
            products.add_product(conn, now=now, **p)
        if data.get("opening"):
            entries.post_opening(
                conn,
                day=_month_day(today, MONTHS, 1),
                lines=[
                    entries.parse_entry_line(s, keys=entries.OPENING_KEYS) for s in data["opening"]
                ],
                now=now,
            )

        planned = [
            (_month_day(today, k, m["day"]), m) for m in data["monthly"] for k in range(MONTHS)
        ] + [(_month_day(today, o["months_ago"], o["day"]), o) for o in data["once"]]
        invoices = []
        for day, spec in sorted(planned, key=lambda item: (item[0], item[1]["customer"])):
            if day > today:
                continue
            invoices.append(
                invoicing.create_invoice(
                    conn,
                    invoicing.InvoiceRequest(
                        customer=numbers[spec["customer"]],
                        lines=tuple(line_spec(text) for text in spec["lines"]),
                        date=day,
                        currency=currency_code(spec.get("currency", "NOK")),
                        rate=Decimal(spec["rate"]) if "rate" in spec else None,
                    ),
                    now=now,
                ).document
            )
        payments = 0
        for doc in invoices:
            habit = habits[doc.customer]
            if habit.get("pays") == "never":
                continue
            paid_on = doc.date + timedelta(days=int(habit.get("pays_after_days", 14)))
            if paid_on > today:
                continue
            amount = doc.total // 2 if habit.get("pays") == "half" else doc.total
            invoicing.pay_invoice(
                conn, doc.number, amount=amount, day=paid_on, now=now
            )
            payments += 1
        expenses = _expenses(conn, data, today, now=now)
        # Schedules whose first occurrence is today: `faktura run-due` produces and delivers them.
        # One that takes over a customer's monthly invoices ("day") starts at the next of them,
        # so nobody is billed twice in a month.
        for spec in data.get("schedules", []):
            recurring.create_schedule(
                conn,
                recurring.ScheduleRequest(
                    customer=numbers[spec["customer"]],
                    next_date=(
                        _next_month_day(today, spec["day"]) if "day" in spec else today
                    ),
                    lines=tuple(schedule_line_spec(text) for text in spec["lines"]),
                    every=spec.get("every"),
                    unit=spec.get("unit"),
                    produces=spec.get("produces"),
                    prep_days=spec.get("prep_days"),
                    no_credit_days=spec.get("no_credit_days"),
                    terms=Change(parse_terms(spec["terms"])) if "terms" in spec else None,
                    delivery=Change(parse_plan(spec["delivery"])) if "delivery" in spec else None,
                ),
                now=now,
            )
        receivables = sum(documents_db.open_amounts(conn).values())
    return DemoSummary(
        company=data["company"]["name"],
        customers=len(numbers),
        products=len(data["products"]),
        invoices=len(invoices),
        payments=payments,
        first_date=min(d.date for d in invoices),
        receivables=receivables,
        schedules=len(data.get("schedules", [])),
        expenses=expenses,
        due_today=sum("day" not in spec for spec in data.get("schedules", [])),
    )


def _expenses(conn: sqlite3.Connection, data: dict[str, Any], today: date, *, now: datetime) -> int:
    """A year of running costs: monthly vouchers paid from the bank, and supplier invoices
    (bills) paid some days after they arrive. Returns how many vouchers and bills there are."""
    count = 0
    planned = sorted(
        (_month_day(today, k, spec["day"]), spec)
        for spec in data.get("expenses", [])
        for k in range(MONTHS)
    )
    for day, spec in planned:
        if day > today:
            continue
        entries.add_voucher(
            conn,
            day=day,
            text=spec["text"],
            lines=[entries.parse_entry_line(line) for line in spec["lines"]],
            files=[],
            now=now,
        )
        count += 1
    bills = sorted(
        (_month_day(today, k, spec["day"]), spec)
        for spec in data.get("bills", [])
        for k in range(0, MONTHS, spec["every_months"])
    )
    for day, spec in bills:
        if day > today:
            continue
        posted = entries.add_bill(
            conn,
            supplier=spec["supplier"],
            orgnr=spec["orgnr"],
            day=day,
            due=day + timedelta(days=14),
            lines=[entries.parse_entry_line(line) for line in spec["lines"]],
            kid=None,
            text=None,
            files=[],
            now=now,
        )
        count += 1
        paid_on = day + timedelta(days=spec["pays_after_days"])
        if paid_on <= today:
            entries.pay_bill(conn, posted.bill.number, day=paid_on, amount=None, now=now)
    return count
