"""The trial balance from month balances: the same figures as summing every posting."""

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
from faktura_cli.domain.money import to_json
from faktura_cli.services.ledger import trial_balance
from faktura_cli.storage import repository, schema
from faktura_cli.storage.db import connect, transaction

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
            repository.insert_voucher(
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
    """(opening, movement) per account with postings up to `end`, the slow and obvious way."""
    found: dict[str, list[int]] = {}
    for account, day, amount in conn.execute("SELECT account, date, amount FROM postings"):
        if day > end.isoformat():
            continue
        sums = found.setdefault(account, [0, 0])
        sums[0 if day < start.isoformat() else 1] += amount
    return {account: (opening, movement) for account, (opening, movement) in found.items()}


@settings(max_examples=150, deadline=None)
@given(
    st.dates(FIRST - timedelta(days=40), LAST + timedelta(days=40)),
    st.integers(0, 500),
)
def test_trial_balance_equals_the_sum_of_postings_for_any_period(
    books: sqlite3.Connection, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    got = {r.account: (r.opening, r.movement) for r in trial_balance(books, start=start, end=end)}
    assert got == _by_summing_postings(books, start, end)


def test_month_edges_and_a_single_day(books: sqlite3.Connection) -> None:
    for start, end in [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 1, 31), date(2025, 2, 1)),
        (date(2025, 3, 1), date(2025, 3, 1)),
        (date(2025, 3, 31), date(2025, 3, 31)),
        (date(2024, 12, 31), date(2026, 1, 1)),
    ]:
        got = {
            r.account: (r.opening, r.movement) for r in trial_balance(books, start=start, end=end)
        }
        assert got == _by_summing_postings(books, start, end), (start, end)


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
        "closing": to_json(25000),
    }


def test_check_finds_month_balances_that_do_not_follow_the_postings(
    customer: int, run: Run, isolated: Path
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    assert run("check").stdout.startswith("ok:")
    conn = sqlite3.connect(isolated)
    conn.execute("UPDATE account_months SET amount = amount + 1 WHERE account = '3000'")
    conn.execute("DROP TRIGGER postings_month_balance")
    conn.commit()
    found = {f["check"]: f["message"] for f in run("check", "--json", code=1).json()["findings"]}
    assert found["month_balance_wrong"] == (
        "account 3000 in 2026-03: the month balance says -99.99, its postings sum to -100.00"
    )
    assert "postings_month_balance is missing" in found["trigger_missing"]


def test_books_from_schema_4_get_their_month_balances_when_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = connect(db, create=True)
    _post_random_vouchers(conn, 50, seed=3)
    expected = trial_balance(conn, start=date(2025, 6, 15), end=date(2025, 9, 14))
    # Back to schema 4: as a file written before month balances existed.
    conn.execute("DROP TRIGGER postings_month_balance")
    conn.execute("DROP TABLE account_months")
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    migrated = connect(db)
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert trial_balance(migrated, start=date(2025, 6, 15), end=date(2025, 9, 14)) == expected
    assert migrated.execute("SELECT COUNT(*) FROM account_months").fetchone()[0] > 0
