"""Reminders (inkassoloven § 9), late-payment interest and the rates behind it (SPEC 14)."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from faktura_cli.domain.reminders import (
    LATE_PAYMENT_RATES,
    OpenInvoice,
    interest,
    legal_maximum_fee,
    principal_and_charges,
    principal_balances,
    reminder_fee,
    reminder_terms,
)

from .bankfiles import Tx, camt054
from .conftest import Run, snapshot

RATES = list(LATE_PAYMENT_RATES)


# ---------------------------------------------------------------- the rules, by worked example


@pytest.mark.parametrize(
    ("base", "start", "end", "expected"),
    [
        # 10 000.00 overdue 16 Jan - 1 Feb 2026 (17 days) at 12.00 %: 10 000 x 0.12 x 17/365.
        (1_000_000, date(2026, 1, 16), date(2026, 2, 1), 5589),
        # Across 1 July 2025: 10 days at 12.50 %, 10 days at 12.25 % = 10 000 x 2.475/365.
        (1_000_000, date(2025, 6, 21), date(2025, 7, 10), 6781),
        # One day of 100.00 at 12.00 % is 0.0329 øre... rounded once, not per day: 0.03.
        (10_000, date(2026, 3, 1), date(2026, 3, 1), 3),
        (1_000_000, date(2026, 2, 2), date(2026, 2, 1), 0),  # nothing after the last reminder
    ],
)
def test_interest_actual_365_rounded_once(base: int, start: date, end: date, expected: int) -> None:
    amount, _ = interest([(date(2020, 1, 1), base)], RATES, start, end)
    assert amount == expected


def test_interest_per_day_rounded_once_not_per_period() -> None:
    # 333.00 for a year at 12 %: 39.96. Rounding each day (10.95 øre -> 11) would give 40.15.
    rates = [(date(2026, 1, 1), Decimal("12.00"))]
    amount, _ = interest([(date(2026, 1, 1), 33_300)], rates, date(2026, 1, 1), date(2026, 12, 31))
    assert amount == 3996


def test_a_payment_stops_interest_from_the_next_day() -> None:
    # Sale 1 000.00 on 1 March, 600.00 paid on 20 March: 1 000.00 runs to 20 March inclusive.
    balances = principal_balances([(date(2026, 3, 1), 100_000), (date(2026, 3, 20), -60_000)], [])
    assert balances == ((date(2026, 3, 2), 100_000), (date(2026, 3, 21), 40_000))
    amount, periods = interest(balances, RATES, date(2026, 3, 16), date(2026, 4, 10))
    # 1 000 x 0.12 x 5/365 + 400 x 0.12 x 21/365 = 1.6438 + 2.7616 = 4.41
    assert amount == 441
    assert [(p.start, p.end, p.base) for p in periods] == [
        (date(2026, 3, 16), date(2026, 3, 20), 100_000),
        (date(2026, 3, 21), date(2026, 4, 10), 40_000),
    ]


def test_payments_settle_the_invoice_before_fee_and_interest() -> None:
    assert principal_and_charges(100_000 + 3_500 + 500, 4_000) == (100_000, 4_000)
    assert principal_and_charges(2_000, 4_000) == (0, 2_000)  # invoice paid, charges partly
    assert principal_and_charges(-100, 4_000) == (-100, 0)  # overpaid


@pytest.mark.parametrize(
    ("day", "maximum"),
    [(date(2020, 9, 30), 7000), (date(2020, 10, 1), 3500), (date(2026, 3, 2), 3500)],
)
def test_legal_maximum_fee_is_dated(day: date, maximum: int) -> None:
    assert legal_maximum_fee(day) == maximum


def test_fee_never_above_the_maximum() -> None:
    assert reminder_fee(None, date(2026, 3, 2)) == 3500
    assert reminder_fee(2500, date(2026, 3, 2)) == 2500
    assert reminder_fee(9900, date(2026, 3, 2)) == 3500


def _open(**kw: object) -> OpenInvoice:
    base = {
        "number": 1,
        "customer": 10001,
        "date": date(2026, 1, 1),
        "due_date": date(2026, 1, 15),
        "currency": "NOK",
        "principal": 1_000_000,
        "charges_open": 0,
        "balances": ((date(2026, 1, 2), 1_000_000),),
        "sold": False,
        "last_reminder": None,
        "last_deadline": None,
        "fee_charged": False,
    }
    base.update(kw)
    return OpenInvoice(**base)  # type: ignore[arg-type]


def test_first_and_second_reminder_terms() -> None:
    first = reminder_terms(_open(), date(2026, 2, 1), fee_setting=None, rates=RATES)
    assert (first.fee, first.interest, first.due_date) == (3500, 5589, date(2026, 2, 15))
    assert first.total == 1_000_000 + 3500 + 5589
    later = _open(
        last_reminder=date(2026, 2, 1),
        last_deadline=date(2026, 2, 15),
        fee_charged=True,
        charges_open=3500 + 5589,
    )
    second = reminder_terms(later, date(2026, 2, 20), fee_setting=None, rates=RATES)
    # Only the interest since the first reminder: 2 - 20 February, 19 days; no second fee.
    assert (second.fee, second.interest) == (0, round(1_000_000 * 0.12 * 19 / 365))
    assert second.interest_from == date(2026, 2, 2)
    assert second.total == 1_000_000 + 3500 + 5589 + second.interest


# ---------------------------------------------------------------- through the command


@pytest.fixture
def overdue(customer: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> int:
    """Invoice 1: 10 000.00 (8 000 + 25 % VAT) dated 1 January 2026, due 15 January."""
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-01T10:00:00+01:00")
    run(
        "invoice", "create", "--customer", str(customer), "--line", "text=Arbeid;price=8000",
        "--due-date", "2026-01-15", "--no-send",
    )
    return 1


def at(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("FAKTURA_NOW", f"{day}T10:00:00+01:00")


def balances(db: Callable[[], sqlite3.Connection]) -> dict[str, int]:
    conn = db()
    try:
        return dict(conn.execute("SELECT account, SUM(amount) FROM postings GROUP BY account"))
    finally:
        conn.close()


def test_remind_fee_interest_deadline_and_postings(
    overdue: int, run: Run, monkeypatch: pytest.MonkeyPatch, db, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    at(monkeypatch, "2026-01-28")  # 13 days past due: not yet
    assert run("remind", "--json").json()["reminders"] == []
    at(monkeypatch, "2026-02-01")
    out = run("remind", "--json").json()
    [r] = out["reminders"]
    assert (r["number"], r["invoice"], r["date"], r["due_date"]) == (1, 1, "2026-02-01", "2026-02-15")
    assert (r["principal"], r["fee"], r["interest"], r["total"]) == (
        "10000.00", "35.00", "55.89", "10090.89",
    )
    assert r["kid"] == "800000010" and r["channel"] == "email"
    assert out["deliveries"][0]["status"] == "sent"
    assert (tmp_path / "outbox" / "email" / "923456783-purring-1.eml").exists()
    b = balances(db)
    assert (b["1500"], b["3900"], b["8055"]) == (1_000_000 + 9089, -3500, -5589)
    # Not reminded again within 14 days, nor before its deadline.
    at(monkeypatch, "2026-02-14")
    assert run("remind", "--json").json()["reminders"] == []
    at(monkeypatch, "2026-02-20")
    [second] = run("remind", "--json").json()["reminders"]
    assert (second["fee"], second["interest"], second["earlier_charges"]) == (
        "0.00", "62.47", "90.89",
    )
    assert second["interest_from"] == "2026-02-02"
    run("check")
    kinds = {v["kind"] for v in run("voucher", "list", "--json").json()["vouchers"]}
    assert "reminder" in kinds and "invoice" in kinds, kinds


def test_dry_run_changes_nothing(overdue: int, run: Run, monkeypatch, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    at(monkeypatch, "2026-02-01")
    before = snapshot(isolated)
    out = run("remind", "--dry-run")
    assert "would make 1 reminder" in out.stdout
    assert snapshot(isolated) == before


def test_company_fee_and_days(overdue: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("company", "set", "--reminder-fee", "25", "--remind-after", "30")
    assert "35,00" in run("company", "set", "--reminder-fee", "70", code=1).stderr
    at(monkeypatch, "2026-02-01")
    assert run("remind", "--json").json()["reminders"] == []
    [r] = run("remind", "--after", "14", "--json").json()["reminders"]
    assert r["fee"] == "25.00"


def test_paying_the_reminder_kid_settles_invoice_then_charges(
    overdue: int, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db  # type: ignore[no-untyped-def]
) -> None:
    at(monkeypatch, "2026-02-01")
    [r] = run("remind", "--json").json()["reminders"]
    at(monkeypatch, "2026-02-10")
    path = tmp_path / "n.xml"
    path.write_bytes(camt054([[Tx("10050.00", r["kid"], day=date(2026, 2, 9))]]))
    out = run("bank", "import", str(path), "--json").json()
    [p] = out["payments"]
    assert (p["invoice"], p["reminder"], p["result"], p["open_after"]) == (1, 1, "partial", "40.89")
    shown = run("invoice", "show", "1", "--json").json()
    assert shown["open_amount"] == "40.89"
    # The invoice is paid; 40.89 of fee and interest is left, so a later run reminds nothing
    # for the invoice itself.
    at(monkeypatch, "2026-03-01")
    assert run("remind", "--json").json()["reminders"] == []
    run("check")


def test_rates_set_and_show(company: Run) -> None:
    assert company("rates", "show", "--json").json()["rates"][-1] == {
        "from": "2026-01-01", "rate": "12.00",
    }
    company("rates", "set", "--from", "01.07.2026", "--rate", "11,75")
    assert company("rates", "show", "--json").json()["rates"][-1] == {
        "from": "2026-07-01", "rate": "11.75",
    }
    out = company("rates", "set", "--from", "2026-03-01", "--rate", "11", code=1)
    assert "half-year" in out.stderr


def test_a_new_rate_changes_the_interest(
    overdue: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("rates", "set", "--from", "2026-01-01", "--rate", "0")
    at(monkeypatch, "2026-02-01")
    [r] = run("remind", "--json").json()["reminders"]
    assert r["interest"] == "0.00"


def test_sold_paid_and_foreign_invoices_are_not_reminded(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-01-01")
    for extra in ([], ["--currency", "EUR", "--rate", "11.50"]):
        run(
            "invoice", "create", "--customer", str(customer), "--line", "text=A;price=100",
            "--due-date", "2026-01-15", "--no-send", *extra,
        )
    run("invoice", "pay", "1", "--amount", "125")
    at(monkeypatch, "2026-03-01")
    assert run("remind", "--json").json()["reminders"] == []


def test_run_due_remind(overdue: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2026-02-01")
    out = run("run-due", "--remind", "--json").json()
    assert [r["invoice"] for r in out["reminders"]] == [1]
    assert run("remind", "--list", "--json").json()["reminders"][0]["number"] == 1


@pytest.mark.slow
def test_reminder_pdf_reads_right(
    overdue: int, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at(monkeypatch, "2026-02-01")
    run("remind", "--no-deliver")
    pdf = tmp_path / "purring.pdf"
    run("remind", "--pdf", "1", "-o", str(pdf))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "PURRING", "Purring nr.", "Opprinnelig forfall", "15.01.2026", "Ny betalingsfrist",
        "15.02.2026", "800000010", "8601.11.17947", "Forsinkelsesrente", "55,89", "Purregebyr",
        "35,00", "10 090,89", "inkasso", "inkassoloven § 9",
    ):
        assert words in text, words
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", str(pdf), str(png)], check=True)
    assert (tmp_path / "page.png").stat().st_size > 5_000
