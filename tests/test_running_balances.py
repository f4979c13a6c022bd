"""Trial balance and customer ledger from running balances: the same as summing every posting."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faktura_cli.clock import OSLO
from faktura_cli.domain.ledger import Posting, make_voucher
from faktura_cli.domain.linespec import line_spec
from faktura_cli.domain.money import to_json
from faktura_cli.services import company as company_service
from faktura_cli.services import customers as customer_service
from faktura_cli.services import invoicing
from faktura_cli.services.ledger import customer_ledger, trial_balance
from faktura_cli.storage import schema, vouchers
from faktura_cli.storage.db import connect, transaction
from faktura_cli.storage.ledger import BalanceRow

from .conftest import Run

FIRST, LAST = date(2024, 11, 1), date(2026, 2, 28)
ACCOUNTS = ("1920", "3000", "3100", "2700", "2400", "7770")
NOW = datetime(2026, 3, 2, 9, tzinfo=OSLO)


def _post_random_vouchers(conn: sqlite3.Connection, count: int, seed: int) -> None:
    """Balanced vouchers on random days (month ends and firsts included) and accounts."""
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    with transaction(conn):
        for k in range(count):
            day = FIRST + timedelta(days=rng.choice([0, span, rng.randrange(span + 1)]))
            debit, credit = rng.sample(ACCOUNTS, 2)
            amount = rng.randrange(1, 10_000_00)
            text = f"Bilag {k}"
            vouchers.insert_voucher(
                conn,
                make_voucher(
                    day, text, [Posting(debit, amount, text), Posting(credit, -amount, text)]
                ),
                now=NOW,
            )


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    conn = connect(tmp_path_factory.mktemp("tb") / "books.db", create=True)
    _post_random_vouchers(conn, 600, seed=11)
    yield conn
    conn.close()


def _by_summing_postings(
    conn: sqlite3.Connection, start: date, end: date
) -> dict[str, tuple[int, int]]:
    """(opening, movement) per account with postings up to `end`, the slow and obvious way.

    SPEC 13: result accounts (3000–8999) open the calendar year at 0; what they held before
    it opens on 2050 (the result of years not closed).
    """
    found: dict[str, list[int]] = {}
    year_start = date(start.year, 1, 1).isoformat()
    for account, day, amount in conn.execute("SELECT account, date, amount FROM postings"):
        if day > end.isoformat():
            continue
        sums = found.setdefault(account, [0, 0])
        if day < year_start and "3000" <= account <= "8999":
            found.setdefault("2050", [0, 0])[0] += amount
        else:
            sums[0 if day < start.isoformat() else 1] += amount
    return {account: (opening, movement) for account, (opening, movement) in found.items()}


def _closing_by_summing_postings(conn: sqlite3.Connection, end: date) -> dict[str, int]:
    """Each account's balance at the end of `end`, non-zero ones: a balance at a date, so the
    result accounts hold only `end`'s year and earlier years' result is on 2050 (SPEC 13)."""
    found: dict[str, int] = {}
    year_start = date(end.year, 1, 1).isoformat()
    for account, day, amount in conn.execute("SELECT account, date, amount FROM postings"):
        if day > end.isoformat():
            continue
        if day < year_start and "3000" <= account <= "8999":
            account = "2050"
        found[account] = found.get(account, 0) + amount
    return {account: amount for account, amount in found.items() if amount}


def _compared(rows: list[BalanceRow], expected: dict[str, tuple[int, int]]) -> dict[str, object]:
    """(opening, movement) per row; a row that is there only for a year end (2050 receiving
    the earlier year's result, SPEC 13) has neither, and the slow way knows no such row."""
    return {
        r.account: (r.opening, r.movement)
        for r in rows
        if r.account in expected or (r.opening, r.movement) != (0, 0)
    }


@settings(max_examples=150, deadline=None)
@given(
    st.dates(FIRST - timedelta(days=40), LAST + timedelta(days=40)),
    st.integers(0, 500),
)
def test_trial_balance_equals_the_sum_of_postings_for_any_period(
    books: sqlite3.Connection, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    rows = trial_balance(books, start=start, end=end)
    expected = _by_summing_postings(books, start, end)
    assert _compared(rows, expected) == expected
    assert {r.account: r.closing for r in rows if r.closing} == _closing_by_summing_postings(
        books, end
    )
    # SPEC 9: a trial balance sums to 0, opening, movement and closing alike.
    assert sum(r.opening for r in rows) == sum(r.movement for r in rows) == 0
    assert sum(r.closing for r in rows) == sum(r.year_end for r in rows) == 0


def test_month_edges_and_a_single_day(books: sqlite3.Connection) -> None:
    for start, end in [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 1, 31), date(2025, 2, 1)),
        (date(2025, 3, 1), date(2025, 3, 1)),
        (date(2025, 3, 31), date(2025, 3, 31)),
        (date(2024, 12, 31), date(2026, 1, 1)),
    ]:
        rows = trial_balance(books, start=start, end=end)
        expected = _by_summing_postings(books, start, end)
        assert _compared(rows, expected) == expected, (start, end)
        closing = {r.account: r.closing for r in rows if r.closing}
        assert closing == _closing_by_summing_postings(books, end), (start, end)


def test_ledger_balance_through_the_cli_for_part_of_a_month(customer: int, run: Run) -> None:
    for day, price in (("2026-02-27", "100"), ("2026-03-01", "200"), ("2026-03-02", "400")):
        run("invoice", "create", "--customer", str(customer), "--line", f"text=A;price={price}",
            "--date", day, "--no-send")  # fmt: skip
    run("invoice", "pay", "1", "--amount", "125", "--date", "2026-03-01")
    rows = run("ledger", "balance", "--from", "2026-03-01", "--to", "2026-03-01", "--json").json()
    receivables = next(r for r in rows if r["account"] == "1500")
    assert receivables == {
        "account": "1500",
        "name": "Kundefordringer",
        "opening": to_json(12500),  # invoice 1, 100 + 25 % VAT
        "movement": to_json(25000 - 12500),  # invoice 2 issued, invoice 1 paid
        "year_end": to_json(0),
        "closing": to_json(25000),
    }


def test_check_finds_running_balances_that_do_not_follow_the_postings(
    customer: int, run: Run, isolated: Path
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    assert run("check").stdout.startswith("ok:")
    conn = sqlite3.connect(isolated)
    conn.execute("UPDATE account_months SET amount = amount + 1 WHERE account = '3000'")
    conn.execute("UPDATE open_items SET balance = 0")
    conn.commit()
    found = {f["check"]: f["message"] for f in run("check", "--json", code=1).json()["findings"]}
    assert found["month_balance_wrong"] == (
        "account 3000 in 2026-03: the month balance says -99.99, its postings sum to -100.00"
    )
    assert found["open_item_balance_wrong"] == (
        "open item 1: kept as 0.00 from 2026-03-02 to 2026-03-02,"
        " its postings sum to 125.00 from 2026-03-02 to 2026-03-02"
    )


def test_books_from_schema_4_get_their_running_balances_when_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = connect(db, create=True)
    _post_random_vouchers(conn, 50, seed=3)
    expected = trial_balance(conn, start=date(2025, 6, 15), end=date(2025, 9, 14))
    # Back to schema 4: as a file written before month balances existed.
    conn.execute("DROP TABLE account_months")
    conn.execute("DROP TABLE open_items")
    conn.execute("DROP TABLE chain")  # schema 8
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    migrated = connect(db)
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert trial_balance(migrated, start=date(2025, 6, 15), end=date(2025, 9, 14)) == expected
    assert migrated.execute("SELECT COUNT(*) FROM account_months").fetchone()[0] > 0


@pytest.fixture(scope="module")
def receivables(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """A year of invoices paid in full, in part, twice, too much, late or not at all."""
    rng = random.Random(7)
    conn = connect(tmp_path_factory.mktemp("cl") / "books.db", create=True)
    company_service.init_company(
        conn,
        company_service.CompanyInput(name="Reskontro AS", orgnr="923456783", legal_form="AS",
         bank_account="86011117947", email="post@reskontro.example"),
        now=NOW,
    )  # fmt: skip
    buyers = [
        customer_service.add_customer(
            conn, customer_service.CustomerInput(name=f"Kunde {k}", postcode="0150", city="Oslo"), now=NOW
        ).number
        for k in range(4)
    ]
    for _ in range(120):
        day = date(2025, 3, 3) + timedelta(days=rng.randrange(360))
        doc = invoicing.create_invoice(
            conn,
            invoicing.InvoiceRequest(
                customer=rng.choice(buyers),
                lines=(line_spec(f"text=Arbeid;price={rng.randrange(100, 5000)}"),),
                date=day,
            ),
            now=NOW,
        ).document
        paid = day
        for share in rng.choice([(), (1,), (2, 2), (3,), (4, 4, 4), (0.8,)]):
            paid = min(paid + timedelta(days=rng.randrange(0, 60)), NOW.date())
            amount = doc.total // share if isinstance(share, int) else int(doc.total * 1.25)
            invoicing.pay_invoice(
                conn,
                doc.number,
                amount=amount,
                day=paid,
                now=NOW,
                overpay=True,  # some pay twice or too much: the ledger shows the credit
            )
    yield conn
    conn.close()


def _open_by_summing_postings(conn: sqlite3.Connection, as_of: date) -> dict[int, int]:
    found: dict[int, int] = {}
    for item, day, amount in conn.execute(
        "SELECT open_item, date, amount FROM postings WHERE open_item IS NOT NULL"
    ):
        if day <= as_of.isoformat():
            found[item] = found.get(item, 0) + amount
    return {item: amount for item, amount in found.items() if amount}


@settings(max_examples=100, deadline=None)
@given(st.dates(date(2025, 2, 1), date(2026, 4, 30)))
def test_customer_ledger_equals_the_sum_of_postings_on_any_day(
    receivables: sqlite3.Connection, as_of: date
) -> None:
    ledger = customer_ledger(receivables, as_of=as_of)
    got = {item.invoice: item.open for c in ledger.customers for item in c.items}
    assert got == _open_by_summing_postings(receivables, as_of)


def test_the_receivables_books_have_every_kind_of_item(receivables: sqlite3.Connection) -> None:
    """The property above is only worth something if the books hold each case."""
    now = customer_ledger(receivables, as_of=NOW.date())
    balances = [i.open for c in now.customers for i in c.items]
    assert any(b > 0 for b in balances) and any(b < 0 for b in balances)  # owed, overpaid
    spans = receivables.execute(
        "SELECT COUNT(*) FROM open_items WHERE balance = 0 AND first_date < last_date"
    ).fetchone()[0]
    assert spans > 20  # paid on a later day: open only between the two
