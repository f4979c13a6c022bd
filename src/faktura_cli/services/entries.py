"""Use cases of SPEC 15: manual vouchers, reversals, opening balances and supplier invoices.

Each takes typed values (parsed by the CLI with the domain's parsers, re-exported here), owns one
transaction and returns a frozen record.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from faktura_cli.domain.chart import Account
from faktura_cli.domain.dates import check_span, parse_date
from faktura_cli.domain.entries import (
    OPENING_KEYS,
    Bill,
    EntryLine,
    Supplier,
    bill_payment_voucher,
    bill_voucher,
    manual_voucher,
    opening_voucher,
    parse_entry_line,
    reversal,
)
from faktura_cli.domain.identifiers import orgnr as parse_orgnr
from faktura_cli.domain.ledger import BANK, PostedVoucher, Voucher
from faktura_cli.domain.listing import BillListStatus
from faktura_cli.domain.money import parse_amount
from faktura_cli.domain.period import ensure_open
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.storage import accounts as accounts_db
from faktura_cli.storage import company as company_db
from faktura_cli.storage import entries as store
from faktura_cli.storage import events as events_db
from faktura_cli.storage import periods
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction
from faktura_cli.storage.entries import Attachment, VoucherSummary

MAX_ATTACHMENT = 25 * 1024 * 1024  # bytes; a scanned receipt or a PDF invoice is far smaller


@dataclass(frozen=True)
class File:
    """A document to keep with a voucher (bilag): its file name and content."""

    name: str
    content: bytes


@dataclass(frozen=True)
class VoucherDetail:
    voucher: PostedVoucher
    kind: str
    names: dict[str, str]  # account -> name, for the accounts posted to
    attachments: tuple[Attachment, ...]
    reverses: int | None
    reversed_by: int | None


@dataclass(frozen=True)
class PostedBill:
    bill: Bill
    detail: VoucherDetail


def file_from(path: str, content: bytes) -> File:
    """An attachment as read from `path` by the CLI: the name kept is the file's own."""
    # The name ends up in listings, the bundle and terminals: printable characters only.
    name = " ".join("".join(c for c in PurePath(path).name if c.isprintable()).split())
    if not name:
        raise InvalidInput(f"attachment {path!r} has no file name")
    if len(content) > MAX_ATTACHMENT:
        raise InvalidInput(f"attachment {name!r} is larger than 25 MB")
    if not content:
        raise InvalidInput(f"attachment {name!r} is empty")
    return File(name, content)


def _chart(conn: sqlite3.Connection) -> dict[str, Account]:
    return {a.number: a for a in accounts_db.chart_of_accounts(conn)}


def _post(
    conn: sqlite3.Connection,
    voucher: Voucher,
    kind: str,
    files: list[File],
    *,
    now: datetime,
    reverses: int | None = None,
) -> int:
    number = vouchers_db.insert_voucher(conn, voucher, now=now)
    store.record_entry(conn, number, kind, reverses=reverses)
    for f in files:
        store.attach(conn, number, f.name, f.content, now=now)
    return number


def _detail(conn: sqlite3.Connection, number: int) -> VoucherDetail:
    voucher = store.get_voucher(conn, number)
    chart = _chart(conn)
    kind = store.voucher_kind(conn, number)
    return VoucherDetail(
        voucher,
        kind,
        {p.account: chart[p.account].name for p in voucher.postings if p.account in chart},
        tuple(store.attachments_of(conn, number)),
        store.reverses(conn, number),
        store.reversed_by(conn, number),
    )


def add_voucher(
    conn: sqlite3.Connection,
    *,
    day: date,
    text: str,
    lines: list[EntryLine],
    files: list[File],
    now: datetime,
) -> VoucherDetail:
    """A manual voucher (bilag) with input VAT; it must balance after VAT."""
    with transaction(conn):
        ensure_open(periods.current_lock(conn), day, "the voucher date")
        company = company_db.load_company(conn)
        voucher = manual_voucher(
            day, text, lines, _chart(conn), vat_registered=company.vat_registered
        )
        number = _post(conn, voucher, "manual", files, now=now)
        events_db.log_event(conn, "voucher add", f"voucher {number} {voucher.text}", now=now)
        return _detail(conn, number)


def show_voucher(conn: sqlite3.Connection, number: int) -> VoucherDetail:
    return _detail(conn, number)


def list_vouchers(
    conn: sqlite3.Connection, *, start: date | None = None, end: date | None = None
) -> list[VoucherSummary]:
    return store.list_vouchers(conn, start=start, end=end)


def reverse_voucher(
    conn: sqlite3.Connection, number: int, *, day: date | None, now: datetime
) -> VoucherDetail:
    """`voucher reverse N`: a new voucher with opposite signs, dated D (default: N's date)."""
    with transaction(conn):
        original = store.get_voucher(conn, number)
        kind = store.voucher_kind(conn, number)
        if kind != "manual":
            raise RuleViolation(
                f"voucher {number} is {'an' if kind[0] in 'aeio' else 'a'} {kind.replace('_', ' ')}"
                " voucher: only manual vouchers are reversed",
                hint="invoices are corrected by credit notes (`faktura invoice credit`)",
            )
        done = store.reversed_by(conn, number)
        if done is not None:
            raise RuleViolation(f"voucher {number} is reversed already, by voucher {done}")
        when = day or original.date
        if when < original.date:
            raise InvalidInput(f"the reversal date {when} is before the voucher's date")
        ensure_open(periods.current_lock(conn), when, "the reversal date")
        voucher = reversal(
            Voucher(original.date, original.text, original.postings, original.document),
            when,
            number,
        )
        new = _post(conn, voucher, "reversal", [], now=now, reverses=number)
        events_db.log_event(conn, "voucher reverse", f"voucher {new} reverses {number}", now=now)
        return _detail(conn, new)


def post_opening(
    conn: sqlite3.Connection, *, day: date, lines: list[EntryLine], now: datetime
) -> VoucherDetail:
    """Opening balances, once: the lines as given, the difference to 2050."""
    with transaction(conn):
        existing = store.opening_voucher_number(conn)
        if existing is not None:
            raise RuleViolation(
                f"the opening balance is posted already (voucher {existing})",
                hint="correct it with a manual voucher",
            )
        ensure_open(periods.current_lock(conn), day, "the opening date")
        first = store.first_voucher_date(conn)
        if first is not None and first < day:
            raise RuleViolation(
                f"the books have vouchers from {first}: the opening balance must be dated on or"
                " before the first of them"
            )
        voucher = opening_voucher(day, lines, _chart(conn))
        number = _post(conn, voucher, "opening", [], now=now)
        events_db.log_event(conn, "opening", f"voucher {number} on {day}", now=now)
        return _detail(conn, number)


# ---------------------------------------------------------------- bills


def _supplier(conn: sqlite3.Connection, name: str, orgnr: str | None, *, now: datetime) -> Supplier:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("the supplier's name cannot be empty")
    found = store.find_supplier(conn, clean, orgnr)
    return found or store.add_supplier(conn, clean, orgnr, now=now)


def add_bill(
    conn: sqlite3.Connection,
    *,
    supplier: str,
    orgnr: str | None,
    day: date,
    due: date,
    lines: list[EntryLine],
    kid: str | None,
    text: str | None,
    files: list[File],
    now: datetime,
) -> PostedBill:
    """A supplier invoice: expenses and input VAT against 2400, the bill as the open item."""
    if kid is not None and not (kid.isdigit() and 2 <= len(kid) <= 25):
        raise InvalidInput(f"KID {kid!r} is not 2 to 25 digits")
    with transaction(conn):
        ensure_open(periods.current_lock(conn), day, "the bill's date")
        company = company_db.load_company(conn)
        who = _supplier(conn, supplier, orgnr, now=now)
        voucher, total = bill_voucher(
            who,
            day,
            due,
            lines,
            _chart(conn),
            text=text,
            vat_registered=company.vat_registered,
        )
        number = store.next_bill_number(conn)
        voucher_number = _post(conn, voucher, "bill", files, now=now)
        store.insert_bill(conn, number, who, day, due, kid, total, voucher_number, now=now)
        events_db.log_event(conn, "bill add", f"bill {number} {who.name}: {total} øre", now=now)
        return PostedBill(store.get_bill(conn, number), _detail(conn, voucher_number))


def list_bills(
    conn: sqlite3.Connection,
    *,
    today: date,
    status: BillListStatus | None = None,
    since: date | None = None,
    until: date | None = None,
    supplier: int | None = None,
) -> list[Bill]:
    """`bill list`: bills in number order, under one status (`BILL_LIST_STATUSES`), dated from
    `since` to `until`, of one supplier, when given."""
    check_span(since, until)
    return store.list_bills(
        conn,
        status=status,
        today=today,
        since=since,
        until=until,
        supplier=supplier,
    )


def show_bill(conn: sqlite3.Connection, number: int) -> PostedBill:
    bill = store.get_bill(conn, number)
    return PostedBill(bill, _detail(conn, bill.voucher))


def pay_bill(
    conn: sqlite3.Connection, number: int, *, day: date, amount: int | None, now: datetime
) -> Bill:
    """Pay a bill from the bank: 2400 / 1920 (default: what is open)."""
    with transaction(conn):
        ensure_open(periods.current_lock(conn), day, "the payment date")
        bill = store.get_bill(conn, number)
        paid = amount if amount is not None else bill.open
        voucher = bill_payment_voucher(bill, day, paid, bank=BANK)
        voucher_number = _post(conn, voucher, "bill_payment", [], now=now)
        store.insert_bill_payment(conn, number, day, paid, voucher_number)
        events_db.log_event(conn, "bill pay", f"bill {number}: {paid} øre on {day}", now=now)
        return store.get_bill(conn, number)


__all__ = [
    "OPENING_KEYS",
    "EntryLine",
    "File",
    "PostedBill",
    "VoucherDetail",
    "add_bill",
    "add_voucher",
    "file_from",
    "list_bills",
    "list_vouchers",
    "parse_amount",
    "parse_date",
    "parse_entry_line",
    "parse_orgnr",
    "pay_bill",
    "post_opening",
    "reverse_voucher",
    "show_bill",
    "show_voucher",
]
