"""Exports for the accountant and the tax office: SAF-T Financial and plain-text journals.

Each export reads one snapshot of the books (storage.db.snapshot), so the balances and the
transactions in a file always agree, even while another process posts.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from faktura_cli import __version__
from faktura_cli.domain.ledger import RECEIVABLES
from faktura_cli.domain.reports import year_period
from faktura_cli.errors import InvalidInput
from faktura_cli.render import journal, saft
from faktura_cli.services.ledger import trial_balance
from faktura_cli.storage import chain, entries
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import snapshot
from faktura_cli.storage.files import write_file


@dataclass(frozen=True)
class ExportSummary:
    file: Path | None  # None: the text is in `text`, for stdout
    vouchers: int
    total_debit: int
    total_credit: int
    text: str | None = None
    anchor: str | None = None  # SAF-T: the hash chain's N:HASH it was made from


def saft_file(conn: sqlite3.Connection, year: str, *, now: datetime) -> saft.SaftFile:
    """The year's SAF-T content: master data with opening/closing balances, and every voucher."""
    period = year_period(year)
    with snapshot(conn):
        company = repo.load_company(conn)
        balances = {r.account: r for r in trial_balance(conn, start=period.start, end=period.end)}
        accounts = tuple(
            saft.AccountBalance(
                number,
                name,
                category,
                code,
                balances[number].opening if number in balances else 0,
                balances[number].closing if number in balances else 0,
            )
            for number, name, category, code in repo.list_accounts(conn)
        )
        receivable = {
            customer: (opening, closing)
            for customer, opening, closing in conn.execute(
                """
                SELECT customer, SUM(CASE WHEN date < :start THEN amount ELSE 0 END), SUM(amount)
                FROM postings WHERE account = :account AND customer IS NOT NULL AND date <= :end
                GROUP BY customer
                """,
                {
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "account": RECEIVABLES,
                },
            )
        }
        customers = tuple(
            saft.CustomerBalance(c, *receivable.get(c.number, (0, 0)))
            for c in repo.list_customers(conn)
        )
        vouchers = tuple(repo.iter_posted_vouchers(conn, start=period.start, end=period.end))
        kinds = dict(conn.execute("SELECT number, kind FROM documents").fetchall())
        anchor = chain.head(conn)
        suppliers, supplier_of = _suppliers(conn, period.start, period.end)
    return saft.SaftFile(
        company=company,
        year=int(period.label),
        created=now.date(),
        software_version=__version__,
        accounts=accounts,
        customers=customers,
        vouchers=vouchers,
        document_kinds=kinds,
        anchor=str(anchor),
        suppliers=suppliers,
        supplier_of=supplier_of,
    )


def _suppliers(
    conn: sqlite3.Connection, start: date, end: date
) -> tuple[tuple[saft.SupplierBalance, ...], dict[int, str]]:
    """Suppliers (bills' and the factoring partner for regress) with their 2400 balances."""
    names: dict[str, tuple[str, str | None]] = {
        str(s.number): (s.name, s.orgnr) for s in entries.list_suppliers(conn)
    }
    supplier_of = {v: str(s) for v, s in entries.supplier_by_voucher(conn).items()}
    for voucher, partner, orgnr in entries.factoring_partner_vouchers(conn):
        supplier_of[voucher] = orgnr
        names.setdefault(orgnr, (partner, orgnr))
    balances: dict[str, list[int]] = {key: [0, 0] for key in names}
    for voucher, day, amount in entries.payables_postings(conn, end=end):
        who = supplier_of.get(voucher)
        if who is not None:
            balances[who][1] += amount
            if day < start.isoformat():
                balances[who][0] += amount
    return (
        tuple(
            saft.SupplierBalance(key, name, orgnr, *balances[key])
            for key, (name, orgnr) in names.items()
        ),
        supplier_of,
    )


def default_saft_name(orgnr: str, now: datetime) -> str:
    """Skatteetaten's naming pattern: SAF-T Financial_<orgnr>_<timestamp>.xml (no spaces here)."""
    return f"SAF-T_Financial_{orgnr}_{now:%Y%m%d%H%M%S}.xml"


def export_saft(
    conn: sqlite3.Connection, year: str, path: Path | None, *, now: datetime
) -> ExportSummary:
    content = saft_file(conn, year, now=now)
    target = path or Path(default_saft_name(content.company.orgnr, now))
    write_file(target, saft.render(content))
    return ExportSummary(
        target,
        len(content.vouchers),
        content.total_debit,
        content.total_credit,
        anchor=content.anchor,
    )


def journal_books(conn: sqlite3.Connection) -> journal.JournalBooks:
    with snapshot(conn):
        company = repo.load_company(conn)
        accounts = {number: name for number, name, _, _ in repo.list_accounts(conn)}
        vouchers = tuple(repo.iter_posted_vouchers(conn))
    return journal.JournalBooks(company.name, accounts, vouchers)


def export_journal(conn: sqlite3.Connection, fmt: str, path: Path | None) -> ExportSummary:
    """The whole books as an hledger or beancount journal, to `path` or (None) as text."""
    if fmt not in journal.FORMATS:
        raise InvalidInput(
            f"journal format {fmt!r} is not known", hint=f"use {' or '.join(journal.FORMATS)}"
        )
    books = journal_books(conn)
    text = journal.render(books, fmt)
    debit = sum(p.amount for v in books.vouchers for p in v.postings if p.amount > 0)
    credit = -sum(p.amount for v in books.vouchers for p in v.postings if p.amount < 0)
    if path is not None:
        write_file(path, text.encode())
    return ExportSummary(
        path, len(books.vouchers), debit, credit, text=None if path is not None else text
    )

