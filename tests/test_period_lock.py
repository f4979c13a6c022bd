"""SPEC 13, the period lock: nothing dated on or before it can be created; it only moves forward."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date

import pytest

from faktura_cli.domain.period import PeriodLock, PeriodLocked, ensure_forward, ensure_open
from faktura_cli.errors import RuleViolation
from tests.conftest import Run, snapshot

LOCK = PeriodLock(date(2026, 2, 28), "vat file 2026-1", None, 0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "refused"),
    [(date(2026, 1, 15), True), (date(2026, 2, 28), True), (date(2026, 3, 1), False)],
)
def test_the_rule(day: date, refused: bool) -> None:
    if refused:
        with pytest.raises(
            PeriodLocked,
            match=r"locked to 2026-02-28 \(vat file 2026-1\); "
            r"the first open date is 2026-03-01",
        ):
            ensure_open(LOCK, day, "the invoice date")
    else:
        ensure_open(LOCK, day, "the invoice date")
    ensure_open(None, day)


def test_a_lock_only_moves_forward() -> None:
    ensure_forward(LOCK, date(2026, 2, 28))
    ensure_forward(LOCK, date(2026, 4, 30))
    with pytest.raises(RuleViolation, match="only moves forward"):
        ensure_forward(LOCK, date(2026, 1, 31))


def test_lock_refuses_everything_dated_inside_it(customer: int, run: Run, isolated) -> None:  # type: ignore[no-untyped-def]
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--date",
        "2026-01-15",
        "--line",
        "text=Rådgivning;price=1000",
        "--no-send",
    )
    assert run("lock", "show", "--json").json()["locked_to"] is None
    shown = run("lock", "--to", "2026-02-28", "--json").json()
    assert shown == {**shown, "locked_to": "2026-02-28", "first_open_date": "2026-03-01"}
    before = snapshot(isolated)
    for args in (
        [
            "invoice",
            "create",
            "--customer",
            str(customer),
            "--date",
            "2026-02-28",
            "--line",
            "text=x;price=10",
            "--no-send",
        ],
        ["invoice", "pay", "1", "--amount", "1250", "--date", "2026-02-01"],
        ["invoice", "credit", "1", "--reason", "Feil", "--date", "2026-02-10"],
        [
            "recurring",
            "create",
            "--customer",
            str(customer),
            "--next-date",
            "2026-02-01",
            "--line",
            "text=x;price=10",
        ],
    ):
        out = run(*args, ok=False)
        assert out.exit_code == 1
        assert "locked to 2026-02-28 (lock --to); the first open date is 2026-03-01" in out.stderr
    assert snapshot(isolated) == before
    # On the first open date everything works again.
    run("invoice", "pay", "1", "--amount", "1250", "--date", "2026-03-01")
    out = run("lock", "--to", "2026-01-31", ok=False)
    assert "only moves forward" in out.stderr
    assert run("check").exit_code == 0


def test_check_finds_a_voucher_written_into_a_locked_period(
    customer: int, run: Run, db: Callable[[], sqlite3.Connection]
) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--date",
        "2026-01-15",
        "--line",
        "text=x;price=1000",
        "--no-send",
    )
    run("lock", "--to", "2026-01-31")
    conn = db()
    # Another tool, behind the program's back: drop the guard and post into January.
    conn.execute("DROP TRIGGER vouchers_not_in_locked_period")
    conn.execute("DROP TRIGGER vouchers_no_update")
    conn.execute("UPDATE vouchers SET date = '2026-01-20' WHERE number = 1")
    conn.execute(
        "INSERT INTO vouchers (number, date, text, created_at) VALUES (2, '2026-01-20', 'x', 'now')"
    )
    conn.commit()
    report = run("check", "--json", ok=False).json()
    codes = {f["check"] for f in report["findings"]}
    assert "locked_period_written" in codes
    assert "trigger_missing" in codes
    found = [f for f in report["findings"] if f["check"] == "locked_period_written"]
    assert [f["voucher"] for f in found] == [2]  # voucher 1 was there when the lock was set


def test_the_books_cannot_be_locked_into_today_or_the_future(company: Run) -> None:
    refused = company("lock", "--to", "2026-03-02", code=1)  # the tests' today
    assert "locked up to yesterday at most (2026-03-01)" in refused.stderr
    assert company("lock", "show", "--json").json()["locked_to"] is None
