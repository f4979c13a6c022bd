"""`faktura year close|reopen` and `faktura vat file|pay`: closing years and settling VAT."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from faktura_cli.domain.dates import parse_date
from faktura_cli.domain.ledger import ANNUAL_RESULT
from faktura_cli.domain.period import PeriodLock
from faktura_cli.domain.reports import Period, vat_term
from faktura_cli.domain.vat import ensure_files_vat
from faktura_cli.domain.vat_terms import term_end, term_of
from faktura_cli.domain.year_end import (
    SETTLED_VAT_ACCOUNTS,
    closing_voucher,
    ensure_term_over,
    ensure_year_over,
    reversal,
    vat_payment_voucher,
    vat_settlement_voucher,
    year_end,
    year_result,
)
from faktura_cli.errors import RuleViolation
from faktura_cli.services.periods import move_lock
from faktura_cli.storage import balances
from faktura_cli.storage import company as company_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import periods as store
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import snapshot, transaction


@dataclass(frozen=True)
class YearClosing:
    """A year closed or reopened: its result (negative: a profit), the voucher, the lock."""

    year: int
    action: str  # "close" | "reopen"
    result: int
    voucher: int | None
    lock: PeriodLock | None


def close_year(conn: sqlite3.Connection, year: int, *, now: datetime) -> YearClosing:
    """Post the year's result from 8800 to 2050 on 31 December and lock the year."""
    ensure_year_over(year, now.date())
    with transaction(conn):
        closings = store.year_closings(conn)
        if closings.get(year, ("reopen", None))[0] == "close":
            raise RuleViolation(f"the year {year} is already closed")
        later = sorted(y for y, (a, _) in closings.items() if y > year and a == "close")
        if later:
            raise RuleViolation(
                f"the year {later[-1]} is already closed: {year} cannot be closed after it",
                hint=f"`faktura year reopen {later[-1]}` first",
            )
        first = store.first_posting_year(conn)
        for earlier in range(first or year, year):
            if closings.get(earlier, ("reopen", None))[0] != "close":
                raise RuleViolation(
                    f"the year {earlier} is not closed: close the years in order",
                    hint=f"`faktura year close {earlier}` first",
                )
        totals = _year_totals(conn, year)
        result = year_result(totals)
        voucher = closing_voucher(year, result)
        number = vouchers_db.insert_voucher(conn, voucher, now=now) if voucher else None
        lock = move_lock(conn, year_end(year), f"year close {year}", now=now)
        store.record_year_action(conn, year, "close", voucher=number, result=result, now=now)
        events_db.log_event(conn, "year close", f"{year}: result {-result} øre to 2050", now=now)
    return YearClosing(year, "close", result, number, lock)


def reopen_year(conn: sqlite3.Connection, year: int, *, now: datetime) -> YearClosing:
    """Reverse the closing with a new voucher dated 31 December and move the lock back to the
    end of the year before: the one way a lock moves back, logged in the event log."""
    with transaction(conn):
        closings = store.year_closings(conn)
        action, closed_by = closings.get(year, ("reopen", None))
        if action != "close":
            raise RuleViolation(f"the year {year} is not closed")
        later = sorted(y for y, (a, _) in closings.items() if y > year and a == "close")
        if later:
            raise RuleViolation(
                f"the year {later[-1]} is closed too: reopen the years in order",
                hint=f"`faktura year reopen {later[-1]}` first",
            )
        back_to = year_end(year - 1)
        lock = store.record_lock(conn, back_to, f"year reopen {year}", now=now)
        number = None
        result = 0
        if closed_by is not None:
            day = year_end(year)
            posted = next(
                v
                for v in vouchers_db.iter_posted_vouchers(conn, start=day, end=day)
                if v.number == closed_by
            )
            undo = reversal(posted.postings, day, f"Gjenåpnet {year}: årsavslutning reversert")
            number = vouchers_db.insert_voucher(conn, undo, now=now)
            result = -sum(p.amount for p in posted.postings if p.account == ANNUAL_RESULT)
        store.record_year_action(conn, year, "reopen", voucher=number, result=result, now=now)
        events_db.log_event(
            conn,
            "year reopen",
            f"{year}: closing reversed, books locked back to {back_to}",
            now=now,
        )
    return YearClosing(year, "reopen", result, number, lock)


def _year_totals(conn: sqlite3.Connection, year: int) -> dict[str, int]:
    """Each account's postings dated in the year."""
    before = balances.totals_before(conn, date(year, 1, 1))
    to_end = balances.totals_before(conn, date(year + 1, 1, 1))
    return {account: amount - before.get(account, 0) for account, amount in to_end.items()}


# ---------------------------------------------------------------- VAT settlement


@dataclass(frozen=True)
class VatFiling:
    """A VAT term filed: settled to 2740 on its last day and locked; paid or not."""

    term: Period
    to_pay: int  # øre; negative: to get back
    voucher: int | None
    paid_by: int | None
    lock: PeriodLock | None = None


def _term_label(day: date) -> str:
    return f"{day.year}-{term_of(day)}"


def file_vat(conn: sqlite3.Connection, term_text: str, *, now: datetime) -> VatFiling:
    """Settle the term's output and input VAT to 2740 on its last day, and lock the term."""
    term = vat_term(term_text)
    ensure_term_over(term, now.date())
    with transaction(conn):
        ensure_files_vat(company_db.load_company(conn).vat_registered)
        filed = store.vat_filings(conn)
        if term.label in filed:
            raise RuleViolation(f"VAT term {term.label} is already filed")
        unfiled = [
            label
            for label in dict.fromkeys(
                _term_label(date.fromisoformat(month + "-01"))
                for month in store.vat_months_before(conn, SETTLED_VAT_ACCOUNTS, term.start)
            )
            if label not in filed
        ]
        if unfiled:
            raise RuleViolation(
                f"VAT term {unfiled[0]} is not filed: file the terms in order",
                hint=f"`faktura vat file --term {unfiled[0]}` first",
            )
        at_end = balances.totals_before(conn, term.end + timedelta(days=1))
        voucher = vat_settlement_voucher(term, at_end)
        number = vouchers_db.insert_voucher(conn, voucher, now=now) if voucher else None
        to_pay = -sum(at_end.get(a, 0) for a in SETTLED_VAT_ACCOUNTS)
        store.record_vat_filing(conn, term.label, term.end, amount=to_pay, voucher=number, now=now)
        lock = move_lock(conn, term.end, f"vat file {term.label}", now=now)
        events_db.log_event(conn, "vat file", f"{term.label}: {to_pay} øre to 2740", now=now)
    return VatFiling(term, to_pay, number, None, lock)


def pay_vat(conn: sqlite3.Connection, term_text: str, day_text: str, *, now: datetime) -> VatFiling:
    """Pay the filed term's VAT (or receive it back): 2740 / 1920."""
    term = vat_term(term_text)
    day = parse_date(day_text, what="payment date")
    with transaction(conn):
        filed = store.vat_filings(conn)
        if term.label not in filed:
            raise RuleViolation(
                f"VAT term {term.label} is not filed",
                hint=f"`faktura vat file --term {term.label}`",
            )
        to_pay, settled_by, paid_by = filed[term.label]
        if paid_by is not None:
            raise RuleViolation(f"VAT term {term.label} is already paid (voucher {paid_by})")
        if to_pay == 0:
            raise RuleViolation(f"VAT term {term.label} has nothing to pay")
        number = vouchers_db.insert_voucher(conn, vat_payment_voucher(term, to_pay, day), now=now)
        store.record_vat_payment(conn, term.label, day, amount=to_pay, voucher=number, now=now)
        events_db.log_event(conn, "vat pay", f"{term.label}: {to_pay} øre on {day}", now=now)
    return VatFiling(term, to_pay, settled_by, number)


def vat_filing_status(conn: sqlite3.Connection) -> dict[str, tuple[int, int | None, int | None]]:
    with snapshot(conn):
        return store.vat_filings(conn)


def default_vat_term(conn: sqlite3.Connection, today: date) -> Period:
    """The term `report vat` shows by default: the one after the last filed term, else the
    last term that has ended (the one to file next)."""
    filed = vat_filing_status(conn)
    if filed:
        last = max(vat_term(label).end for label in filed)
        return vat_term(_term_label(last + timedelta(days=1)))
    previous = term_end(today).replace(day=1)
    ended = date(previous.year, previous.month - 1, 1) - timedelta(days=1)
    return vat_term(_term_label(ended))
