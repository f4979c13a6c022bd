"""Recurring schedules and `run-due`: each occurrence produced exactly once, from cron.

An occurrence is committed together with its invoice (or order), vouchers, queued deliveries
and its row in `occurrences`, whose primary key (schedule, generation, k) makes a second
production of the same occurrence impossible. Work is done in batches of occurrences under
the write lock, re-reading each schedule inside the lock, so two runs at once or a rerun
after a crash produce nothing twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from faktura_cli.domain.change import Change
from faktura_cli.domain.dates import parse_terms
from faktura_cli.domain.delivery import ChannelChoice, choose_channel
from faktura_cli.domain.invoice import (
    Totals,
    compute_totals,
    due_date,
    exported,
    line_vat,
)
from faktura_cli.domain.linespec import LineSpec
from faktura_cli.domain.period import PeriodLock, ensure_open, first_open_date, is_locked
from faktura_cli.domain.records import Company, Customer, Product
from faktura_cli.domain.schedule import (
    Interval,
    Occurrence,
    PricedLine,
    Schedule,
    ScheduleLine,
    check_agreement_date,
    due_occurrences,
    first_index_on_or_after,
    first_on_or_after,
    occurrence_lines,
    occurrence_totals,
    upcoming,
)
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.services.invoicing import issue_invoice
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import orders as orders_db
from faktura_cli.storage import periods
from faktura_cli.storage import products as products_db
from faktura_cli.storage import schedules as schedules_db
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction
from faktura_cli.storage.schedules import ScheduleProduct

BATCH = 500  # occurrences per transaction: short enough that a person's command waits little

# In a class with a field named `date`, later fields must name the type otherwise.
Day = date


@dataclass(frozen=True)
class ScheduleRequest:
    """`recurring create` / `edit` options as typed; None = not given."""

    customer: int | None = None
    next_date: date | None = None
    every: int | None = None
    unit: str | None = None
    produces: str | None = None
    prep_days: int | None = None
    no_credit_days: bool | None = None
    agreement_date: Change[date] | None = None
    end_date: Change[date] | None = None
    max_count: int | None = None
    terms: Change[int] | None = None  # days; Change(None): the customer's terms
    delivery: Change[tuple[str, ...]] | None = None  # Change(None): the standard plan
    lines: tuple[LineSpec, ...] = ()
    buyer_ref: str | None = None  # '' clears
    order_ref: str | None = None


def _schedule_line(
    spec: LineSpec, conn: sqlite3.Connection, company: Company, *, buyer_abroad: bool = False
) -> ScheduleLine:
    product = products_db.get_product(conn, spec.product) if spec.product is not None else None
    if product is None and spec.text is None:
        raise InvalidInput(f"line {spec.spec!r} needs product=N or text=...")
    if spec.source == "product" and product is None:
        raise InvalidInput(f"line {spec.spec!r}: source=product needs product=N")
    if spec.source == "product" and spec.price is not None:
        raise InvalidInput(
            f"line {spec.spec!r}: source=product takes the product's price, not price="
        )
    price = spec.price
    if spec.source == "fixed" and price is None:
        if product is None:
            raise InvalidInput(f"line {spec.spec!r} needs price=... (or product=N)")
        price = product.price  # a fixed source keeps today's price on every invoice
    # The same VAT rule as an invoice line's, now and again at each occurrence (the company may
    # leave the VAT register meanwhile).
    vat = spec.vat
    treatment = line_vat(
        vat,
        product,
        vat_registered=company.vat_registered,
        text=spec.text or (product.name if product else ""),
    )
    # An export is decided when the line is written (the buyer abroad, SPEC 13) and kept.
    if exported(treatment, spec.export, buyer_abroad=buyer_abroad, text=spec.spec).code == "export":
        vat = "export"
    return ScheduleLine(
        text=spec.text,
        qty=spec.qty,
        product=product.number if product else None,
        price=price if spec.source == "fixed" else None,
        vat=vat,
        discount=spec.discount,
        source=spec.source,
        factor=spec.factor,
    )


def _nonnegative(value: int | None, what: str) -> int | None:
    if value is not None and value < 0:
        raise InvalidInput(f"{what} cannot be negative")
    return value


def _apply(schedule: Schedule, request: ScheduleRequest, conn: sqlite3.Connection) -> Schedule:
    """The schedule with the request's changes, checked as a whole."""
    changes: dict[str, object] = {}
    if request.customer is not None:
        changes["customer"] = customers_db.get_customer(conn, request.customer).number
    if request.produces is not None:
        if request.produces not in ("invoice", "order"):
            raise InvalidInput(f"--produces {request.produces!r} is not invoice or order")
        changes["produces"] = request.produces
    if request.prep_days is not None:
        changes["prep_days"] = _nonnegative(request.prep_days, "--prep-days")
    if request.no_credit_days is not None:
        changes["no_credit_days"] = request.no_credit_days
    if request.agreement_date is not None:
        changes["agreement_date"] = request.agreement_date.value
    if request.end_date is not None:
        changes["end_date"] = request.end_date.value
    if request.max_count is not None:
        if request.max_count < 1:
            raise InvalidInput("--max-count must be at least 1")
        changes["max_count"] = request.max_count
    if request.terms is not None:
        days = request.terms.value
        changes["terms"] = parse_terms(days) if days is not None else None  # 0 to 365
    if request.delivery is not None:
        changes["delivery"] = request.delivery.value
    if request.buyer_ref is not None:
        changes["buyer_ref"] = request.buyer_ref.strip() or None
    if request.order_ref is not None:
        changes["order_ref"] = request.order_ref.strip() or None
    if request.lines:
        company = company_db.load_company(conn)
        buyer = changes.get("customer", schedule.customer)
        abroad = (
            isinstance(buyer, int)
            and buyer > 0
            and customers_db.get_customer(conn, buyer).country != "NO"
        )
        changes["lines"] = tuple(
            _schedule_line(spec, conn, company, buyer_abroad=abroad) for spec in request.lines
        )
    updated = replace(schedule, **changes)  # type: ignore[arg-type]  # changes: dict[str, object]
    if request.every is not None or request.unit is not None or request.next_date is not None:
        interval = Interval(
            request.every if request.every is not None else schedule.interval.every,
            request.unit.lower() if request.unit is not None else schedule.interval.unit,
        )
        new_start = request.next_date or schedule.next_date
        if schedule.id == 0:  # a new schedule: its grid starts here
            updated = replace(updated, interval=interval, anchor=new_start, next_index=0)
        elif interval != schedule.interval or new_start != schedule.next_date:
            # Moving the grid starts a new generation of occurrences at the new first date.
            updated = replace(
                updated,
                interval=interval,
                anchor=new_start,
                next_index=0,
                generation=schedule.generation + 1,
            )
    if not updated.lines:
        raise InvalidInput("a schedule needs at least one --line")
    if updated.end_date and updated.end_date < updated.next_date:
        raise InvalidInput(
            f"the end date {updated.end_date} is before the next invoice date {updated.next_date}"
        )
    if request.next_date is not None:
        ensure_open(periods.current_lock(conn), updated.next_date, "the next invoice date")
    check_agreement_date(updated)
    return updated


def create_schedule(
    conn: sqlite3.Connection, request: ScheduleRequest, *, now: datetime
) -> Schedule:
    if request.customer is None or request.next_date is None:
        raise InvalidInput("a schedule needs --customer and --next-date")
    with transaction(conn):
        draft = Schedule(
            id=0,
            customer=0,
            interval=Interval(
                request.every or 1, "month" if request.unit is None else request.unit.lower()
            ),
            anchor=request.next_date,
        )
        schedule = _apply(draft, request, conn)
        schedule_id = schedules_db.save_schedule(conn, schedule, now=now)
        events_db.log_event(
            conn, "recurring create", f"schedule {schedule_id} for {schedule.customer}", now=now
        )
        return schedules_db.get_schedule(conn, schedule_id)


def edit_schedule(
    conn: sqlite3.Connection, schedule_id: int, request: ScheduleRequest, *, now: datetime
) -> Schedule:
    """Change future occurrences only: what was produced stays as it was."""
    with transaction(conn):
        current = schedules_db.get_schedule(conn, schedule_id)
        updated = _apply(current, request, conn)
        last = schedules_db.last_occurrence_date(conn, schedule_id)
        if last and updated.next_date <= last:
            raise RuleViolation(
                f"the next invoice date {updated.next_date} is not after the last one produced ({last})"
            )
        if updated == current:
            raise InvalidInput("nothing to change", hint="see `faktura recurring edit --help`")
        schedules_db.save_schedule(conn, updated, now=now)
        events_db.log_event(conn, "recurring edit", f"schedule {schedule_id}", now=now)
        return schedules_db.get_schedule(conn, schedule_id)


def set_active(
    conn: sqlite3.Connection, schedule_id: int, active: bool, *, now: datetime
) -> Schedule:
    """Deactivate stops production; activate resumes without back-filling what fell before it."""
    with transaction(conn):
        schedule = schedules_db.get_schedule(conn, schedule_id)
        if schedule.active == active:
            raise RuleViolation(
                f"schedule {schedule_id} is already {'active' if active else 'inactive'}"
            )
        updated = replace(schedule, active=active)
        if active:
            updated = replace(updated, next_index=first_index_on_or_after(schedule, now.date()))
        schedules_db.save_schedule(conn, updated, now=now)
        events_db.log_event(
            conn,
            "recurring activate" if active else "recurring deactivate",
            f"schedule {schedule_id}",
            now=now,
        )
        return schedules_db.get_schedule(conn, schedule_id)


def get_schedule(conn: sqlite3.Connection, schedule_id: int) -> Schedule:
    return schedules_db.get_schedule(conn, schedule_id)


def list_schedules(conn: sqlite3.Connection) -> list[Schedule]:
    return schedules_db.list_schedules(conn)


def schedule_products(conn: sqlite3.Connection, schedule_id: int) -> list[ScheduleProduct]:
    schedules_db.get_schedule(conn, schedule_id)
    return schedules_db.schedule_products(conn, schedule_id)


def planned_channel(conn: sqlite3.Connection, schedule: Schedule) -> ChannelChoice:
    """The channel this schedule's invoices will go out on, or None and why not."""
    return choose_channel(customers_db.get_customer(conn, schedule.customer), schedule.delivery)


# ---------------------------------------------------------------- producing occurrences


@dataclass
class Produced:
    schedule: int
    kind: str  # invoice | order
    number: int  # invoice number or order id
    date: date
    due_date: Day | None
    total: int
    delivery: int | None  # the queued delivery's id
    delivery_error: str | None = None  # why it could not even be queued
    logged: bool = False


@dataclass(frozen=True)
class Held:
    """A schedule run-due did not produce: its next occurrence is in the locked period (SPEC
    13). It stays due, and is told on every run, until a person moves it past the lock
    (`recurring edit N --next-date`) or deactivates it."""

    schedule: int
    kind: str  # invoice | order
    date: Day  # the occurrence's date, on or before the lock
    lock: PeriodLock
    next_open: Day | None  # the schedule's first occurrence after the lock, if any


@dataclass
class RunResult:
    today: date
    created: list[Produced] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)


class _DryRun(Exception):
    """Raised to roll back a dry run after it has computed everything."""


class _PriceList:
    """The totals of occurrences within one batch, computed once per distinct plan and period.

    Pricing is a pure function of the schedule's lines and interval and the occurrence's period
    (on a first occurrence also of the anchor and agreement date), with products and company
    fixed for the batch; thousands of subscriptions on one plan bill the same period.
    """

    def __init__(self, *, products: dict[str, Product], company: Company) -> None:
        self.products = products
        self.company = company
        self._known: dict[tuple[object, ...], tuple[Totals, Schedule]] = {}

    def totals(self, schedule: Schedule, occurrence: Occurrence, *, first: bool) -> Totals:
        # Keyed by the identity of the lines and interval, which `store.load_schedules` makes
        # once per plan: hashing their values (Decimals) cost as much as pricing. The schedule
        # kept beside the totals keeps those objects, and so their ids, alive.
        key = (
            *map(id, schedule.lines),
            id(schedule.interval),
            occurrence.date,
            occurrence.period_end,
            (schedule.anchor, schedule.agreement_date) if first else None,
        )
        found = self._known.get(key)
        if found is None:
            totals = occurrence_totals(
                schedule, occurrence, products=self.products, company=self.company, first=first
            )
            self._known[key] = (totals, schedule)
            return totals
        return found[0]


def _produce_one(
    conn: sqlite3.Connection,
    books: vouchers_db.Batch,
    production: schedules_db.Production,
    schedule: Schedule,
    occurrence: Occurrence,
    *,
    prices: _PriceList,
    customer: Customer,
    first: bool,
    now: datetime,
) -> Produced:
    company = prices.company
    totals = prices.totals(schedule, occurrence, first=first)
    if schedule.produces == "order":
        order_id = orders_db.insert_order(
            conn,
            customer=customer.number,
            schedule=schedule.id,
            day=occurrence.date,
            totals=totals,
            now=now,
        )
        production.record_occurrence(
            schedule=schedule.id,
            generation=occurrence.generation,
            index=occurrence.index,
            day=occurrence.date,
            order_id=order_id,
        )
        return Produced(schedule.id, "order", order_id, occurrence.date, None, totals.total, None)
    due = due_date(
        occurrence.date,
        company,
        customer,
        terms=schedule.terms,
        no_credit_days=schedule.no_credit_days,
    )
    number, _ = issue_invoice(
        conn,
        company=company,
        customer=customer,
        totals=totals,
        day=occurrence.date,
        due=due,
        delivery=occurrence.date,
        now=now,
        buyer_ref=schedule.buyer_ref,
        order_ref=schedule.order_ref,
        command=None,  # one event per batch: `_log_batch`
        batch=books,
    )
    production.record_occurrence(
        schedule=schedule.id,
        generation=occurrence.generation,
        index=occurrence.index,
        day=occurrence.date,
        document=number,
    )
    choice = choose_channel(customer, schedule.delivery)
    delivery = production.queue_delivery(
        channel=choice.channel, document=number, error=choice.error
    )
    return Produced(
        schedule.id, "invoice", number, occurrence.date, due, totals.total, delivery, choice.error
    )


def run_due(
    conn: sqlite3.Connection,
    *,
    today: date,
    now: datetime,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Produce every due occurrence, oldest first, in batches of BATCH under the write lock.

    `progress(schedules_done, schedules_due)` is called after each committed batch.
    """
    result = RunResult(today)
    try:
        with transaction(conn) if dry_run else nullcontext():
            remaining = schedules_db.due_schedule_ids(conn, today)
            total = len(remaining)
            while remaining:
                with transaction(conn):
                    remaining = _produce_batch(conn, remaining, today=today, now=now, result=result)
                if progress:
                    progress(total - len(remaining), total)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _produce_batch(
    conn: sqlite3.Connection,
    schedule_ids: list[int],
    *,
    today: date,
    now: datetime,
    result: RunResult,
) -> list[int]:
    """Produce up to BATCH occurrences; return the schedules still to look at."""
    prices = _PriceList(
        products={p.number: p for p in products_db.list_products(conn)}, company=company_db.load_company(conn)
    )
    books = vouchers_db.Batch(conn, now=now)
    production = schedules_db.Production(conn, now=now)
    budget = BATCH
    # Re-read inside the lock: another run may have produced some of these meanwhile.
    loaded = {s.id: s for s in schedules_db.load_schedules(conn, schedule_ids[:BATCH])}
    schedules = [loaded[i] for i in schedule_ids[:BATCH]]  # oldest next date first
    customers = customers_db.customers_by_number(conn, (s.customer for s in schedules))
    lock = periods.current_lock(conn)
    for position, schedule in enumerate(schedules):
        # One more than the budget tells whether this schedule has more due than fits.
        due = due_occurrences(schedule, today, limit=budget + 1)
        more = len(due) > budget
        due = due[:budget]
        if not due:
            continue
        if lock is not None and is_locked(lock, due[0].date):
            result.held.append(_held(schedule, due[0].date, lock))
            continue
        customer = customers[schedule.customer]  # a schedule's customer cannot be deleted
        for occurrence in due:
            produced = _produce_one(
                conn,
                books,
                production,
                schedule,
                occurrence,
                prices=prices,
                customer=customer,
                first=schedule.produced == 0 and occurrence is due[0],
                now=now,
            )
            result.created.append(produced)
        production.advance(schedule, due[-1].index + 1)
        budget -= len(due)
        if budget == 0:
            _write_batch(conn, books, production, result, now)
            return schedule_ids[position if more else position + 1 :]  # more due: look again
    _write_batch(conn, books, production, result, now)
    return schedule_ids[len(schedules) :]


def _held(schedule: Schedule, day: date, lock: PeriodLock) -> Held:
    """Occurrences are produced in order and keep their dates, so a schedule whose next one is
    locked is held whole (none of its later ones jump the queue) rather than dated otherwise."""
    opens = first_open_date(lock)
    following = first_on_or_after(schedule, opens) if opens else None
    return Held(schedule.id, schedule.produces, day, lock, following.date if following else None)


def _write_batch(
    conn: sqlite3.Connection,
    books: vouchers_db.Batch,
    production: schedules_db.Production,
    result: RunResult,
    now: datetime,
) -> None:
    books.write()
    production.write()
    _log_batch(conn, result, now)


def _log_batch(conn: sqlite3.Connection, result: RunResult, now: datetime) -> None:
    """One event per committed batch (not per invoice): what this command changed."""
    batch = [p for p in result.created if p.logged is False]
    if not batch:
        return
    invoices = [p.number for p in batch if p.kind == "invoice"]
    orders = [p.number for p in batch if p.kind == "order"]
    parts = []
    if invoices:
        parts.append(f"invoices {min(invoices)}–{max(invoices)} ({len(invoices)})")
    if orders:
        parts.append(f"orders {min(orders)}–{max(orders)} ({len(orders)})")
    events_db.log_event(conn, "run-due", f"{result.today}: produced {', '.join(parts)}", now=now)
    for p in batch:
        p.logged = True


def preview(
    conn: sqlite3.Connection, schedule: Schedule, count: int
) -> list[tuple[Occurrence, list[PricedLine], int]]:
    """The next `count` occurrences with their lines, how each price was reached, and totals."""
    company = company_db.load_company(conn)
    products = {p.number: p for p in products_db.list_products(conn)}
    out = []
    for position, occurrence in enumerate(upcoming(schedule, count)):
        priced = occurrence_lines(
            schedule,
            occurrence,
            products=products,
            company=company,
            first=schedule.produced == 0 and position == 0,
        )
        out.append((occurrence, priced, compute_totals([p.line for p in priced]).total))
    return out


def produce_next(conn: sqlite3.Connection, schedule_id: int, *, now: datetime) -> Produced:
    """Produce the schedule's next occurrence in the caller's transaction, whatever today is
    (a preview rehearses it and rolls it back)."""
    schedule = schedules_db.get_schedule(conn, schedule_id)
    following = upcoming(schedule, 1)
    if not following:
        raise RuleViolation(f"schedule {schedule_id} has no occurrence left to produce")
    books = vouchers_db.Batch(conn, now=now)
    production = schedules_db.Production(conn, now=now)
    produced = _produce_one(
        conn,
        books,
        production,
        schedule,
        following[0],
        prices=_PriceList(
            products={p.number: p for p in products_db.list_products(conn)},
            company=company_db.load_company(conn),
        ),
        customer=customers_db.get_customer(conn, schedule.customer),
        first=schedule.produced == 0,
        now=now,
    )
    books.write()
    production.write()
    return produced
