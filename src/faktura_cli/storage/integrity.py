"""What `faktura check` and `restore` read to judge the file itself: its schema, each
document's own voucher beside the document, and the records that break a rule of the books."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

SchemaObject = tuple[str, str, str, str | None]  # type, name, table, SQL


def schema_objects(conn: sqlite3.Connection) -> frozenset[SchemaObject]:
    """Every table, index, trigger and view of the file, with the SQL that made it."""
    return frozenset(
        conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'sqlite_sequence'"
        )
    )


@lru_cache(maxsize=1)
def own_schema() -> frozenset[SchemaObject]:
    """The program's own schema: every migration run on an empty database in memory."""
    from faktura_cli.storage.schema import migrate

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        return schema_objects(conn)
    finally:
        conn.close()


def document_voucher_sums(
    conn: sqlite3.Connection,
) -> Iterator[tuple[int, dict[tuple[str, str | None], int]]]:
    """(document, its own voucher's postings summed by account and VAT code), by number.

    A document's own voucher is the first that names it (later ones, a regress or a
    settlement, name it too)."""
    current: int | None = None
    sums: dict[tuple[str, str | None], int] = {}
    for document, account, code, amount in conn.execute(
        """
        SELECT v.document, p.account, p.vat_code, SUM(p.amount)
        FROM (SELECT document, MIN(number) AS number FROM vouchers
              WHERE document IS NOT NULL GROUP BY document) v
        JOIN postings p ON p.voucher = v.number
        GROUP BY v.document, p.account, p.vat_code
        ORDER BY v.document
        """
    ):
        if document != current:
            if current is not None:
                yield current, sums
            current, sums = document, {}
        sums[(account, code)] = amount
    if current is not None:
        yield current, sums


# `faktura check`'s own questions of the file: each answers with the records that break a rule
# (none when the books are sound). The findings are worded in services/audit.py.


class Unbalanced(NamedTuple):
    voucher: int
    off: int  # debit minus credit, øre


class TooFewPostings(NamedTuple):
    voucher: int
    postings: int


class NumberGap(NamedTuple):
    previous: int  # the last number before the gap (0: the series does not start at 1)
    number: int  # the first number after it


class DateMismatch(NamedTuple):
    voucher: int
    posted: str  # the earliest posting date that differs
    dated: str  # the voucher's date


class AccountSums(NamedTuple):
    total: int  # the account's balance
    items: int  # the part of it that belongs to open items


class VoucherAccount(NamedTuple):
    voucher: int
    account: str


class CustomerMismatch(NamedTuple):
    voucher: int
    item: int
    posted: int | None  # the customer on the posting
    owner: int  # the invoice's customer


class MonthMismatch(NamedTuple):
    account: str
    month: str
    kept: int
    posted: int


class ItemMismatch(NamedTuple):
    item: int
    kept: int
    posted: int
    kept_first: str | None
    kept_last: str | None
    first: str | None
    last: str | None


class TotalsMismatch(NamedTuple):
    number: int
    net: int
    vat: int
    total: int
    lines_net: int | None  # both None: the document has no lines
    lines_vat: int | None


class FactoringSums(NamedTuple):
    balance: int  # what the factoring receivable account stands at
    unpaid_payouts: int  # payouts sold but neither confirmed nor annulled
    unpaid_regress: int  # regress still owed to the partner plus open supplier bills


class Counts(NamedTuple):
    vouchers: int
    documents: int
    postings: int


NUMBERED = ("vouchers", "reminders", "documents")  # the gap-free series


def unbalanced_vouchers(conn: sqlite3.Connection) -> Iterator[Unbalanced]:
    for row in conn.execute(
        "SELECT voucher, SUM(amount) FROM postings GROUP BY voucher HAVING SUM(amount) != 0"
    ):
        yield Unbalanced(*row)


def vouchers_with_too_few_postings(conn: sqlite3.Connection) -> Iterator[TooFewPostings]:
    for row in conn.execute(
        "SELECT v.number, COUNT(p.id) FROM vouchers v LEFT JOIN postings p ON p.voucher = v.number"
        " GROUP BY v.number HAVING COUNT(p.id) < 2"
    ):
        yield TooFewPostings(*row)


def missing_vouchers_of_postings(conn: sqlite3.Connection) -> Iterator[int]:
    """Voucher numbers that postings name but that do not exist."""
    for (voucher,) in conn.execute(
        "SELECT DISTINCT voucher FROM postings WHERE voucher NOT IN (SELECT number FROM vouchers)"
    ):
        yield voucher


def number_gaps(conn: sqlite3.Connection, table: str) -> Iterator[NumberGap]:
    """Where a numbered series (`NUMBERED`) skips a number, counting from 1."""
    if table not in NUMBERED:
        raise ValueError(f"{table} is not a numbered series")
    for row in conn.execute(
        f"SELECT previous, number FROM (SELECT number, LAG(number, 1, 0) OVER (ORDER BY number)"
        f" AS previous FROM {table}) WHERE number != previous + 1"
    ):
        yield NumberGap(*row)


def posting_date_mismatches(conn: sqlite3.Connection) -> Iterator[DateMismatch]:
    for row in conn.execute(
        "SELECT p.voucher, MIN(p.date), v.date FROM postings p JOIN vouchers v"
        " ON v.number = p.voucher WHERE p.date != v.date GROUP BY p.voucher ORDER BY p.voucher"
    ):
        yield DateMismatch(*row)


def open_item_sums(conn: sqlite3.Connection, account: str) -> AccountSums:
    """The account's balance, and the part of it posted against open items."""
    row = conn.execute(
        "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(amount) FILTER"
        " (WHERE open_item IS NOT NULL), 0) FROM postings WHERE account = ?",
        (account,),
    ).fetchone()
    return AccountSums(*row)


def open_items_elsewhere(conn: sqlite3.Connection, account: str) -> Iterator[VoucherAccount]:
    """Vouchers that move an open item on another account than `account`."""
    for row in conn.execute(
        "SELECT voucher, MIN(account) FROM postings WHERE open_item IS NOT NULL AND account != ?"
        " GROUP BY voucher",
        (account,),
    ):
        yield VoucherAccount(*row)


def open_item_customer_mismatches(conn: sqlite3.Connection) -> Iterator[CustomerMismatch]:
    for row in conn.execute(
        "SELECT p.voucher, p.open_item, p.customer, d.customer FROM postings p"
        " JOIN documents d ON d.number = p.open_item WHERE p.customer IS NOT d.customer"
    ):
        yield CustomerMismatch(*row)


def postings_off_chart(conn: sqlite3.Connection) -> Iterator[VoucherAccount]:
    for row in conn.execute(
        "SELECT voucher, account FROM postings WHERE account NOT IN (SELECT number FROM accounts)"
        " GROUP BY voucher, account"
    ):
        yield VoucherAccount(*row)


def postings_without_vat_code(
    conn: sqlite3.Connection, accounts: Sequence[str]
) -> Iterator[VoucherAccount]:
    """Vouchers posting to one of `accounts` without a VAT code (VAT settlements excepted)."""
    for row in conn.execute(
        f"SELECT voucher, MIN(account) FROM postings WHERE vat_code IS NULL AND account IN"
        f" ({','.join('?' * len(accounts))})"
        # A VAT settlement (`vat file`) empties the VAT accounts into 2740: it has no VAT code.
        " AND voucher NOT IN (SELECT voucher FROM vat_filings WHERE voucher IS NOT NULL)"
        " GROUP BY voucher",
        list(accounts),
    ):
        yield VoucherAccount(*row)


def month_balance_mismatches(conn: sqlite3.Connection) -> Iterator[MonthMismatch]:
    """account_months rows that differ from the postings they sum."""
    for row in conn.execute(
        """
        SELECT account, month, SUM(kept), SUM(posted) FROM (
            SELECT account, month, amount AS kept, 0 AS posted FROM account_months
            UNION ALL
            SELECT account, substr(date, 1, 7), 0, amount FROM postings
        ) GROUP BY account, month HAVING SUM(kept) != SUM(posted)
        """
    ):
        yield MonthMismatch(*row)


def open_item_balance_mismatches(conn: sqlite3.Connection) -> Iterator[ItemMismatch]:
    """open_items rows whose balance or dates differ from the postings they sum."""
    for row in conn.execute(
        """
        SELECT item, SUM(kept), SUM(posted), MIN(kept_first), MAX(kept_last), MIN(day), MAX(day)
        FROM (
            SELECT item, balance AS kept, 0 AS posted, first_date AS kept_first,
                   last_date AS kept_last, NULL AS day FROM open_items
            UNION ALL
            SELECT open_item, 0, amount, NULL, NULL, date FROM postings
            WHERE open_item IS NOT NULL
        ) GROUP BY item
        HAVING SUM(kept) != SUM(posted) OR MIN(kept_first) IS NOT MIN(day)
            OR MAX(kept_last) IS NOT MAX(day)
        """
    ):
        yield ItemMismatch(*row)


def document_totals_mismatches(conn: sqlite3.Connection) -> Iterator[TotalsMismatch]:
    """Documents without lines, or whose totals differ from their lines or from net + VAT."""
    for row in conn.execute(
        """
        SELECT d.number, d.net_total, d.vat_total, d.total, SUM(l.net), SUM(l.vat)
        FROM documents d LEFT JOIN document_lines l ON l.document = d.number
        GROUP BY d.number
        HAVING SUM(l.net) IS NULL OR d.net_total != SUM(l.net) OR d.vat_total != SUM(l.vat)
            OR d.total != d.net_total + d.vat_total
        ORDER BY d.number
        """
    ):
        yield TotalsMismatch(*row)


def unposted_documents(conn: sqlite3.Connection) -> Iterator[int]:
    """Documents that no voucher names."""
    for (number,) in conn.execute(
        "SELECT number FROM documents WHERE number NOT IN"
        " (SELECT document FROM vouchers WHERE document IS NOT NULL) ORDER BY number"
    ):
        yield number


def factoring_sums(conn: sqlite3.Connection, receivable: str) -> FactoringSums:
    row = conn.execute(
        """
        SELECT
          (SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account = ?),
          (SELECT COALESCE(SUM(s.payout), 0) FROM factoring_sales s
            WHERE s.invoice NOT IN (SELECT invoice FROM factoring_confirmations)
              AND s.invoice NOT IN (SELECT invoice FROM factoring_credits WHERE kind = 'annulled')),
          (SELECT COALESCE(SUM(regress), 0) FROM factoring_credits)
            - (SELECT COALESCE(SUM(amount), 0) FROM factoring_regress_payments)
            + (SELECT COALESCE(SUM(total), 0) FROM bills)
            - (SELECT COALESCE(SUM(amount), 0) FROM bill_payments)
        """,
        (receivable,),
    ).fetchone()
    return FactoringSums(*row)


def account_balance(conn: sqlite3.Connection, account: str) -> int:
    """The sum of every posting on `account` (debit positive), øre."""
    return int(
        conn.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account = ?", (account,)
        ).fetchone()[0]
    )


def counts(conn: sqlite3.Connection) -> Counts:
    row = conn.execute(
        "SELECT (SELECT COUNT(*) FROM vouchers), (SELECT COUNT(*) FROM documents),"
        " (SELECT COUNT(*) FROM postings)"
    ).fetchone()
    return Counts(*row)
