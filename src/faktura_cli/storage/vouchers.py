"""Vouchers and postings: the one writer (`Batch`) of documents and vouchers, the hash chain, the
running balances, and reading vouchers back. Nothing here commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime

from faktura_cli.domain.ledger import (
    GENESIS,
    RECEIVABLES,
    PostedVoucher,
    Posting,
    Voucher,
    voucher_hash,
)
from faktura_cli.domain.period import PeriodLock, ensure_open
from faktura_cli.domain.vat import OUTPUT_VAT_ACCOUNTS
from faktura_cli.storage.documents import (
    _INSERT_DOCUMENT,
    _INSERT_LINE,
    _document_row,
    next_document_number,
)
from faktura_cli.storage.periods import current_lock

_INSERT_VOUCHER = "INSERT INTO vouchers (number, date, text, document, created_at, hash) VALUES (?, ?, ?, ?, ?, ?)"


# voucher, date, account, amount, text, customer, open item, VAT code: as _INSERT_POSTING takes it
PostingRow = tuple[int, str, str, int, str, int | None, int | None, str | None]
_INSERT_POSTING = (
    "INSERT INTO postings (voucher, date, account, amount, text, customer, open_item, vat_code)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def insert_voucher(conn: sqlite3.Connection, voucher: Voucher, *, now: datetime) -> int:
    """Post a (balanced) voucher under the next number of the gap-free voucher series."""
    batch = Batch(conn, now=now)
    number = batch.post(voucher)
    batch.write()
    return number


class Batch:
    """Documents and vouchers of one write transaction, numbered in memory, written together.

    run-due issues hundreds of invoices per transaction; one `executemany` per table instead of
    a statement per row. The series continue from the books when first used, which is safe
    because the caller holds the write lock (BEGIN IMMEDIATE) from then until it commits.
    Nothing else may insert documents or vouchers between the first number and `write()`.
    """

    def __init__(self, conn: sqlite3.Connection, *, now: datetime) -> None:
        self.conn = conn
        self.stamp = now.isoformat()
        self._next_document: int | None = None
        self._last_voucher: tuple[int, str] | None = None  # number and hash of the chain's end
        self._lock: PeriodLock | None = None
        self._documents: list[tuple[object, ...]] = []
        self._lines: list[tuple[object, ...]] = []
        self._vouchers: list[tuple[object, ...]] = []
        self._postings: list[PostingRow] = []

    def document_number(self) -> int:
        """The next number of the invoice and credit note series."""
        if self._next_document is None:
            self._next_document = next_document_number(self.conn)
        number = self._next_document
        self._next_document += 1
        return number

    def add_document(self, voucher: Voucher, **document: object) -> int:
        """A numbered document (fields as `_document_row` takes them) and the voucher that
        posts it; the document's NOK totals are read off the voucher. Returns its number."""
        row, lines = _document_row(
            now=self.stamp,
            vat_total_nok=-sum(
                p.amount for p in voucher.postings if p.account in OUTPUT_VAT_ACCOUNTS
            ),
            total_nok=sum(p.amount for p in voucher.postings if p.account == RECEIVABLES),
            **document,  # type: ignore[arg-type]  # the fields _document_row names, from the caller
        )
        self._documents.append(row)
        self._lines.extend(lines)
        return self.post(voucher)

    def post(self, voucher: Voucher) -> int:
        """Number a (balanced) voucher and chain its hash to the one before.

        Every voucher passes here, so this is where the period lock holds for all of them.
        """
        if self._last_voucher is None:
            self._lock = current_lock(self.conn)
            last = self.conn.execute(
                "SELECT number, hash FROM vouchers ORDER BY number DESC LIMIT 1"
            ).fetchone()
            self._last_voucher = (last[0], last[1]) if last else (0, GENESIS)
        ensure_open(self._lock, voucher.date, f"{voucher.text}: the date")
        number, previous = self._last_voucher[0] + 1, self._last_voucher[1]
        day = voucher.date.isoformat()
        postings = [
            (p.account, p.amount, p.text, p.customer, p.open_item, p.vat_code)
            for p in voucher.postings
        ]
        chained = voucher_hash(previous, number, day, voucher.text, voucher.document, postings)
        self._vouchers.append((number, day, voucher.text, voucher.document, self.stamp, chained))
        self._postings.extend((number, day, *p) for p in postings)
        self._last_voucher = (number, chained)
        return number

    def write(self) -> None:
        """Insert everything added so far (parents before children), and start afresh.

        The running balances (account_months, open_items) move with the postings, in the same
        transaction; `faktura check` recomputes them from the postings.
        """
        tables = (
            (_INSERT_DOCUMENT, self._documents),
            (_INSERT_LINE, self._lines),
            (_INSERT_VOUCHER, self._vouchers),
            (_INSERT_POSTING, self._postings),
        )
        for sql, rows in tables:
            if rows:
                self.conn.executemany(sql, rows)
        if self._postings:
            _add_to_running_balances(self.conn, self._postings)
        for _, rows in tables:
            rows.clear()


def _add_to_running_balances(conn: sqlite3.Connection, postings: list[PostingRow]) -> None:
    """Add posting rows (as _INSERT_POSTING takes them) to the month and open-item balances."""
    months: dict[tuple[str, str], int] = {}
    items: dict[int, tuple[str, str, int]] = {}  # first and last date, balance
    for _voucher, day, account, amount, _text, _customer, item, _vat in postings:
        key = (account, day[:7])
        months[key] = months.get(key, 0) + amount
        if item is not None:
            known = items.get(item)
            if known is None:
                items[item] = (day, day, amount)
            else:
                items[item] = (min(known[0], day), max(known[1], day), known[2] + amount)
    conn.executemany(
        "INSERT INTO account_months (account, month, amount) VALUES (?, ?, ?)"
        " ON CONFLICT (account, month) DO UPDATE SET amount = amount + excluded.amount",
        [(account, month, amount) for (account, month), amount in months.items()],
    )
    conn.executemany(
        "INSERT INTO open_items (item, first_date, last_date, balance) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (item) DO UPDATE SET first_date = min(first_date, excluded.first_date),"
        " last_date = max(last_date, excluded.last_date), balance = balance + excluded.balance",
        [(item, first, last, balance) for item, (first, last, balance) in items.items()],
    )


def iter_posted_vouchers(
    conn: sqlite3.Connection, *, start: date | None = None, end: date | None = None
) -> Iterator[PostedVoucher]:
    """Vouchers dated start..end (inclusive) with their postings, in number order, streamed.

    Two cursors walk vouchers and postings side by side in voucher order: two queries in all,
    and the caller decides how much to hold.
    """
    where, params = _date_range("date", start, end)
    vouchers = conn.execute(
        f"SELECT number, date, text, document, created_at FROM vouchers {where} ORDER BY number",
        params,
    )
    postings = conn.execute(
        "SELECT voucher, account, amount, text, customer, open_item, vat_code FROM postings "
        f"{where} ORDER BY voucher, id",
        params,
    )
    pending = next(postings, None)
    for number, day, text, document, created_at in vouchers:
        lines = []
        while pending is not None and pending[0] < number:
            pending = next(postings, None)  # a posting whose voucher is out of range: skip
        while pending is not None and pending[0] == number:
            lines.append(Posting(*pending[1:]))
            pending = next(postings, None)
        yield PostedVoucher(
            number=number,
            date=date.fromisoformat(day),
            text=text,
            document=document,
            entered_at=datetime.fromisoformat(created_at),
            postings=tuple(lines),
        )


def _date_range(column: str, start: date | None, end: date | None) -> tuple[str, list[str]]:
    conditions, params = [], []
    if start is not None:
        conditions.append(f"{column} >= ?")
        params.append(start.isoformat())
    if end is not None:
        conditions.append(f"{column} <= ?")
        params.append(end.isoformat())
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params
